/**
 * Equivalence of two parsed answers (MathJSON), returning the rule that
 * decided so that every verdict can say why. Order of rules:
 *   - the same expression up to the order of terms and factors (where no value can be
 *     computed, e.g. a sum to n);
 *   - solution sets: an inequality or membership about one variable is the
 *     interval it denotes ("-2 \le x \le 7" = "x \in [-2,7]" = "[-2,7]");
 *   - collections (tuples, intervals, sets, matrices, vectors) element by
 *     element, in order except for sets and bare lists of several answers;
 *   - relations (=, <, ≤ …) side by side, or as proportional differences;
 *     "x = 3" answers "3" (the value of an equation whose left side is a name);
 *   - constants: exact rational arithmetic when both sides are built from
 *     integers (symbolic, no tolerance), else numerically within a relative
 *     tolerance, or a decimal that is the exact value rounded at its last
 *     digit (with enough decimal places);
 *   - expressions with variables: identical at several seeded random points.
 * Precision matters as much as recall: only these rules make two answers equal.
 */
import { exactRational, sameRational } from './exact';
import { DEFAULT_MATH_OPTIONS, type MathOptions } from './math-options';
import { type Collection, type Json, args, asCollection, evaluate, freeSymbols, head, isRelation, unwrapGroup } from './mathjson';
import { mulberry32 } from '../util/random';
import { isSetRelation, solutionSet } from './relations';

/** The rule that made two answers equal, or null when none did. */
export type Rule = string | null;

export function jsonEquivalent(a0: Json, b0: Json, opts: MathOptions, depth = 0): Rule {
  if (depth > 20) return null;
  const a = unwrapGroup(a0);
  const b = unwrapGroup(b0);
  // The same expression up to the order of terms and factors, even where no value can be
  // computed: "\sum_{k=0}^{n-1} F_{n-k-1} F_k" is "\sum_{k=0}^{n-1} F_k F_{n-k-1}".
  if (JSON.stringify(commutedInOrder(a)) === JSON.stringify(commutedInOrder(b))) return 'same expression up to order';
  const ca = asCollection(a);
  const cb = asCollection(b);
  const ra = isRelation(a) || isSetRelation(a);
  const rb = isRelation(b) || isSetRelation(b);
  // An inequality against an interval (or two descriptions of one set): compare the sets they denote.
  if (ra || rb) {
    const setA = solutionSet(a);
    const setB = solutionSet(b);
    const sa = setA ?? ca;
    const sb = setB ?? cb;
    if ((setA || setB) && sa && sb) return collectionsEquivalent(sa, sb, opts, depth) ? 'same solution set' : null;
  }
  if (ca || cb) return ca !== null && cb !== null && collectionsEquivalent(ca, cb, opts, depth) ? `${describe(ca)} element by element` : null;
  if (isRelation(a) && isRelation(b)) return relationsEquivalent(a, b, opts, depth) ? 'same relation' : null;
  if (isRelation(a) || isRelation(b)) {
    // "x = 3" answers "3": the right-hand side of an equation whose left side names the quantity.
    const [rel, other] = isRelation(a) ? [a, b] : [b, a];
    const [lhs, rhs] = args(rel);
    if (head(rel) === 'Equal' && args(rel).length === 2 && lhs !== undefined && rhs !== undefined && namesAQuantity(lhs)) {
      return jsonEquivalent(rhs, other, opts, depth + 1) ? 'value of the equation' : null;
    }
    return null;
  }
  return expressionsEquivalent(a, b, opts);
}

/** Sums and products with their operands in one order (the order of their JSON). */
function commutedInOrder(e: Json): Json {
  if (!Array.isArray(e)) return e;
  const [h, ...rest] = e as [string, ...Json[]];
  const operands = rest.map(commutedInOrder);
  if (COMMUTATIVE.has(h)) operands.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  return [h, ...operands] as Json;
}
const COMMUTATIVE = new Set(['Add', 'Multiply', 'InvisibleOperator']);

/** A left-hand side that names a quantity: "x", "f(x)", "\frac{NO}{BO}", "S_{ABC}" — symbols only, no numbers. */
function namesAQuantity(lhs: Json): boolean {
  // "a + z = 0" is an equation to satisfy, not the value of a quantity named a + z.
  return !hasNumber(lhs) && freeSymbols(lhs).size > 0 && !['Add', 'Subtract', 'Negate'].includes(head(lhs) ?? '');
}

/** Does the expression contain a number literal (subscripts such as x_1 are part of a name, not numbers)? */
function hasNumber(e: Json): boolean {
  if (typeof e === 'number') return true;
  if (typeof e === 'object' && !Array.isArray(e) && 'num' in e) return true;
  return args(e).some(hasNumber);
}

