/**
 * The benchmarks' own per-sample rules, ported line by line, for result files that keep only an
 * aggregate and no per-sample verdict. Applying the official rule to the official prediction is
 * how such a file's official verdicts are recovered; they are stored as official, not as ours.
 */
import { pythonListItems } from '../util/python-literal';

/** Python's float() for the cells these rules see: decimal, exponent, inf/nan, surrounding spaces. */
export function pythonFloat(text: string): number | null {
  if (/^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(text)) return Number(text.trim());
  const special = /^\s*([+-]?)(inf|infinity|nan)\s*$/i.exec(text);
  if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  return null;
}

/** VLMEvalKit `relaxed_correctness` (ChartQA): 5% relative tolerance for numbers, else exact (case-insensitive). */
export function vlmevalkitRelaxedCorrectness(target: string, prediction: string): boolean {
  const toFloat = (text: string): number | null => {
    if (text.endsWith('%')) {
      const value = pythonFloat(text.replace(/%+$/, ''));
      return value === null ? null : value / 100;
    }
    return pythonFloat(text);
  };
  const predictionFloat = toFloat(prediction);
  const targetFloat = toFloat(target);
  if (predictionFloat !== null && targetFloat) return Math.abs(predictionFloat - targetFloat) / Math.abs(targetFloat) <= 0.05;
  return prediction.toLowerCase() === target.toLowerCase();
}

/**
 * VLMEvalKit's `toliststr` on an answer cell: a Python list literal becomes its members as str()
 * prints them (compared as floats when numeric, so 1.0 printed as "1" decides the same way).
 */
export function vlmevalkitAnswers(answer: string): string[] {
  return pythonListItems(answer) ?? [answer];
}

/** ChartQA's official verdict for one prediction (VLMEvalKit `process_line` with relaxed_accuracy). */
export function chartqaOfficialCorrect(answer: string, prediction: string): boolean {
  const stripped = prediction.trim();
  return vlmevalkitAnswers(answer).some((target) => vlmevalkitRelaxedCorrectness(target, stripped));
}

/** MMMU `normalize_str`: numbers become floats rounded to 2 places; one-letter strings are padded. */
function mmmuNormalize(value: string): Array<string | number> {
  const text = value.trim();
  const number = pythonFloat(text.replaceAll(',', ''));
  if (number !== null && !Number.isNaN(number)) return [Math.round(number * 100) / 100];
  const lower = text.toLowerCase();
  return lower.length === 1 ? [` ${lower}`, `${lower} `] : [lower];
}

/** MMMU `eval_multi_choice`: exact equality with the gold letter (or any of a gold list). */
export function mmmuMultiChoiceCorrect(gold: unknown, prediction: unknown): boolean {
  return Array.isArray(gold) ? gold.some((answer) => answer === prediction) : gold === prediction;
}

/** MMMU `eval_open`: a normalised gold string inside a predicted string, or an equal number. */
export function mmmuOpenCorrect(gold: unknown, prediction: unknown): boolean {
  const golds = (Array.isArray(gold) ? gold : [gold]).flatMap((answer) => mmmuNormalize(String(answer)));
  // The parsed prediction is a list of normalised candidates. Python's `for pred in pred_i` walks a
  // bare string character by character (lmms-eval passes one), so it does here too.
  const predictions: unknown[] = Array.isArray(prediction) ? prediction : typeof prediction === 'string' ? [...prediction] : [prediction];
  for (const candidate of predictions) {
    if (typeof candidate === 'string') {
      if (golds.some((answer) => typeof answer === 'string' && candidate.includes(answer))) return true;
    } else if (typeof candidate === 'number' && golds.includes(candidate)) return true;
  }
  return false;
}

/** MMMU `extract_numbers`: numbers with thousands commas, in scientific notation, and plain. */
function mmmuExtractNumbers(text: string): string[] {
  const commas = text.match(/-?\b\d{1,3}(?:,\d{3})+\b/g) ?? [];
  const scientific = text.match(/-?\d+(?:\.\d+)?[eE][+-]?\d+/g) ?? [];
  const simple = text.match(/-?(?:\d+\.\d+|\.\d+|\d+)(?![eE][+-]?\d+)(?![,\d])/g) ?? [];
  return [...commas, ...scientific, ...simple];
}

/** Python's str.strip(chars) for a set of characters. */
function stripChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start]!)) start++;
  while (end > start && chars.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/**
 * MMMU `parse_open_response`, which `main_eval_only.py` applies to every open answer before
 * `eval_open`: the tails after "is", "so", "answer", … (and "=" in the last sentence), plus the
 * numbers in them, normalised (numbers become floats rounded to 2 places, so "60.0" equals "60").
 */
export function mmmuParseOpenResponse(response: string): Array<string | number> {
  const lowered = stripChars(response.trim(), '.').toLowerCase();
  const subResponses = lowered.split(/\.\s(?=[A-Z])|\n/);
  const indicators = ['could be ', 'so ', 'is ', 'thus ', 'therefore ', 'final ', 'answer ', 'result '];
  const keys: string[] = [];
  subResponses.forEach((part, index) => {
    if (index === subResponses.length - 1) indicators.push('=');
    let shortest: string | null = null;
    for (const indicator of indicators) {
      if (!part.includes(indicator)) continue;
      const tail = part.split(indicator).at(-1)!.trim();
      // Python: `if not shortest` (None or '') takes the tail, else only a strictly shorter one.
      if (!shortest || tail.length < shortest.length) shortest = tail;
    }
    if (shortest && ![':', ',', '.', '!', '?', ';', "'"].includes(shortest.trim())) keys.push(shortest);
  });
  const candidates = keys.length > 0 ? keys : [lowered];
  const all = [...candidates, ...candidates.flatMap(mmmuExtractNumbers)];
  const normalised = all.flatMap((item) => mmmuNormalize(item));
  return [...new Set(normalised)];
}
