/**
 * VLMEvalKit's summary files beside a prediction file, in every shape it writes them:
 * `_acc.csv` / `_score.csv` (an Overall column, or an Overall row with `tot`/`hit`/`acc` as
 * LogicVista writes it, or no Overall at all: MME's perception/reasoning, MTVQA's languages),
 * `_<judge>_score.csv`, `_score.json` (OCRBench's per-category points and Final Score, COCO's
 * BLEU/CIDEr) and `_acc.xlsx`. A shape without a headline never aborts the import: its numbers
 * are kept as figures where they are figures, and a note says what was found.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Figure } from './reported';
import { symlinkStoredAsText } from './folder-plan';
import { datasetBeforeCustomJudge, JUDGE_NAMES } from './names';

const JUDGE = new RegExp(`^(?:${JUDGE_NAMES})$`, 'i');
const HEADLINE_COLUMNS = ['Overall', 'overall', 'aAcc', 'Acc', 'acc', 'accuracy', 'Accuracy', 'Average', 'average', 'AVG'];
const HEADLINE_ROWS = ['Overall', 'overall', 'none', 'all', 'ALL', 'Average', 'average'];
/** Figures kept from a summary without a headline (MME's 16 columns fit; the rest of a wider table are counted in the note). */
const MAX_FIGURES = 40;

/**
 * Whether `<dataset>_<word>` names a judge of the user's own (`dt_gpt`) rather than another
 * dataset: it is no dataset we know, and the folder holds no predictions file of that name.
 */
function isCustomJudge(names: readonly string[], model: string, dataset: string, word: string): boolean {
  if (datasetBeforeCustomJudge(`${dataset}_${word}`) === null) return false;
  const predictions = ['xlsx', 'tsv', 'json'].map((ext) => `${model}_${dataset}_${word}.${ext}`.toLowerCase());
  return !names.some((name) => predictions.includes(name.toLowerCase()));
}

/** `<model>_<dataset>[_<judge>]_(acc|score).(csv|json|xlsx)` in `dir`, the judge-less ones first. */
export function summariesBeside(dir: string, model: string, dataset: string): string[] {
  const prefix = `${model}_${dataset}_`;
  let names: string[];
  try {
    names = existsSync(dir) ? readdirSync(dir) : [];
  } catch {
    return [];
  }
  const found: Array<{ name: string; judged: boolean }> = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(?:(.+)_)?(acc|score|score_result)\.(csv|json|xlsx)$/i.exec(name.slice(prefix.length));
    if (!match) continue;
    if (match[1] !== undefined && !JUDGE.test(match[1]) && !isCustomJudge(names, model, dataset, match[1])) continue;
    // `_<judge>_score.xlsx` is MathVerse's per-sample file of the judge's verdicts (folder-plan.ts), not a summary.
    if (match[1] !== undefined && match[2]!.toLowerCase() === 'score' && match[3]!.toLowerCase() === 'xlsx') continue;
    // A link checked out as a text file holding its target's path is no summary (the folder plan warns of it).
    if (symlinkStoredAsText(join(dir, name)) !== null) continue;
    found.push({ name, judged: match[1] !== undefined });
  }
  return found.sort((a, b) => Number(a.judged) - Number(b.judged) || (a.name < b.name ? -1 : 1)).map((f) => join(dir, f.name));
}

export interface SummaryReading {
  figures: Figure[];
  notes: string[];
  /**
   * A table of one row per split and no overall row (MMMU_DEV_VAL's `dev` and `validation`):
   * each split's figure, for the reader to weigh by the samples of each split in the file.
   */
  splits?: Array<{ split: string; figure: Figure }>;
}

const numberOf = (cell: unknown): number | null => {
  const value = typeof cell === 'number' ? cell : typeof cell === 'string' && cell.trim() !== '' ? Number(cell) : NaN;
  return Number.isFinite(value) ? value : null;
};

/** "29.43%" as 29.43 (percent, as written). */
const percentOf = (cell: unknown): number | null => {
  const match = typeof cell === 'string' ? /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(cell) : null;
  return match ? Number(match[1]) : null;
};

