import { Command } from 'commander';
import { APP_VERSION } from '../core/version';
import { registerAttribute } from './commands/attribute';
import { registerCheckpoints } from './commands/checkpoints';
import { registerCompare } from './commands/compare';
import { registerDemo } from './commands/demo';
import { registerEval } from './commands/eval';
import { registerExplore } from './commands/explore';
import { registerExport } from './commands/export';
import { registerGrade } from './commands/grade';
import { registerImport } from './commands/import';
import { registerMaintenance } from './commands/maintenance';
import { registerRegrade } from './commands/regrade';
import { registerServe } from './commands/serve';
import { registerSets } from './commands/sets';
import { registerStats } from './commands/stats';
import { redactSecrets } from '../core/redact';

const program = new Command()
  .name('vlm-workbench')
  .description('Evaluate VLM checkpoints, read their traces, compare curriculum stages and export failures.')
  .version(APP_VERSION)
  .showHelpAfterError();

registerDemo(program);
registerStats(program);
registerServe(program);
registerGrade(program);
registerRegrade(program);
registerEval(program);
registerCompare(program);
registerAttribute(program);
registerImport(program);
registerExplore(program);
registerSets(program);
registerExport(program);
registerMaintenance(program);
registerCheckpoints(program);

// A reader that stops early (`… | head`) closes the pipe; what is left to print has nowhere to go,
// which is not the command's failure (Node would otherwise die on an unhandled EPIPE).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`vlm-workbench: ${redactSecrets(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
});
