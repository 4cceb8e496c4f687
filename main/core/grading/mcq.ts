/**
 * Multiple-choice scorer: finds which option letter(s) a response commits
 * to, in the many ways models write it, and compares with the gold letter
 * (or the gold option text).
 */
import { mathEquivalent } from './math';
import { parseNumber } from './numbers';
import { squeeze, tail, unwrapAnswer } from './normalize';
import { restatedYesNo } from './restated';
import type { ScoreContext, ScoreOutcome } from './types';
import { goldYesNo } from './yesno';
import { closingLine, endsWithLetter, lineLabels, loneLetterToken, phraseLetters, selectedLetter, soleParenthesisedLetter, withContinuation, type ChoicePick } from './mcq-sentences';

export type { ChoicePick } from './mcq-sentences';

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
  return unwrapAnswer(plainLatexText(s))
    .toLowerCase()
    // Hyphens and dashes of every width ("Anti‑D" with U+2011) are one hyphen.
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s*(?:\^\s*\{?\s*\\circ\s*\}?|°)/g, '°')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[("'\s]+|[)"'.\s]+$/g, '')
    .trim();
}

/** Option texts with math in them ("$\\frac{3}{4}$", "11 m") are compared as math, others as text. */
const MATHY = /[\d\\^=<>+√π]/;

export function sameOptionText(a: string, b: string): boolean {
  const na = normalizeOptionText(a).replace(/\s+/g, '');
  const nb = normalizeOptionText(b).replace(/\s+/g, '');
  if (na === '' || nb === '') return false;
  if (na === nb) return true;
  // "145" vs "145°", "0.50" vs "0.5": equal numbers are the same option.
  const pa = parseNumber(a);
  const pb = parseNumber(b);
  if (pa !== null && pb !== null) return pa.percent === pb.percent && Math.abs(pa.value - pb.value) <= 1e-9 * Math.max(1, Math.abs(pb.value));
  // Only LaTeX gets the CAS: plain "0.0 - 0.2" vs "0.2 - 0.4" are ranges, not equal numbers.
  return (a.includes('\\') || b.includes('\\')) && MATHY.test(na) && MATHY.test(nb) && a.length <= 200 && b.length <= 200 && mathEquivalent(a, b).equal;
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

/**
 * Drop LaTeX text styling inside a span so that letters written as
 * "\\text{(B)}", "\\textbf{B}" or "{\\bf (A)}" read as plain letters.
 */
export function plainLatexText(s: string): string {
  return s
    .replace(/\\(?:text|textbf|textit|textrm|mathrm|mathbf|mbox)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\{\s*\\(?:bf|it|rm)\s+([^{}]*)\}/g, '$1')
    .replace(/\\(?:q?quad|[,;:! ])/g, ' ')
    .replace(/^\{([^{}]*)\}$/, '$1');
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

// "B. …", "B: …", "B) …", "B。不是 A", "B不是 A" (Chinese written against the letter).
const LEADING = /^\(?([A-Z])\)?\s*(?:[.:：)\]。，]|\n|$|(?=\p{Script=Han}))/u;
const LEADING_PAREN = /^\(([A-Z])\)/;
/**
 * "(b) the nucleus", "b. the nucleus", "c: the object": a lower-case letter set apart as a label
 * (not "e.g." or "i.e.", whose letter is followed by another).
 */
const LEADING_LOWER = /^(?:\(([a-z])\)|([a-z])[.:：)](?![a-z]\.))(?=\s|$)/;

