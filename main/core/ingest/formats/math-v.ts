/**
 * MATH-Vision's own files: the annotations `data/test.jsonl` (id, question, options, answer,
 * level, subject, image) and outputs `outputs/<model>.jsonl` (id, model, response,
 * model_answer, correct) joined to them by id, with `<model>_result.json` beside each output.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ImportError } from '../errors';
import { asText, toAnswer, toChoices } from '../fields';
import { mathvResult, readJsonIfPresent } from '../reported';
import type { FormatReader } from '../source-file';
import { readJsonl } from '../sources/jsonl';
import type { SampleRecord } from '../types';

export const MATHV_BENCHMARK = 'MathVision';

/** How far above an outputs folder its repository's `data/` is looked for (`outputs/closed-source/<vendor>/` is three). */
const ANNOTATIONS_UP_TO = 4;

/**
 * Where MATH-V keeps its annotations for an outputs folder: `data/test.jsonl` or `test.jsonl`
 * in the folder above it, `test.jsonl` beside it, else in the nearest folder further up (the
 * repository keeps its outputs in `outputs/closed-source/<vendor>/` and `outputs/open-source/<family>/`).
 */
export function mathvAnnotationsFor(outputsDir: string): string | null {
  const candidates: string[] = [];
  for (let up = 1, dir = outputsDir; up <= ANNOTATIONS_UP_TO; up++) {
    dir = join(dir, '..');
    candidates.push(join(dir, 'data', 'test.jsonl'), join(dir, 'test.jsonl'));
    if (up === 1) candidates.push(join(outputsDir, 'test.jsonl'));
  }
  return candidates.find((path) => existsSync(path)) ?? null;
}

function problemOf(value: Record<string, unknown>, file: string, at: string): SampleRecord {
  const id = asText(value.id);
  if (id === '') throw new ImportError(file, at, 'id', 'missing');
  const options = toChoices(value.options);
  const image = asText(value.image);
  const metadata: Record<string, unknown> = {};
  if (value.level !== undefined) metadata.level = value.level;
  if (value.subject !== undefined) metadata.subject = value.subject;
  if (value.solution) metadata.solution = value.solution;
  return {
    externalId: id,
    question: asText(value.question),
    choices: options,
    answer: toAnswer(value.answer),
    answerType: options ? 'mcq' : 'math',
    category: asText(value.subject) || null,
    metadata,
    images: image ? [{ kind: 'path', path: image }] : [],
  };
}

export const readMathV: FormatReader = async function* (file, ctx) {
  const benchmark = ctx.options.benchmark ?? MATHV_BENCHMARK;
  let opened = false;
  for await (const { value, line } of readJsonl(file.path, file.displayPath, ctx.bytes)) {
    const at = `line ${line}`;
    if (typeof value !== 'object' || value === null) throw new ImportError(file.displayPath, at, null, 'not a JSON object');
    const record = value as Record<string, unknown>;
    const isOutput = 'response' in record && ctx.options.kind !== 'benchmark';
    if (!opened) {
      opened = true;
      if (isOutput) {
        if (!ctx.hasBenchmark(benchmark)) {
          const annotations = mathvAnnotationsFor(file.dir);
          if (!annotations) {
            throw new ImportError(file.displayPath, null, null, `MATH-V outputs join the annotations (data/test.jsonl) by id; import them first, or keep the repository's data/test.jsonl in a folder above the outputs`);
          }
          yield { type: 'include', path: annotations, format: 'math-v', kind: 'benchmark' };
        }
        const model = asText(record.model);
        yield {
          type: 'run',
          benchmark: { name: benchmark },
          checkpoint: { name: ctx.options.checkpoint ?? file.stem, ...(model ? { baseModel: model } : {}) },
          config: { format: 'math-v', model },
        };
      } else yield { type: 'benchmark', benchmark: { name: benchmark } };
    }
    if (!isOutput) {
      yield { type: 'sample', sample: problemOf(record, file.displayPath, at), at };
      continue;
    }
    const id = asText(record.id);
    if (id === '') throw new ImportError(file.displayPath, at, 'id', 'missing');
    if (typeof record.response !== 'string') throw new ImportError(file.displayPath, at, 'response', 'missing or not text');
    if (record.correct !== undefined && typeof record.correct !== 'boolean') throw new ImportError(file.displayPath, at, 'correct', 'not true or false');
    const extracted = asText(record.model_answer);
    yield {
      type: 'prediction',
      sample: { externalId: id },
      output: record.response,
      official: { correct: typeof record.correct === 'boolean' ? record.correct : null, extracted: extracted === '' ? null : extracted },
      at,
    };
  }
  const result = readJsonIfPresent(join(file.dir, `${file.stem}_result.json`));
  if (result !== undefined) for (const figure of mathvResult(result, `${file.stem}_result.json`)) yield { type: 'reported', ...figure };
};
