/**
 * Summary files beside per-sample results: what the tool itself reported. They are kept with
 * the run (reported_figures) so the official verdicts we stored can be checked against them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ImportError } from './errors';

export interface Figure {
  metric: string;
  /** A fraction, 0..1. */
  value: number;
  correct?: number | null;
  total?: number | null;
  source: string;
}

const HEADLINE_COLUMNS = ['Overall', 'aAcc', 'Acc', 'acc', 'accuracy', 'Accuracy', 'Average', 'average'];
const HEADLINE_ROWS = ['Overall', 'overall', 'none', 'all', 'ALL', 'Average'];

/**
 * VLMEvalKit `_acc.csv` / `_score.csv`: a table with an optional `split` column. The headline is
 * the Overall column (or aAcc, HallusionBench's per-question accuracy) of the Overall row.
 * VLMEvalKit writes some tables as fractions and others as percentages: a value above 1
 * anywhere in the table means percentages.
 */
export function readVlmevalkitSummary(path: string, displayPath = path): Figure[] {
  let records: string[][];
  try {
    records = parse(readFileSync(path, 'utf8'), { bom: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new ImportError(displayPath, null, null, `not a CSV table: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw new ImportError(displayPath, null, null, 'an empty summary table');
  const numbers = rows.flatMap((row) => row.map(Number).filter((n) => Number.isFinite(n)));
  const scale = numbers.some((n) => n > 1) ? 100 : 1;
  const splitAt = header.indexOf('split');
  const row = (splitAt >= 0 ? rows.find((r) => HEADLINE_ROWS.includes(r[splitAt] ?? '')) : undefined) ?? rows[0]!;
  const column = HEADLINE_COLUMNS.map((name) => header.indexOf(name)).find((at) => at >= 0);
  if (column === undefined) throw new ImportError(displayPath, null, null, `no overall figure (looked for ${HEADLINE_COLUMNS.join(', ')})`);
  const value = Number(row[column]);
  if (!Number.isFinite(value)) throw new ImportError(displayPath, null, header[column]!, `"${row[column]}" is not a number`);
  const label = splitAt >= 0 && row[splitAt] && !['none', 'Overall', 'overall'].includes(row[splitAt]!) ? `${header[column]} (${row[splitAt]})` : header[column]!;
  return [{ metric: label, value: value / scale, source: basename(path) }];
}

/** VLMEvalKit's summary files for `<model>_<dataset>`, in the folder of its prediction file. */
export function vlmevalkitSummariesBeside(dir: string, model: string, dataset: string): string[] {
  return ['acc.csv', 'score.csv'].map((suffix) => join(dir, `${model}_${dataset}_${suffix}`)).filter((path) => existsSync(path));
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
