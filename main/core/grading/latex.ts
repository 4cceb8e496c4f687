/**
 * String normalisation of math answers before any parsing: the cheap step
 * that decides most cases (exact match after normalisation) and turns the
 * plain-text and Unicode math that models write (√3, π, 2*sqrt(3), x**2)
 * into LaTeX that the parser understands.
 */
import { stripTrailingUnit } from './numbers';
import { squeeze, textCommandsToWords, unwrapAnswer } from './normalize';

/** Answers longer than this are compared as strings only (no parsing): bounded time. */
export const MAX_MATH_CHARS = 400;

/** Replace `name(...)` (balanced parentheses) by `\cmd{...}`. */
function parenToBrace(s: string, name: RegExp, cmd: string): string {
  for (let guard = 0; guard < 20; guard++) {
    const m = name.exec(s);
    if (!m) break;
    const open = m.index + m[0].length; // index after '('
    let depth = 1;
    let i = open;
    for (; i < s.length && depth > 0; i++) {
      if (s[i] === '(') depth++;
      else if (s[i] === ')') depth--;
    }
    if (depth !== 0) break;
    s = `${s.slice(0, m.index)}${cmd}{${s.slice(open, i - 1)}}${s.slice(i)}`;
  }
  return s;
}

const UNICODE: Array<[RegExp, string]> = [
  [/[−–]/g, '-'],
  [/×/g, '\\times '],
  [/[·⋅]/g, '\\cdot '],
  [/÷/g, '\\div '],
  [/≤|⩽/g, '\\le '],
  [/≥|⩾/g, '\\ge '],
  [/≠/g, '\\ne '],
  [/≈/g, '\\approx '],
  [/∞/g, '\\infty '],
  [/π/g, '\\pi '],
  [/²/g, '^2'],
  [/³/g, '^3'],
  [/∪/g, '\\cup '],
  [/∩/g, '\\cap '],
  [/∅/g, '\\emptyset '],
  [/（/g, '('],
  [/）/g, ')'],
  [/，/g, ','],
  [/：/g, ':'],
];

