/**
 * R1-V's evaluation logs: `{accuracy, results: [{question: {image_path, question,
 * ground_truth}, ground_truth, model_output, extracted_answer, is_correct?}]}`, named
 * `<benchmark>_<model>.json`, or VLM-R1's `{image, question, ground_truth, model_output,
 * extracted_answer, correct}` in `<task>_results_<benchmark>.json` inside the checkpoint's folder
 * (`…-checkpoint-90/click_results_screenspot_desktop.json`). The official verdict is `is_correct`, or VLM-R1's `correct` (0/1:
 * its REC logs' IoU test on boxes); where a log has neither (the SuperCLEVR counting logs), it
 * is R1-V's own test, `extracted_answer == ground_truth` (Python's ==: lists by their items).
 */
import { basename } from 'node:path';
import { ImportError } from '../errors';
import { asText } from '../fields';
import { goldBox } from '../../grading/grounding';
import { asKnownBenchmark, splitBenchmarkFolder, splitBenchmarkModel } from '../names';
import type { FormatReader } from '../source-file';
import { readJsonDocument } from '../sources/json';

interface R1vResult {
  /** R1-V's: the dataset row; VLM-R1's click logs: the instruction itself, with `image` beside it. */
  question?: { image_path?: unknown; question?: unknown; ground_truth?: unknown } | string;
  image?: unknown;
  ground_truth?: unknown;
  model_output?: unknown;
  extracted_answer?: unknown;
  is_correct?: unknown;
  correct?: unknown;
}

/** Python's `==` on JSON values: lists (a box) and objects by their contents. */
const pythonEquals = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));

export const readR1v: FormatReader = async function* (file, ctx) {
  const document = (ctx.document ?? (await readJsonDocument(file.path, file.displayPath))) as { accuracy?: unknown; results?: unknown };
  ctx.bytes.add(file.size);
  if (!Array.isArray(document.results)) throw new ImportError(file.displayPath, null, 'results', 'missing or not a list');
  // `<benchmark>_<model>.json`, else VLM-R1's `<task>_results_<benchmark>.json` in a folder named after the checkpoint.
  const folder = basename(file.dir);
  const named = splitBenchmarkModel(file.stem);
  const names = named ?? splitBenchmarkFolder(file.stem, folder);
  const benchmark = ctx.options.benchmark ?? (names ? asKnownBenchmark(names.benchmark, ctx.benchmarkNames()) : undefined);
  const model = ctx.options.checkpoint ?? names?.model;
  if (!benchmark || !model) throw new ImportError(file.displayPath, null, null, 'cannot tell benchmark and model from the file name or its folder; pass --benchmark and --checkpoint');
  const step = ctx.options.checkpoint === undefined ? (names?.step ?? null) : null;
  const results = document.results as R1vResult[];
  const counting = results.length > 0 && results.every((r) => typeof r?.ground_truth === 'number');
  const asPredictions = ctx.options.kind !== 'benchmark';
  if (asPredictions) yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: model, ...(step !== null ? { step } : {}) }, config: { format: 'r1v' } };
  else yield { type: 'benchmark', benchmark: { name: benchmark } };
  if (asPredictions && !named && ctx.options.checkpoint === undefined) {
    yield { type: 'warning', message: `checkpoint named "${model}" after the folder ${folder}${step !== null ? ` (step ${step})` : ''}, as the file's name names only the benchmark; pass --checkpoint NAME if it is another model` };
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!;
    const at = `results[${i}]`;
    if (typeof result !== 'object' || result === null) throw new ImportError(file.displayPath, at, null, 'not an object');
    const row = typeof result.question === 'object' && result.question !== null ? result.question : undefined;
    const imagePath = asText(row?.image_path) || asText(result.image);
    // The image's file name identifies the question across logs of the same benchmark.
    const base = imagePath ? basename(imagePath).replace(/\.[a-z]+$/i, '') : String(i);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const externalId = n === 1 ? base : `${base}#${n}`;
    const gold = result.ground_truth ?? row?.ground_truth;
    if (gold === undefined || gold === null) throw new ImportError(file.displayPath, at, 'ground_truth', 'missing');
    const sample = {
      externalId,
      question: typeof result.question === 'string' ? result.question : asText(row?.question),
      choices: null,
      answer: asText(gold),
      // REC boxes and clicks on a box: IoU and point-in-box, not text.
      answerType: counting ? ('numeric' as const) : goldBox(asText(gold)) ? ('grounding' as const) : null,
      category: null,
      metadata: {},
      images: imagePath ? [{ kind: 'path' as const, path: imagePath }] : [],
    };
    if (!asPredictions) {
      yield { type: 'sample', sample, at };
      continue;
    }
    if (typeof result.model_output !== 'string') throw new ImportError(file.displayPath, at, 'model_output', 'missing or not text');
    const verdictField = result.is_correct !== undefined ? 'is_correct' : result.correct !== undefined ? 'correct' : null;
    const verdict = verdictField === null ? undefined : result[verdictField];
    if (verdict !== undefined && typeof verdict !== 'boolean' && verdict !== 0 && verdict !== 1) throw new ImportError(file.displayPath, at, verdictField, 'not true or false (or 1 or 0)');
    const extracted = result.extracted_answer;
    const correct = verdict !== undefined ? verdict === true || verdict === 1 : pythonEquals(extracted, gold);
    yield {
      type: 'prediction',
      sample,
      output: result.model_output,
      official: { correct, extracted: extracted === null || extracted === undefined ? null : asText(extracted) },
      at,
    };
  }
  if (asPredictions && typeof document.accuracy === 'number') {
    // The log states no count: its accuracy is of all its answers, which a slice of the log may not hold.
    yield { type: 'reported', metric: 'accuracy', value: document.accuracy / 100, total: null, source: file.name };
  }
};
