/**
 * Reading fields out of source records: dotted paths (`doc.question`, `choices.0`), the
 * `--map TARGET=SOURCE` option, and turning cell values (Python literals, lists, dicts) into
 * the shapes the store keeps.
 */
import { basename, dirname } from 'node:path';
import { isScorerName } from '../grading/grade';
import type { ScorerName } from '../grading';
import { MAP_TARGETS, type MapTarget } from './types';
import { tryParseContainer, type PythonValue } from '../util/python-literal';

/** `a.b.0.c`: object keys and array indexes. A key that itself contains dots is found whole first. */
export function getPath(record: unknown, path: string): unknown {
  if (record === null || typeof record !== 'object') return undefined;
  const direct = (record as Record<string, unknown>)[path];
  if (direct !== undefined) return direct;
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (typeof current === 'string') {
      // A nested field stored as a Python/JSON literal string (pandas wrote a dict into a cell).
      const parsed = tryParseContainer(current);
      if (parsed === undefined) return undefined;
      current = parsed;
    }
    if (typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(part)] : (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Parses repeated `--map TARGET=SOURCE` values; unknown targets are refused by name. */
export function parseMapSpecs(specs: readonly string[]): Partial<Record<MapTarget, string>> {
  const map: Partial<Record<MapTarget, string>> = {};
  for (const spec of specs) {
    const at = spec.indexOf('=');
    if (at <= 0 || at === spec.length - 1) throw new Error(`--map expects TARGET=SOURCE, got "${spec}"`);
    const target = spec.slice(0, at).trim();
    if (!(MAP_TARGETS as readonly string[]).includes(target)) {
      throw new Error(`--map: unknown target "${target}"; targets are ${MAP_TARGETS.join(', ')}`);
    }
    map[target as MapTarget] = spec.slice(at + 1).trim();
  }
  return map;
}

/** Field names tried, in order, for each target when no --map names one. */
export const DEFAULT_SOURCES: Record<MapTarget, readonly string[]> = {
  id: ['id', 'index', 'pid', 'question_id', 'qid', 'sample_id', 'uid', 'doc_id', 'data_id', 'idx'],
  // `input`/`output`/`gts`: verl's validation dumps; `prompt`/`predict`/`label`: LLaMA-Factory's
  // generated_predictions.jsonl; `response`/`labels`: ms-swift's inference results.
  question: ['question', 'query', 'problem', 'prompt', 'text', 'instruction', 'input'],
  choices: ['choices', 'options', 'option', 'candidates', 'answer_choices'],
  answer: ['answer', 'gt', 'ground_truth', 'gt_answer', 'solution', 'label', 'target', 'answers', 'gts', 'labels', 'groundtruth', 'true_response', 'gold'],
  answer_type: ['answer_type', 'scorer'],
  prediction: ['prediction', 'response', 'output', 'model_output', 'pred', 'generation', 'completion', 'model_answer_raw', 'predict', 'predicted_response', 'pred_answer', 'model_response', 'model_prediction'],
  thinking: ['thinking', 'reasoning', 'reasoning_content'],
  // `match?`: LogicVista's results table.
  correct: ['correct', 'is_correct', 'hit', 'true_false', 'judge', 'score_official', 'match?', 'is_match'],
  extracted: ['extracted', 'extraction', 'extracted_answer', 'model_answer', 'parsed_pred', 'parsed_ans'],
  image: ['image', 'images', 'decoded_image', 'image_path', 'img', 'img_path', 'image_file'],
  category: ['category', 'subject', 'task', 'type', 'question_type'],
  model: ['model', 'model_name', 'model_id'],
};

/**
 * Result files whose fields mean something else than their names suggest, known by the set of
 * fields they write: the fields to read instead, and what the import says about it.
 */
export interface FieldPreset {
  name: string;
  matches(record: Record<string, unknown>): boolean;
  /** The fields to read, or how to find them where their names carry the model's (LogicVista's table). */
  fields: Partial<Record<MapTarget, string>> | ((record: Record<string, unknown>) => Partial<Record<MapTarget, string>>);
  /** The benchmark, where the file is the benchmark's own and does not say it (or its name tells it). */
  benchmark?: string | ((path: string) => string | undefined);
  /** The checkpoint, where a field's name or the file's folder tells it. */
  checkpoint?: (record: Record<string, unknown>, path: string) => string | undefined;
  /** Why a file of this kind has no gold, where it has none (read with the benchmark). */
  goldElsewhere?: string;
  /** A gold list of letters is the set a multi-select answer needs, all of them (LogicVista's `['a', 'c']`), not alternatives. */
  letterSetGold?: boolean;
  /** The sample's id where no one field is unique (HallusionBench's five-part key). */
  idOf?: (record: Record<string, unknown>) => string;
}

const has = (record: Record<string, unknown>, ...names: string[]): boolean => names.every((name) => name in record);

/** LogicVista's eval/results/<model>-accuracy-results.csv: `<model> answer raw`, `<model> answer extracted`, `true answer`, `match?` (any case). */
const LOGICVISTA_RAW = / answer raw$/i;
const logicVistaModel = (record: Record<string, unknown>): string | undefined => Object.keys(record).find((key) => LOGICVISTA_RAW.test(key))?.replace(LOGICVISTA_RAW, '');
/** A field name as compared across spellings: any case, spaces and hyphens as underscores. */
const plainName = (key: string): string => key.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** The record's own spelling of a field (`Ground truth` for `ground_truth`), or undefined; `skip` are not candidates. */
function keyOf(record: Record<string, unknown>, name: string, skip?: ReadonlySet<string>): string | undefined {
  const wanted = plainName(name);
  return Object.keys(record).find((key) => !skip?.has(key) && plainName(key) === wanted);
}

/** The fields of `wanted` that the record has (a tool's optional fields differ by dataset). */
const present = (record: Record<string, unknown>, wanted: Partial<Record<MapTarget, string>>): Partial<Record<MapTarget, string>> =>
  Object.fromEntries(Object.entries(wanted).filter(([, path]) => getPath(record, path) !== undefined));

/**
 * The verdict among EvalScope's per-sample scores (`sample_score.score.value`): `acc`, else its one
 * metric, where that is a 0/1 or true/false; none for a partial score (it is no verdict).
 */
const evalScopeVerdict = (record: Record<string, unknown>): Partial<Record<MapTarget, string>> => {
  const value = getPath(record, 'sample_score.score.value');
  if (typeof value !== 'object' || value === null) return {};
  const metrics = Object.entries(value as Record<string, unknown>);
  const [name, score] = metrics.find(([key]) => key === 'acc') ?? (metrics.length === 1 ? metrics[0]! : [undefined, undefined]);
  return score === 0 || score === 1 || typeof score === 'boolean' ? { correct: `sample_score.score.value.${name}` } : {};
};

const PRESETS: readonly FieldPreset[] = [
  {
    // EvalScope ≥ 1.0 reviews/<model>/<dataset>_<subset>.jsonl.
    name: "EvalScope's review file (`sample_score.score.prediction` the model's answer, `target` the gold, `sample_score.score.value` the official verdict where it is 0 or 1; the checkpoint from the folder)",
    matches: (record) => 'target' in record && typeof getPath(record, 'sample_score.score.prediction') === 'string',
    fields: (record) => ({
      ...present(record, { id: 'index', question: 'input', extracted: 'sample_score.score.extracted_prediction' }),
      answer: 'target',
      prediction: 'sample_score.score.prediction',
      ...evalScopeVerdict(record),
    }),
    checkpoint: (_record, path) => (basename(dirname(dirname(path))) === 'reviews' ? basename(dirname(path)) : undefined),
  },
  {
    // EvalScope's earlier reviews: an OpenAI chat completion with a `review` in its choice, the dataset's row as `raw_input`.
    name: "EvalScope's review file, earlier layout (`choices[0].message.content` the model's answer, `choices[0].review` the gold, the answer read and the verdict)",
    matches: (record) => typeof getPath(record, 'choices.0.message.content') === 'string' && getPath(record, 'choices.0.review.gold') !== undefined,
    fields: (record) => ({
      ...present(record, { id: 'raw_input.id', question: 'raw_input.question', choices: 'raw_input.choices', extracted: 'choices.0.review.pred', correct: 'choices.0.review.result', model: 'model' }),
      answer: 'choices.0.review.gold',
      prediction: 'choices.0.message.content',
    }),
  },
  {
    name: "LogicVista's results table (`true answer` the gold, `<model> answer raw` the model's answer, `match?` the official verdict)",
    matches: (record) => keyOf(record, 'true answer') !== undefined && keyOf(record, 'match?') !== undefined && logicVistaModel(record) !== undefined,
    fields: (record) => {
      const model = logicVistaModel(record)!;
      const wanted: Partial<Record<MapTarget, string | undefined>> = {
        answer: keyOf(record, 'true answer'),
        prediction: keyOf(record, `${model} answer raw`),
        extracted: keyOf(record, `${model} answer extracted`),
        correct: keyOf(record, 'match?'),
        category: keyOf(record, 'reasoning skill'),
      };
      return Object.fromEntries(Object.entries(wanted).filter(([, key]) => key !== undefined)) as Partial<Record<MapTarget, string>>;
    },
    benchmark: 'LogicVista',
    checkpoint: logicVistaModel,
    letterSetGold: true,
  },
  {
    // LLaVA's model_vqa*.py: `text` is the model's answer, not a question.
    name: "LLaVA's answers file (`text` the model's answer, `prompt` the question, `question_id` the id, `model_id` the checkpoint)",
    matches: (record) => has(record, 'question_id', 'prompt', 'text', 'answer_id', 'model_id'),
    fields: { id: 'question_id', question: 'prompt', prediction: 'text', model: 'model_id' },
    goldElsewhere: "LLaVA's answers file: no gold answers in it; import the benchmark's question file with its labels first, then this file with --benchmark NAME (its ids are the question file's question_id)",
  },
  {
    // InternVL's evaluate_*.py (MMMU, ScienceQA, …): `answer` is the model's answer, `gt_answers` the gold.
    name: "InternVL's evaluation output (`answer` the model's answer, `gt_answers` the gold)",
    matches: (record) => has(record, 'answer', 'gt_answers') && !DEFAULT_SOURCES.prediction.some((name) => name in record),
    fields: { prediction: 'answer', answer: 'gt_answers' },
  },
  {
    // `{prompt, response, answer: <the option picked>, gt_answer}`: beside a gold named `gt_answer`, `answer` is what the model chose.
    name: 'a gold named `gt_answer` beside `answer` (`answer` read as the answer extracted from the model\'s)',
    matches: (record) => has(record, 'answer', 'gt_answer') && DEFAULT_SOURCES.prediction.some((name) => name in record),
    fields: { answer: 'gt_answer', extracted: 'answer' },
  },
  {
    // URSA-MATH's outputs/infer_<benchmark>.csv: MATH-V's columns, the model's whole answer as `model_answer`, the answer read from it as `extraction`.
    name: "a model's answer as `model_answer` beside the answer read from it as `extraction` (URSA-MATH's inference tables)",
    matches: (record) => has(record, 'model_answer', 'extraction') && !DEFAULT_SOURCES.prediction.some((name) => name in record),
    fields: { prediction: 'model_answer', extracted: 'extraction' },
  },
  {
    // BLINK's eval/saved_outputs/<model>/<task>.json: `full_prediction` is the model's reply, `prediction` the option picked from it.
    name: "BLINK's saved outputs (`full_prediction` the model's answer, `prediction` the option read from it)",
    matches: (record) => has(record, 'prediction', 'full_prediction'),
    fields: { prediction: 'full_prediction', extracted: 'prediction' },
  },
  {
    // tianyi-lab/HallusionBench: HallusionBench.json (the questions, `gt_answer` "1"/"0") and a model's result file
    // (`model_prediction`, no gold), each question keyed by the five fields its evaluation joins them by.
    name: "HallusionBench's own files (a question is its category, subcategory, set_id, figure_id and question_id; `gt_answer` 1/0 the yes/no gold, in HallusionBench.json; `model_prediction` the model's answer)",
    matches: (record) => has(record, 'category', 'subcategory', 'set_id', 'figure_id', 'question_id', 'question') && ('gt_answer' in record || 'model_prediction' in record),
    fields: (record) => ({ question: 'question', ...present(record, { answer: 'gt_answer', prediction: 'model_prediction', image: 'filename' }) }),
    benchmark: 'HallusionBench',
    idOf: (record) => ['category', 'subcategory', 'set_id', 'figure_id', 'question_id'].map((key) => String(record[key] ?? '')).join('_'),
    goldElsewhere: "HallusionBench's result file holds no yes/no gold answer; that is gt_answer in HallusionBench.json: import it first (or in the same command), and the answers join its questions",
  },
  {
    // DeepEyes' V* evaluation (eval_results/<run>/global_step_<n>/result_<subset>_<model>_acc.jsonl): the chat as the model
    // held it, tool calls included, `pred_ans` the answer read from its last turn, `acc` the verdict.
    name: "DeepEyes' evaluation output (`pred_output` the chat, its last turn the model's answer, `pred_ans` the answer read from it, `acc` the verdict; the checkpoint from the folder)",
    matches: (record) => has(record, 'pred_ans', 'pred_output', 'acc', 'answer'),
    fields: (record) => ({ prediction: lastAssistantTurn(record, 'pred_output') ?? 'pred_ans', extracted: 'pred_ans', correct: 'acc' }),
    benchmark: (path) => {
      const subset = /^result_(direct_attributes|relative_position)_/.exec(basename(path))?.[1];
      return subset ? `vstar_${subset}` : undefined;
    },
    checkpoint: (_record, path) => checkpointFolder(path),
  },
  {
    // OpenVLThinker's evaluation/*.json: `response` is the gold, `reasoning` the model's output, `answer` what was extracted from it.
    name: "OpenVLThinker's evaluation output (`instruction` the question, `response` the gold, `reasoning` the model's output, `answer` its extracted answer)",
    matches: (record) => has(record, 'instruction', 'response', 'reasoning', 'answer'),
    fields: { question: 'instruction', answer: 'response', prediction: 'reasoning', extracted: 'answer' },
  },
];

/** The last turn of a chat transcript when the model wrote it (DeepEyes' `pred_output`, tool calls and results before it). */
function lastAssistantTurn(record: Record<string, unknown>, field: string): string | undefined {
  const turns = record[field];
  if (!Array.isArray(turns) || turns.length === 0) return undefined;
  const last = turns[turns.length - 1] as { role?: unknown; content?: unknown } | null;
  return last?.role === 'assistant' && typeof last.content === 'string' ? `${field}.${turns.length - 1}.content` : undefined;
}

/** `<run>/global_step_48/` names the checkpoint `<run>@48`, as this tool writes steps; another folder names it as it is. */
function checkpointFolder(path: string): string {
  const folder = basename(dirname(path));
  const step = /^global_step_?(\d+)$/.exec(folder);
  return step ? `${basename(dirname(dirname(path)))}@${Number(step[1])}` : folder;
}

export function fieldPresetOf(record: unknown): FieldPreset | undefined {
  return typeof record === 'object' && record !== null && !Array.isArray(record) ? PRESETS.find((preset) => preset.matches(record as Record<string, unknown>)) : undefined;
}

/**
 * Options written into the question text, as MathVista's queries and LLaVA's prompts carry them
 * ("Choices:\n(A) 135°\n(B) 140°", "A. chiasmus\nB. apostrophe"): the last run of two or more
 * lines lettered A, B, C… in order; null where there is none.
 */
export function choicesInQuestion(question: string): Record<string, string> | null {
  let found: Array<[string, string]> = [];
  let run: Array<[string, string]> = [];
  const close = (): void => {
    if (run.length >= 2) found = run;
    run = [];
  };
  for (const line of question.split(/\r?\n/)) {
    const option = /^\s*\(?([A-J])[).:]\s*(\S.*)$/.exec(line);
    if (option && option[1] === 'ABCDEFGHIJ'[run.length]) run.push([option[1]!, option[2]!.trim()]);
    else {
      close();
      if (option?.[1] === 'A') run.push(['A', option[2]!.trim()]);
    }
  }
  close();
  return found.length > 0 ? Object.fromEntries(found) : null;
}

/** The source path used for a target in this record: the mapped one, else the first default present. */
export function sourceFor(target: MapTarget, map: Partial<Record<MapTarget, string>>, sample: unknown): string | undefined {
  const mapped = map[target];
  if (mapped) return mapped;
  // A field mapped to another target is that target's: after `--map correct=answer`, `answer` is no gold.
  const taken = new Set(Object.values(map));
  const usual = DEFAULT_SOURCES[target].filter((name) => !taken.has(name));
  return usual.find((name) => getPath(sample, name) !== undefined) ?? spelledOtherwise(usual, sample, taken);
}

/** A usual name written in another case or with spaces (`Output`, `Question_id`, `Ground truth`): the record's own key. */
function spelledOtherwise(names: readonly string[], sample: unknown, taken: ReadonlySet<string>): string | undefined {
  if (typeof sample !== 'object' || sample === null) return undefined;
  for (const name of names) {
    const key = keyOf(sample as Record<string, unknown>, name, taken);
    if (key !== undefined) return key;
  }
  return undefined;
}

const isBlank = (value: unknown): boolean => value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value)) || value === '';