/** Units after a number inside \text{}/\mathrm{} (e.g. "5\text{ cm}^2") or bare ("6cm", "10米"). */
function stripUnits(s: string): string {
  let out = s;
  for (let i = 0; i < 3; i++) {
    const next = stripTrailingUnit(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * Mixed numbers, "6\frac{1}{4}" and "4 4/9": a whole number then a proper fraction of digits is
 * their sum (25/4, 40/9), as a reader (and MATH's answers, and Math-Verify) means it, not a
 * product. Not after a power, subscript, name or closing brace (`x^2\frac{1}{2}` is a product).
 */
function mixedNumbersToFractions(s: string): string {
  const whole = (w: string, n: string, d: string, written: string): string => {
    const [wholePart, numerator, denominator] = [Number(w), Number(n), Number(d)];
    return numerator < denominator ? `\\frac{${wholePart * denominator + numerator}}{${denominator}}` : written;
  };
  return s
    .replace(/(?<![\d.\\}^_a-zA-Z]\s*)(?<![\d.])(\d+)\s*\\[dt]?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}/g, (m, w: string, n: string, d: string) => whole(w, n, d, m))
    .replace(/(?<![\d.,\\}^_/a-zA-Z])(\d+)[ \t]+(\d+)\s*\/\s*(\d+)(?![\d.]|\s*\/)/g, (m, w: string, n: string, d: string) => whole(w, n, d, m));
}

/**
 * Normalise a math answer to a canonical LaTeX-ish string. Idempotent.
 * Used both as the string fast path (two equal normal forms are equivalent)
 * and as the input of the parser.
 */
export function normalizeMath(input: string): string {
  let s = unwrapAnswer(squeeze(collapseDoubledBackslashes(input)));
  for (const [re, rep] of UNICODE) s = s.replace(re, rep);

  s = mixedNumbersToFractions(s);
  // Plain-text math written by models.
  s = s.replace(/\*\*/g, '^');
  s = parenToBrace(s, /√\s*\(/, '\\sqrt');
  s = parenToBrace(s, /(?<![\\a-zA-Z])sqrt\s*\(/, '\\sqrt');
  s = s.replace(/√\s*\{/g, '\\sqrt{').replace(/√\s*([0-9.]+|[a-zA-Z])/g, '\\sqrt{$1}').replace(/√/g, '\\sqrt');
  s = s.replace(/(?<![\\a-zA-Z])pi(?![a-zA-Z])/g, '\\pi ');
  s = s.replace(/(?<![\\a-zA-Z])(?:infinity|inf)(?![a-zA-Z])/g, '\\infty ');
  s = s.replace(/>=/g, '\\ge ').replace(/<=/g, '\\le ').replace(/!=/g, '\\ne ');
  s = s.replace(/\*/g, '\\cdot ');

  // LaTeX spellings with one meaning.
  s = s.replace(/\\[dt]frac/g, '\\frac');
  s = s.replace(/\\(?:textnormal|textup|textsf|texttt|textmd|mathnormal|mathsf|mathtt)(?![a-zA-Z])/g, '\\text'); // upright text, as \text
  s = s.replace(/\\displaystyle|\\limits/g, '');
  s = s.replace(/\\left\s*\.|\\right\s*\./g, '').replace(/\\left|\\right|\\big[lr]?|\\Big[lr]?/g, '');
  s = s.replace(/(\d),\s*\\!\s*(?=\d)/g, '$1,'); // "12,\!345": LaTeX's thousands separator
  s = s.replace(/(?<!\\)\\[,!;:> ]|\\q?quad|~/g, ' '); // spacing, but not the "\\" row break
  s = s.replace(/\\leq(?:slant)?\b|\\leqq\b|\\leqslant\b/g, '\\le').replace(/\\geq(?:slant)?\b|\\geqq\b|\\geqslant\b/g, '\\ge').replace(/\\neq\b/g, '\\ne');
  s = s.replace(/\\lt\b/g, '<').replace(/\\gt\b/g, '>');
  s = s.replace(/\s*\{\s*,\s*\}\s*/g, ','); // "14{,}916": a thousands separator kept out of math spacing
  s = s.replace(/\\(?:euro|pounds|yen|textdollar)\b|[€£¥₹]/g, ''); // currency
  s = s.replace(/\\(?:textbf|textit|mathbf|mathit|mathcal|mathscr|boldsymbol|bm)\s*\{([^{}]*)\}/g, '$1');
  s = s.replace(/\\lbrace|\\\{/g, '\\{').replace(/\\rbrace|\\\}/g, '\\}');
  s = s.replace(/\\varnothing|\\emptyset/g, '\\emptyset');
  s = s.replace(/bmatrix|vmatrix|Bmatrix|smallmatrix/g, 'pmatrix');
  // An array in brackets is a matrix: "\left[\begin{array}{cc} 1 & 0 \\ 0 & 1 \end{array}\right]".
  s = s.replace(/\\begin\{array\}\s*\{[^{}]*\}/g, '\\begin{pmatrix}').replace(/\\end\{array\}/g, '\\end{pmatrix}');
  s = s.replace(/^[[(]\s*(\\begin\{pmatrix\}[\s\S]*\\end\{pmatrix\})\s*[\])]$/, '$1');
  s = primesToNames(s);
  // "v^2_0" is "v_0^2": the subscript names the symbol whichever is written first.
  s = s.replace(/\^(\{[^{}]*\}|[A-Za-z0-9])_(\{[^{}]*\}|[A-Za-z0-9])/g, '_$2^$1');
  s = s.replace(/\\%|%/g, '');
  s = s.replace(/\\\$/g, '').replace(/\$/g, ''); // math delimiters and currency
  // Degrees are a unit, except inside trigonometric functions where they change the value.
  if (!/\\(?:sin|cos|tan|cot|sec|csc)/.test(s)) s = s.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|°|\\degree/g, '');

  s = stripUnits(s.trim());
  // Words after the number at the end are its unit or a note ("17\text{ apples}"), not part of the value.
  s = s.replace(/(\d)\s*\\(?:text|textrm|mbox)\s*\{\s*[\p{L}][\p{L} .'-]*\}\s*\.?$/u, '$1');
  // Remaining \text{...}: keep the words ("\text{ or }" -> " or ").
  s = textCommandsToWords(s);
  s = s.replace(/\s+/g, ' ').trim();
  s = s.replace(/[.。]$/, '').trim();
  if (/^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  s = wordsToCommas(s);
  // "-12; -11; -6": answers listed with semicolons are a list like any other (not where ";" separates equations).
  if (s.includes(';') && !/[=<>]/.test(s)) s = s.replace(/\s*;\s*/g, ', ');
  s = plusMinusToBoth(s);
  return s;
}

const PRIMED_SUBSCRIPT = /_(\{[^{}]*\}|[A-Za-z0-9])('+)(?![\p{L}])/gu;
const PRIMED_SYMBOL = /(\\[A-Za-z]+|(?<![\\A-Za-z])[A-Za-z])('+)(?![\p{L}])/gu;

/**
 * A primed symbol (`x'`, `x''`, `\omega_{L}^{\prime}`) is a symbol of its own, written as one the
 * parser reads (`x_{prime}`, `x_{primeprime}`, `\omega_{Lprime}`), so that `x'` and `x^{\prime}` are
 * one symbol and an equation's value (`a = +x'`) can be read. An apostrophe inside a word
 * ("Newton's") is left alone.
 */
function primesToNames(s: string): string {
  if (!/'|\\prime/.test(s)) return s;
  const apostrophes = s
    .replace(/\^\s*\{((?:\s*\\prime)+)\s*\}/g, (_m, primes: string) => "'".repeat(primes.split('\\prime').length - 1))
    .replace(/\^\s*\\prime(?![a-zA-Z])/g, "'");
  return apostrophes
    .replace(PRIMED_SUBSCRIPT, (_m, sub: string, primes: string) => `_{${sub.replace(/^\{|\}$/g, '')}${'prime'.repeat(primes.length)}}`)
    .replace(PRIMED_SYMBOL, (_m, symbol: string, primes: string) => `${symbol}_{${'prime'.repeat(primes.length)}}`);
}

/**
 * "\pm 3", "1 \pm \sqrt{2}": one ± in an answer is its two values, a set of two ("-3, +3"), as
 * Math-Verify reads it. Not beside a relation or inside a list, where ± is part of the notation.
 */
function plusMinusToBoth(s: string): string {
  const parts = s.split(/\\pm(?![a-zA-Z])|±/);
  if (parts.length !== 2 || /[=<>,;]|\\(?:le|ge|ne|in)\b/.test(s)) return s;
  const [before, after] = parts as [string, string];
  return `${before}-${after}, ${before}+${after}`.replace(/\s+/g, ' ').trim();
}

/**
 * JSON-escaped LaTeX (`\\frac{1}{2}` for `\frac{1}{2}`) doubles every backslash. When no backslash
 * stands alone and a doubled one starts a command name, halve them all; a
 * genuine row break `\\` is never followed by a letter in an answer.
 */
export function collapseDoubledBackslashes(s0: string): string {
  const s = repairJsonEscapes(s0);
  if (!s.includes('\\\\')) return s;
  if (!/\\\\[a-zA-Z(){}[\]]/.test(s) || s.replace(/\\\\/g, '').includes('\\')) return s;
  return s.replace(/\\\\/g, '\\');
}

/**
 * LaTeX written into JSON without escaping: "\\frac" became a form feed and
 * "rac", "\\boxed" a backspace and "oxed", "\\times" a tab and "imes".
 * Form feed and backspace never occur in an answer; tab and carriage return
 * are only repaired before the rest of a command name.
 */
function repairJsonEscapes(s: string): string {
  if (!/[\f\b\t\r]/.test(s)) return s;
  return s
    .replace(/\f/g, '\\f')
    .replace(/\x08/g, '\\b')
    .replace(/\t(?=imes|ext|frac|heta|an\b|riangle|o\b)/g, '\\t')
    .replace(/\r(?=ight|ho\b|angle|m\b)/g, '\\r');
}

/**
 * "1, 2 and 3", "2 or 3": several answers joined by words. Only where no
 * relation is involved ("x = 1 or x = 2" and "x > 1 and x < 3" are parsed as
 * Or/And by the parser and keep their meaning there).
 */
function wordsToCommas(s: string): string {
  if (!/\b(?:and|or)\b/.test(s)) return s;
  // Between relations the words are logic: "x = 1 or x = 2", "x > 1 and x < 4".
  if (/[=<>]|\\(?:le|ge|ne|in)\b/.test(s)) return s.replace(/\s*,?\s*\band\b\s*/g, ' \\land ').replace(/\s*,?\s*\bor\b\s*/g, ' \\lor ');
  return s.replace(/\s*,?\s*\b(?:and|or)\b\s*/g, ', ');
}

/** The normal form without any white space: the key of the string fast path. */
export function compactMath(s: string): string {
  return s.replace(/\s+/g, '').replace(/\\cdot|\\times/g, '*').replace(/\{(\w)\}/g, '$1');
}

/**
 * Split at top-level occurrences of `sep` (outside (), [], {}). Used for
 * "x = 2 + 3 = 5" chains and "a ≈ b".
 */
export function splitTopLevel(s: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      // A LaTeX command: jump over its name, but let \{ \} count as braces.
      if (s[i + 1] === '{' || s[i + 1] === '}') continue;
      const m = /^\\[a-zA-Z]+/.exec(s.slice(i, i + 20));
      if (m) {
        if (depth === 0) {
          const tok = m[0];
          if (sep.test(tok)) {
            parts.push(s.slice(start, i));
            start = i + tok.length;
          }
        }
        i += m[0].length - 1;
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && sep.test(c)) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim());
}

