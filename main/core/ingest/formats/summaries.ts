/**
 * Summary files named on their own: VLMEvalKit `_acc.csv` / `_score.csv`, MathVista
 * `scores_<model>.json`, MATH-V `<model>_result.json`. They carry no samples; their figures are
 * attached to the run of the same checkpoint and benchmark (imported in the same command or
 * earlier). Importing the per-sample file reads the summary beside it anyway.
 */
import { ImportError } from '../errors';
import { splitModelDataset, withoutStagePrefix } from '../names';
import { mathvistaScores, mathvResult, type Figure } from '../reported';
import { readSummaryLoose } from '../vlmevalkit-summaries';
import type { SourceFile } from '../source-file';
import type { ImportOptions } from '../types';
import { readJsonDocument } from '../sources/json';
import { MATHV_BENCHMARK } from './math-v';
import { emmaBenchmarkName, isEmmaResult, mathvistaBenchmarkName } from './mathvista';

export interface SummaryTarget {
  checkpoint: string;
  benchmark: string;
  figures: Figure[];
  /** What a summary without a headline held (never an error: see vlmevalkit-summaries.ts). */
  notes?: string[];
}

/** MathVerse's problem versions, as a summary over them names its keys. */
const MATHVERSE_VERSIONS = ['-Text Dominant', '-Text Lite', '-Vision Intensive', '-Vision Dominant', '-Vision Only'];

export async function readSummaryFile(file: SourceFile, format: 'vlmevalkit-score' | 'mathvista-scores' | 'math-v-result', options: ImportOptions, document?: unknown): Promise<SummaryTarget> {
  if (format === 'vlmevalkit-score') {
    const names = splitModelDataset(file.path, options);
    if (!names) throw new ImportError(file.displayPath, null, null, 'cannot tell model and dataset from the file name; pass --checkpoint and --benchmark');
    const reading = await readSummaryLoose(file.path);
    return { checkpoint: names.model, benchmark: names.dataset, figures: reading.figures, notes: reading.notes };
  }
  const value = document ?? (await readJsonDocument(file.path, file.displayPath));
  if (format === 'mathvista-scores') {
    // EMMA writes the same summary shape as `<model>_result.json`.
    if (isEmmaResult(value)) {
      const model = options.checkpoint ?? file.stem.replace(/_result$/, '');
      return { checkpoint: model, benchmark: options.benchmark ?? emmaBenchmarkName(file.path), figures: mathvistaScores(value, file.name) };
    }
    // `scores_<model>.json`, MultiMath's `score_pred_<model>.json`: the model its output file names.
    const model = options.checkpoint ?? withoutStagePrefix(file.stem);
    return { checkpoint: model, benchmark: options.benchmark ?? mathvistaBenchmarkName(), figures: mathvistaScores(value, file.name) };
  }
  const model = options.checkpoint ?? withoutStagePrefix(file.stem.replace(/_result$/, ''));
  // MATH-V's summary shape, `{"-all": "1092/3940=27.72%", …}`, over MathVerse's problem versions (MultiMath's MathVerse results).
  const mathverse = typeof value === 'object' && value !== null && MATHVERSE_VERSIONS.some((version) => version in value);
  return { checkpoint: model, benchmark: options.benchmark ?? (mathverse ? 'MathVerse' : MATHV_BENCHMARK), figures: mathvResult(value, file.name) };
}