/** A scalar cell as text ('' for blank); numbers print as Python would for ints. */
export function asText(value: unknown): string {
  if (isBlank(value)) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** A cell that may hold a Python/JSON container literal as text, parsed when it does. */
export function literalValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const parsed = tryParseContainer(value);
  return parsed === undefined ? value : parsed;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Choices in the store's shape (letter -> text): from a list (letters in order), a dict, a
 * Python literal string of either, or HF's {label: [...], text: [...]} pair. Null when none.
 */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function toChoices(value: unknown): Record<string, string> | null {
  const parsed = literalValue(value);
  if (isBlank(parsed)) return null;
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return null;
    if (parsed.some(isRecord)) {
      // Options as `{label, text}` records; any other records are no options: an OpenAI-style
      // `choices` list of completions (EvalScope's reviews) made each option a whole response.
      if (!parsed.every((item) => isRecord(item) && typeof item.text === 'string')) return null;
      const options = parsed as Array<Record<string, unknown>>;
      return Object.fromEntries(options.map((item, i) => [typeof item.label === 'string' && item.label.trim() !== '' ? item.label.trim() : (LETTERS[i] ?? String(i + 1)), item.text as string]));
    }
    return Object.fromEntries(parsed.map((item, i) => [LETTERS[i] ?? String(i + 1), asText(item)]));
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const record = parsed as Record<string, unknown>;
    if (Array.isArray(record.text)) {
      const labels = Array.isArray(record.label) ? record.label.map(asText) : null;
      return Object.fromEntries(record.text.map((item, i) => [labels?.[i] ?? LETTERS[i] ?? String(i + 1), asText(item)]));
    }
    const entries = Object.entries(record).filter(([, text]) => !isBlank(text));
    if (entries.some(([, text]) => typeof text === 'object')) return null;
    return entries.length > 0 ? Object.fromEntries(entries.map(([key, text]) => [key, asText(text)])) : null;
  }
  return null;
}

