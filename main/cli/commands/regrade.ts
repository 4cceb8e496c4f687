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
      const [{ withCliApi }, { progressBar }] = await Promise.all([import('../api'), import('../progress')]);
      const bar = progressBar('regrade');
      try {
        await withCliApi(existingWorkspace(options.db), async (api) => {
          const existing = (await api.call('listRuns', {})).map((run) => run.runId);
          // Every unknown id at once, with where to look them up (the API names the first it meets).
          const unknown = (options.run ?? []).filter((runId) => !existing.includes(runId));
          if (unknown.length > 0) throw new Error(`no run ${unknown.join(', ')} in this workspace (\`vlm-workbench stats\` lists the run ids)`);
          const runIds = options.run ?? existing;
          const scorer = options.scorer as ScorerChoice;
          let jobId: number | undefined;
          const cancel = (): void => void (jobId !== undefined && api.call('cancelJob', { jobId }).catch(() => undefined));
          process.once('SIGINT', cancel);
          const job =
            runIds.length === 0
              ? undefined // nothing to re-grade (the API takes at least one run)
              : await api.runJob(
                  async () => (jobId = (await api.call('startRegrade', { runIds, scorer })).id),
                  (progress) => bar.update(progress.done, progress.total),
                );
          process.removeListener('SIGINT', cancel);
          bar.stop();
          if (job && job.status !== 'completed') throw new Error(`regrade ${job.status}: ${job.message}; run the same command again to resume`);
          const outcome = job
            ? (JSON.parse(job.message) as { regraded: number; changed: number; graderVersion: string })
            : { regraded: 0, changed: 0, graderVersion: GRADER_VERSION };
          if (options.json) process.stdout.write(`${JSON.stringify({ run_ids: runIds, scorer, ...outcome }, null, 2)}\n`);
          else if (outcome.regraded === 0)
            process.stdout.write(`Nothing to re-grade: the current verdicts of the ${runIds.length} run(s) are already ${scorer}'s, by grader ${outcome.graderVersion}.\n`);
          else
            process.stdout.write(
              `Re-graded ${outcome.regraded} answers in ${runIds.length} run(s) with ${scorer} (grader ${outcome.graderVersion}); ` +
                `${outcome.changed} verdicts changed. Earlier verdicts are kept: stats --grader VERSION shows them.\n`,
            );
        });
      } finally {
        bar.stop();
      }
    });
}
