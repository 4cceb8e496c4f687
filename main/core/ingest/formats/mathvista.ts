/**
 * MathVista's own files: `testmini.json` (pid -> problem) and `output_<model>.json` (the same
 * records plus `response`, `extraction`, `prediction`, `true_false`), with `scores_<model>.json`
 * beside the output. Our graders read the model's `response`; the official verdict is
 * `true_false`, and the answer it compared (`prediction`, after MathVista's normaliser) is kept
 * as the official extraction. A file extracted but not yet scored (`extraction`, no `true_false`)
 * gets the verdicts calculate_score.py would write (`mathvista-rule.ts`).
 */
import { join } from 'node:path';
import { ImportError } from '../errors';
import { asText, toChoices, toScorer } from '../fields';
import { modelOfOutputName, noModelInOutputName } from '../names';
import { mathvistaOfficialVerdict, type MathvistaProblemFields } from '../mathvista-rule';
import { mathvistaScores, readJsonIfPresent } from '../reported';
import type { FormatReader } from '../source-file';
import { readJsonDocument } from '../sources/json';
import type { SampleRecord } from '../types';

const EMMA_SUBJECTS = new Set(['Math', 'Physics', 'Chemistry', 'Coding']);

/**
 * EMMA forked MathVista's scripts, so its files have MathVista's shape (pid -> problem with
 * `response`, `extraction`, `true_false`; `<model>_result.json` with `average`). Its problems say
 * `subject` Math/Physics/Chemistry/Coding and `type`, never MathVista's `question_type`/`metadata`.
 */
export function isEmmaProblem(problem: unknown): boolean {
  if (typeof problem !== 'object' || problem === null) return false;
  const record = problem as Record<string, unknown>;
  return EMMA_SUBJECTS.has(asText(record.subject)) && !('question_type' in record) && !('metadata' in record);
}

/** EMMA's `<model>_result.json`: `subject` holds the four EMMA subjects. */
export function isEmmaResult(document: unknown): boolean {
  const subject = (document as { subject?: unknown } | null)?.subject;
  return typeof subject === 'object' && subject !== null && Object.keys(subject).some((key) => EMMA_SUBJECTS.has(key));
}

/** EMMA or EMMA-mini, from the folder the results were written into. */
export function emmaBenchmarkName(path: string): string {
  return /emma[-_]?mini/i.test(path) ? 'EMMA-mini' : 'EMMA';
}

/** VLMEvalKit's name for testmini, which our grading registry knows. */
export function mathvistaBenchmarkName(split?: string): string {
  return split === 'test' ? 'MathVista' : 'MathVista_MINI';
}

type Problem = Record<string, unknown> & { pid?: unknown; metadata?: Record<string, unknown> };

function sampleOf(key: string, problem: Problem): SampleRecord {
  const metadata = { ...(problem.metadata ?? {}) } as Record<string, unknown>;
  for (const name of ['question_type', 'answer_type', 'unit', 'precision', 'subject', 'task', 'type']) if (problem[name] !== null && problem[name] !== undefined) metadata[name] = problem[name];
  // EMMA says `type: "Multiple Choice"` and lists `options`.
  const questionType = asText(problem.question_type) || (/multiple/i.test(asText(problem.type)) ? 'multi_choice' : '');
  if (problem.choices === undefined && problem.options !== undefined) problem = { ...problem, choices: problem.options };
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
  const emma = isEmmaProblem(first);
  const benchmark = ctx.options.benchmark ?? (emma ? emmaBenchmarkName(file.path) : mathvistaBenchmarkName(split));
  const asPredictions = ctx.options.kind !== 'benchmark' && entries.some(([, problem]) => 'response' in problem);
  if (ctx.options.kind === 'predictions' && !asPredictions) throw new ImportError(file.displayPath, null, 'response', 'no responses in this file');
  if (!asPredictions) {
    yield { type: 'benchmark', benchmark: { name: benchmark } };
    for (const [key, problem] of entries) yield { type: 'sample', sample: sampleOf(key, problem), at: `pid ${key}` };
    return;
  }
  // `output_<model>.json`; one named after a split (`output_testmini.json`) names no model.
  const model = ctx.options.checkpoint ?? modelOfOutputName(file.stem);
  if (!model) throw new ImportError(file.displayPath, null, null, noModelInOutputName(file.stem));
  let nullResponses = 0;
  // Only a scored file (one with `true_false`) has official verdicts: a null response in a file
  // never scored is no official verdict, or its nulls alone would make up the "official" figure.
  const scored = entries.some(([, problem]) => typeof problem.true_false === 'boolean');
  // Extracted (extract_answer.py ran) but not scored: calculate_score.py's verdict follows from
  // `extraction` by rule alone, so it is applied here. Not to EMMA's files: its rule is another.
  const extractedOnly = !scored && !emma && entries.some(([, problem]) => problem.extraction !== undefined);
  let unextracted = 0;
  let unscorable = 0;
  yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: model }, config: { format: 'mathvista' } };
  for (const [key, problem] of entries) {
    const at = `pid ${key}`;
    // The official scorers count a missing answer (null: the model or API gave none) as wrong.
    // EMMA's generator stores `error` instead of `response` when the model call failed.
    if (problem.response === null || (problem.response === undefined && 'error' in problem)) nullResponses += 1;
    else if (typeof problem.response !== 'string') throw new ImportError(file.displayPath, at, 'response', 'not text');
    const verdict = problem.true_false ?? (scored && typeof problem.response !== 'string' ? false : undefined);
    if (verdict !== undefined && typeof verdict !== 'boolean') throw new ImportError(file.displayPath, at, 'true_false', 'not true or false');
    const official = asText(problem.prediction) || asText(problem.extraction);
    const ruled = extractedOnly && problem.extraction !== undefined ? mathvistaOfficialVerdict(problem as unknown as MathvistaProblemFields) : undefined;
    if (extractedOnly && problem.extraction === undefined) unextracted++;
    if (ruled === null) unscorable++;
    yield {
      type: 'prediction',
      sample: sampleOf(key, problem),
      output: problem.response ?? '',
      official: ruled
        ? { correct: ruled.correct, extracted: ruled.prediction ?? (official === '' ? null : official) }
        : { correct: typeof verdict === 'boolean' ? verdict : null, extracted: official === '' ? null : official },
      at,
    };
  }
  if (nullResponses > 0) {
    const counted = scored ? 'counted wrong as the official scorer counts them' : extractedOnly ? 'judged by their extraction, as calculate_score.py judges them' : 'wrong in our grading (the file is not scored: no official verdicts)';
    yield { type: 'warning', message: `${nullResponses} problem(s) without a response (null): stored as empty answers, ${counted}` };
  }
  if (extractedOnly) {
    const left = [unextracted > 0 ? `${unextracted} problem(s) without an extraction` : '', unscorable > 0 ? `${unscorable} multiple-choice problem(s) without choices` : ''].filter(Boolean);
    const without = left.length > 0 ? `; ${left.join(' and ')} have none` : '';
    yield { type: 'warning', message: `the file has extractions but no true_false (calculate_score.py has not run): its official verdicts are calculate_score.py's rule (normalize_extracted_answer, then safe_equal with the answer) applied by us to each extraction${without}` };
  }
  const summaryName = emma ? `${file.stem}_result.json` : `scores_${file.stem.replace(/^output_/, '')}.json`;
  const scores = readJsonIfPresent(join(file.dir, summaryName));
  if (scores !== undefined) for (const figure of mathvistaScores(scores, summaryName)) yield { type: 'reported', ...figure };
};
