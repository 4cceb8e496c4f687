/**
 * Reading numbers the way people and models write them: thousands
 * separators, units, degree signs, percentages, fractions, scientific
 * notation, simple LaTeX (\frac{3}{4}, 1.2\times10^{3}).
 */
import { textCommandsToWords } from './normalize';
import type { Tolerance } from './types';

export interface ParsedNumber {
  value: number;
  /** Written with a percent sign: the value may also be meant as value/100. */
  percent: boolean;
}

/**
 * Unit words stripped after a number. Single letters are included only where
 * they are common units (m, g, s, h, L) and are only ever removed when they
 * follow a number.
 */
const UNIT_WORDS = [
  'square units', 'sq units', 'square meters', 'square metres', 'square feet', 'square inches', 'square cm', 'sq cm', 'sq m',
  'cubic units', 'cubic meters', 'cubic cm', 'units', 'unit', 'degrees', 'degree', 'deg', 'radians', 'rad',
  'centimeters', 'centimetres', 'centimeter', 'centimetre', 'millimeters', 'millimeter', 'kilometers', 'kilometer',
  'meters', 'metres', 'meter', 'metre', 'inches', 'inch', 'feet', 'foot', 'ft', 'yards', 'yd', 'miles', 'mile', 'mph',
  'km/h', 'kmh', 'm/s', 'cm', 'mm', 'km', 'nm', 'in', 'm', 'kg', 'mg', 'g', 'lbs', 'lb', 'oz', 'ml', 'mL', 'L', 'l',
  'seconds', 'second', 'sec', 's', 'minutes', 'minute', 'min', 'hours', 'hour', 'hrs', 'hr', 'h', 'days', 'day',
  'years', 'year', 'months', 'month', 'weeks', 'week',
  'dollars', 'dollar', 'cents', 'cent', 'usd', 'euros', 'euro', 'yuan', 'people', 'persons', 'students', 'times',
  'items', 'objects', 'points', 'pts',
  'N', 'J', 'W', 'V', 'Pa', 'kPa', 'Hz', '°C', '°F', 'degrees Celsius', 'degrees Fahrenheit', 'degree Celsius', 'Celsius', 'Fahrenheit',
  '平方厘米', '平方米', '厘米', '毫米', '千米', '公里', '海里', '米', '秒', '分钟', '小时', '天', '元', '度', '个', '人', '次', '克', '千克',
];
const alternation = (units: readonly string[]): string =>
  units
    .slice()
    .sort((a, b) => b.length - a.length)
    .map((u) => u.replace(/[/.]/g, (c) => '\\' + c))
    .join('|');
const UNIT_ALTERNATION = alternation(UNIT_WORDS);
const LONG_UNIT_ALTERNATION = alternation(UNIT_WORDS.filter((unit) => [...unit].length >= 2));
const UNIT_OPEN = String.raw`\s*(?:\\(?:text|mathrm|mbox|rm)\s*\{\s*~?\s*)?`;
const POWER = String.raw`(?:\^\s*\{?\s*[23]\s*\}?|²|³)`;
/** A unit (optionally squared/cubed) at the end of a string, after a digit, '}' or ')' (and spacing). */
const TRAILING_UNIT = new RegExp(String.raw`(?<=[\d}).]\s*)${UNIT_OPEN}(?:${UNIT_ALTERNATION})\s*\}?\s*${POWER}?\.?$`, 'i');
/**
 * After a name or constant and a space ("9\pi cm^2", "50\pi m^{2}"), only a unit that cannot be a
 * factor: a word of two or more letters, or a letter squared or cubed. "\pi g" keeps its g (gravity).
 */
const TRAILING_UNIT_AFTER_NAME = new RegExp(
  String.raw`(?<=[a-zA-Z]\s+)${UNIT_OPEN}(?:(?:${LONG_UNIT_ALTERNATION})\s*\}?\s*${POWER}?|(?:${UNIT_ALTERNATION})\s*\}?\s*${POWER})\.?$`,
  'i',
);
const withoutUnit = (s: string): string => s.replace(TRAILING_UNIT, '').replace(TRAILING_UNIT_AFTER_NAME, '');

/** Remove one unit word (cm, m², \text{ km}, 米, …) from the end of `s` if it follows a number-like end. */
export function stripTrailingUnit(s: string): string {
  // Units are short: only the end of a long string is looked at (bounded time).
  if (s.length > 80) return s.slice(0, s.length - 80) + withoutUnit(s.slice(s.length - 80)).trimEnd();
  return withoutUnit(s).trim();
}

const DEGREE = /\s*(?:\^\s*\{?\s*\\circ\s*\}?|\\circ|°|\\degree)/g;

