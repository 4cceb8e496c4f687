/**
 * VLMEvalKit's own per-sample rules, ported line by line from `vlmeval/dataset/utils/`, for
 * files that keep no per-sample verdict (or keep the judge's extraction but not its verdict, as
 * MathVista's `_gpt-4o-mini.xlsx` does). Their results are stored as official, never as ours.
 */
import { normalizeVqa } from '../grading/vqa';
import { vlmevalkitAnswers } from './official-rules';

/** `can_infer_option`: exactly one option letter among the words of the answer. */
function canInferOption(answer: string, choices: Record<string, string>): string | false {
  if (answer.includes('Failed to obtain answer via API')) return false;
  const refusals = ["Sorry, I can't help with images of people yet.", "I can't process this file.", "I'm sorry, but without the image provided", 'Cannot determine the answer'];
  if (refusals.some((text) => answer.includes(text))) return 'Z';
  let modified = answer;
  for (const c of '.()[],:;!*#{}') modified = modified.split(c).join(' ');
  const splits = modified.split(/\s+/).map((word) => word.trim()).filter((word) => word !== '');
  const count = Object.keys(choices).filter((letter) => splits.includes(letter)).length;
  if (count === 1) {
    for (const letter of Object.keys(choices)) if (splits.includes(letter)) return letter;
  } else if (count === 0 && splits.includes('Z')) return 'Z';
  return false;
}

/** `can_infer_text`: exactly one option's text inside the answer (case-insensitive). */
function canInferText(answer: string, choices: Record<string, string>): string | false {
  const lower = answer.toLowerCase();
  const candidates = Object.keys(choices).filter((letter) => lower.includes(String(choices[letter]).toLowerCase()));
  return candidates.length === 1 ? candidates[0]! : false;
}

/** VLMEvalKit `can_infer`: the option letter an answer names, or false. */
export function canInfer(answer: string, choices: Record<string, string>): string | false {
  return canInferOption(answer, choices) || canInferText(answer, choices);
}

/** Python's int() of a cell: an int-valued number, or a string of digits (surrounding spaces allowed). */
function pythonInt(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  const text = String(value ?? '');
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number(text.trim()) : null;
}

function pythonFloat(value: unknown): number | null {
  if (typeof value === 'number') return value;
  const text = String(value ?? '').trim();
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) ? Number(text) : null;
}

export interface MathvistaLine {
  questionType: string;
  answerType: string;
  answer: unknown;
  answerOption: unknown;
  /** Letter -> option text (`list_to_dict(eval(choices))`). */
  choices: Record<string, string> | null;
  /** The judge's extraction (`res`). */
  res: unknown;
}

/**
 * VLMEvalKit `post_check(line, prefetch=False)` (MathVista): multiple-choice answers are the
 * option `can_infer` finds in the judge's extraction, compared with `answer_option`; integers and
 * floats compare as numbers; text answers compare `str(None)` with the answer, so they never
 * match (a quirk of the official code, kept: it is what `_score.csv` counts).
 */
export function mathvistaPostCheck(line: MathvistaLine): boolean {
  const response = line.res === null || line.res === undefined ? 'nan' : String(line.res);
  if (line.questionType === 'multi_choice') {
    if (!line.choices) return false;
    const picked = canInfer(response, { ...line.choices });
    return picked !== false && picked === String(line.answerOption ?? '');
  }
  if (line.answerType === 'integer') {
    const predicted = pythonInt(line.res);
    const gold = pythonInt(line.answer);
    return predicted !== null && gold !== null && predicted === gold;
  }
  if (line.answerType === 'float') {
    const predicted = pythonFloat(line.res);
    const gold = pythonFloat(line.answer);
    return predicted !== null && gold !== null && predicted === gold;
  }
  return false;
}

/**
 * VLMEvalKit `process_line(method='vqa_score')` (TextVQA, OCRVQA): for each of the gold answers,
 * min(1, matches among the *other* answers / 3); the sample's score is their mean.
 */
export function vqaScore(answerCell: string, prediction: string): number {
  const golds = vlmevalkitAnswers(answerCell).map(normalizeVqa);
  const predicted = normalizeVqa(prediction);
  if (golds.length === 0) return 0;
  let sum = 0;
  golds.forEach((_, at) => {
    const matches = golds.filter((gold, other) => other !== at && gold === predicted).length;
    sum += Math.min(1, matches / 3);
  });
  return sum / golds.length;
}

/** VLMEvalKit `OCRBench_eval`: any gold answer a substring of the prediction (spaces dropped for handwritten maths). */
export function ocrbenchHit(answerCell: string, prediction: string, category: string): boolean {
  const answers = vlmevalkitAnswers(answerCell);
  if (category === 'Handwritten Mathematical Expression Recognition') {
    const squeezed = prediction.trim().replaceAll('\n', ' ').replaceAll(' ', '');
    return answers.some((answer) => squeezed.includes(answer.trim().replaceAll('\n', ' ').replaceAll(' ', '')));
  }
  const lower = prediction.toLowerCase().trim().replaceAll('\n', ' ');
  return answers.some((answer) => lower.includes(answer.toLowerCase().trim().replaceAll('\n', ' ')));
}

/**
 * VLMEvalKit `MTVQA_eval`: the gold answer, as written and lower-cased, inside the prediction
 * lower-cased with its full stops removed. (The answer keeps its own full stops, so an answer
 * with one never matches: the official code's quirk, kept, since its `_acc.csv` counts it so.)
 */
export function mtvqaHit(answer: string, prediction: string): boolean {
  return prediction.trim().toLowerCase().replaceAll('.', '').includes(answer.trim().toLowerCase());
}
