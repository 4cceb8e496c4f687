/**
 * MathVerse's own files (ZrrSkywalker/MathVerse): a JSON list of problems, each in one of its
 * versions (`problem_version`: Text Dominant, Text Lite, Vision Intensive, Vision Dominant, Vision
 * Only), with `answer`, `category` or `metadata` (`{source, subject, subfield}`) and the model's
 * `model_answer`; named by `sample_index` (testmini.json's) or `problem_id` and the version.
 * Its evaluation adds the judge's `extraction` (extract_answer_s1.py) and `judgement` 0/1
 * (score_answer_s2.py, whose "Acc" is the share of judgement 1). testmini.json itself (no
 * `model_answer`) imports as the benchmark. lmms-eval's mathverse task writes the same records
 * with `prediction` and its judge's `true_false` to `<output>/submissions/mathverse_<split>_results.json`.
 */
import { basename, dirname } from 'node:path';
import { ImportError } from '../errors';
import { asText, toVerdict } from '../fields';
import { modelOfOutputName, noModelInOutputName } from '../names';
import type { FormatReader } from '../source-file';
import { readJsonDocument } from '../sources/json';

/** A MathVerse problem record: its version and its answer (a model's answer or not). */
export function isMathVerseRecord(record: Record<string, unknown>): boolean {
  return 'problem_version' in record && 'answer' in record && ('model_answer' in record || 'question_for_eval' in record || 'sample_index' in record || 'problem_id' in record);
}

export const readMathVerse: FormatReader = async function* (file, ctx) {
  const document = ctx.document ?? (await readJsonDocument(file.path, file.displayPath));
  ctx.bytes.add(file.size);
  if (!Array.isArray(document)) throw new ImportError(file.displayPath, null, null, 'not a list of MathVerse problems');
  const benchmark = ctx.options.benchmark ?? 'MathVerse';
  const holds = (field: string): boolean => document.some((record) => typeof record === 'object' && record !== null && field in record);
  const answerField = holds('model_answer') ? 'model_answer' : holds('prediction') ? 'prediction' : null;
  const asPredictions = ctx.options.kind !== 'benchmark' && answerField !== null;
  // lmms-eval's submission: the run is the output folder above `submissions/`.
  const lmmsSubmission = answerField === 'prediction' && basename(file.dir) === 'submissions';
  if (asPredictions) {
    // `output_<model>.json`; the repository's own template, `output_testmini.json`, names a split.
    const checkpoint = ctx.options.checkpoint ?? (lmmsSubmission ? basename(dirname(file.dir)) : modelOfOutputName(file.stem));
    if (!checkpoint) throw new ImportError(file.displayPath, null, null, noModelInOutputName(file.stem));
    yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: checkpoint }, config: { format: 'mathverse' } };
  } else yield { type: 'benchmark', benchmark: { name: benchmark } };
  let judged = 0;
  for (const [i, value] of document.entries()) {
    const at = `[${i}]`;
    if (typeof value !== 'object' || value === null) throw new ImportError(file.displayPath, at, null, 'not an object');
    const record = value as Record<string, unknown>;
    const version = asText(record.problem_version);
    // A problem is asked in several versions: the pair names the sample.
    const problem = asText(record.sample_index ?? record.problem_index ?? record.problem_id);
    if (problem === '') throw new ImportError(file.displayPath, at, 'problem_id', 'missing (or sample_index)');
    const category = (record.category ?? record.metadata) as Record<string, unknown> | undefined;
    const image = asText(record.image);
    const sample = {
      externalId: record.sample_index !== undefined ? problem : `${problem}/${version}`,
      question: asText(record.question_for_eval ?? record.question),
      choices: null,
      answer: asText(record.answer),
      // testmini.json says `question_type` (multi-choice, free-form); the output templates do not.
      answerType: asText(record.question_type) === 'multi-choice' || /^[A-H]$/.test(asText(record.answer).trim()) ? ('mcq' as const) : null,
      category: asText(category?.subfield ?? category?.subject) || null,
      metadata: { problem_version: version, ...(category ? { subject: category.subject, subfield: category.subfield, source: category.source } : {}) },
      images: image ? [{ kind: 'path' as const, path: image }] : [],
    };
    if (!asPredictions) {
      yield { type: 'sample', sample, at };
      continue;
    }
    const output = record[answerField!];
    if (typeof output !== 'string') throw new ImportError(file.displayPath, at, answerField!, 'missing or not text');
    const judgement = record.judgement ?? record.true_false;
    const correct = judgement === undefined ? undefined : toVerdict(judgement);
    if (judgement !== undefined && correct === undefined) throw new ImportError(file.displayPath, at, record.judgement !== undefined ? 'judgement' : 'true_false', `${JSON.stringify(judgement)} is not 0 or 1`);
    if (correct !== undefined) judged++;
    const extraction = record.extraction === undefined ? null : asText(record.extraction);
    yield {
      type: 'prediction',
      sample,
      output,
      ...(correct !== undefined || extraction !== null ? { official: { correct: correct ?? null, extracted: extraction } } : {}),
      at,
    };
  }
  if (asPredictions && judged > 0 && judged < document.length) {
    yield { type: 'warning', message: `${document.length - judged} of ${document.length} problems have no judgement yet (score_answer_s2.py has not scored them): the official figure covers the ${judged} judged` };
  }
};
