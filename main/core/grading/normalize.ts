/**
 * String helpers shared by the scorers: bounding the input, peeling LaTeX and
 * markdown wrappers off an answer, and finding the "final answer" span of a
 * free-form response.
 */
import { extractBoxes, matchBrace } from './trace';
import type { SpanSource, AnswerSpan } from './types';

/** Extraction only ever looks at this many trailing characters: bounded time per case. */
export const TAIL_CHARS = 4000;

export function tail(s: string, n = TAIL_CHARS): string {
  return s.length > n ? s.slice(s.length - n) : s;
}

/**
 * The last TAIL_CHARS of a long answer part that ends in words only: a response that states its
 * number and then runs on in prose ("#### 42" and 4,000 characters of commentary) keeps the
 * number in view. The window ends a little after the last digit, found in one backward scan.
 */
export function answerWindow(s: string): string {
  const end = tail(s);
  if (s.length <= TAIL_CHARS || /\d/.test(end)) return end;
  let at = s.length - TAIL_CHARS - 1;
  while (at >= 0 && !(s.charCodeAt(at) >= 48 && s.charCodeAt(at) <= 57)) at--;
  return at < 0 ? end : s.slice(Math.max(0, at + 200 - TAIL_CHARS), at + 200);
}

/** Answer phrases are looked for this far back: far enough for any generation, bounded for a hostile one. */
const PHRASE_WINDOW = 200_000;

/**
 * Collapse runs of white space (keeping line breaks). Every pattern scan
 * goes through this first: patterns with several optional `\s*` in a row
 * backtrack polynomially on long blank runs, and a run of one space cannot.
 */
export function squeeze(s: string): string {
  return s.replace(/[^\S\n]+/g, ' ').replace(/ ?\n[\s]*/g, '\n');
}

/** Words written as LaTeX text (`5\text{ cm}`, `19, 46, \text{ and } 82`): their words, not the command. */
const TEXT_COMMAND = /\\(?:text|textrm|textit|textbf|textnormal|textup|mathrm|mathbf|mbox|operatorname)\s*\{([^{}]*)\}/g;

export function textCommandsToWords(s: string): string {
  return s.replace(TEXT_COMMAND, ' $1 ');
}

const STYLE_COMMANDS = ['text', 'textbf', 'textit', 'textrm', 'mathrm', 'mathbf', 'mathit', 'mbox', 'boxed', 'fbox', 'operatorname'];

/** If the whole of `s` is `\cmd{...}` for one of `commands`, return the inside, else null. */
function unwrapCommand(s: string, commands: readonly string[]): string | null {
  const m = /^\\([a-zA-Z]+)\s*\{/.exec(s);
  if (!m || !commands.includes(m[1]!)) return null;
  const end = matchBrace(s, m[0].length);
  return end === s.length - 1 ? s.slice(m[0].length, end) : null;
}

const PAIRS: Array<[string, string]> = [
  ['$$', '$$'],
  ['$', '$'],
  ['\\(', '\\)'],
  ['\\[', '\\]'],
  ['**', '**'],
  ['__', '__'],
  ['`', '`'],
  ['"', '"'],
  ['“', '”'],
  ["'", "'"],
];

/**
 * Peels wrappers that never change an answer's meaning: $..$, \(..\), \[..\],
 * a whole \boxed{} / \text{} / \mathrm{}, markdown emphasis, quotes, and
 * trailing sentence punctuation. Repeats until nothing changes.
 */
export function unwrapAnswer(input: string): string {
  let s = input.trim();
  for (let guard = 0; guard < 20; guard++) {
    const before = s;
    // Trailing sentence punctuation; a '!' after a digit or bracket is a factorial and stays.
    // "1, 2, 3, ..." goes on: an ellipsis after a comma is part of the answer, not its full stop.
    if (/,\s*(?:\.{3}|…)$/.test(s)) break;
    s = s.replace(/(?:[.。;；！,，]|(?<![\d)}\]])!)+$/u, '').trim();
    for (const [open, close] of PAIRS) {
      if (s.length >= open.length + close.length && s.startsWith(open) && s.endsWith(close)) {
        const inside = s.slice(open.length, s.length - close.length);
        // "$1$ and $2$" is two spans, not one whose inside is "1$ and $2".
        if (open.startsWith('$') && inside.includes('$')) continue;
        s = inside.trim();
      }
    }
    // "[45]", "[45 degrees]": brackets around one value group it (an interval needs two ends).
    const bracketed = /^\[([^,;[\]]+)\]$/.exec(s);
    if (bracketed) s = bracketed[1]!.trim();
    const inner = unwrapCommand(s, STYLE_COMMANDS);
    if (inner !== null) s = inner.trim();
    if (s === before) break;
  }
  return s;
}

