/**
 * lmms-eval's `<date>_results.json` (written beside the `<date>_samples_<task>.jsonl` files in
 * `<output_path>/<model>/`): `results: {task: {"<metric>,<filter>": value, "<metric>_stderr,<filter>":
 * …, alias}}`. Each task's headline metric is the figure lmms-eval reported for the run of that
 * task: the task's accuracy where `grading/lmms-eval-tasks.ts` knows the task (as a fraction, where
 * its aggregation wrote a percentage), else the first figure that is a number and not a stderr.
 */
import { lmmsFraction, lmmsMetricBase, lmmsTaskSpec } from '../grading/lmms-eval-tasks';
import type { Figure } from './reported';

export function isLmmsResults(document: unknown): boolean {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return false;
  const object = document as Record<string, unknown>;
  const results = object.results;
  return typeof results === 'object' && results !== null && !Array.isArray(results) && ('configs' in object || 'versions' in object || 'n-samples' in object || 'config' in object);
}

/** The headline figure of each task; lmms-eval writes some metrics as fractions, others (MME, GPT scores) as points or percentages. */
export function lmmsResultsFigures(document: unknown, source: string, keptFilter?: string): Map<string, Figure[]> {
  const out = new Map<string, Figure[]>();
  if (!isLmmsResults(document)) return out;
  const { results, 'n-samples': samples } = document as { results: Record<string, unknown>; 'n-samples'?: Record<string, { effective?: unknown }> };
  for (const [task, metrics] of Object.entries(results)) {
    if (typeof metrics !== 'object' || metrics === null) continue;
    // How many samples the figure averages over (lmms-eval's `n-samples`), so a partial samples file is told apart.
    const effective = samples?.[task]?.effective;
    const total = typeof effective === 'number' && Number.isInteger(effective) ? effective : null;
    const spec = lmmsTaskSpec(task);
    const figures: Figure[] = [];
    for (const [key, value] of Object.entries(metrics as Record<string, unknown>)) {
      // Standard errors are not figures of the run: `<metric>_stderr,<filter>` and its variants (`_stderr_clt`, `_stderr_clustered`).
      if (typeof value !== 'number' || !Number.isFinite(value) || key === 'alias' || /_stderr(?:_[a-z]+)?(?:,|$)/.test(key)) continue;
      figures.push({ metric: key, value: lmmsFraction(spec, key, value), total, source });
    }
    // The task's accuracy first (MMStar writes a category's figure before `average`), under the
    // filter whose answers were kept where the task has several.
    const rank = (figure: Figure): number => {
      const at = spec?.headline.indexOf(lmmsMetricBase(figure.metric)) ?? -1;
      return at < 0 ? Number.MAX_SAFE_INTEGER : at;
    };
    const otherFilter = (figure: Figure): number => (keptFilter !== undefined && !figure.metric.endsWith(`,${keptFilter}`) ? 1 : 0);
    figures.sort((a, b) => rank(a) - rank(b) || otherFilter(a) - otherFilter(b));
    if (figures.length > 0) out.set(task, figures);
  }
  return out;
}

/**
 * lmms-eval before its JSONL tracker (v0.1-v0.2) wrote each task's samples as one JSON document,
 * `<output>/<launch>/<task>.json`: `{args, model_configs, logs: [the same records], time}`.
 */
export function isLmmsTaskDocument(document: unknown): boolean {
  const logs = (document as { logs?: unknown } | null)?.logs;
  const first = Array.isArray(logs) ? (logs[0] as Record<string, unknown> | undefined) : undefined;
  return typeof first === 'object' && first !== null && 'doc_id' in first && ('resps' in first || 'filtered_resps' in first);
}
