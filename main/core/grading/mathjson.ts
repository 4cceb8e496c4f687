/**
 * Numeric evaluation and structural comparison of MathJSON, the tree that
 * @cortex-js/compute-engine's LaTeX parser produces. We evaluate ourselves
 * (instead of boxing into the engine) because it keeps grading stateless and
 * deterministic — the engine's global scope learns symbol declarations as it
 * goes — and it is an order of magnitude faster, which matters when the same
 * tree is evaluated at several random points.
 */

export type Json = number | string | Json[] | { num: string } | { sym: string } | { str: string } | { fn: Json[] };

const CONSTANTS: Record<string, number> = {
  Pi: Math.PI,
  ExponentialE: Math.E,
  e: Math.E,
  PositiveInfinity: Infinity,
  NegativeInfinity: -Infinity,
  Half: 0.5,
};

/** Heads whose value is a collection, compared element by element rather than numerically. */
const ORDERED = new Set(['Tuple', 'List', 'Interval', 'Matrix', 'Pair', 'Triple', 'AngleBracket']);
const UNORDERED = new Set(['Set', 'Union', 'Or', 'And', 'Bare']);
const RELATIONS = new Set(['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual']);

export function head(e: Json): string | null {
  if (Array.isArray(e)) return typeof e[0] === 'string' ? e[0] : null;
  if (typeof e === 'object' && 'fn' in e) return typeof e.fn[0] === 'string' ? e.fn[0] : null;
  return null;
}

export function args(e: Json): Json[] {
  if (Array.isArray(e)) return e.slice(1);
  if (typeof e === 'object' && 'fn' in e) return e.fn.slice(1);
  return [];
}

function symbolName(e: Json): string | null {
  if (typeof e === 'string') return e.startsWith("'") ? null : e;
  if (typeof e === 'object' && !Array.isArray(e) && 'sym' in e) return e.sym;
  return null;
}

function isStringLiteral(e: Json): boolean {
  return (typeof e === 'string' && e.startsWith("'")) || (typeof e === 'object' && !Array.isArray(e) && 'str' in e);
}

/** Parse the string form of a MathJSON number: "1.5e3", "0.(3)" (repeating), "50e-2". */
function numberFromString(s: string): number {
  const rep = /^(-?\d*)\.(\d*)\((\d+)\)(?:e([+-]?\d+))?$/.exec(s);
  if (rep) {
    const [, int, fixed, period, exp] = rep as unknown as [string, string, string, string, string | undefined];
    const base = Number(`${int || '0'}.${fixed}`);
    const sign = int.startsWith('-') ? -1 : 1;
    const value = base + (sign * Number(period)) / (10 ** fixed.length * (10 ** period.length - 1));
    return exp ? value * 10 ** Number(exp) : value;
  }
  return Number(s);
}

export function hasError(e: Json): boolean {
  const h = head(e);
  if (h === 'Error') return true;
  return args(e).some(hasError);
}

/** Strip grouping parentheses and single-element sequences; they carry no meaning. */
export function unwrapGroup(e: Json): Json {
  let cur = e;
  for (;;) {
    const h = head(cur);
    const a = args(cur);
    if ((h === 'Delimiter' && a.length === 1 && head(a[0]!) !== 'Sequence') || (h === 'Sequence' && a.length === 1)) cur = a[0]!;
    else if (h === 'Delimiter' && a.length >= 1 && head(a[0]!) === 'Sequence' && args(a[0]!).length === 1) cur = args(a[0]!)[0]!;
    else return cur;
  }
}

export interface Collection {
  kind: string;
  items: Json[];
  /** Interval end openness; tuples "(a,b)" count as open intervals. */
  open?: [boolean, boolean];
}

/** Is this node a collection (tuple, set, interval, matrix, list, union)? */
export function asCollection(e0: Json): Collection | null {
  const e = unwrapGroup(e0);
  const h = head(e);
  const a = args(e);
  if (h === 'Delimiter' && a.length >= 1 && head(a[0]!) === 'Sequence') {
    const style = a[1] !== undefined && typeof a[1] === 'object' && !Array.isArray(a[1]) && 'str' in a[1] ? a[1].str : '(,)';
    const items = args(a[0]!);
    if (style.startsWith('(')) return { kind: 'Tuple', items, open: [true, true] };
    if (style.startsWith('[')) return { kind: 'List', items, open: [false, false] };
    return { kind: 'Bare', items };
  }
  if (h === 'Sequence' && a.length > 1) return { kind: 'Bare', items: a };
  if (h === 'Interval' && a.length === 2) {
    const ends = a.map((x) => (head(x) === 'Open' ? { v: args(x)[0]!, open: true } : { v: x, open: false }));
    return { kind: 'Interval', items: ends.map((x) => x.v), open: [ends[0]!.open, ends[1]!.open] };
  }
  if (h === 'Matrix') return { kind: 'Matrix', items: asCollection(a[0]!)?.items ?? a };
  if (h === 'List') return { kind: 'List', items: a, open: [false, false] };
  if (symbolName(e) === 'EmptySet') return { kind: 'Set', items: [] };
  if (h !== null && (ORDERED.has(h) || UNORDERED.has(h))) return { kind: h, items: a };
  return null;
}

export function isRelation(e: Json): boolean {
  const h = head(unwrapGroup(e));
  return h !== null && RELATIONS.has(h);
}

/** Free symbols (variables) of an expression; units and constants are not variables. */
export function freeSymbols(e: Json, out = new Set<string>()): Set<string> {
  const name = symbolName(e);
  if (name !== null) {
    if (!(name in CONSTANTS)) out.add(name);
    return out;
  }
  const h = head(e);
  if (h === '__unit__') {
    out.add(`unit:${String(args(e)[0])}`);
    return out;
  }
  const indexed = indexedName(e);
  if (indexed !== null) {
    out.add(indexed);
    return out;
  }
  for (const a of args(e)) freeSymbols(a, out);
  return out;
}

