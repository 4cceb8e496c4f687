/**
 * The option letters a reply names in its sentences (mcq.ts decides which rule is tried when):
 * "the answer is (B)", "I choose C", "Option A is correct", a lone letter in a short span, the one
 * option a long reply names in parentheses, a closing line or sentence that ends on a letter.
 */
import { tail } from './normalize';

export interface ChoicePick {
  /** Letters the response commits to; more than one means it hedged. */
  letters: string[];
  /** Which rule found them, for the reason text. */
  via: string;
}

/** "(A), (C), and (E)", "A and C", "A/B": more letters after the first one. */
const CONTINUATION = /^\s*(?:,\s*(?:and|or)?|、|\/|&|\band\b|\bor\b)\s*\(?([A-Z])\)?(?![A-Za-z0-9])/;

export function withContinuation(first: string, rest: string, valid: Set<string>): string[] {
  const letters = [first];
  let r = rest;
  for (let c = CONTINUATION.exec(r); c; c = CONTINUATION.exec(r)) {
    if (valid.has(c[1]!)) letters.push(c[1]!);
    r = r.slice(c[0].length);
  }
  return [...new Set(letters)];
}

/** Letters that open a line as a label ("B. dog", "(C) …") or stand alone on one: more than one is a list or a hedge. */
export function lineLabels(text: string): Set<string> {
  return new Set([...text.matchAll(/^[*#\s]*\(?([A-Z])\)?(?:[.:)]|[ \t]*$)/gm)].map((label) => label[1]!));
}

/**
 * A lower-case "a" or "i" is a word ("a triangle", "i think") unless set apart, or followed by
 * what only follows a choice ("a because …", "i is correct"); the other letters are never words.
 */
function readsAsWord(raw: string, after: string): boolean {
  if (raw !== 'a' && raw !== 'i') return false;
  return !/^\s*(?:because\b|since\b|[,;]|[-—–]\s|is\s+(?:the\s+)?(?:correct|right|best)\b|$)/i.test(after);
}

/**
 * "I choose c", "I'd pick (B)", "Option A is correct", "A is correct because…", "B because …":
 * a letter a selection verb names, or a sentence opening with a letter that it calls correct. The
 * last one decides. An upper-case A here is the option, not the article.
 */
const CALLED_CORRECT = String.raw`\s+(?:is\s+(?:the\s+)?(?:correct|right|best)|seems\s+(?:correct|right)|because)\b`;
const SELECTION = new RegExp(
  [
    String.raw`\bi(?:\s+would|['’]d|\s+will)?\s+(?:choose|pick|select|prefer|go\s+with)\s+[*_]*\(?([A-Za-z])\)?[*_]*(?![A-Za-z0-9])`,
    // "Option A is a cat" only names the option; "Option A is correct" chooses it.
    String.raw`\b(?:option|choice)\s+[*_]*\(?([A-Za-z])\)?[*_]*(?=${CALLED_CORRECT}|\s*[.!]?\s*$)`,
    String.raw`(?:^|[.!?,;:]\s+|\n|\b(?:but|so|thus|hence|therefore|then)\s+)[*_]*\(?([A-Za-z])\)?[*_]*(?=${CALLED_CORRECT})`,
    // "Therefore, (B). Note (A) is a trap": a conclusion names its letter (a capital, set apart).
    String.raw`\b(?:therefore|thus|hence|so)\s*,?\s+[*_]*(?:\(([A-Z])\)|([A-Z]))[*_]*(?=\s*[.!]|\s*$)`,
    // "The figure that is a rotation of the object is B. Because it …": a letter given a reason (a capital).
    String.raw`\bis\s+[*_]*\(?([A-Z])\)?[*_]*\.?\s+(?=(?:because|since)\b)`,
    // "It can be folded into the object labeled as C": an option named by its label (not "the point labeled C").
    String.raw`\b(?:object|shape|figure|option|choice|image|picture|net|cube|pattern)\s+label+ed\s+(?:as\s+)?[*_]*\(?([A-Z])\)?[*_]*(?![A-Za-z0-9])`,
  ].join('|'),
  'gi',
);

export function selectedLetter(text: string, valid: Set<string>): ChoicePick | null {
  let found: ChoicePick | null = null;
  SELECTION.lastIndex = 0;
  for (let m = SELECTION.exec(text); m; m = SELECTION.exec(text)) {
    const raw = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7])!;
    const after = text.slice(m.index + m[0].length);
    if (m[1] !== undefined && readsAsWord(raw, after)) continue;
    if (m[6] !== undefined && raw !== raw.toUpperCase()) continue; // "is a because …" is prose
    const letter = raw.toUpperCase();
    // "I choose C/D" commits to both.
    if (valid.has(letter)) found = { letters: withContinuation(letter, after, valid), via: 'selected letter' };
  }
  return found;
}

/** "The answer is (B)", "Answer: B", "the correct option is B", "**Answer:** C", "The answer is for sure D", "The odd-one-out is G". */
const PHRASE =
  /(?:final answers?|correct answers?|right answers?|best answer|correct options?|right option|best option|correct choices?|odd[- ]one[- ]out|answers?|r[ée]ponse|respuesta|resposta|antwort|答案|选项|选|答え|정답|답)\s*(?:is|are|would be|should be|will be|est|es|é|ist|lautet|是|为|は|은|는|:|：|=|-)?\s*(?:(?:for sure|definitely|clearly|certainly|surely|obviously|indeed)\s*,?\s*)?(?:options?|choices?|选项)?\s*[:：]?\s*\**\s*([([]?)([A-Za-z])([)\].:,。]?)(?![A-Za-z0-9])/gi;

export function phraseLetters(text: string, valid: Set<string>): ChoicePick | null {
  const t = tail(text);
  let found: ChoicePick | null = null;
  PHRASE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PHRASE.exec(t)) !== null) {
    const [, open, raw, close] = m as unknown as [string, string, string, string];
    const after = t.slice(m.index + m[0].length);
    // A lower-case "a" is only a letter when set apart ("(a)", "a." or at the end), not "a triangle"; "b" always is.
    if (raw === raw.toLowerCase() && open === '' && close === '' && !/^[ \t]*(?:\n|$)/.test(after) && readsAsWord(raw, after)) continue;
    const letter = raw.toUpperCase();
    if (!valid.has(letter)) continue;
    const letters = withContinuation(letter, after, valid);
    found = { letters, via: '"answer is" phrase' };
  }
  return found;
}

