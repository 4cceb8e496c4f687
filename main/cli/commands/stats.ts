import type { Command } from 'commander';
import { openWorkspace } from '../../core/store/database';
import { runSummaries } from '../../core/store/summaries';
import { workspaceOption } from '../options';
import { printTable } from '../table';

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('Accuracy of every run in a workspace (ours, with a Wilson 95% interval, and the official one where imported)')
    .option('--db <file>', 'workspace file')
    .option('--json', 'print a JSON array, one object per run')
    .action((options: { db?: string; json?: boolean }) => {
      const db = openWorkspace(workspaceOption(options.db));
      try {
        const runs = runSummaries(db);
        if (options.json) {
          const rows = runs.map((run) => ({
            run_id: run.runId,
            checkpoint: run.checkpoint,
            stage: run.stage,
            step: run.step,
            benchmark: run.benchmark,
            backend: run.backend,
            status: run.status,
            simulated: run.simulated,
            n: run.n,
            correct: run.correct,
            accuracy: run.accuracy,
            ci_low: run.ci?.[0] ?? null,
            ci_high: run.ci?.[1] ?? null,
            errors: run.errors,
            ...(run.officialN > 0
              ? { official_n: run.officialN, official_correct: run.officialCorrect, official_accuracy: run.officialAccuracy, agreement: run.agreement }
              : {}),
          }));
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (runs.length === 0) {
          process.stdout.write('No runs yet. Try: npx vlm-workbench demo --db FILE\n');
          return;
        }
        printTable(
          ['run', 'checkpoint', 'benchmark', 'n', 'correct', 'accuracy', '95% CI', 'official'],
          runs.map((run) => [
            run.runId,
            run.checkpoint + (run.simulated ? ' (simulated)' : ''),
            run.benchmark,
            run.n,
            run.correct,
            percent(run.accuracy),
            run.ci ? `${percent(run.ci[0])}–${percent(run.ci[1])}` : '—',
            run.officialN > 0 ? percent(run.officialAccuracy) : '',
          ]),
          [0, 3, 4, 5, 7],
        );
      } finally {
        db.close();
      }
    });
}