/**
 * A symbol with a written-out index ("x_{n-1}", "F_{n-k-1}") is one quantity, a term of a
 * sequence, not an expression in its index: a variable of its own, named by its canonical form.
 * (A plain index, "a_n" or "x_1", is already part of the symbol's name.)
 */
function indexedName(e: Json): string | null {
  return head(e) === 'Subscript' && args(e).length === 2 ? `indexed:${JSON.stringify(e)}` : null;
}

type Env = ReadonlyMap<string, number>;

const UNARY: Record<string, (x: number) => number> = {
  Negate: (x) => -x,
  Sqrt: Math.sqrt,
  Square: (x) => x * x,
  Exp: Math.exp,
  Ln: Math.log,
  Lb: Math.log2,
  Lg: Math.log10,
  Abs: Math.abs,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Sin: Math.sin,
  Cos: Math.cos,
  Tan: Math.tan,
  Cot: (x) => 1 / Math.tan(x),
  Sec: (x) => 1 / Math.cos(x),
  Csc: (x) => 1 / Math.sin(x),
  Arcsin: Math.asin,
  Arccos: Math.acos,
  Arctan: Math.atan,
  Sinh: Math.sinh,
  Cosh: Math.cosh,
  Tanh: Math.tanh,
  Degrees: (x) => (x * Math.PI) / 180,
  Factorial: (x) => (Number.isInteger(x) && x >= 0 && x <= 170 ? factorial(x) : NaN),
};

function factorial(n: number): number {
  let r = 1;
  for (let i = 2; i <= n; i++) r *= i;
  return r;
}

function binomial(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || k < 0 || k > n || n > 1000) return NaN;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Operands of a product without unit markers and stray words ("5 \text{units}" is 5). */
function productOperands(a: Json[]): Json[] {
  const kept = a.filter((x) => head(x) !== '__unit__' && !isStringLiteral(x));
  return kept.length > 0 ? kept : a;
}

/**
 * Numeric value of an expression, with free symbols taken from `env`.
 * NaN when the expression is not a number (unknown head, collection, relation…).
 */
export function evaluate(e: Json, env: Env = new Map(), depth = 0): number {
  if (depth > 200) return NaN;
  if (typeof e === 'number') return e;
  if (typeof e === 'object' && !Array.isArray(e) && 'num' in e) return numberFromString(e.num);
  const name = symbolName(e);
  if (name !== null) return CONSTANTS[name] ?? env.get(name) ?? NaN;
  const h = head(e);
  if (h === null) return NaN;
  if (h === '__unit__') return env.get(`unit:${String(args(e)[0])}`) ?? NaN;
  const indexed = indexedName(e);
  if (indexed !== null) return env.get(indexed) ?? NaN;
  const a = args(e);
  const ev = (x: Json): number => evaluate(x, env, depth + 1);
  const unary = UNARY[h];
  if (unary) return a.length === 1 ? unary(ev(a[0]!)) : NaN;
  switch (h) {
    case 'Delimiter':
    case 'Sequence':
    case 'Hold':
      return a.length === 1 || (h === 'Delimiter' && a.length === 2 && isStringLiteral(a[1]!)) ? ev(a[0]!) : NaN;
    case 'Add':
      return a.reduce<number>((s, x) => s + ev(x), 0);
    case 'Subtract':
      return a.length === 2 ? ev(a[0]!) - ev(a[1]!) : a.length === 1 ? -ev(a[0]!) : NaN;
    case 'Multiply':
    case 'InvisibleOperator':
      return productOperands(a).reduce<number>((p, x) => p * ev(x), 1);
    case 'Divide':
    case 'Rational':
    case 'Colon': // a ratio "1:4" has the value 1/4
      // A zero denominator has no value (not Infinity): else "1:00" and "12:00", clock times,
      // would both be Infinity and so "equal".
      return a.length === 2 ? quotient(ev(a[0]!), ev(a[1]!)) : NaN;
    case 'Power':
      return a.length === 2 ? power(ev(a[0]!), ev(a[1]!)) : NaN;
    case 'Root':
      return a.length === 2 ? root(ev(a[0]!), ev(a[1]!)) : NaN;
    case 'Log':
      return a.length === 1 ? Math.log10(ev(a[0]!)) : a.length === 2 ? Math.log(ev(a[0]!)) / Math.log(ev(a[1]!)) : NaN;
    case 'Binomial':
      return a.length === 2 ? binomial(ev(a[0]!), ev(a[1]!)) : NaN;
    case 'Max':
      return a.length > 0 ? Math.max(...a.map(ev)) : NaN;
    case 'Min':
      return a.length > 0 ? Math.min(...a.map(ev)) : NaN;
    default:
      return NaN;
  }
}

/** a / b, or NaN when b is zero. */
function quotient(a: number, b: number): number {
  return b === 0 ? NaN : a / b;
}

function power(b: number, x: number): number {
  // Odd roots of negative numbers: (-8)^(1/3) = -2, as a person means it.
  if (b < 0 && !Number.isInteger(x)) {
    const inv = 1 / x;
    if (Number.isInteger(Math.round(inv)) && Math.abs(inv - Math.round(inv)) < 1e-12 && Math.round(inv) % 2 !== 0) return -Math.pow(-b, x);
  }
  return Math.pow(b, x);
}

function root(x: number, n: number): number {
  if (x < 0 && Number.isInteger(n) && n % 2 === 1) return -Math.pow(-x, 1 / n);
  return Math.pow(x, 1 / n);
}

