import type { Command } from 'commander';
import type { FlipStats } from '../../core/analysis/api-contract';
import { BOOTSTRAP_LIMITS } from '../../core/types/analysis';
import { existingWorkspace, integerWithin } from '../options';

/** The machine-readable fields of one line of the comparison (snake_case, as `stats --json`). */
function jsonFields(stats: FlipStats): Record<string, unknown> {
  return {
    n: stats.n,
    a_correct: stats.aCorrect,
    b_correct: stats.bCorrect,
    a_accuracy: stats.aAccuracy,
    b_accuracy: stats.bAccuracy,
    both_right: stats.bothRight,
    both_wrong: stats.bothWrong,
    a_right_b_wrong: stats.aRightBWrong,
    a_wrong_b_right: stats.aWrongBRight,
    mcnemar_p: stats.mcnemarP,
    diff: stats.diff,
    diff_ci: stats.diffCi,
  };
}

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
/** Points with their sign; a difference that rounds to nothing is 0.0, never -0.0. */
const signedPoints = (value: number | null): string => {
  if (value === null) return '—';
  const points = (value * 100).toFixed(1);
  return Number(points) === 0 ? '0.0' : `${value > 0 ? '+' : ''}${points}`;
};
const pValue = (p: number): string => (p < 0.0001 ? p.toExponential(1) : p.toFixed(4));

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('Paired comparison of two checkpoints on the samples both answered: flips, exact McNemar test, bootstrap interval of b minus a')
    .option('--db <file>', 'workspace file')
    .requiredOption('--a <checkpoint>', 'the first checkpoint (e.g. the earlier one)')
    .requiredOption('--b <checkpoint>', 'the second checkpoint')
    .option('--benchmark <name>', 'only this benchmark (a name or an alias)')
    // The bounds of the API's compareCheckpoints (this command calls what it calls, without zod).
    .option('--replicates <n>', 'bootstrap replicates', integerWithin('--replicates', BOOTSTRAP_LIMITS.replicates), BOOTSTRAP_LIMITS.replicates.default)
    .option('--seed <n>', 'bootstrap seed (the same seed gives the same interval)', integerWithin('--seed', BOOTSTRAP_LIMITS.seed), BOOTSTRAP_LIMITS.seed.default)
    .option('--json', 'print JSON: per benchmark and overall')
    .action(async (options: { db?: string; a: string; b: string; benchmark?: string; replicates: number; seed: number; json?: boolean }) => {
      const [{ compareCheckpoints }, { openWorkspace }] = await Promise.all([import('../../core/analysis/compare'), import('../../core/store/database')]);
      const db = openWorkspace(existingWorkspace(options.db));
      try {
        const result = compareCheckpoints(db, {
          a: options.a,
          b: options.b,
          ...(options.benchmark !== undefined ? { benchmark: options.benchmark } : {}),
          replicates: options.replicates,
          seed: options.seed,
        });
        if (options.json) {
          const output = {
            a: result.a.checkpoint,
            b: result.b.checkpoint,
            replicates: result.replicates,
            seed: result.seed,
            benchmarks: result.benchmarks.map((row) => ({
              benchmark: row.benchmark,
              run_a: row.runA,
              run_b: row.runB,
              ...jsonFields(row),
              explorer: { a_right_b_wrong: row.queries.aRightBWrong, a_wrong_b_right: row.queries.aWrongBRight },
              // The accuracies above are ours; the runs' official figures, where imported with one.
              ...(row.official ? { official_a: row.official.a, official_b: row.official.b, official_differs: row.official.differs } : {}),
            })),
            overall: jsonFields(result.overall),
            unpaired: result.unpaired,
          };
          process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
          return;
        }
        if (result.benchmarks.length === 0) {
          // Nothing compared is a failure to a script, as to a person.
          process.stderr.write(`vlm-workbench: ${result.a.checkpoint} and ${result.b.checkpoint} share no evaluated benchmark (${result.unpaired.join(', ')}): nothing to compare\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`a = ${result.a.checkpoint}, b = ${result.b.checkpoint} (paired on the samples both answered)\n`);
        const line = (name: string, stats: FlipStats): Array<string | number> => [
          name,
          stats.n,
          percent(stats.aAccuracy),
          percent(stats.bAccuracy),
          stats.aRightBWrong,
          stats.aWrongBRight,
          pValue(stats.mcnemarP),
          signedPoints(stats.diff),
          stats.diffCi ? `${signedPoints(stats.diffCi[0])} to ${signedPoints(stats.diffCi[1])}` : '—',
        ];
        const { printTable } = await import('../table');
        const rows = result.benchmarks.map((row) => line(row.benchmark, row));
        if (result.benchmarks.length > 1) rows.push(line('overall', result.overall));
        printTable(['benchmark', 'n', 'a', 'b', 'a right, b wrong', 'a wrong, b right', 'McNemar p', 'b − a (pts)', '95% CI (pts)'], rows, [1, 2, 3, 4, 5, 6, 7]);
        if (result.unpaired.length > 0) process.stdout.write(`Not compared (only one of the two was evaluated): ${result.unpaired.join(', ')}\n`);
        // The accuracies are ours; where a run's official figure differs, the change may too.
        const differing = result.benchmarks.filter((row) => row.official?.differs);
        if (differing.length > 0) {
          process.stdout.write('\nThese accuracies are ours. The official figures differ from ours for:\n');
          for (const row of differing) {
            const change = row.official!.a !== null && row.official!.b !== null ? ` (b − a ${signedPoints(row.official!.b - row.official!.a)} pts)` : '';
            process.stdout.write(`  ${row.benchmark}: official a ${percent(row.official!.a)}, b ${percent(row.official!.b)}${change}; \`stats\` says why\n`);
          }
        }
      } finally {
        db.close();
      }
    });
}