/** A table (header + rows) as VLMEvalKit writes summaries, to figures. */
export function figuresOfTable(header: string[], rows: unknown[][], source: string): SummaryReading {
  if (rows.length === 0) return { figures: [], notes: [`${source}: an empty summary table; nothing kept`] };
  const numbers = rows.flatMap((row) => row.map(numberOf).filter((n): n is number => n !== null));
  const scale = numbers.some((n) => n > 1) ? 100 : 1;
  const splitAt = header.indexOf('split');
  // Rows are named by a `split` column, or by a first column of names (LogicVista's `Task&Skill`); else unnamed.
  const labelAt = splitAt >= 0 ? splitAt : numberOf(rows[0]![0]) === null ? 0 : -1;
  const headlineRow = (labelAt >= 0 ? rows.find((r) => HEADLINE_ROWS.includes(String(r[labelAt] ?? ''))) : undefined) ?? rows[0]!;
  // POPE_rating writes F1 as `Overall` beside `acc`, `precision` and `recall`: its accuracy is `acc`.
  const pope = ['acc', 'precision', 'recall'].every((name) => header.includes(name));
  const column = pope ? header.indexOf('acc') : HEADLINE_COLUMNS.map((name) => header.indexOf(name)).find((at) => at >= 0);
  const overallRow = labelAt >= 0 && rows.some((r) => HEADLINE_ROWS.includes(String(r[labelAt] ?? '')));
  if (column !== undefined && splitAt >= 0 && !overallRow && rows.length > 1) {
    const splits = rows.flatMap((row) => {
      const value = numberOf(row[column]);
      const split = String(row[splitAt] ?? '');
      return value === null || split === '' ? [] : [{ split, figure: { metric: `${header[column]} (${split})`, value: value / scale, source } }];
    });
    return { figures: splits.map((s) => s.figure), notes: [], splits };
  }
  if (column !== undefined) {
    const value = numberOf(headlineRow[column]);
    if (value !== null) {
      // `tot`/`hit` (MathVista, LogicVista), `total`/`correct` (MathVerse's `average` row).
      const countIn = (...names: string[]): number | null => numberOf(headlineRow[header.findIndex((name) => names.includes(name))]);
      const tot = countIn('tot', 'total');
      const hit = countIn('hit', 'correct');
      const rowName = labelAt >= 0 ? String(headlineRow[labelAt] ?? '') : '';
      const label = labelAt !== column && rowName && !['none', 'Overall', 'overall'].includes(rowName) ? `${header[column]} (${rowName})` : header[column]!;
      const figures: Figure[] = [{ metric: label, value: value / scale, correct: hit, total: tot, source }];
      const f1 = pope ? numberOf(headlineRow[header.indexOf('Overall')]) : null;
      if (f1 !== null) figures.push({ metric: 'Overall (F1)', value: f1 / scale, source });
      // HallusionBench's figure/question-pair accuracies beside aAcc, as written: not what ours compares with.
      if (header[column] === 'aAcc') {
        for (const name of ['fAcc', 'qAcc']) {
          const other = numberOf(headlineRow[header.indexOf(name)]);
          if (header.includes(name) && other !== null) figures.push({ metric: rowName && rowName !== 'Overall' ? `${name} (${rowName})` : name, value: other / scale, source });
        }
        // The leaderboard's HallusionBench figure: the mean of the three.
        if (figures.length === 3) figures.push({ metric: 'mean of aAcc, fAcc and qAcc (the leaderboard figure)', value: figures.reduce((sum, f) => sum + f.value, 0) / 3, source });
      }
      return { figures, notes: [] };
    }
  }
  // WeMath's `_score.csv`: its headline, Score (Strict) and (Loose), written as percentages ("29.43%").
  const wemath = ['Score (Strict)', 'Score (Loose)'].flatMap((name) => {
    const value = percentOf(headlineRow[header.indexOf(name)]);
    return header.includes(name) && value !== null ? [{ metric: name, value, source }] : [];
  });
  if (wemath.length > 0) return { figures: wemath, notes: [] };
  // No headline (MME, MTVQA): the first row's numbers as they are, not as an accuracy.
  const numbered = header.flatMap((name, at) => {
    const value = numberOf(headlineRow[at]);
    return value !== null && name !== '' ? [{ metric: name, value, source }] : [];
  });
  const figures: Figure[] = numbered.slice(0, MAX_FIGURES);
  const left = numbered.length - figures.length;
  return {
    figures,
    notes: [`${source}: no Overall figure (columns ${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''}); kept ${figures.length} figure(s) as written${left > 0 ? ` (${left} more not kept)` : ''}, none taken as the accuracy`],
  };
}