function describe(c: Collection): string {
  return { Set: 'set', Bare: 'list', Or: 'list', Union: 'union', Interval: 'interval', Tuple: 'tuple', List: 'list', Matrix: 'matrix' }[c.kind] ?? c.kind.toLowerCase();
}

/** Kinds that denote the same thing when written differently: a bare "1, 2" list is a set of solutions. */
const UNORDERED_FAMILY: Record<string, string> = { Set: 'set', Bare: 'set', Or: 'set', Union: 'union', And: 'and' };
/** Vectors: written as a tuple, an angle-bracket list, or a one-row / one-column matrix. */
const VECTOR_KINDS = new Set(['Tuple', 'AngleBracket', 'Vector']);

/** A matrix with a single row or column is a vector. */
function asVector(c: Collection): Collection {
  if (c.kind !== 'Matrix') return c;
  const rows = c.items.map((r) => asCollection(r));
  if (rows.every((r) => r !== null && r.items.length === 1)) return { kind: 'Vector', items: rows.map((r) => r!.items[0]!) };
  if (rows.length === 1 && rows[0]) return { kind: 'Vector', items: rows[0].items };
  return c;
}

function collectionsEquivalent(a0: Collection, b0: Collection, opts: MathOptions, depth: number): boolean {
  const a = asVector(a0);
  const b = asVector(b0);
  const same = (x: Json, y: Json) => jsonEquivalent(x, y, opts, depth + 1) !== null;
  const inOrder = () => a.items.length === b.items.length && a.items.every((x, i) => same(x, b.items[i]!));
  const bare = a.kind === 'Bare' ? b.kind : b.kind === 'Bare' ? a.kind : null;
  // With strict order, a bare list of answers is a tuple written without parentheses.
  if (bare !== null && opts.strictTupleOrder) return (bare === 'Bare' || bare === 'Tuple' || bare === 'List') && inOrder();
  // A point written without its parentheses ("1, 3" for (1, 3)), as Math-Verify reads it: in order.
  if (bare === 'Tuple') return inOrder();
  const fa = UNORDERED_FAMILY[a.kind];
  const fb = UNORDERED_FAMILY[b.kind];
  if (fa || fb) {
    if (fa !== fb) return false;
    // Sets of solutions: the same elements, a repeated one counted once ({1, 2, 2} is {1, 2}).
    const covers = (xs: readonly Json[], ys: readonly Json[]) => xs.every((x) => ys.some((y) => same(x, y)));
    return covers(a.items, b.items) && covers(b.items, a.items);
  }
  const intervalish = (c: Collection): boolean => c.kind === 'Interval' || ((c.kind === 'Tuple' || c.kind === 'List') && c.items.length === 2);
  if (a.kind === 'Interval' || b.kind === 'Interval') {
    if (!intervalish(a) || !intervalish(b)) return false;
    if (a.open?.[0] !== b.open?.[0] || a.open?.[1] !== b.open?.[1]) return false;
    return inOrder();
  }
  if (VECTOR_KINDS.has(a.kind) && VECTOR_KINDS.has(b.kind)) return inOrder();
  if (a.kind !== b.kind) return false; // (1,2) is not [1,2]
  return inOrder();
}

const FLIP: Record<string, string> = { Greater: 'Less', GreaterEqual: 'LessEqual' };

/** a > b  ->  b < a, so that both sides of a comparison are written the same way round. */
function orient(e: Json): { op: string; sides: Json[] } {
  const h = head(e)!;
  const sides = args(e);
  return FLIP[h] ? { op: FLIP[h]!, sides: sides.slice().reverse() } : { op: h, sides };
}

function relationsEquivalent(a: Json, b: Json, opts: MathOptions, depth: number): boolean {
  const ra = orient(a);
  const rb = orient(b);
  if (ra.op !== rb.op || ra.sides.length !== rb.sides.length) return false;
  const same = (x: Json, y: Json) => jsonEquivalent(x, y, opts, depth + 1) !== null;
  if (ra.sides.every((x, i) => same(x, rb.sides[i]!))) return true;
  if (ra.sides.length !== 2) return false;
  const [a0, a1] = ra.sides as [Json, Json];
  const [b0, b1] = rb.sides as [Json, Json];
  const symmetric = ra.op === 'Equal' || ra.op === 'NotEqual';
  if (symmetric && same(a0, b1) && same(a1, b0)) return true;
  // 2x + 2y = 2  vs  x + y = 1: the differences of the sides are proportional (positively, for inequalities).
  return proportional(['Subtract', a0, a1], ['Subtract', b0, b1], !symmetric, opts);
}

