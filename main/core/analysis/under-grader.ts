/**
 * Accuracy under an earlier grader (`stats --grader VERSION[:SCORER]`): the runs' summaries with
 * the verdicts of that grader version instead of each answer's newest. A version or scorer the
 * workspace never graded with is refused, naming the ones it has.
 */
import { DIFFERS_ABOVE } from '../official-figure';
import { wilsonInterval } from '../stats/intervals';
import type { Db } from '../store/database';
import { accuracyByGraderVersion, graderVersionsInUse } from '../store/grades';
import type { RunSummary } from '../types/records';

/** Accuracy under an earlier verdict (`--grader VERSION[:SCORER]`) instead of the current one. */
export function runsUnderGrader(db: Db, runs: RunSummary[], grader: string): RunSummary[] {
  const [version, scorer] = grader.split(':');
  // A mistyped version must not print a table of zeros as if no answer had been graded.
  const known = graderVersionsInUse(db);
  const match = known.find((entry) => entry.version === version);
  const spelled = known.map((entry) => (entry.scorers.length > 0 ? `${entry.version} (scorers ${entry.scorers.join(', ')})` : entry.version)).join('; ');
  if (!match) throw new Error(`--grader ${grader}: no verdicts of grader version "${version}" in this workspace (it has: ${spelled || 'none'})`);
  if (scorer && !match.scorers.includes(scorer)) {
    throw new Error(`--grader ${grader}: grader ${version} has no verdicts with the scorer "${scorer}" (it has: ${match.scorers.join(', ') || 'none'})`);
  }
  const byRun = accuracyByGraderVersion(db, version!, scorer || undefined);
  return runs.map((run) => {
    const graded = byRun.get(run.runId) ?? { n: 0, correct: 0 };
    const accuracy = graded.n > 0 ? graded.correct / graded.n : null;
    const official = run.provenance.official;
    const differs = official && accuracy !== null ? Math.abs(accuracy - official.value) > DIFFERS_ABOVE : null;
    return { ...run, n: graded.n, correct: graded.correct, accuracy, ci: wilsonInterval(graded.correct, graded.n), provenance: { ...run.provenance, differs } };
  });
}
