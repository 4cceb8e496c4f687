/**
 * Multiple-choice scorer: finds which option letter(s) a response commits
 * to, in the many ways models write it, and compares with the gold letter
 * (or the gold option text).
 */
import { parseNumber } from './numbers';
import { tail, unwrapAnswer } from './normalize';
import type { ScoreContext, ScoreOutcome } from './types';

export interface ChoicePick {
  /** Letters the response commits to; more than one means it hedged. */
  letters: string[];
  /** Which rule found them, for the reason text. */
  via: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Normalise choices to [letter, text] pairs in letter order. */
export function normalizeChoices(choices: Record<string, string> | string[] | null | undefined): Array<[string, string]> {
  if (!choices) return [];
  if (Array.isArray(choices)) return choices.slice(0, LETTERS.length).map((t, i) => [LETTERS[i]!, String(t)]);
  return Object.entries(choices)
    .filter(([k, v]) => /^[A-Za-z]$/.test(k.trim()) && v !== null && v !== undefined && String(v).trim() !== '')
    .map(([k, v]): [string, string] => [k.trim().toUpperCase(), String(v)])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

/** Text of an option or answer reduced to what matters for "same option text". */
export function normalizeOptionText(s: string): string {
  return unwrapAnswer(s)
    .toLowerCase()
    .replace(/\s*(?:\^\s*\{?\s*\\circ\s*\}?|°)/g, '°')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[("'\s]+|[)"'.\s]+$/g, '')
    .trim();
}

function sameOptionText(a: string, b: string): boolean {
  const na = normalizeOptionText(a);
  const nb = normalizeOptionText(b);
  if (na === '' || nb === '') return false;
  if (na === nb) return true;
  // "145" vs "145°", "0.50" vs "0.5": equal numbers are the same option.
  const pa = parseNumber(na);
  const pb = parseNumber(nb);
  return pa !== null && pb !== null && pa.percent === pb.percent && Math.abs(pa.value - pb.value) <= 1e-9 * Math.max(1, Math.abs(pb.value));
}

/** Remove decoration around a bare letter answer: "Answer: (B).", "**B**", "[B]", "Option B". */
function stripDecoration(s: string): string {
  return s
    .replace(/[*#_`]/g, '')
    .replace(/^(?:the\s+)?(?:final\s+|correct\s+)?(?:answer|option|choice)\s*(?:is|:|：)?\s*/i, '')
    .replace(/^(?:option|choice)\s+/i, '')
    .replace(/^\[([A-Za-z])\]$/, '$1')
    .replace(/[.。:：;,!]+$/, '')
    .trim();
}

const SINGLE = /^\(?([A-Za-z])\)?$/;
const LIST = /^\(?([A-Z])\)?(?:\s*(?:,|、|;|\/|&|\+|\band\b|\bor\b)\s*\(?[A-Z]\)?)+$/;
const LIST_LETTER = /\(?([A-Z])\)?/g;

/** The whole span is a letter ("B", "(b)", "B.") or a list of letters ("A, C", "A and C"). */
function letterOnly(span: string, valid: Set<string>): ChoicePick | null {
  const s = stripDecoration(span);
  const single = SINGLE.exec(s);
  if (single) {
    const l = single[1]!.toUpperCase();
    return valid.has(l) ? { letters: [l], via: 'bare letter' } : null;
  }
  if (LIST.test(s)) {
    const letters = [...new Set([...s.matchAll(LIST_LETTER)].map((m) => m[1]!))];
    if (letters.every((l) => valid.has(l))) return { letters, via: 'list of letters' };
  }
  return null;
}

const LEADING = /^\(?([A-Z])\)?\s*(?:[.:：)\]]|\n|$)/;
const LEADING_PAREN = /^\(([A-Z])\)/;

/** "B. The cat", "(C) 145°", "A) text", "B\nbecause…" */
function leadingLetter(span: string, valid: Set<string>): ChoicePick | null {
  const s = span.replace(/^[*#\s]+/, '');
  const m = LEADING.exec(s) ?? LEADING_PAREN.exec(s);
  if (m && valid.has(m[1]!)) return { letters: [m[1]!], via: 'leading letter' };
  return null;
}

function optionText(span: string, choices: Array<[string, string]>): ChoicePick | null {
  const hits = choices.filter(([, text]) => sameOptionText(span, text)).map(([l]) => l);
  return hits.length === 1 ? { letters: hits, via: 'option text' } : null;
}

/** "The answer is (B)", "Answer: B", "the correct option is B", "**Answer:** C". */
const PHRASE =
  /(?:final answer|correct answer|right answer|best answer|correct option|right option|best option|correct choice|answer)\s*(?:is|would be|should be|will be|:|：|=|-)?\s*(?:option|choice)?\s*[:：]?\s*\**\s*([([]?)([A-Za-z])([)\].:,]?)(?![A-Za-z0-9])/gi;
const CONTINUATION = /^\s*(?:,|、|\/|&|\band\b|\bor\b)\s*\(?([A-Z])\)?(?![A-Za-z0-9])/;

function phraseLetters(text: string, valid: Set<string>): ChoicePick | null {
  const t = tail(text);
  let found: ChoicePick | null = null;
  PHRASE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PHRASE.exec(t)) !== null) {
    const [, open, raw, close] = m as unknown as [string, string, string, string];
    const after = t.slice(m.index + m[0].length);
    // A lower-case letter is only a letter when set apart: "(b)", "b." or at the end; not "a triangle".
    if (raw === raw.toLowerCase() && open === '' && close === '' && !/^[ \t]*(?:\n|$)/.test(after)) continue;
    const letter = raw.toUpperCase();
    if (!valid.has(letter)) continue;
    const letters = [letter];
    let rest = after;
    for (let c = CONTINUATION.exec(rest); c; c = CONTINUATION.exec(rest)) {
      if (valid.has(c[1]!)) letters.push(c[1]!);
      rest = rest.slice(c[0].length);
    }
    found = { letters: [...new Set(letters)], via: '"answer is" phrase' };
  }
  return found;
}

/** Short spans: exactly one stand-alone option letter among the words ("I pick B"). */
function loneLetterToken(span: string, valid: Set<string>): ChoicePick | null {
  if (span.length > 60) return null;
  const tokens = span.replace(/[.()[\],:;!*#{}]/g, ' ').split(/\s+/).filter(Boolean);
  const letters = [...new Set(tokens.filter((t) => t.length === 1 && valid.has(t)))];
  if (letters.length !== 1) return null;
  // "A" is also an article: only trust it in very short spans.
  if (letters[0] === 'A' && tokens.length > 3) return null;
  return { letters, via: 'lone letter' };
}

/** Short spans that contain exactly one option's text. */
function containedOptionText(span: string, choices: Array<[string, string]>): ChoicePick | null {
  if (span.length > 200) return null;
  const s = ` ${normalizeOptionText(span)} `;
  const hits = choices.filter(([, text]) => {
    const t = normalizeOptionText(text);
    return t.length > 0 && new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(t)}(?![\\p{L}\\p{N}])`, 'u').test(s);
  });
  return hits.length === 1 ? { letters: [hits[0]![0]], via: 'option text in answer' } : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Which option(s) the response commits to, or null if it names none we can recognise. */
export function extractChoice(span: string, answerPart: string, choices: Array<[string, string]>, valid: Set<string>): ChoicePick | null {
  return (
    letterOnly(span, valid) ??
    (span.length <= 300 ? leadingLetter(span, valid) : null) ??
    optionText(span, choices) ??
    phraseLetters(span, valid) ??
    (span !== answerPart ? phraseLetters(answerPart, valid) : null) ??
    loneLetterToken(span, valid) ??
    containedOptionText(span, choices)
  );
}

interface GoldChoice {
  letter: string | null;
  text: string;
}

function resolveGold(gold: string, choices: Array<[string, string]>): GoldChoice {
  const g = unwrapAnswer(gold);
  const single = SINGLE.exec(stripDecoration(g));
  if (single && single[1] === single[1]!.toUpperCase()) {
    const l = single[1]!;
    if (choices.length === 0 || choices.some(([k]) => k === l)) return { letter: l, text: choices.find(([k]) => k === l)?.[1] ?? g };
  }
  const byText = choices.filter(([, t]) => sameOptionText(g, t));
  if (byText.length === 1) return { letter: byText[0]![0], text: byText[0]![1] };
  return { letter: null, text: g };
}

/** Letters a response may use: the choices' letters, or A–E (and the gold letter) when there are none. */
function validLetters(choices: Array<[string, string]>, golds: GoldChoice[]): Set<string> {
  if (choices.length > 0) return new Set(choices.map(([l]) => l));
  const set = new Set('ABCDE');
  for (const g of golds) if (g.letter) set.add(g.letter);
  return set;
}

export function scoreMcq(ctx: ScoreContext): ScoreOutcome {
  const golds = ctx.golds.map((g) => resolveGold(g, ctx.choices));
  const valid = validLetters(ctx.choices, golds);
  const goldDesc = golds.map((g) => g.letter ?? JSON.stringify(g.text)).join(' / ');
  const span = ctx.span.text;
  const pick = extractChoice(span, ctx.trace.answer, ctx.choices, valid);

  if (!pick) {
    // Gold that is not an option letter (free-text MCQ without choices): compare the text itself.
    const textGold = golds.find((g) => g.letter === null && sameOptionText(span, g.text));
    if (textGold) return { correct: true, score: 1, extracted: span, reason: `mcq: answer text matches gold ${JSON.stringify(textGold.text)}` };
    return { correct: false, score: 0, extracted: null, reason: `mcq: no option letter or option text found in ${ctx.span.source}; gold ${goldDesc}` };
  }
  const extracted = pick.letters.join(',');
  if (pick.letters.length > 1) {
    return { correct: false, score: 0, extracted, reason: `mcq: commits to several options (${extracted}) via ${pick.via}; gold ${goldDesc}` };
  }
  const letter = pick.letters[0]!;
  const chosenText = ctx.choices.find(([l]) => l === letter)?.[1];
  const hit = golds.some((g) => (g.letter !== null ? g.letter === letter : chosenText !== undefined && sameOptionText(chosenText, g.text)));
  const where = `${pick.via} in ${ctx.span.source}`;
  return {
    correct: hit,
    score: hit ? 1 : 0,
    extracted: letter,
    reason: `mcq: letter ${letter} from ${where} ${hit ? 'matches' : 'does not match'} gold ${goldDesc}`,
  };
}
