import type { Command } from 'commander';
import type { ScorerChoice } from '../../core/grading';
import { GRADER_VERSION } from '../../core/grading/version';
import { positiveInteger, existingWorkspace } from '../options';
import { SCORER_CHOICES } from './grade';

export function registerRegrade(program: Command): void {
  program
    .command('regrade')
    .description(`Grade stored runs again (grader ${GRADER_VERSION}, or another scorer); earlier verdicts are kept, the new one becomes current`)
    .option('--db <file>', 'workspace file')
    .option('--run <id...>', 'run ids (default: every run)', (value: string, previous: number[] = []) => [...previous, positiveInteger('--run')(value)])
    .option('--scorer <name>', `scorer: ${SCORER_CHOICES.join('|')}`, 'auto')
    .option('--json', 'print the outcome as JSON')
    .action(async (options: { db?: string; run?: number[]; scorer: string; json?: boolean }) => {
      if (!(SCORER_CHOICES as readonly string[]).includes(options.scorer)) {
        throw new Error(`--scorer must be one of ${SCORER_CHOICES.join(', ')}, got "${options.scorer}"`);
      }
      const [{ regradeRuns }, { runSummaries }, { openWorkbench }, { progressBar }] = await Promise.all([
        import('../../core/regrade'),
        import('../../core/store/summaries'),
        import('../../core/workbench'),
        import('../progress'),
      ]);
      const workbench = openWorkbench(existingWorkspace(options.db));
      const bar = progressBar('regrade');
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      try {
        const existing = runSummaries(workbench.db).map((run) => run.runId);
        const unknown = (options.run ?? []).filter((runId) => !existing.includes(runId));
        if (unknown.length > 0) throw new Error(`no run ${unknown.join(', ')} in this workspace (\`vlm-workbench stats\` lists the run ids)`);
        const runIds = options.run ?? existing;
        const job = await workbench.jobs.run('regrade', `Re-grade ${runIds.length} run(s) with ${options.scorer}`, { runIds, scorer: options.scorer }, async (context) => {
          controller.signal.addEventListener('abort', () => workbench.jobs.cancel(context.jobId));
          const outcome = await regradeRuns(workbench.db, {
            runIds,
            scorer: options.scorer as ScorerChoice,
            signal: context.signal,
            onProgress: (done, total) => {
              context.progress(done, total);
              bar.update(done, total);
            },
          });
          return JSON.stringify(outcome);
        });
        bar.stop();
        if (job.status !== 'completed') throw new Error(`regrade ${job.status}: ${job.message}; run the same command again to resume`);
        const outcome = JSON.parse(job.message) as { regraded: number; changed: number; graderVersion: string };
        if (options.json) process.stdout.write(`${JSON.stringify({ run_ids: runIds, scorer: options.scorer, ...outcome }, null, 2)}\n`);
        else
          process.stdout.write(
            `Re-graded ${outcome.regraded} answers in ${runIds.length} run(s) with ${options.scorer} (grader ${outcome.graderVersion}); ` +
              `${outcome.changed} verdicts changed. Earlier verdicts are kept: stats --grader VERSION shows them.\n`,
          );
      } finally {
        bar.stop();
        workbench.close();
      }
    });
}
