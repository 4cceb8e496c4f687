/**
 * What a job's JSON summary says beyond its plain fields, read defensively (the message is
 * whatever the job wrote): JobMessage.tsx shows these.
 */
import { percent } from '../../format';

/** The first accuracy a run's summaries report, for a run without per-sample official verdicts. */
export function reportedAccuracy(run: { reported?: unknown }): string | null {
  const figures = Array.isArray(run.reported) ? (run.reported as Array<{ value?: unknown; metric?: unknown }>) : [];
  const figure = figures.find((f) => typeof f.value === 'number' && f.value >= 0 && f.value <= 1);
  return figure ? `${percent(figure.value as number)} (${String(figure.metric)}, reported)` : null;
}

/** An attribution pass's errors, most frequent first (analysis/error-tally.ts). */
export const errorReasonsOf = (summary: Record<string, unknown>): Array<{ message: string; count: number }> =>
  Array.isArray(summary.errorReasons)
    ? (summary.errorReasons as Array<{ message?: unknown; count?: unknown }>).filter((r) => typeof r.message === 'string').map((r) => ({ message: String(r.message), count: Number(r.count) }))
    : [];
