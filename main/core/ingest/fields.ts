/**
 * Reading fields out of source records: dotted paths (`doc.question`, `choices.0`), the
 * `--map TARGET=SOURCE` option, and turning cell values (Python literals, lists, dicts) into
 * the shapes the store keeps.
 */
import { isScorerName } from '../grading/scorer-names';
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

/** A field name as compared across spellings: any case, spaces and hyphens as underscores. */
const plainName = (key: string): string => key.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** The record's own spelling of a field (`Ground truth` for `ground_truth`), or undefined; `skip` are not candidates. */
export function keyOf(record: Record<string, unknown>, name: string, skip?: ReadonlySet<string>): string | undefined {
  const wanted = plainName(name);
  return Object.keys(record).find((key) => !skip?.has(key) && plainName(key) === wanted);
}

/** Field names tried, in order, for each target when no --map names one. */
export const DEFAULT_SOURCES: Record<MapTarget, readonly string[]> = {
  id: ['id', 'index', 'pid', 'question_id', 'qid', 'sample_id', 'uid', 'doc_id', 'data_id', 'idx', 'problem_id'],
  // `input`/`output`/`gts`: verl's validation dumps; `prompt`/`predict`/`label`: LLaMA-Factory's
  // generated_predictions.jsonl; `response`/`labels`: ms-swift's inference results.
  question: ['question', 'query', 'problem', 'prompt', 'text', 'instruction', 'input'],
  choices: ['choices', 'options', 'option', 'candidates', 'answer_choices'],
  // `final_answer` before `solution`: OlympiadBench's `solution` is the worked proof, its `final_answer` the answer.
  answer: ['answer', 'gt', 'ground_truth', 'gt_answer', 'final_answer', 'solution', 'label', 'target', 'answers', 'gts', 'labels', 'groundtruth', 'true_response', 'gold', 'standard_answer'],
  answer_type: ['answer_type', 'scorer'],
  prediction: ['prediction', 'response', 'response_text', 'output', 'model_output', 'pred', 'generation', 'completion', 'model_answer_raw', 'predict', 'predicted_response', 'pred_answer', 'model_response', 'model_prediction'],
  thinking: ['thinking', 'reasoning', 'reasoning_content'],
  // `match?`: LogicVista's results table.
  correct: ['correct', 'is_correct', 'hit', 'true_false', 'judge', 'score_official', 'match?', 'is_match'],
  extracted: ['extracted', 'extraction', 'extracted_answer', 'model_answer', 'parsed_pred', 'parsed_ans'],
  image: ['image', 'images', 'decoded_image', 'image_path', 'img', 'img_path', 'image_file'],
  category: ['category', 'subject', 'task', 'type', 'question_type'],
  model: ['model', 'model_name', 'model_id'],
};


/**
 * Options written into the question text, as MathVista's queries and LLaVA's prompts carry them
 * ("Choices:\n(A) 135°\n(B) 140°", "A. chiasmus\nB. apostrophe"): the last run of two or more
 * lines lettered A, B, C… in order; else options written on one line, as LogicVista's questions
 * end ("Select from A, B and C. (A) True (B)False (C)Insufficient Information"); null where there is none.
 */
export function choicesInQuestion(question: string): Record<string, string> | null {
  return choicesOnLines(question) ?? choicesInline(question);
}

/** The last run of `(A) … (B) … (C) …` on one line, lettered in order from A, each option short. */
function choicesInline(question: string): Record<string, string> | null {
  const markers = [...question.matchAll(/\(([A-J])\)/g)];
  const start = markers.findLastIndex((marker, i) => marker[1] === 'A' && markers[i + 1]?.[1] === 'B');
  if (start < 0) return null;
  const run: RegExpMatchArray[] = [];
  for (const marker of markers.slice(start)) if (marker[1] === 'ABCDEFGHIJ'[run.length]) run.push(marker);
  const options = run.map((marker, i): [string, string] => {
    const end = run[i + 1]?.index ?? question.length;
    return [marker[1]!, question.slice(marker.index! + marker[0].length, end).trim().replace(/[.;,]$/, '').trim()];
  });
  if (options.some(([, text]) => text === '' || text.length > 200 || text.includes('\n'))) return null;
  return Object.fromEntries(options);
}

/** Options read from a question's text, kept only where the gold names one (its letter or its text). */
export function optionsNamedByGold(options: Record<string, string> | null, gold: string): Record<string, string> | null {
  if (!options) return null;
  const g = gold.trim().toLowerCase();
  return Object.entries(options).some(([letter, text]) => letter.toLowerCase() === g || text.trim().toLowerCase() === g) ? options : null;
}

function choicesOnLines(question: string): Record<string, string> | null {
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
  if (typeof parsed === 'string') return lettersInText(parsed);
  return null;
}

/** Options written as one string, `A. 3, 5, 4; B. 3, 50, 40; …` (We-Math's `option`): two or more, lettered in order from A. */
function lettersInText(text: string): Record<string, string> | null {
  const parts = text.split(/;\s*(?=[A-Z][.)：:]\s)/);
  if (parts.length < 2) return null;
  const options: Array<[string, string]> = [];
  for (const [index, part] of parts.entries()) {
    const match = /^\s*([A-Z])[.)：:]\s+([\s\S]*?)\s*$/.exec(part);
    if (!match || match[1] !== LETTERS[index]) return null;
    options.push([match[1]!, match[2]!.replace(/\.$/, '')]);
  }
  return Object.fromEntries(options);
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
