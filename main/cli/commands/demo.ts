import type { Command } from 'commander';
import { positiveInteger, workspaceToCreate } from '../options';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Create the demo workspace: synthetic CLEVR-style scenes answered by a SIMULATED model at each curriculum stage')
    .option('--db <file>', 'workspace file (created if missing)')
    .option('--samples <n>', 'number of demo questions', positiveInteger('--samples'), 120)
    .option('--json', 'print the summary as JSON')
    .action(async (options: { db?: string; samples: number; json?: boolean }) => {
      const [{ seedDemoAsJob }, { openWorkbench }, { progressBar }] = await Promise.all([
        import('../../core/demo/seed'),
        import('../../core/workbench'),
        import('../progress'),
      ]);
      const workbench = openWorkbench(workspaceToCreate(options.db).path);
      const bar = progressBar('demo');
      try {
        const summary = await seedDemoAsJob(workbench, { count: options.samples, onProgress: (done, total) => bar.update(done, total) });
        if (summary.status !== 'completed') throw new Error(`demo ${summary.status}: ${summary.message}`);
        const result = JSON.parse(summary.message) as Record<string, unknown>;
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else
          process.stdout.write(
            `Demo workspace ready in ${workbench.workspacePath}\n` +
              `  benchmark ${String(result.benchmark)}: ${String(result.samples)} samples (rendered scenes)\n` +
              `  ${String(result.runs)} runs of a SIMULATED model, ${String(result.predictions)} predictions, graded\n` +
              `Next: npx vlm-workbench stats --db ${workbench.workspacePath}\n`,
          );
      } finally {
        bar.stop();
        workbench.close();
      }
    });
}
