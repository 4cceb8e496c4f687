/**
 * MMMU-Pro's own output files (MMMU-Benchmark/MMMU, `mmmu-pro/output/`): JSONL rows of the
 * dataset (`id`, `question`, `options` as a Python list, `answer` letter, `subject`, `img_type`,
 * `topic_difficulty`) plus the model's `response`; once `evaluate.py` has run, also its parsed
 * letter `pred_indexs` and verdict `if_right`, which are the official ones. Files are named
 * `<model>_<setting>_<method>.jsonl` (`gpt-4o_vision_cot`, `gpt-4o_standard(10 options)_direct`) or,
 * in its temp_output, `<model>_<method>_<Setting>(<n>opts).jsonl`, whose rows are the dataset's
 * with the ten options the model saw (`shuffled_options`, `shuffled_options_answer`); their
 * `is_correct` is the dataset's own flag, not a verdict.
 */
import { ImportError } from '../errors';
import { asText, literalValue, toVerdict } from '../fields';
import { mmmuProParse, optionLetters } from '../mmmu-pro-rule';
import type { FormatReader } from '../source-file';
import { readJsonl } from '../sources/jsonl';

/** A row of MMMU-Pro: its options, its answer letter and the markers MMMU (without "-Pro") lacks. */
export function isMmmuProRow(record: Record<string, unknown>): boolean {
  return 'options' in record && 'answer' in record && ('img_type' in record || 'topic_difficulty' in record) && 'response' in record;
}

/** Model, setting and prompt method from the file's name, and the benchmark (VLMEvalKit's names where it has them). */
export function mmmuProNames(stem: string): { model: string; benchmark: string; method: string } | null {
  const m =
    /^(?<model>.+)_(?<setting>standard|vision)(?<variant>\([^)]*\))?_(?<method>cot|direct)$/i.exec(stem) ??
    /^(?<model>.+)_(?<method>cot|direct)_(?<setting>standard|vision)(?<variant>\([^)]*\))?$/i.exec(stem);
  if (!m?.groups) return null;
  const { model, setting, variant, method } = m.groups as { model: string; setting: string; variant?: string; method: string };
  const benchmark = /vision/i.test(setting) ? 'MMMU_Pro_V' : /\(\s*4/.test(variant ?? '') ? 'MMMU_Pro_4c' : 'MMMU_Pro_10c';
  return { model, benchmark, method: method.toLowerCase() };
}

/** The dataset's image columns, where a row keeps its images' paths. */
const IMAGE_FIELDS = ['image', 'image_1', 'image_2', 'image_3', 'image_4', 'image_5', 'image_6', 'image_7'];

export const readMmmuPro: FormatReader = async function* (file, ctx) {
  const names = mmmuProNames(file.stem);
  const checkpoint = ctx.options.checkpoint ?? names?.model;
  const benchmark = ctx.options.benchmark ?? names?.benchmark;
  if (!checkpoint || !benchmark) throw new ImportError(file.displayPath, null, null, 'cannot tell model and setting from the file name (<model>_<standard|vision>_<cot|direct>.jsonl); pass --checkpoint and --benchmark');
  yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: checkpoint }, config: { format: 'mmmu-pro', ...(names ? { method: names.method } : {}) } };
  let random = 0;
  let rows = 0;
  for await (const { value, line } of readJsonl(file.path, file.displayPath, ctx.bytes)) {
    const at = `line ${line}`;
    if (typeof value !== 'object' || value === null) throw new ImportError(file.displayPath, at, null, 'not a JSON object');
    const record = value as Record<string, unknown>;
    rows++;
    // The temp_output files list the ten options the model saw as `shuffled_options`, with their answer.
    const shuffled = record.shuffled_options !== undefined && record.shuffled_options_answer !== undefined;
    const listed = shuffled ? record.shuffled_options : record.options;
    const options = literalValue(listed);
    if (!Array.isArray(options)) throw new ImportError(file.displayPath, at, shuffled ? 'shuffled_options' : 'options', 'not a list of options');
    const texts = options.map((option) => asText(option));
    const letters = optionLetters(texts.length);
    const sample = {
      externalId: asText(record.id),
      question: asText(record.question),
      choices: Object.fromEntries(letters.map((letter, i) => [letter, texts[i]!])),
      answer: asText(shuffled ? record.shuffled_options_answer : record.answer),
      answerType: 'mcq' as const,
      category: asText(record.subject) || null,
      metadata: { img_type: record.img_type, topic_difficulty: record.topic_difficulty },
      images: IMAGE_FIELDS.filter((name) => typeof record[name] === 'string' && record[name] !== '').map((name) => ({ kind: 'path' as const, path: record[name] as string })),
    };
    if (sample.externalId === '') throw new ImportError(file.displayPath, at, 'id', 'missing');
    // evaluate.py reads a response that is not text (an API error object) as "".
    const response = typeof record.response === 'string' ? record.response : '';
    let official: { correct: boolean | null; extracted: string | null };
    if ('if_right' in record) {
      const correct = toVerdict(record.if_right);
      if (correct === undefined) throw new ImportError(file.displayPath, at, 'if_right', `${JSON.stringify(record.if_right)} is not true or false`);
      official = { correct, extracted: asText(record.pred_indexs) || null };
    } else {
      const letter = mmmuProParse(response, texts);
      if (letter === null) random++;
      official = { correct: letter === null ? null : letter === sample.answer, extracted: letter };
    }
    yield { type: 'prediction', sample, output: response, official, at };
  }
  if (random > 0) {
    yield {
      type: 'warning',
      message: `${random} of ${rows} responses name no option MMMU-Pro's evaluate.py can read; it picks a random letter for them, so their official verdict is left out (the official figure covers the other ${rows - random})`,
    };
  }
};