const POINTS = 8;
const SEED = 0x5eed;

/** Seeded sample points: half in (0.5, 3.5), half in (3.5, 20), so sqrt(x - 5) has some defined points. */
function samplePoints(vars: Set<string>): Array<Map<string, number>> {
  const rand = mulberry32(SEED);
  const names = [...vars].sort();
  const points: Array<Map<string, number>> = [];
  for (let i = 0; i < POINTS; i++) {
    const env = new Map<string, number>();
    for (const n of names) env.set(n, i % 2 === 0 ? 0.5 + 3 * rand() : 3.5 + 16.5 * rand());
    points.push(env);
  }
  return points;
}

const MIN_VALID_POINTS = 3;

function expressionsEquivalent(a: Json, b: Json, opts: MathOptions): Rule {
  const vars = freeSymbols(a);
  freeSymbols(b, vars);
  if (vars.size === 0) {
    const qa = exactRational(a);
    const qb = exactRational(b);
    if (qa && qb && sameRational(qa, qb)) return 'exact rational arithmetic';
    // Two different exact values are different, unless the benchmark grants a tolerance wider than the default.
    if (qa && qb && opts.relativeTolerance <= DEFAULT_MATH_OPTIONS.relativeTolerance) return null;
    const va = evaluate(a);
    const vb = evaluate(b);
    if (Number.isNaN(va) || Number.isNaN(vb)) return null;
    if (closeRelative(va, vb, opts.relativeTolerance)) return `numeric (relative ${opts.relativeTolerance})`;
    if (roundedDecimal(a, vb, opts) || roundedDecimal(b, va, opts)) return `decimal rounded at its last digit (${opts.precision}+ places)`;
    return null;
  }
  let valid = 0;
  for (const env of samplePoints(vars)) {
    const va = evaluate(a, env);
    const vb = evaluate(b, env);
    if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
    if (!closeRelative(va, vb, opts.relativeTolerance)) return null;
    valid++;
  }
  return valid >= MIN_VALID_POINTS ? `identity at ${valid} random points` : null;
}

function closeRelative(x: number, y: number, rel: number): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  const diff = Math.abs(x - y);
  return diff <= rel * Math.max(Math.abs(x), Math.abs(y)) || diff <= 1e-12;
}

/** A written decimal ("0.142857", "-3.14159") with its number of decimal places. */
function decimalLiteral(e: Json): { places: number } | null {
  const h = head(e);
  if (h === 'Negate' && args(e).length === 1) return decimalLiteral(args(e)[0]!);
  const text = typeof e === 'number' ? String(e) : typeof e === 'object' && !Array.isArray(e) && 'num' in e ? e.num : null;
  if (text === null) return null;
  const m = /^-?(\d*)\.(\d+)$/.exec(text);
  if (!m) return null;
  return { places: m[2]!.length };
}

/**
 * 0.142857 for 1/7: the decimal is the exact value rounded at its last digit,
 * with enough decimal places to be meant as that value (188.496 for 60\pi is
 * a computed approximation, not the answer; 0.14 for 1/7 is a rounding).
 */
function roundedDecimal(literal: Json, exact: number, opts: MathOptions): boolean {
  const d = decimalLiteral(literal);
  if (d === null || d.places < opts.precision || !Number.isFinite(exact)) return false;
  const written = evaluate(literal);
  const scale = 10 ** d.places;
  return Math.abs(Math.round(exact * scale) - Math.round(written * scale)) === 0;
}

function proportional(d1: Json, d2: Json, positive: boolean, opts: MathOptions): boolean {
  const vars = freeSymbols(d1);
  freeSymbols(d2, vars);
  if (vars.size === 0) return false;
  let ratio: number | null = null;
  let valid = 0;
  for (const env of samplePoints(vars)) {
    const v1 = evaluate(d1, env);
    const v2 = evaluate(d2, env);
    if (!Number.isFinite(v1) || !Number.isFinite(v2)) continue;
    const z1 = Math.abs(v1) < 1e-12;
    const z2 = Math.abs(v2) < 1e-12;
    if (z1 && z2) continue;
    if (z1 !== z2) return false;
    const r = v1 / v2;
    if (ratio === null) ratio = r;
    else if (!closeRelative(r, ratio, opts.relativeTolerance)) return false;
    valid++;
  }
  return ratio !== null && valid >= MIN_VALID_POINTS && (!positive || ratio > 0);
}
