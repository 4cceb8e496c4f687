/**
 * Summary files beside per-sample results: what the tool itself reported. They are kept with
 * the run (reported_figures) so the official verdicts we stored can be checked against them.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface Figure {
  metric: string;
  /** A fraction, 0..1. */
  value: number;
  correct?: number | null;
  total?: number | null;
  source: string;
}

/** MathVista `scores_<model>.json`: `average: {accuracy, correct, total}`. */
export function mathvistaScores(document: unknown, source: string): Figure[] {
  const average = (document as { average?: { correct?: number; total?: number } }).average;
  if (!average || typeof average.correct !== 'number' || typeof average.total !== 'number' || average.total === 0) return [];
  return [{ metric: 'average', value: average.correct / average.total, correct: average.correct, total: average.total, source }];
}

/** MATH-V `<model>_result.json`: `"-all": "436/3040=14.34%"`. */
export function mathvResult(document: unknown, source: string): Figure[] {
  const all = (document as Record<string, unknown>)['-all'];
  const match = typeof all === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)/.exec(all) : null;
  if (!match) return [];
  const correct = Number(match[1]);
  const total = Number(match[2]);
  return total > 0 ? [{ metric: '-all', value: correct / total, correct, total, source }] : [];
}

export function readJsonIfPresent(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