/**
 * The gold answer as the store keeps it: a string, or a JSON array text when the source gives
 * several acceptable answers (a list, or a Python list literal of strings).
 */
export function toAnswer(value: unknown): string {
  const parsed = literalValue(value);
  if (Array.isArray(parsed)) {
    const items = parsed as PythonValue[];
    if (items.length === 1) return asText(items[0]);
    if (items.every((item) => typeof item === 'string')) return JSON.stringify(items);
    // A list of numbers is an answer in its own right (MathVista's list answers), kept as written.
    return typeof value === 'string' ? value : JSON.stringify(items);
  }
  return asText(parsed);
}

/** A yes/no official verdict from the many ways files write one; undefined when not a verdict. */
export function toVerdict(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (['true', '1', '1.0', 'yes', 'correct'].includes(t)) return true;
    if (['false', '0', '0.0', 'no', 'incorrect', 'wrong'].includes(t)) return false;
  }
  return undefined;
}

/** A scorer name from answer_type-like cells (also MathVista's question/answer types). */
export function toScorer(value: unknown): ScorerName | null {
  const text = asText(value).trim().toLowerCase();
  if (text === '') return null;
  if (isScorerName(text)) return text;
  if (['multi_choice', 'multiple-choice', 'multiple_choice', 'choice', 'mc'].includes(text)) return 'mcq';
  if (['integer', 'float', 'number', 'numerical'].includes(text)) return 'numeric';
  if (['yes/no', 'yes_no', 'yn', 'boolean'].includes(text)) return 'yesno';
  if (['free_form', 'open', 'latex', 'expression', 'list'].includes(text)) return 'math';
  return null;
}

/** The fields a preset reads in a file whose first record is `record`. */
export function presetFields(preset: FieldPreset | undefined, record: Record<string, unknown>): Partial<Record<MapTarget, string>> {
  if (!preset) return {};
  return typeof preset.fields === 'function' ? preset.fields(record) : preset.fields;
}

/** A gold stored as a JSON list of single letters (`["a","c"]`) written as the letter set `A, C`; any other gold as it is. */
export function asLetterSet(answer: string): string {
  if (!answer.startsWith('[')) return answer;
  try {
    const items = JSON.parse(answer) as unknown;
    return Array.isArray(items) && items.length > 0 && items.every((item) => typeof item === 'string' && /^[A-Za-z]$/.test(item.trim()))
      ? items.map((item: string) => item.trim().toUpperCase()).join(', ')
      : answer;
  } catch {
    return answer;
  }
}

/** A category cell, a Python list literal (`['inductive']`) written as its items. */
export function toCategory(value: unknown): string | null {
  const parsed = literalValue(value);
  const text = Array.isArray(parsed) ? parsed.map((item) => asText(item)).filter(Boolean).join(', ') : asText(value);
  return text === '' ? null : text;
}
