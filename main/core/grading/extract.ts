/**
 * Answer extraction for the math verifier, applied alike to the prediction
 * and to the gold (a gold may be a whole worked solution with its \boxed{}
 * inside). By priority:
 *   1. \boxed{} — the last one, or all of them when they close the text
 *      side by side ("\boxed{1}, \boxed{2}": several answers);
 *   2. a final-answer phrase ("The answer is …", "Final Answer: …");
 *   3. the span itself when it is short math;
 *   4. inside prose: what follows the last "is"/"=", the last LaTeX
 *      ($…$, \(…\), \[…\], $$…$$), the last expression of the last line.
 * Each candidate says where it came from, for the verdict's reason.
 */
import { collapseDoubledBackslashes, splitTopLevel } from './latex';
import { answerPhrase, unwrapAnswer } from './normalize';
import { findNumbers } from './numbers';
import { matchBrace } from './trace';

export interface Extracted {
  text: string;
  via: string;
}

const BOX = /\\(?:boxed|fbox)\s*\{/g;

interface Box {
  content: string;
  start: number;
  end: number;
}

function boxesWithPositions(text: string): Box[] {
  const out: Box[] = [];
  BOX.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BOX.exec(text)) !== null) {
    const open = m.index + m[0].length;
    const close = matchBrace(text, open);
    if (close < 0) break;
    out.push({ content: text.slice(open, close).trim(), start: m.index, end: close + 1 });
    BOX.lastIndex = close + 1;
  }
  return out;
}

/** What may stand between boxes that list several answers: commas, "and", "or", math delimiters, spacing. */
const LIST_GAP = /^(?:[\s,;$]|\\q?quad|\\[,;: ()])*(?:(?:and|or|\\text\s*\{\s*(?:and|or)\s*\}|&)(?:[\s,;$]|\\q?quad|\\[,;: ()])*)?$/;

/** The last box, or the last run of boxes separated only by commas/"and" (several answers). */
export function finalBoxes(text: string): string[] {
  const boxes = boxesWithPositions(text);
  if (boxes.length === 0) return [];
  let first = boxes.length - 1;
  while (first > 0 && LIST_GAP.test(text.slice(boxes[first - 1]!.end, boxes[first]!.start))) first--;
  const run = [...new Set(boxes.slice(first).map((b) => b.content))];
  return run;
}

/**
 * Words: letters of any alphabet standing alone ("réponse", not the "xy" of "2xy"), or runs of
 * Chinese, Japanese or Korean characters (written against the digits: "比例为13/28").
 */
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]{2,}|(?<![\p{L}\p{N}_])\p{L}{2,}(?![\p{L}\p{N}_])/gu;

/** Two or more words of prose (not units or "and"/"or" between answers; with `namesAreMath`, not capitals alone). */
function hasProse(s: string, namesAreMath = false): boolean {
  const bare = s.replace(/(?<!\\)\$(?:\\[\s\S]|[^$\\])*\$|\\[a-zA-Z]+(?:\s*\{[^{}]*\})?/g, ' ');
  // A run of Chinese characters counts a word per two characters (a unit such as 分钟 is one).
  const count = (word: string): number => (/\p{Script=Han}/u.test(word) ? Math.ceil(word.length / 2) : 1);
  const words = (bare.match(WORD) ?? []).filter((w) => !/^(?:and|or)$/i.test(w) && !(namesAreMath && /^[A-Z]+$/.test(w)));
  return words.reduce((sum, w) => sum + count(w), 0) >= 2;
}

// A `\$` (an escaped dollar: a currency sign) neither opens nor closes a span: "$ 5 \$ = \frac{10}{9} $" is one.
const LATEX_SEGMENT = /(?<!\\)\$\$((?:\\[\s\S]|[^$\\])+)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|(?<!\\)\$((?:\\[\s\S]|[^$\\])+)\$/g;

function lastLatexSegment(s: string): string | null {
  let last: string | null = null;
  LATEX_SEGMENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LATEX_SEGMENT.exec(s)) !== null) last = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim();
  return last === '' ? null : last;
}

/** The one LaTeX segment of a text whose rest holds no number (so no other candidate answer). */
function soleLatexSegment(s: string): string | null {
  const segments = [...s.matchAll(LATEX_SEGMENT)];
  if (segments.length !== 1) return null;
  const outside = s.replace(segments[0]![0], ' ');
  if (/\d/.test(outside)) return null;
  const inside = (segments[0]![1] ?? segments[0]![2] ?? segments[0]![3] ?? segments[0]![4] ?? '').trim();
  return inside === '' ? null : inside;
}

/** "The largest $n$ is 34" -> "34": the words after the last copula or "=". */
function afterCopula(s: string): string | null {
  const m = /^.*(?:\bis|\bare|\bequals|\bbe|=)\s+(?:approximately\s+|about\s+|equal to\s+)?(.+)$/is.exec(s);
  if (!m) return null;
  const rest = m[1]!.trim();
  return rest === '' || hasProse(rest) ? null : rest;
}

