/**
 * Splits a raw model response into its reasoning part, its answer part and
 * its \boxed{} contents, and checks the training-time format rule.
 * Everything here is a linear scan: responses can be tens of kilobytes.
 */
import type { ThinkSpan } from '../types/records';
import type { ParsedTrace, SpanSource } from './types';

/**
 * FORMAT_RULE — exactly what the seed model's training reward checked:
 *
 *   squeezed = re.sub(r"\s*(<|>|/)\s*", r"\1", response)
 *   re.fullmatch(r"<think>.*</think>.*\\boxed\{.*\}.*", squeezed, re.DOTALL)
 *
 * i.e. after deleting white space around '<', '>' and '/', the whole response
 * must start with <think>, close it, and have a \boxed{...} somewhere after
 * the close (with a '}' somewhere after the '\boxed{').
 *
 * The regex below is that rule, kept for documentation and for callers that
 * want the pattern itself. isFormatCompliant() evaluates the same language
 * with indexOf() instead, because the greedy `.*` pattern backtracks
 * quadratically on long responses.
 */
export const FORMAT_RULE = /^<think>.*<\/think>.*\\boxed\{.*\}.*$/s;

const TAG_CHARS = new Set(['<', '>', '/']);

/**
 * re.sub(r"\s*(<|>|/)\s*", r"\1", s) in one linear pass: a maximal
 * white-space run goes when the character just before or just after it is
 * '<', '>' or '/'. (The regex itself is quadratic on long blank runs.)
 */
export function squeezeTagSpace(s: string): string {
  return s.replace(/\s+/g, (run: string, at: number) =>
    TAG_CHARS.has(s[at - 1] ?? '') || TAG_CHARS.has(s[at + run.length] ?? '') ? '' : run,
  );
}

/**
 * The squeezed tags, read on the raw text: squeezing only deletes white space next to '<', '>'
 * or '/', so a squeezed "<think>" is a raw `<\s*think\s*>` (white space inside "think" stays)
 * after leading blanks, a squeezed "</think>" a raw `<\s*\/\s*think\s*>`, and "\boxed{" and
 * "}" are untouched. Positions keep their order, so the earliest matches correspond.
 */
const SQUEEZED_OPEN = /^\s*<\s*think\s*>/;
const SQUEEZED_CLOSE = /<\s*\/\s*think\s*>/y;

/**
 * The leftmost match of a sticky `tag` pattern (every match starts with '<') from `from`, found by
 * trying it at each '<': indexOf skips a 2 KB trace's text many times faster than a regex walks
 * it character by character (an import grades 100,000 traces; these scans were a tenth of it).
 */
function execAtTag(tag: RegExp, text: string, from = 0): RegExpExecArray | null {
  for (let at = text.indexOf('<', from); at >= 0; at = text.indexOf('<', at + 1)) {
    tag.lastIndex = at;
    const match = tag.exec(text);
    if (match) return match;
  }
  return null;
}

export function isFormatCompliant(raw: string): boolean {
  // Cheap rejections: squeezing never creates "\boxed{" and only drops blanks before a leading '<'.
  if (!raw.includes('\\boxed{') || raw.trimStart()[0] !== '<') return false;
  // Decided on the raw text, without building the squeezed copy of a long trace.
  const open = SQUEEZED_OPEN.exec(raw);
  if (!open) return false;
  // Earliest choices leave the most room for the rest, so they decide the full match.
  const close = execAtTag(SQUEEZED_CLOSE, raw, open[0].length);
  if (!close) return false;
  const box = raw.indexOf('\\boxed{', close.index + close[0].length);
  if (box < 0) return false;
  return raw.indexOf('}', box + '\\boxed{'.length) >= 0;
}

const BOX_COMMAND = /\\(?:boxed|fbox)\s*\{/g;

/** Contents of every \boxed{..} / \fbox{..} in order; braces nest; an unclosed box is ignored. */
export function extractBoxes(text: string): string[] {
  const out: string[] = [];
  BOX_COMMAND.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BOX_COMMAND.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const end = matchBrace(text, start);
    if (end < 0) break; // unclosed: nothing after it can close either
    out.push(text.slice(start, end).trim());
    BOX_COMMAND.lastIndex = end + 1;
  }
  return out;
}