/** "B. The cat", "(C) 145°", "A) text", "B\nbecause…", "(b) the nucleus" */
function leadingLetter(span: string, valid: Set<string>): ChoicePick | null {
  const s = span.replace(/^[*#\s]+/, '');
  // "A. Red\nB. Green\nC. Blue": the options copied out, not one of them chosen.
  if (lineLabels(s).size > 1) return null;
  const m = LEADING.exec(s) ?? LEADING_PAREN.exec(s);
  if (m && valid.has(m[1]!)) return { letters: withContinuation(m[1]!, s.slice(m[0].length), valid), via: 'leading letter' };
  const lower = LEADING_LOWER.exec(s);
  const letter = (lower?.[1] ?? lower?.[2])?.toUpperCase();
  if (lower && letter && valid.has(letter)) return { letters: [letter], via: 'leading letter' };
  return null;
}

function optionText(span: string, choices: Array<[string, string]>): ChoicePick | null {
  const hits = choices.filter(([, text]) => sameOptionText(span, text)).map(([l]) => l);
  return hits.length === 1 ? { letters: hits, via: 'option text' } : null;
}

/** Words just before an option's text that rule it out (up to two words between: "not the blue"). */
const RULED_OUT = String.raw`\b(?:not|isn['’]t|never|no|rather than|instead of|wrong|incorrect)\s+(?:[\p{L}]+\s+){0,2}`;

/** Short one-line spans that contain exactly one option's text ("It's a dog" for "dog"). */
function containedOptionText(span: string, choices: Array<[string, string]>): ChoicePick | null {
  if (span.length > 100 || span.includes('\n')) return null;
  const s = ` ${normalizeOptionText(span)} `;
  const hits = choices.filter(([, text]) => {
    const t = normalizeOptionText(text);
    // "It is not yellow", "rather than bacterial": an option named to be ruled out is not chosen.
    return t.length > 1 && new RegExp(`(?<!${RULED_OUT})(?<![\\p{L}\\p{N}])${escapeRegExp(t)}(?![\\p{L}\\p{N}])`, 'u').test(s);
  });
  return hits.length === 1 ? { letters: [hits[0]![0]], via: 'option text in answer' } : null;
}

/**
 * A line that states one option whole, its letter and its own text ("B. Planetary years will
 * become longer."), among an explanation's lines: the option chosen. Where lines state several
 * options (the options copied out), none is.
 */
function statedOptionLine(text: string, choices: Array<[string, string]>, valid: Set<string>): ChoicePick | null {
  const stated = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^[\s*#>-]*\(?([A-Z])[.)]\s+(.+?)[\s*]*$/.exec(line);
    const option = m && valid.has(m[1]!) ? choices.find(([letter]) => letter === m[1]) : undefined;
    if (option && sameOptionText(m![2]!, option[1])) stated.add(option[0]);
  }
  return stated.size === 1 ? { letters: [...stated], via: 'option stated on its own line' } : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Which option(s) the response commits to, or null if it names none we can
 * recognise. `span` is the final-answer span, `fullText` the response after
 * any </think> (searched for "answer is" phrases when the span has none).
 */
/** Full-width brackets and colons (（B）, 【C】, ：) as their ASCII forms. */
const halfWidth = (s: string): string => s.replace(/[（【]/g, '(').replace(/[）】]/g, ')').replace(/：/g, ':');

export function extractChoice(span0: string, fullText: string, choices: Array<[string, string]>, valid: Set<string>): ChoicePick | null {
  const span = squeeze(halfWidth(plainLatexText(span0)));
  const full = squeeze(halfWidth(plainLatexText(tail(fullText))));
  return (
    letterOnly(span, valid) ??
    (span.length <= 300 ? leadingLetter(span, valid) : null) ??
    optionText(span0, choices) ??
    phraseLetters(span, valid) ??
    selectedLetter(span, valid) ??
    loneLetterToken(span, valid) ??
    (full !== span ? (phraseLetters(full, valid) ?? selectedLetter(full, valid)) : null) ??
    endsWithLetter(full, valid) ??
    closingLine(full, valid) ??
    statedOptionLine(tail(fullText), choices, valid) ??
    containedOptionText(span, choices) ??
    soleParenthesisedLetter(span, valid) ??
    // Last resort for long answers that open with their choice ("A. class Person: ...").
    (span.length > 300 ? leadingLetter(span, valid) : null)
  );
}

interface GoldChoice {
  letter: string | null;
  text: string;
  /** A multi-select gold's letters, sorted ("A, C" for LogicVista's "select all that apply"). */
  letters?: string[];
}

/** Letters a gold may name when the choices are not given (LogicVista's are in the question). */
const LETTERS_WITHOUT_CHOICES = 'ABCDEFGHIJ';

/** The letters of a gold written as a list of letters ("A, C", "(A) and (D)"), sorted; else null. */
export function goldLetterSet(gold: string, choices: Array<[string, string]>): string[] | null {
  const g = stripDecoration(unwrapAnswer(gold));
  if (!LIST.test(g)) return null;
  const letters = [...new Set([...g.matchAll(LIST_LETTER)].map((m) => m[1]!))].sort();
  const known = (l: string): boolean => (choices.length > 0 ? choices.some(([k]) => k === l) : LETTERS_WITHOUT_CHOICES.includes(l));
  return letters.length > 1 && letters.every(known) ? letters : null;
}

function resolveGold(gold: string, choices: Array<[string, string]>): GoldChoice {
  const g = unwrapAnswer(gold);
  const set = goldLetterSet(g, choices);
  if (set) return { letter: null, text: g, letters: set };
  const single = SINGLE.exec(stripDecoration(g));
  // A gold of one letter is an option whatever its case ("b" is option B), unless a lower-case one
  // is an option's own text (MathVista's choices "(a)", "(b)", … in another order).
  const lowerIsText = single !== null && single[1] !== single[1]!.toUpperCase() && choices.some(([, t]) => sameOptionText(g, t));
  if (single && !lowerIsText) {
    const l = single[1]!.toUpperCase();
    if (choices.length === 0 || choices.some(([k]) => k === l)) return { letter: l, text: choices.find(([k]) => k === l)?.[1] ?? g };
  }
  const byText = choices.filter(([, t]) => sameOptionText(g, t));
  if (byText.length === 1) return { letter: byText[0]![0], text: byText[0]![1] };
  // "(D) Alina", "C Cecile": the letter and its option's text (which must agree when the choices are known).
  const lettered = /^\(?([A-Z])\)?[.:)]?\s+(\S[\s\S]*)$/.exec(g);
  if (lettered) {
    const [, l, rest] = lettered as unknown as [string, string, string];
    const option = choices.find(([k]) => k === l);
    if (choices.length === 0 ? /^\(|^[A-Z][.:)]?\s+[A-Z]/.test(g) : option !== undefined && sameOptionText(rest, option[1])) return { letter: l, text: option?.[1] ?? rest };
  }
  return { letter: null, text: g };
}

/** Letters a response may use: the choices' letters, or A–E (and the gold letter) when there are none. */
function validLetters(choices: Array<[string, string]>, golds: GoldChoice[]): Set<string> {
  if (choices.length > 0) return new Set(choices.map(([l]) => l));
  const set = new Set('ABCDE');
  for (const g of golds) if (g.letter) set.add(g.letter);
  return set;
}

/** The outcome of an option a sentence picked (`via` says how), against the golds. */
function optionPicked([letter, text]: [string, string], via: string, golds: GoldChoice[], goldDesc: string): ScoreOutcome {
  const hit = golds.some((g) => g.letter === letter || sameOptionText(text, g.text));
  return { correct: hit, score: hit ? 1 : 0, extracted: letter, reason: `mcq: ${letter} (${text}) from ${via} ${hit ? 'matches' : 'does not match'} gold ${goldDesc}` };
}

/** Options Yes and No (MathVista's yes/no questions) answered by saying the question back, negated or not. */
function yesNoOptionSaidBack(ctx: ScoreContext): { option: [string, string]; via: string } | null {
  if (ctx.choices.length !== 2 || new Set(ctx.choices.map(([, text]) => goldYesNo(text))).size !== 2 || ctx.choices.some(([, text]) => goldYesNo(text) === null)) return null;
  const restated = restatedYesNo(ctx.question, ctx.trace.answer);
  const option = restated ? ctx.choices.find(([, text]) => goldYesNo(text) === restated.value) : undefined;
  return option && restated ? { option, via: restated.via } : null;
}

/**
 * "Therefore, the statement is **False**." where the options are True / False / Insufficient
 * Information (LogicVista's), or "The statement is (C) Insufficient Information.": the option it
 * names, the last one said; never "whether the statement is true or false".
 */
const STATEMENT_VERDICT =
  /(?<!\b(?:whether|if)\s+)\b(?:the|this|that)\s+(?:statement|claim|assertion|sentence)\s+(?:is|would be)\s+(?:(?:definitely|clearly|therefore)\s+)?[*_"']*(?:(true|false)\b(?![*_"']*\s+or\s)|\(([A-Z])\))/gi;

function statementVerdictOption(ctx: ScoreContext): { option: [string, string]; via: string } | null {
  let said: { word?: string; letter?: string } | null = null;
  STATEMENT_VERDICT.lastIndex = 0;
  for (let m = STATEMENT_VERDICT.exec(ctx.trace.answer); m; m = STATEMENT_VERDICT.exec(ctx.trace.answer)) said = m[1] ? { word: m[1].toLowerCase() } : { letter: m[2]! };
  if (said === null) return null;
  const option = ctx.choices.find(([letter, text]) => (said.letter ? letter === said.letter : text.trim().toLowerCase().replace(/\.$/, '') === said.word));
  return option ? { option, via: `"the statement is ${said.word ?? `(${said.letter})`}"` } : null;
}

export function scoreMcq(ctx: ScoreContext): ScoreOutcome {
  const golds = ctx.golds.map((g) => resolveGold(g, ctx.choices));
  const valid = validLetters(ctx.choices, golds);
  const goldDesc = golds.map((g) => g.letter ?? JSON.stringify(g.text)).join(' / ');
  const span = ctx.span.text;
  const multiSelect = golds.some((g) => g.letters !== undefined);
  // A multi-select answer may run its letters together ("\\boxed{AC}"), as a judge asked for
  // "the letters chosen" writes them.
  const pick = (multiSelect ? runOfLetters(span, valid) : null) ?? extractChoice(span, ctx.fullText, ctx.choices, valid);

  if (!pick) {
    // Gold that is not an option letter (free-text MCQ without choices): compare the text itself.
    const textGold = golds.find((g) => g.letter === null && sameOptionText(span, g.text));
    if (textGold) return { correct: true, score: 1, extracted: span, reason: `mcq: answer text matches gold ${JSON.stringify(textGold.text)}` };
    const sentence = yesNoOptionSaidBack(ctx) ?? statementVerdictOption(ctx);
    if (sentence) return optionPicked(sentence.option, sentence.via, golds, goldDesc);
    return { correct: false, score: 0, extracted: null, reason: `mcq: no option letter or option text found in ${ctx.span.source}; gold ${goldDesc}` };
  }
  const extracted = pick.letters.join(',');
  const sets = golds.filter((g) => g.letters !== undefined);
  if (sets.length > 0) return scoreLetterSet(pick, sets, golds, ctx.span.source);
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

/** A span that is only option letters run together ("AC", "BDE"): several options chosen. */
function runOfLetters(span: string, valid: Set<string>): ChoicePick | null {
  const s = stripDecoration(squeeze(plainLatexText(span)));
  if (!/^[A-Z]{2,}$/.test(s)) return null;
  const letters = [...new Set(s)];
  return letters.every((l) => valid.has(l)) ? { letters, via: 'letters run together' } : null;
}

/**
 * A gold that is a set of letters ("A, C"): right only when the chosen letters are exactly that
 * set, in any order, as VLMEvalKit's LogicVista compares them (sorted, joined); one letter of
 * two is wrong. A single-letter gold beside it is matched as usual.
 */
function scoreLetterSet(pick: ChoicePick, sets: GoldChoice[], golds: GoldChoice[], source: string): ScoreOutcome {
  const chosen = [...new Set(pick.letters)].sort();
  const key = chosen.join(',');
  const hit = sets.some((g) => g.letters!.join(',') === key) || (chosen.length === 1 && golds.some((g) => g.letter === chosen[0]));
  const goldDesc = golds.map((g) => (g.letters ? `{${g.letters.join(', ')}}` : (g.letter ?? JSON.stringify(g.text)))).join(' / ');
  return {
    correct: hit,
    score: hit ? 1 : 0,
    extracted: chosen.join(', '),
    reason: `mcq: letters {${chosen.join(', ')}} from ${pick.via} in ${source} ${hit ? 'are' : 'are not'} the gold set ${goldDesc}`,
  };
}
