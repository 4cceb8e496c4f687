import type { Command } from 'commander';
import type { RunSummary } from '../../core/api/contract';
import { NO_OFFICIAL_RULE } from '../../core/official-figure';
import { existingWorkspace } from '../options';

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** The last column of the table: agreement with the official figure, or why there is none. */
function agreementNote(run: RunSummary): string {
  const { official, differs, officialRule } = run.provenance;
  if (!official) return run.backend.startsWith('import:') ? (officialRule === NO_OFFICIAL_RULE ? NO_OFFICIAL_RULE : 'no official accuracy (see below)') : '';
  // Neither agrees nor differs: no accuracy of ours, or the official figure is over other samples (said below).
  if (differs === null) return run.accuracy === null ? '' : 'over other samples (see below)';
  // Compared as something else than the accuracy beside it (a mean score, the samples with a verdict): which figure.
  const compared = run.provenance.oursCompared;
  if (!differs) return compared === undefined ? 'agrees' : `agrees (ours compared: ${percent(compared)})`;
  const points = ((compared ?? run.accuracy!) - official.value) * 100;
  return `DIFFERS: ours ${Math.abs(points).toFixed(1)} pts ${points < 0 ? 'lower' : 'higher'}`;
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('Accuracy of every run in a workspace (ours, with a Wilson 95% interval, and the official one where imported)')
    .option('--db <file>', 'workspace file')
    .option('--json', 'print a JSON array, one object per run')
    .option('--grader <version[:scorer]>', "use the verdicts of this grader version (and requested scorer; 'auto' for the original grading) instead of each answer's newest")
    .action(async (options: { db?: string; json?: boolean; grader?: string }) => {
      // Loaded here, not at the top: a command loads only what it uses (see scripts/build-cli.mjs).
      // The API's listRuns is runSummaries with nothing to validate: read directly, without the
      // handler table and zod (issue 21: stats starts fast; main/architecture.test.ts allows it).
      const [{ openWorkspace }, { runSummaries }] = await Promise.all([import('../../core/store/database'), import('../../core/store/summaries')]);
      const db = openWorkspace(existingWorkspace(options.db));
      try {
        const runs = options.grader ? (await import('../../core/analysis/under-grader')).runsUnderGrader(db, runSummaries(db), options.grader) : runSummaries(db);
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
            ours_rule: run.provenance.oursRule,
            official: run.provenance.official?.value ?? null,
            official_source: run.provenance.official?.source ?? null,
            official_rule: run.provenance.officialRule,
            differs: run.provenance.differs,
            // Ours as compared where that is not the accuracy above (over the samples with a verdict, or a mean score).
            ...(run.provenance.oursCompared !== undefined ? { ours_compared: run.provenance.oursCompared } : {}),
            notes: run.provenance.notes,
          }));
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (runs.length === 0) {
          process.stdout.write('No runs yet. Try: npx vlm-workbench demo --db FILE\n');
          return;
        }
        const { printTable } = await import('../table');
        printTable(
          ['run', 'checkpoint', 'benchmark', 'n', 'correct', 'accuracy', '95% CI', 'official', 'vs official'],
          runs.map((run) => [
            run.runId,
            run.checkpoint + (run.simulated ? ' (simulated)' : ''),
            run.benchmark,
            run.n,
            run.correct,
            percent(run.accuracy),
            run.ci ? `${percent(run.ci[0])}–${percent(run.ci[1])}` : '—',
            run.provenance.official ? percent(run.provenance.official.value) : '—',
            agreementNote(run),
          ]),
          [0, 3, 4, 5, 7],
        );
        const withoutAccuracy = (run: RunSummary) => !run.provenance.official && run.backend.startsWith('import:') && run.provenance.officialRule !== NO_OFFICIAL_RULE;
        const explained = runs.filter((run) => run.provenance.differs || run.provenance.notes.length > 0 || withoutAccuracy(run));
        if (explained.length > 0) {
          // Differences first in what is said of a run, then what else a reader of its figures must know.
          const heading = explained.some((run) => run.provenance.differs) ? 'Where ours and the official figure differ, and why; notes on the figures:' : 'Notes on the official figures:';
          process.stdout.write(`\n${heading}\n`);
          for (const run of explained) {
            const official = run.provenance.official;
            const lines = [
              ...(run.provenance.differs && official
                ? [`ours ${percent(run.provenance.oursCompared ?? run.accuracy)} (${run.provenance.oursRule}) vs official ${percent(official.value)} from ${official.source}: ${official.rule}`]
                : []),
              ...(withoutAccuracy(run) ? [run.provenance.officialRule] : []),
              ...run.provenance.notes,
            ];
            for (const line of lines) process.stdout.write(`  run ${run.runId} ${run.checkpoint} / ${run.benchmark}: ${line}\n`);
          }
        }
      } finally {
        db.close();
      }
    });
}