/**
 * The math answer of a longer span with no box, tag or "answer is" phrase:
 * the value after the last '=' of its last line, else its last number.
 */
export function lastExpression(text: string): string | null {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  const parts = splitTopLevel(last, /^=$/);
  const afterEquals = parts[parts.length - 1]!;
  // After "=", capitals alone name points and segments ("AF = √(AB^2 + BD^2)"): math, not words.
  if (parts.length > 1 && afterEquals.length <= 40 && !hasProse(afterEquals, true)) return afterEquals.replace(/[.。]$/, '');
  const nums = findNumbers(last.length > 0 ? last : text);
  if (nums.length > 0) return nums[nums.length - 1]!.raw;
  const all = findNumbers(text);
  return all.length > 0 ? all[all.length - 1]!.raw : null;
}

/** A value after one word and a colon (not a function's name: "sin: 30" is no label). */
const LABELLED_VALUE = /^(?!(?:sin|cos|tan|cot|sec|csc|log|ln|exp|sqrt|max|min|lim|det|mod)\b)\p{L}{2,}\s*[:：]\s*(\S.*)$/u;

/** Short enough to be an answer rather than a worked text. */
const SHORT = 60;

/**
 * Answer candidates of a text (a prediction's final span or a gold), best first, without
 * duplicates. A gold of one line of math is the answer whatever its length (an interval union
 * of 80 characters is not reduced to its last number); a prediction that long is a worked line.
 */
export function extractAnswers(input: string, where: string, isGold = false): Extracted[] {
  const text = collapseDoubledBackslashes(input).trim(); // repair first: trim() eats a form feed that was "\\f"
  const out: Extracted[] = [];
  const push = (t: string | null, via: string) => {
    const u = t === null ? '' : unwrapAnswer(t);
    if (u !== '' && !out.some((o) => o.text === u)) out.push({ text: u, via });
  };
  const boxes = finalBoxes(text);
  if (boxes.length > 0) {
    push(boxes.join(', '), boxes.length > 1 ? `boxes of ${where}` : `box of ${where}`);
    return out;
  }
  const phrase = answerPhrase(text);
  const body = phrase !== null ? unwrapAnswer(phrase) : unwrapAnswer(text);
  const via = phrase !== null ? `answer phrase of ${where}` : where;
  // Inside one math span, capitals are names ("$AB=4,CD=5$"), not words.
  const prose = hasProse(body, /^(?:\$[^$]+\$|\\\([\s\S]+\\\)|\\\[[\s\S]+\\\])$/.test(phrase ?? text));
  // One LaTeX environment (a matrix) is one answer, however long.
  const oneEnvironment = /^\\begin\{(\w+\*?)\}[\s\S]*\\end\{\1\}$/.test(body);
  if (!prose && (body.length <= SHORT || phrase !== null || isGold || oneEnvironment) && (!body.includes('\n') || oneEnvironment)) {
    push(body, via);
    // "Answer $9$", "Answer \(9+1\)": one word around one piece of math; the math is the answer.
    const math = soleLatexSegment(body);
    if (math !== null) push(math, `LaTeX of ${via}`);
    // "Cost: 2.74", "Total：12": one word labels the value (two words are prose, read below).
    const labelled = LABELLED_VALUE.exec(body);
    if (labelled) push(labelled[1]!, `value after "${body.slice(0, body.length - labelled[1]!.length).trim()}" in ${via}`);
    return out;
  }
  // A long line of math alone (an interval union, a tuple of formulas) is tried whole first.
  if (!prose && !body.includes('\n')) push(body, via);
  if (prose && body.length <= 200) push(afterCopula(body), `${via}, after "is"`);
  if (prose && (phrase !== null || where === 'answer phrase')) {
    // After "the answer is", the math it introduces comes first ("we get $\frac{12}{5}$ for the
    // area", "220 $ … d'ici 12 mois"): the sentence's later numbers are its reasons, and each
    // candidate could make the answer right.
    LATEX_SEGMENT.lastIndex = 0;
    const latex = LATEX_SEGMENT.exec(body);
    push(latex ? (latex[1] ?? latex[2] ?? latex[3] ?? latex[4] ?? '').trim() : null, `first LaTeX of ${via}`);
    if (!latex) push(findNumbers(body.slice(0, 1000))[0]?.raw ?? null, `${via}, first number`);
    return out;
  }
  // Only the end of the last line: bounded time on a long unbroken line.
  const lastLine = (body.split('\n').filter((l) => l.trim() !== '').pop() ?? '').slice(-500);
  push(lastLatexSegment(lastLine), `last LaTeX of ${via}`);
  push(lastExpression(body), `last expression of ${via}`);
  return out;
}
