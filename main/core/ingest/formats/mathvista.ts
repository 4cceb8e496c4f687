/**
 * MathVista's own files: `testmini.json` (pid -> problem) and `output_<model>.json` (the same
 * records plus `response`, `extraction`, `prediction`, `true_false`), with `scores_<model>.json`
 * beside the output. Our graders read the model's `response`; the official verdict is
 * `true_false`, and the answer it compared (`prediction`, after MathVista's normaliser) is kept
 * as the official extraction.
 */
import { join } from 'node:path';
import { ImportError } from '../errors';
import { asText, toChoices, toScorer } from '../fields';
import { mathvistaScores, readJsonIfPresent } from '../reported';
import type { FormatReader } from '../source-file';
import { readJsonDocument } from '../sources/json';
import type { SampleRecord } from '../types';

/** VLMEvalKit's name for testmini, which our grading registry knows. */
export function mathvistaBenchmarkName(split?: string): string {
  return split === 'test' ? 'MathVista' : 'MathVista_MINI';
}

type Problem = Record<string, unknown> & { pid?: unknown; metadata?: Record<string, unknown> };

function sampleOf(key: string, problem: Problem): SampleRecord {
  const metadata = { ...(problem.metadata ?? {}) } as Record<string, unknown>;
  for (const name of ['question_type', 'answer_type', 'unit', 'precision']) if (problem[name] !== null && problem[name] !== undefined) metadata[name] = problem[name];
  const questionType = asText(problem.question_type);
  const answerType = asText(problem.answer_type);
  const image = asText(problem.image);
  return {
    externalId: asText(problem.pid) || key,
    question: asText(problem.question),
    choices: toChoices(problem.choices),
    answer: asText(problem.answer),
    answerType: questionType === 'multi_choice' ? 'mcq' : answerType === 'list' ? 'math' : toScorer(answerType),
    category: asText(metadata.category) || null,
    skills: Array.isArray(metadata.skills) ? metadata.skills.map(asText) : [],
    metadata,
    images: image ? [{ kind: 'path', path: image }] : [],
  };
}

export const readMathVista: FormatReader = async function* (file, ctx) {
  const document = ctx.document ?? (await readJsonDocument(file.path, file.displayPath));
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ImportError(file.displayPath, null, null, 'expected MathVista\'s object of pid -> problem');
  }
  const entries = Object.entries(document as Record<string, Problem>);
  ctx.bytes.add(file.size);
  const first = entries[0]?.[1];
  const split = asText(first?.metadata?.split) || undefined;
  const benchmark = ctx.options.benchmark ?? mathvistaBenchmarkName(split);
  const asPredictions = ctx.options.kind !== 'benchmark' && first !== undefined && 'response' in first;
  if (ctx.options.kind === 'predictions' && !asPredictions) throw new ImportError(file.displayPath, null, 'response', 'no responses in this file');
  if (!asPredictions) {
    yield { type: 'benchmark', benchmark: { name: benchmark } };
    for (const [key, problem] of entries) yield { type: 'sample', sample: sampleOf(key, problem), at: `pid ${key}` };
    return;
  }
  const model = ctx.options.checkpoint ?? file.stem.replace(/^output_/, '');
  yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: model }, config: { format: 'mathvista' } };
  for (const [key, problem] of entries) {
    const at = `pid ${key}`;
    if (typeof problem.response !== 'string') throw new ImportError(file.displayPath, at, 'response', 'missing or not text');
    const verdict = problem.true_false;
    if (verdict !== undefined && typeof verdict !== 'boolean') throw new ImportError(file.displayPath, at, 'true_false', 'not true or false');
    const official = asText(problem.prediction) || asText(problem.extraction);
    yield {
      type: 'prediction',
      sample: sampleOf(key, problem),
      output: problem.response,
      official: { correct: typeof verdict === 'boolean' ? verdict : null, extracted: official === '' ? null : official },
      at,
    };
  }
  const scores = readJsonIfPresent(join(file.dir, `scores_${file.stem.replace(/^output_/, '')}.json`));
  if (scores !== undefined) for (const figure of mathvistaScores(scores, `scores_${file.stem.replace(/^output_/, '')}.json`)) yield { type: 'reported', ...figure };
};