/** Remove everything around a number that does not change its value. */
export function cleanNumberText(input: string): { text: string; percent: boolean } {
  let s = input.trim();
  // `12,\!345`: LaTeX's thousands separator (a comma and a negative thin space), spaces and all.
  s = s.replace(/(\d),\s*\\!\s*(?=\d)/g, '$1,');
  s = s.replace(/(?<!\\)\\[,!;: ]|\{,\}|\\quad|\\qquad|~|\u2009|\u202f|\u00a0/g, (m) => (m === '{,}' ? ',' : ''));
  s = s.replace(/\\left|\\right/g, '');
  s = textCommandsToWords(s).replace(/\s+/g, ' ').trim();
  s = s.replace(/[−–]/g, '-');
  s = s.replace(/^\$+|\$+$/g, '').trim();
  s = s.replace(/^(?:\\\$|[$€£¥])\s*/, '').replace(/^-\s*(?:\\\$|[$€£¥])/, '-');
  s = s.replace(DEGREE, '');
  let percent = false;
  s = s.replace(/\s*(?:\\%|%|\s+(?:percent(?:age)?|pct)(?: points)?)\s*$/i, () => {
    percent = true;
    return '';
  });
  // A trailing unit (possibly inside \text{}); twice for "5 cm^2 units"-style leftovers.
  for (let i = 0; i < 2; i++) s = stripTrailingUnit(s);
  s = s.replace(/\.$/, '');
  return { text: s.trim(), percent };
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const FRACTION = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*\/\s*(\d+\.?\d*|\.\d+)$/;
const LATEX_FRACTION = /^([+-]?)\\[dt]?frac\s*\{\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*\}\s*\{\s*(\d+\.?\d*|\.\d+)\s*\}$/;
const LATEX_FRACTION_SHORT = /^([+-]?)\\[dt]?frac\s*(\d)(\d)$/;
const SCIENTIFIC = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*(?:\\times|\\cdot|×|x|\*|·)\s*10\s*\^\s*\{?\s*([+-]?\d+)\s*\}?$/;
const POWER_OF_TEN = /^10\s*\^\s*\{?\s*([+-]?\d+)\s*\}?$/;

/** The number that the whole of `input` denotes, or null when it is not (only) a number. */
export function parseNumber(input: string): ParsedNumber | null {
  if (input.length > 200) return null;
  const { text, percent } = cleanNumberText(input);
  const value = plainNumber(text);
  return value === null ? null : { value, percent };
}

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** A number written as an English word, as counting answers often are: "Three", "twenty-one", "one hundred". */
export function numberWord(s: string): number | null {
  const words = s.toLowerCase().replace(/[.!]$/, '').split(/[\s-]+/).filter((word) => word !== 'and');
  if (words.length === 0 || words.length > 4) return null;
  let value = 0;
  for (const word of words) {
    const unit = UNITS.indexOf(word);
    const ten = TENS.indexOf(word);
    if (unit >= 0) value += unit;
    else if (ten >= 2) value += ten * 10;
    else if (word === 'hundred' && value > 0 && value < 10) value *= 100;
    else return null;
  }
  return value;
}

function plainNumber(s: string): number | null {
  if (s === '') return null;
  if (/^[a-z][a-z\s-]*[a-z.!]?$/i.test(s)) return numberWord(s);
  if (DECIMAL.test(s)) return Number(s);
  if (THOUSANDS.test(s)) return Number(s.replace(/,/g, ''));
  let m = FRACTION.exec(s);
  if (m) return ratio(Number(m[1]), Number(m[2]));
  m = LATEX_FRACTION.exec(s);
  if (m) return ratio(Number(m[2]) * (m[1] === '-' ? -1 : 1), Number(m[3]));
  m = LATEX_FRACTION_SHORT.exec(s);
  if (m) return ratio(Number(m[2]) * (m[1] === '-' ? -1 : 1), Number(m[3]));
  m = SCIENTIFIC.exec(s);
  if (m) return Number(m[1]) * 10 ** Number(m[2]);
  m = POWER_OF_TEN.exec(s);
  if (m) return 10 ** Number(m[1]);
  return null;
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/**
 * Number-looking tokens of a free text, in order (for "last number" extraction).
 * Fractions written a/b and \frac{a}{b} count as one token.
 */
const NUMBER_TOKEN =
  /\\[dt]?frac\s*\{\s*-?\d+(?:\.\d+)?\s*\}\s*\{\s*\d+(?:\.\d+)?\s*\}|(?<![\w.^_])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s*\/\s*\d+(?:\.\d+)?(?!\d|\.\d))?(?:[eE][+-]?\d+)?(?:\s*(?:\\%|%))?/g;

export function findNumbers(text: string): Array<{ raw: string; value: number; percent: boolean }> {
  const out: Array<{ raw: string; value: number; percent: boolean }> = [];
  // Only the end of a text can hold its final number: bounded time on number-heavy inputs.
  const t = (text.length > 1000 ? text.slice(text.length - 1000) : text).replace(/[−–]/g, '-').replace(/\s+/g, ' ');
  NUMBER_TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NUMBER_TOKEN.exec(t)) !== null) {
    const parsed = parseNumber(m[0]);
    if (parsed) out.push({ raw: m[0].trim(), ...parsed });
  }
  return out;
}

/** Default closeness: relative 1e-6, so 0.5 == 1/2 but 0.51 != 0.5. */
export const EXACT_EPSILON = 1e-6;

export function numbersClose(pred: number, gold: number, tol: Tolerance): boolean {
  if (!Number.isFinite(pred) || !Number.isFinite(gold)) return pred === gold;
  const diff = Math.abs(pred - gold);
  if (tol.kind === 'relative' && tol.value !== undefined) {
    return gold === 0 ? diff <= EXACT_EPSILON : diff <= tol.value * Math.abs(gold) + 1e-12;
  }
  const scale = Math.max(Math.abs(pred), Math.abs(gold));
  return diff <= EXACT_EPSILON * scale || diff <= 1e-12;
}

/**
 * Compare two written numbers. A percent sign on one side only is also read
 * as value/100 ("45%" vs "0.45"), since charts and models mix both forms.
 */
export function parsedNumbersClose(pred: ParsedNumber, gold: ParsedNumber, tol: Tolerance): boolean {
  if (numbersClose(pred.value, gold.value, tol)) return true;
  if (pred.percent !== gold.percent) {
    const p = pred.percent ? pred.value / 100 : pred.value;
    const g = gold.percent ? gold.value / 100 : gold.value;
    return numbersClose(p, g, tol);
  }
  return false;
}
