/**
 * lmms-eval's `<date>_results.json` (written beside the `<date>_samples_<task>.jsonl` files in
 * `<output_path>/<model>/`): `results: {task: {"<metric>,<filter>": value, "<metric>_stderr,<filter>":
 * …, alias}}`. Each task's headline metric (the first that is a number and not a stderr) is the
 * figure lmms-eval reported for the run of that task.
 */
import type { Figure } from './reported';

export function isLmmsResults(document: unknown): boolean {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return false;
  const object = document as Record<string, unknown>;
  const results = object.results;
  return typeof results === 'object' && results !== null && !Array.isArray(results) && ('configs' in object || 'versions' in object || 'n-samples' in object || 'config' in object);
}

/** The headline figure of each task; lmms-eval writes some metrics as fractions, others (MME, GPT scores) as points or percentages. */
export function lmmsResultsFigures(document: unknown, source: string): Map<string, Figure[]> {
  const out = new Map<string, Figure[]>();
  if (!isLmmsResults(document)) return out;
  const results = (document as { results: Record<string, unknown> }).results;
  for (const [task, metrics] of Object.entries(results)) {
    if (typeof metrics !== 'object' || metrics === null) continue;
    const figures: Figure[] = [];
    for (const [key, value] of Object.entries(metrics as Record<string, unknown>)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || key === 'alias' || /_stderr(?:,|$)/.test(key)) continue;
      figures.push({ metric: key, value, source });
    }
    if (figures.length > 0) out.set(task, figures);
  }
  return out;
}
