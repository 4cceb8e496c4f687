/**
 * MathVista's own verdict rule (lupantech/MathVista `evaluation/calculate_score.py`), ported line
 * by line: `normalize_extracted_answer` turns the GPT extraction into the answer's form (an
 * option's text, an integer, a float at the problem's precision), then `safe_equal` compares it
 * with the answer. It is deterministic, so an output file whose `extraction` was written but not
 * yet scored (no `prediction`, no `true_false`) gets the verdicts calculate_score.py would write.
 * VLMEvalKit's MathVista rule (`post_check` in vlmevalkit-rules.ts) is another one: it compares
 * option letters with `answer_option` and never matches a text answer.
 */
import { pythonFloat } from './official-rules';

export interface MathvistaProblemFields {
  extraction: unknown;
  choices: unknown;
  question_type: unknown;
  answer_type: unknown;
  precision: unknown;
  answer: unknown;
}

/** Python's repr of a float: the shortest digits that round-trip, fixed between 1e-4 and 1e16, always with a point. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = Math.abs(x).toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const digits = mantissa.replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const shown = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${shown}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  return `${sign}${digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')}.${digits.slice(exponent + 1) || '0'}`;
}

/** Python's str() of a JSON value, as `str(extraction)` prints it. */
function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  // JSON does not keep 2.0 apart from 2; Python's json gives an int for "2", as printed here.
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pythonFloatRepr(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map((item) => (typeof item === 'string' ? `'${item}'` : pythonStr(item))).join(', ')}]`;
  return JSON.stringify(value);
}

/** Python's float() of a value; null where it raises (None, a list, text that is no number). */
function toPythonFloat(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'string' ? pythonFloat(value) : null;
}

/** Python's int() of a float: truncated; null for inf and nan, where it raises. */
function pythonIntText(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const truncated = Math.trunc(value);
  return Math.abs(truncated) < 2 ** 53 ? String(truncated === 0 ? 0 : truncated) : BigInt(truncated).toString();
}

/**
 * Python's round(x, n) for n >= 0: the nearest decimal with n places, an exact tie to the even
 * digit (toFixed breaks ties away from zero, and reads the exact binary value, as Python does).
 */
export function pythonRound(x: number, places: number): number {
  // No fractional digits to round (or more places than toFixed reads): round() changes nothing.
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21 || places > 99) return x;
  const exact = Math.abs(x).toFixed(100);
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + places);
  const tie = /^50*$/.test(tail);
  const kept = exact.slice(0, point + 1 + places).replace(/\.$/, '');
  const lastDigit = Number(kept.replace('.', '').at(-1));
  const magnitude = tie && lastDigit % 2 === 0 ? Number(kept) : Number(Math.abs(x).toFixed(places));
  return x < 0 ? -magnitude : magnitude;
}

/** Levenshtein distance over code points (python-Levenshtein's `distance`). */
function levenshtein(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  let previous = Array.from({ length: right.length + 1 }, (_, j) => j);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    for (let j = 1; j <= right.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (left[i - 1] === right[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[right.length]!;
}

/**
 * `normalize_extracted_answer(extraction, choices, question_type, answer_type, precision)`:
 * the prediction calculate_score.py writes, null for its None; undefined where the script
 * itself would stop (a multiple-choice problem without choices).
 */
export function mathvistaNormalize(problem: MathvistaProblemFields): unknown {
  const { extraction, choices, precision } = problem;
  if (problem.question_type === 'multi_choice') {
    if (!Array.isArray(choices) || choices.length === 0) return undefined;
    let text = typeof extraction === 'string' ? extraction.trim() : pythonStr(extraction);
    // "(A) text" -> "A"
    const letter = /\(([a-zA-Z])\)/.exec(text)?.[1];
    if (letter) text = letter.toUpperCase();
    const options = choices.map((_, i) => String.fromCharCode(65 + i));
    const at = options.indexOf(text);
    if (at >= 0) return choices[at];
    // The most similar option (the first of the closest, as `distances.index(min(distances))`).
    const distances = choices.map((choice) => levenshtein(text, pythonStr(choice)));
    return choices[distances.indexOf(Math.min(...distances))];
  }
  if (problem.answer_type === 'integer') {
    const value = toPythonFloat(extraction);
    return value === null ? null : pythonIntText(value);
  }
  if (problem.answer_type === 'float') {
    const value = toPythonFloat(extraction);
    const places = typeof precision === 'number' ? Math.trunc(precision) : typeof precision === 'string' && /^\s*[+-]?\d+\s*$/.test(precision) ? Number(precision) : null;
    // int(None) raises, so a float answer without a precision is None; no MathVista precision is negative.
    if (value === null || places === null || places < 0) return null;
    return pythonFloatRepr(pythonRound(value, places));
  }
  if (problem.answer_type === 'list') return pythonStr(extraction);
  // Other answer types never reach here in MathVista; the script's older versions return the extraction as it is.
  return extraction;
}

/** `safe_equal(prediction, answer)`: Python's ==, where numbers equal numbers and text equals text. */
function safeEqual(prediction: unknown, answer: unknown): boolean {
  if (typeof prediction === 'number' || typeof prediction === 'boolean') return (typeof answer === 'number' || typeof answer === 'boolean') && Number(prediction) === Number(answer);
  if (prediction === null || typeof prediction !== 'object') return prediction === answer;
  return JSON.stringify(prediction) === JSON.stringify(answer);
}

/** The verdict and prediction calculate_score.py writes for a problem (`true_false`, `prediction`); null where it would stop. */
export function mathvistaOfficialVerdict(problem: MathvistaProblemFields): { correct: boolean; prediction: string | null } | null {
  const prediction = mathvistaNormalize(problem);
  if (prediction === undefined) return null;
  return { correct: safeEqual(prediction, problem.answer), prediction: prediction === null ? null : pythonStr(prediction) };
}
