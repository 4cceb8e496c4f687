/**
 * MMMU's own evaluation files: a prediction dict `{id: parsed prediction}` (a letter for
 * multiple-choice questions, a list of normalised candidates for open ones) and the separate
 * answer dict `{id: {question_type, ground_truth}}` (`eval/answer_dict_val.json`). The answer
 * dict is the benchmark; predictions join it by id, graded officially with MMMU's
 * eval_multi_choice / eval_open.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ImportError } from '../errors';
import { asText, literalValue, toAnswer } from '../fields';
import { mmmuMultiChoiceCorrect, mmmuOpenCorrect, mmmuParseOpenResponse } from '../official-rules';
import type { FormatReader } from '../source-file';
import { readJsonDocument } from '../sources/json';
import type { SampleRecord } from '../types';

/** `validation_Art_Theory_12` -> split `validation`, subject `Art_Theory`. */
function parseId(id: string): { split: string; subject: string } | null {
  const match = /^([a-z]+)_(.+)_(\d+)$/.exec(id);
  return match ? { split: match[1]!, subject: match[2]! } : null;
}

export function mmmuBenchmarkName(ids: string[]): string {
  const splits = new Set(ids.map((id) => parseId(id)?.split ?? ''));
  const [split] = [...splits];
  return splits.size === 1 && split ? `MMMU_${split}` : 'MMMU';
}

export function isMmmuAnswerDict(document: unknown): boolean {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return false;
  const values = Object.values(document as Record<string, unknown>);
  return values.length > 0 && values.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && 'ground_truth' in v);
}

export function isMmmuPredictionDict(document: unknown): boolean {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return false;
  const entries = Object.entries(document as Record<string, unknown>);
  return entries.length > 0 && entries.every(([id, v]) => parseId(id) !== null && (typeof v === 'string' || Array.isArray(v)));
}

function answerDictFor(dir: string): string | null {
  const candidates = ['answer_dict_val.json', '../answer_dict_val.json', '../eval/answer_dict_val.json', '../../eval/answer_dict_val.json'].map((rel) => join(dir, rel));
  return candidates.find((path) => existsSync(path)) ?? null;
}

export const readMmmu: FormatReader = async function* (file, ctx) {
  const document = ctx.document ?? (await readJsonDocument(file.path, file.displayPath));
  ctx.bytes.add(file.size);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new ImportError(file.displayPath, null, null, 'expected an object keyed by MMMU id');
  const entries = Object.entries(document as Record<string, unknown>);
  const benchmark = ctx.options.benchmark ?? mmmuBenchmarkName(entries.map(([id]) => id));
  if (isMmmuAnswerDict(document) || ctx.options.kind === 'benchmark') {
    yield { type: 'benchmark', benchmark: { name: benchmark } };
    for (const [id, value] of entries) {
      const at = `id "${id}"`;
      const entry = value as { question_type?: unknown; ground_truth?: unknown };
      if (entry.ground_truth === undefined) throw new ImportError(file.displayPath, at, 'ground_truth', 'missing');
      const questionType = asText(entry.question_type);
      const sample: SampleRecord = {
        externalId: id,
        question: '',
        choices: null,
        answer: toAnswer(entry.ground_truth),
        answerType: questionType === 'multiple-choice' ? 'mcq' : null,
        category: parseId(id)?.subject ?? null,
        metadata: { question_type: questionType, ground_truth: entry.ground_truth },
        images: [],
      };
      yield { type: 'sample', sample, at };
    }
    return;
  }
  if (!ctx.hasBenchmark(benchmark)) {
    const answers = answerDictFor(file.dir);
    if (!answers) {
      // A question file of another tool's (InternLM-XComposer's mmmu_val.json) holds the same ids under its own name.
      const others = ctx.benchmarkNames().filter((name) => /mmmu/i.test(name));
      const named = others.length > 0 ? `, or name the benchmark that holds these ids with --benchmark (here: ${others.join(', ')})` : '';
      throw new ImportError(file.displayPath, null, null, `MMMU predictions join the answer dict (answer_dict_val.json) by id, as benchmark ${benchmark}; import it first (or in the same command)${named}`);
    }
    yield { type: 'include', path: answers, format: 'mmmu', kind: 'benchmark' };
  }
  // MMMU writes `<model folder>/output.json`; the folder names the model.
  const checkpoint = ctx.options.checkpoint ?? (/output/i.test(file.stem) ? basename(file.dir) : file.stem);
  yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: checkpoint }, config: { format: 'mmmu' } };
  for (const [id, prediction] of entries) {
    const at = `id "${id}"`;
    const parsed = literalValue(prediction);
    const output = Array.isArray(parsed) ? parsed.map(asText).join(', ') : asText(parsed);
    yield {
      type: 'prediction',
      sample: { externalId: id },
      output,
      // MMMU keeps no per-sample verdict: its own rule decides, against the gold of the joined sample.
      officialRule: (gold) => {
        const groundTruth = gold.answer.startsWith('[') ? (literalValue(gold.answer) as unknown) : gold.answer;
        // main_eval_only.py runs parse_open_response on every open answer given as text.
        const open = typeof prediction === 'string' ? mmmuParseOpenResponse(prediction) : parsed;
        const correct = gold.answerType === 'mcq' ? mmmuMultiChoiceCorrect(groundTruth, parsed) : mmmuOpenCorrect(groundTruth, open);
        return { correct, extracted: output };
      },
      at,
    };
  }
};