/** Phrases after which a model states its final answer. Longest first, so that "final answer is" wins over "answer". */
const ANSWER_PHRASE = new RegExp(
  [
    /(?:final answer|correct answer|correct option|correct choice|best answer|answer)\s*(?:to (?:the|this) question\s*)?(?:is|would be|should be|will be|=|:|：)\s*(?:option|choice)?\s*[:：]?[\s*]*/.source,
    // Models answer questions in the language they were asked: Chinese, French, Spanish, Portuguese, German.
    /(?:最终答案|正确答案|答案)\s*(?:应该是|应为|是|为|:|：)\s*(?:选项)?\s*[:：]?[\s*]*/.source,
    /(?:r[ée]ponse(?: finale)?|respuesta(?: final)?|resposta(?: final)?|antwort)\s*(?:est|es|é|ist|lautet|=|:|：)\s*[\s*]*/.source,
    // GSM8K's final-answer line, "#### 42" (a number alone on its line; "#### 1. Setup" is a heading).
    /####[ \t]*(?=[-+]?\$?\d[\d,.]*[ \t]*\.?[ \t]*(?:\n|$))/.source,
  ].join('|'),
  'gi',
);

/**
 * Text that follows the last "answer is" / "Answer:" phrase, up to the end of
 * that line or sentence; null if no such phrase. Looks at the last PHRASE_WINDOW characters.
 */
export function answerPhrase(text: string): string | null {
  const t = squeeze(tail(text, PHRASE_WINDOW));
  let last: RegExpExecArray | null = null;
  ANSWER_PHRASE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANSWER_PHRASE.exec(t)) !== null) {
    if (m[0].length === 0) ANSWER_PHRASE.lastIndex++;
    else last = m;
  }
  if (!last) return null;
  let rest = t.slice(last.index + last[0].length);
  const nl = rest.search(/\n\s*\n|\n(?=\S)/);
  if (nl >= 0) rest = rest.slice(0, nl);
  // A box inside the phrase ("The answer is \boxed{3}.") decides.
  const boxes = extractBoxes(rest);
  if (boxes.length > 0) return boxes[boxes.length - 1]!;
  // Cut at a sentence end: ". " followed by a capital letter, a '.' at the very end, or "。".
  const stop = rest.search(/\.\s+(?=[A-Z(])|。/);
  if (stop >= 0) rest = rest.slice(0, stop);
  rest = rest.trim();
  return rest === '' ? null : rest;
}

/** The keys a reply written as JSON gives its answer under (`{"pred_gender": "female", "confidence": 0.95}`). */
const ANSWER_KEY = /^(?:final_?answer|answer|pred(?:iction)?(?:_[a-z]+)?|label|choice|option)$/i;

/** A reply that is one JSON object (fenced as ```json or not) with an answer field: that field's value. */
function jsonAnswerField(text: string): string | null {
  if (!/^\s*[{`]/.test(text)) return null; // the grading hot path: most answers are not JSON
  const body = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  if (!body.startsWith('{') || !body.endsWith('}') || body.length > 20_000) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const key = Object.keys(record).find((name) => ANSWER_KEY.test(name) && (typeof record[name] === 'string' || typeof record[name] === 'number'));
  return key === undefined ? null : String(record[key]);
}

/**
 * The span that holds the final answer: the answer part chosen by
 * parseTrace (an <answer> tag or the last box are already short), else the
 * answer field of a reply written as JSON, else the text after the last
 * "answer is" phrase of a longer answer part, else the tail of the answer
 * part itself.
 */
export function finalSpan(answerPart: string, source: SpanSource): AnswerSpan {
  const short = unwrapAnswer(answerPart);
  if (source === 'box' || source === 'empty') return { text: short, source };
  const field = jsonAnswerField(answerPart);
  if (field !== null) return { text: unwrapAnswer(field), source: 'answer field' };
  const phrase = answerPhrase(answerPart);
  if (phrase !== null) return { text: unwrapAnswer(phrase), source: 'answer phrase' };
  if (short.length <= 40 && !short.includes('\n')) return { text: short, source };
  return { text: answerWindow(answerPart).trim(), source };
}
