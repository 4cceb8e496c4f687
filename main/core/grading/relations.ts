/**
 * Relation semantics: an inequality or membership about one variable denotes
 * a set of numbers, and so does an interval. "-2 \le x \le 7", "x \in [-2,7]",
 * "x \ge -2 and x \le 7" and "[-2, 7]" all denote the same set; "x < 3" is
 * "(-\infty, 3)". This module turns such relations into intervals (or unions
 * of them) so that they can be compared with collections.
 */
import { type Collection, type Json, args, asCollection, freeSymbols, head, unwrapGroup } from './mathjson';

const NEG_INF: Json = ['Negate', 'PositiveInfinity'];
const POS_INF: Json = 'PositiveInfinity';

interface Bound {
  variable: string;
  lo: Json;
  hi: Json;
  open: [boolean, boolean];
}

function isConstant(e: Json): boolean {
  return freeSymbols(e).size === 0;
}

function variableName(e: Json): string | null {
  const u = unwrapGroup(e);
  if (typeof u === 'string' && !u.startsWith("'")) return u;
  if (typeof u === 'object' && !Array.isArray(u) && 'sym' in u) return u.sym;
  return null;
}

/** Members and operators of a comparison chain; the parser nests mixed chains: "0 < x \le 1" is LessEqual(Less(0, x), 1). */
function chain(e: Json): { members: Json[]; ops: string[] } | null {
  const h = head(e);
  if (h !== 'Less' && h !== 'LessEqual' && h !== 'Greater' && h !== 'GreaterEqual') return null;
  const a = args(e);
  const inner = a.length === 2 ? chain(a[0]!) : null;
  if (inner) return { members: [...inner.members, a[1]!], ops: [...inner.ops, h] };
  return { members: a, ops: a.slice(1).map(() => h) };
}

/** "a < x", "x \le b", "a < x \le b" (chains of two or three members), oriented as lo..hi. */
function inequalityBound(e: Json): Bound | null {
  const c = chain(e);
  if (!c) return null;
  const up = c.ops.every((op) => op === 'Less' || op === 'LessEqual');
  const down = c.ops.every((op) => op === 'Greater' || op === 'GreaterEqual');
  if (!up && !down) return null;
  // Write every chain increasing: x > 3 is 3 < x.
  const members = down ? c.members.slice().reverse() : c.members;
  const strict = (down ? c.ops.slice().reverse() : c.ops).map((op) => op === 'Less' || op === 'Greater');
  if (members.length === 2) {
    const [left, right] = members as [Json, Json];
    const lv = variableName(left);
    const rv = variableName(right);
    if (lv !== null && isConstant(right)) return { variable: lv, lo: NEG_INF, hi: right, open: [true, strict[0]!] };
    if (rv !== null && isConstant(left)) return { variable: rv, lo: left, hi: POS_INF, open: [strict[0]!, true] };
    return null;
  }
  if (members.length === 3) {
    const [lo, mid, hi] = members as [Json, Json, Json];
    const v = variableName(mid);
    if (v === null || !isConstant(lo) || !isConstant(hi)) return null;
    return { variable: v, lo, hi, open: [strict[0]!, strict[1]!] };
  }
  return null;
}

function boundToInterval(b: Bound): Collection {
  return { kind: 'Interval', items: [b.lo, b.hi], open: b.open };
}

/**
 * The set that a relation about one variable denotes, as an interval or a
 * union of intervals; null when `e` is not such a relation.
 *   x \in S                 -> S (an interval, set or union)
 *   a < x \le b, x \ge c    -> interval
 *   (x > a) \land (x < b)   -> the intersection, when both bound the same variable on opposite sides
 *   (x < a) \lor (x > b)    -> union
 */
export function solutionSet(e0: Json, depth = 0): Collection | null {
  if (depth > 10) return null;
  const e = unwrapGroup(e0);
  const h = head(e);
  const a = args(e);
  if (h === 'Element' && a.length === 2 && variableName(a[0]!) !== null) return asCollection(a[1]!) ?? setOfSymbol(a[1]!);
  const bound = inequalityBound(e);
  if (bound) return boundToInterval(bound);
  if (h === 'And' && a.length === 2) {
    const [x, y] = [inequalityBound(unwrapGroup(a[0]!)), inequalityBound(unwrapGroup(a[1]!))];
    if (!x || !y || x.variable !== y.variable) return null;
    // One bound from below (hi = +inf) and one from above (lo = -inf).
    const lower = isPosInf(x.hi) ? x : y;
    const upper = lower === x ? y : x;
    if (!isPosInf(lower.hi) || !isNegInf(upper.lo)) return null;
    return { kind: 'Interval', items: [lower.lo, upper.hi], open: [lower.open[0], upper.open[1]] };
  }
  if (h === 'Or' && a.length >= 2) {
    const parts = a.map((x) => solutionSet(x, depth + 1));
    if (parts.some((p) => p === null || p.kind !== 'Interval')) return null;
    return { kind: 'Union', items: parts.map((p) => collectionToJson(p!)) };
  }
  return null;
}

function isNegInf(e: Json): boolean {
  return JSON.stringify(e) === JSON.stringify(NEG_INF);
}

function isPosInf(e: Json): boolean {
  return e === POS_INF;
}

/** \mathbb{R} as (-\infty, \infty). */
function setOfSymbol(e: Json): Collection | null {
  return variableName(e) === 'RealNumbers' ? { kind: 'Interval', items: [NEG_INF, POS_INF], open: [true, true] } : null;
}

/** Back to MathJSON, so a union's members can go through the same comparison as parsed ones. */
export function collectionToJson(c: Collection): Json {
  if (c.kind === 'Interval') {
    const [lo, hi] = c.items as [Json, Json];
    return ['Interval', c.open?.[0] ? ['Open', lo] : lo, c.open?.[1] ? ['Open', hi] : hi];
  }
  return [c.kind, ...c.items];
}

/** Is `e` something solutionSet can read (so it should be compared as a set, not as a relation)? */
export function isSetRelation(e: Json): boolean {
  const h = head(unwrapGroup(e));
  return h === 'Element' || h === 'And' || h === 'Or' || h === 'Less' || h === 'LessEqual' || h === 'Greater' || h === 'GreaterEqual';
}