/** `_score.json`: OCRBench's `Final Score Norm` (a percentage) is the headline; other objects (COCO) are kept as written, a list of numbers as `<key>_1`, `<key>_2`, …. */
export function figuresOfJson(document: unknown, source: string): SummaryReading {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return { figures: [], notes: [`${source}: not a JSON object; nothing kept`] };
  const object = document as Record<string, unknown>;
  const norm = numberOf(object['Final Score Norm']);
  const final = numberOf(object['Final Score']);
  if (norm !== null) return { figures: [{ metric: 'Final Score Norm', value: norm / 100, correct: final, total: final !== null ? 1000 : null, source }], notes: [] };
  const overall = numberOf(object.Overall ?? object.overall);
  if (overall !== null) return { figures: [{ metric: 'Overall', value: overall > 1 ? overall / 100 : overall, source }], notes: [] };
  const figures: Figure[] = [];
  for (const [key, value] of Object.entries(object)) {
    // COCO's `Bleu` is a list [BLEU-1..4]: kept under the names VLMEvalKit prints (Bleu_1..Bleu_4).
    const listed = Array.isArray(value) ? value.map((item, i) => ({ metric: `${key}_${i + 1}`, number: numberOf(item) })) : [{ metric: key, number: numberOf(value) }];
    for (const { metric, number } of listed) if (number !== null && figures.length < MAX_FIGURES) figures.push({ metric, value: number, source });
  }
  return { figures, notes: [`${source}: no Overall figure (keys ${Object.keys(object).slice(0, 8).join(', ')}); kept ${figures.length} figure(s) as written, none taken as the accuracy`] };
}

/** Any summary VLMEvalKit writes; unreadable ones give a note, never an error. */
export async function readSummaryLoose(path: string): Promise<SummaryReading> {
  const source = basename(path);
  try {
    if (/\.json$/i.test(path)) return figuresOfJson(JSON.parse(readFileSync(path, 'utf8')) as unknown, source);
    if (/\.xlsx$/i.test(path)) {
      const { readXlsx } = await import('./sources/xlsx');
      const sheet = await readXlsx(path, source);
      return figuresOfTable(sheet.header, sheet.rows.map((r) => r.cells), source);
    }
    // Loaded when a summary is read, not by every import.
    const { parse } = await import('csv-parse/sync');
    const [header, ...rows] = parse(readFileSync(path, 'utf8'), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
    return figuresOfTable(header ?? [], rows, source);
  } catch (error) {
    return { figures: [], notes: [`${source}: not readable as a summary (${(error as Error).message.split('\n')[0]}); skipped`] };
  }
}

/**
 * The whole file's figure from a summary of one row per split: each split's figure weighted by
 * that split's rows in the prediction file (VLMEvalKit computes each row over its split's
 * samples, so this is the share of all samples it counts right). Null when the summary's splits
 * are not the file's: then no figure stands for the whole file.
 */
export function overSplits(splits: NonNullable<SummaryReading['splits']>, rowsPerSplit: ReadonlyMap<string, number>): Figure | null {
  const named = new Set(splits.map((s) => s.split));
  if (rowsPerSplit.size === 0 || named.size !== splits.length || [...rowsPerSplit.keys()].some((split) => !named.has(split)) || splits.some((s) => !rowsPerSplit.has(s.split))) return null;
  const total = splits.reduce((sum, s) => sum + rowsPerSplit.get(s.split)!, 0);
  const value = splits.reduce((sum, s) => sum + s.figure.value * rowsPerSplit.get(s.split)!, 0) / total;
  const metric = `${splits[0]!.figure.metric.replace(/ \(.*\)$/, '')} (${splits.map((s) => `${s.split} ${rowsPerSplit.get(s.split)}`).join(' + ')} samples, each split's row weighted by its samples)`;
  return { metric, value, total, source: splits[0]!.figure.source };
}