/** Index of the '}' that closes the '{' just before `start`, or -1. Escaped braces (\{ \}) do not count. */
export function matchBrace(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++; // skip the escaped character
    } else if (c === 123 /* { */) {
      depth++;
    } else if (c === 125 /* } */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

const THINK_OPEN = /<\s*(?:think|thinking)\s*>/iy;
const THINK_CLOSE = /<\s*\/\s*(?:think|thinking)\s*>/iy;
const ANSWER_OPEN = /<\s*answer\s*>/gi;
const ANSWER_CLOSE = /<\s*\/\s*answer\s*>/i;

interface ThinkSplit {
  think: string | null;
  closed: boolean;
  /** Text after </think> (whole text when there is no think block; '' when unclosed). */
  post: string;
}

/** The think part's offsets (null when the response has no think block); the split below reads it. */
export function thinkSpan(raw: string): ThinkSpan | null {
  const open = execAtTag(THINK_OPEN, raw);
  const from = open ? open.index + open[0].length : 0;
  const closeMatch = execAtTag(THINK_CLOSE, raw, from);
  if (closeMatch) {
    const closeAt = closeMatch.index;
    // No opening tag but a closing one: chat templates often put <think> in the prompt.
    return { start: from, end: closeAt, closed: true, postStart: closeAt + closeMatch[0].length };
  }
  if (open) return { start: from, end: raw.length, closed: false, postStart: raw.length };
  return null;
}

function splitThink(raw: string): ThinkSplit {
  const span = thinkSpan(raw);
  if (!span) return { think: null, closed: false, post: raw };
  return { think: raw.slice(span.start, span.end), closed: span.closed, post: raw.slice(span.postStart) };
}

/** Content of the last <answer> tag in `text` (to the end of text if that tag is never closed), or null. */
function lastAnswerTag(text: string): string | null {
  let last: RegExpExecArray | null = null;
  ANSWER_OPEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANSWER_OPEN.exec(text)) !== null) last = m;
  if (!last) return null;
  const rest = text.slice(last.index + last[0].length);
  const close = ANSWER_CLOSE.exec(rest);
  return close ? rest.slice(0, close.index) : rest;
}

/** The response after its </think> (the whole response when there is no think block; '' when unclosed). */
export function postThink(raw: string): string {
  return splitThink(ownTurn(raw)).post;
}

/**
 * Chat-template tokens that end the model's turn or start another (ChatML/Qwen, Llama 3,
 * Gemma, Phi, DeepSeek). A server run without its stop tokens writes on past them, often a made-up next
 * user turn ("… is $(7, 6)$. <|im_start|>user …"), and that is not the answer. Llama 2's,
 * Vicuna's and Mistral's `</s>` (LLaVA-1.5 writes "B</s>") only where it ends the text or a new
 * turn follows it: elsewhere it may close a struck-through `<s>…</s>`.
 */
