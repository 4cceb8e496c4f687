/**
 * VLMEvalKit's COCO caption evaluation (`ImageCaptionDataset.evaluate`) applied to a
 * `<model>_COCO_VAL` prediction file: every row's `answer` is `eval`-ed (a Python list of
 * reference captions) and its prediction taken as `str(line['prediction'])` as pandas read it,
 * then scored with the port of pycocoevalcap (`grading/caption-metrics.ts`). The figures are
 * not accuracies; they are kept beside the `_score.json` VLMEvalKit wrote, on its ×100 scale.
 */
import { cocoCaptionScores } from '../grading/caption-metrics';
import { asText } from './fields';
import { parsePythonLiteral } from '../util/python-literal';
import type { Figure } from './reported';
import { RECOMPUTED_PREFIX } from '../official-figure';

export const COCO_CAPTION_SOURCE = `${RECOMPUTED_PREFIX}VLMEvalKit COCO caption evaluation (pycocoevalcap, no tokenizer)`;
/** The metric names VLMEvalKit prints (its `_score.json` keeps BLEU as one list `Bleu`). */
export const COCO_CAPTION_METRICS = ['Bleu_1', 'Bleu_2', 'Bleu_3', 'Bleu_4', 'ROUGE_L', 'CIDEr'] as const;
/** Points (on the ×100 scale) beyond which our figure and the summary's are said to differ. */
export const COCO_CAPTION_TOLERANCE = 0.05;
/** The prompt VLMEvalKit's `load_data` puts in when COCO_VAL.tsv has no `question` column. */
export const COCO_DEFAULT_QUESTION = 'Please describe this image in general. Directly provide the description, do not include prefix like "This image depicts". ';

/** The strings pandas reads as NaN by default (read_csv / read_excel `na_values`); `str(nan)` is "nan". */
const PANDAS_NA = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

/** `str(line['prediction'])` for a cell as pandas loaded it: an empty or NA cell is the float NaN, printed "nan". */
export function pandasStr(cell: unknown): string {
  if (cell === null || cell === undefined) return 'nan';
  const text = asText(cell);
  return PANDAS_NA.has(text) ? 'nan' : text;
}

export const isCocoCaption = (dataset: string): boolean => /^COCO_VAL/i.test(dataset);

/** Collects the rows of one file, in file order (VLMEvalKit keys them by row number). */
export class CocoCaptionRows {
  private readonly references: string[][] = [];
  private readonly predictions: string[] = [];
  /** The first row whose answer VLMEvalKit's eval would not turn into a list of captions. */
  private bad: string | null = null;

  add(answerCell: unknown, predictionCell: unknown, at: string): void {
    if (this.bad !== null) return;
    const text = asText(answerCell);
    let refs: unknown;
    try {
      refs = parsePythonLiteral(text);
    } catch {
      refs = undefined;
    }
    if (!Array.isArray(refs) || refs.length === 0 || !refs.every((r): r is string => typeof r === 'string')) {
      this.bad = `row ${at}: the answer ${JSON.stringify(text.slice(0, 60))} is not a non-empty Python list of captions`;
      return;
    }
    this.references.push(refs);
    this.predictions.push(pandasStr(predictionCell));
  }

  /** The figures, or why there are none. */
  figures(): { figures: Figure[]; note: string | null } {
    if (this.bad !== null) return { figures: [], note: `COCO caption metrics not recomputed: ${this.bad} (VLMEvalKit's evaluate would fail on it too)` };
    if (this.predictions.length === 0) return { figures: [], note: null };
    const scores = cocoCaptionScores(this.references, this.predictions);
    const values = [...scores.bleu, scores.rougeL, scores.cider];
    return { figures: COCO_CAPTION_METRICS.map((metric, i) => ({ metric, value: values[i]!, source: COCO_CAPTION_SOURCE })), note: null };
  }
}

/** A warning for every figure of the tool's summary that is more than 0.05 points from ours. */
export function cocoCaptionDifferences(ours: readonly Figure[], summary: readonly Figure[]): string[] {
  const notes: string[] = [];
  for (const theirs of summary) {
    const mine = ours.find((figure) => figure.metric === theirs.metric);
    if (!mine || Math.abs(mine.value - theirs.value) <= COCO_CAPTION_TOLERANCE) continue;
    notes.push(`${theirs.metric}: ${theirs.source} says ${theirs.value.toFixed(3)}, our port of VLMEvalKit's COCO caption evaluation gives ${mine.value.toFixed(3)} (more than ${COCO_CAPTION_TOLERANCE} points apart)`);
  }
  return notes;
}
