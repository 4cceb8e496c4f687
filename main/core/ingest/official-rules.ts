/**
 * The benchmarks' own per-sample rules, ported line by line, for result files that keep only an
 * aggregate and no per-sample verdict. Applying the official rule to the official prediction is
 * how such a file's official verdicts are recovered; they are stored as official, not as ours.
 */
import { tryParseContainer } from './python-literal';

/** Python's float() for the cells these rules see: decimal, exponent, inf/nan, surrounding spaces. */
function pythonFloat(text: string): number | null {
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

/** VLMEvalKit's `toliststr` on an answer cell: a Python list literal becomes its members as str() prints them. */
export function vlmevalkitAnswers(answer: string): string[] {
  const parsed = tryParseContainer(answer);
  if (!Array.isArray(parsed)) return [answer];
  // Members are compared as floats when numeric, so 1.0 printed as "1" decides the same way.
  return parsed.map((item) => String(item));
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
  // The parsed prediction is a list of normalised candidates; a bare string is one candidate.
  const predictions = Array.isArray(prediction) ? prediction : [prediction];
  for (const candidate of predictions) {
    if (typeof candidate === 'string') {
      if (golds.some((answer) => typeof answer === 'string' && candidate.includes(answer))) return true;
    } else if (typeof candidate === 'number' && golds.includes(candidate)) return true;
  }
  return false;
}