const TURN_BOUNDARY =
  /<\|(?:im_end|im_start|endoftext|end_of_text|eot_id|start_header_id|end|user)\|>|<(?:end_of_turn|start_of_turn)>|<｜end▁of▁sentence｜>|<\/s>(?=\s*(?:$|<s>|\[INST\]|USER:|Human:|###))/;
/** A role header the response may open with ("<|im_start|>assistant"), which is not a boundary. */
const LEADING_ROLE_HEADER = /^\s*(?:<\|im_start\|>\s*assistant|<\|start_header_id\|>\s*assistant\s*<\|end_header_id\|>|<start_of_turn>\s*model)\s*/;

/** The model's own turn: the response up to the first chat-template boundary after any role header. */
export function ownTurn(raw: string): string {
  // Every boundary holds one of these (a cheap test: the pattern itself walks the whole text).
  if (!raw.includes('<|') && !raw.includes('<｜') && !raw.includes('</s>') && !raw.includes('_of_turn>')) return raw;
  const header = LEADING_ROLE_HEADER.exec(raw);
  const from = header ? header[0].length : 0;
  const boundary = TURN_BOUNDARY.exec(raw.slice(from));
  return boundary ? raw.slice(0, from + boundary.index) : raw;
}

/**
 * The last trace parsed: storing a graded answer parses the same text twice (verdict.ts for the
 * think span, grade() for the answer part), and a long trace is worth parsing once. Callers only
 * read the result.
 */
let lastParsed: { raw: string; result: { trace: ParsedTrace; source: SpanSource } } | null = null;

/** parseTrace plus where the answer part came from (used for `reason` texts). */
export function parseTraceDetailed(raw: string): { trace: ParsedTrace; source: SpanSource } {
  if (lastParsed !== null && lastParsed.raw === raw) return lastParsed.result;
  const result = parseTraceUncached(raw);
  lastParsed = { raw, result };
  return result;
}

function parseTraceUncached(response: string): { trace: ParsedTrace; source: SpanSource } {
  // The format rule is the training reward's, read on the whole response; the answer is read in the model's own turn.
  const formatCompliant = isFormatCompliant(response);
  const raw = ownTurn(response);
  const { think, closed, post } = splitThink(raw);
  const boxes = extractBoxes(raw);
  const postBoxes = think === null ? boxes : extractBoxes(post);

  let answer: string;
  let source: SpanSource;
  // A <think> never closed that still holds an <answer> tag: the model wrote its answer and forgot
  // the closing tag (R1-style scorers read the tag anywhere in the response), not a cut-off trace.
  const tag = lastAnswerTag(post) ?? (think !== null && !closed ? lastAnswerTag(think) : null);
  if (tag !== null) [answer, source] = [tag, 'answer tag'];
  else if (postBoxes.length > 0) {
    // Only after several boxes: one box restated by the closing sentence stays the answer.
    const stated = postBoxes.length > 1 ? statedAfterLastBox(think === null ? raw : post) : null;
    [answer, source] = stated !== null ? [stated, 'whole response'] : [postBoxes[postBoxes.length - 1]!, 'box'];
  }
  else if (closed && post.trim() !== '') [answer, source] = [post, 'text after </think>'];
  else if (boxes.length > 0) [answer, source] = [boxes[boxes.length - 1]!, 'box']; // e.g. inside an unclosed <think>
  else if (think !== null && !closed && FINAL_ANSWER_LINE.test(think)) [answer, source] = [FINAL_ANSWER_LINE.exec(think)![1]!, 'answer phrase'];
  else if (think !== null) [answer, source] = ['', 'empty']; // truncated <think>, or nothing after </think>
  else [answer, source] = [raw, 'whole response'];

  const trace: ParsedTrace = {
    think,
    answer: answer.trim(),
    boxes,
    formatCompliant,
    thinkClosed: closed,
  };
  return { trace, source };
}

/**
 * A last line labelled as the final answer ("Final answer: C") inside a <think> never closed: the
 * model answered and forgot the closing tag, as with an <answer> tag there; a trace cut off
 * mid-thought ends on no such line.
 */
const FINAL_ANSWER_LINE = /(?:^|\n)[ \t*#]*final answer\s*\**\s*[:：]\s*\**\s*([^\n]*\S)\s*$/i;

/** "The final answer is", as Minerva's and MATH's few-shot format closes a solution. */
const FINAL_ANSWER_IS = /\bfinal answer is\b/gi;

/**
 * The closing "The final answer is $10,455$." when it comes after the last of several boxes: the
 * boxes were intermediate results of a worked solution (`\boxed{200}`, `\boxed{255}`), and the
 * sentence that says "final answer" is the answer.
 */
function statedAfterLastBox(text: string): string | null {
  const lastBox = Math.max(text.lastIndexOf('\\boxed'), text.lastIndexOf('\\fbox'));
  const brace = lastBox < 0 ? -1 : text.indexOf('{', lastBox);
  const boxEnd = brace < 0 ? -1 : matchBrace(text, brace + 1);
  if (boxEnd < 0) return null;
  FINAL_ANSWER_IS.lastIndex = boxEnd;
  let last: RegExpExecArray | null = null;
  for (let m = FINAL_ANSWER_IS.exec(text); m; m = FINAL_ANSWER_IS.exec(text)) last = m;
  return last ? text.slice(last.index) : null;
}

export function parseTrace(raw: string): ParsedTrace {
  return parseTraceDetailed(raw).trace;
}
