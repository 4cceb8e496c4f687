import { Command } from 'commander';
import { APP_VERSION } from '../core/version';
import { registerDemo } from './commands/demo';
import { registerGrade } from './commands/grade';
import { registerServe } from './commands/serve';
import { registerStats } from './commands/stats';

const program = new Command()
  .name('vlm-workbench')
  .description('Evaluate VLM checkpoints, read their traces, compare curriculum stages and export failures.')
  .version(APP_VERSION)
  .showHelpAfterError();

registerDemo(program);
registerStats(program);
registerServe(program);
registerGrade(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`vlm-workbench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