/** "All except E", "not B", "so (C) is false": a letter named in such a span is not chosen. */
const NAMES_NOT_CHOSEN = /\b(?:except|not|other than|neither|nor|false|wrong|incorrect|eliminated|ruled out)\b/i;

/** Short spans: exactly one stand-alone option letter among the words ("I pick B"). */
export function loneLetterToken(span: string, valid: Set<string>): ChoicePick | null {
  if (span.length > 60 || NAMES_NOT_CHOSEN.test(span)) return null;
  const tokens = span.replace(/[.()[\],:;!*#{}]/g, ' ').split(/\s+/).filter(Boolean);
  const letters = [...new Set(tokens.filter((t) => t.length === 1 && valid.has(t)))];
  if (letters.length !== 1) return null;
  // "A" is also an article: only trust it in very short spans, or set apart as "(A)" or "[A]".
  if (letters[0] === 'A' && tokens.length > 3 && !/\(A\)|\[A\]/.test(span)) return null;
  return { letters, via: 'lone letter' };
}

/**
 * A longer reply that names one option, set apart in parentheses, and no other: "The best reason
 * … is (D) Water replaces the air …", "The candle in the small jar (A) would go out first".
 * VLMEvalKit's `can_infer_option` takes the one option letter among a reply's words at any
 * length; here the letter must be in parentheses (a bare "A" in prose is an article) and the
 * reply must rule nothing out.
 */
export function soleParenthesisedLetter(span: string, valid: Set<string>): ChoicePick | null {
  if (span.length > 2000 || NAMES_NOT_CHOSEN.test(span)) return null;
  const named = new Set([...span.matchAll(/\(([A-Z])\)/g)].map((m) => m[1]!).filter((letter) => valid.has(letter)));
  if (named.size !== 1) return null;
  const [letter] = named;
  // Another option named bare ("B. …" on its own line, "option C") makes it a discussion, not a pick.
  const others = span.replace(/\([A-Z]\)/g, ' ').match(/(?<![\p{L}\p{N}'’])[B-Z](?![\p{L}\p{N}'’])/gu) ?? [];
  if (others.some((other) => valid.has(other) && other !== letter)) return null;
  return { letters: [letter!], via: 'sole letter in parentheses' };
}

/** A response whose last sentence ends on a letter: "So the card for Michael must be A.", "I think it's B", "… is **E**." */
const ENDS_WITH_LETTER = /(?:\b(?:is|be|was|are|choose|pick|select|go with)|['’]s)\s+(?:option\s+|choice\s+)?[*_]*\(?([A-Z])\)?[*_]*\s*[.!]?\s*$/;

/**
 * A reply whose last line is its choice: a letter alone ("…\n\nC") or one labelled option
 * ("**(B) Video-capsule endoscopy**"), where no other line carries a label (an echoed list).
 */
export function closingLine(text: string, valid: Set<string>): ChoicePick | null {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) return null;
  const last = lines.at(-1)!.replace(/^[\s*#_]+|[\s*_]+$/g, '');
  const m = /^\(?([A-Z])\)?(?:[.:)]\s+\S.*)?$/.exec(last);
  if (!m || !valid.has(m[1]!)) return null;
  return lineLabels(text).size <= 1 ? { letters: [m[1]!], via: 'closing line' } : null;
}

export function endsWithLetter(text: string, valid: Set<string>): ChoicePick | null {
  const m = ENDS_WITH_LETTER.exec(tail(text, 300));
  return m && valid.has(m[1]!) ? { letters: [m[1]!], via: 'closing sentence' } : null;
}
