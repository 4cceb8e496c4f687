/**
 * LaTeX math equivalence. Order of checks, cheapest first:
 *   1. string equality after normalisation (latex.ts) — decides most cases;
 *   2. parse both with @cortex-js/compute-engine's LaTeX parser to MathJSON;
 *   3. collections (tuples, intervals, sets, matrices) element by element,
 *      order mattering except for sets;
 *   4. relations (=, <, ≤ …) side by side, or as proportional differences;
 *   5. expressions: numerically (relative 1e-6) when constant, else at
 *      several seeded random points of their free variables.
 * Precision matters as much as recall: two things are only equivalent when
 * one of these rules says so; anything unparseable only matches as a string.
 */
import { LatexSyntax } from '@cortex-js/compute-engine/latex-syntax';
import { MAX_MATH_CHARS, compactMath, normalizeMath, splitTopLevel } from './latex';
import {
  type Collection,
  type Json,
  args,
  asCollection,
  evaluate,
  freeSymbols,
  hasError,
  head,
  isRelation,
  unwrapGroup,
} from './mathjson';
import { mulberry32 } from '../util/random';
import { findNumbers, numbersClose } from './numbers';
import type { ScoreContext, ScoreOutcome } from './types';

const syntax = new LatexSyntax();

interface Prepared {
  compact: string;
  json: Json | null;
}

/** Parsed forms of recently seen answers (gold answers repeat across runs and models). Bounded LRU. */
const CACHE_MAX = 20_000;
/** Long strings are not worth keeping (and would make the cache's memory unbounded). */
const CACHE_KEY_MAX = 1_000;
const cache = new Map<string, Prepared>();

/** Forget cached parses (for benchmarks that must start cold). */
export function clearMathCache(): void {
  cache.clear();
}

function prepare(raw: string): Prepared {
  const hit = cache.get(raw);
  if (hit) {
    cache.delete(raw);
    cache.set(raw, hit);
    return hit;
  }
  const norm = normalizeMath(raw);
  const prepared: Prepared = { compact: compactMath(norm), json: parseLatex(norm) };
  if (raw.length <= CACHE_KEY_MAX) {
    cache.set(raw, prepared);
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  }
  return prepared;
}

function parseLatex(s: string): Json | null {
  if (s === '' || s.length > MAX_MATH_CHARS) return null;
  try {
    const json = syntax.parse(s) as unknown as Json | null;
    return json === null || hasError(json) ? null : json;
  } catch {
    return null; // the parser must never take a grade down with it
  }
}

/** Value of a constant LaTeX expression ("\frac{\sqrt3}{2}", "2\pi"), or null. */
export function evaluateConstant(latex: string): number | null {
  const { json } = prepare(latex);
  if (json === null || asCollection(json) !== null || isRelation(json) || freeSymbols(json).size > 0) return null;
  const v = evaluate(json);
  return Number.isFinite(v) ? v : null;
}

export interface Equivalence {
  equal: boolean;
  how: string;
}

export function mathEquivalent(pred: string, gold: string): Equivalence {
  const p = prepare(pred);
  const g = prepare(gold);
  if (p.compact === g.compact && p.compact !== '') return { equal: true, how: 'same after normalisation' };
  if (p.json === null || g.json === null) return { equal: false, how: p.json === null ? 'answer not parseable as math' : 'gold not parseable as math' };
  const equal = jsonEquivalent(p.json, g.json, 0);
  return { equal, how: equal ? 'equivalent (CAS)' : 'not equivalent (CAS)' };
}

const EXACT = { kind: 'exact' } as const;

function jsonEquivalent(a0: Json, b0: Json, depth: number): boolean {
  if (depth > 20) return false;
  const a = unwrapGroup(a0);
  const b = unwrapGroup(b0);
  const ca = asCollection(a);
  const cb = asCollection(b);
  if (ca || cb) return ca !== null && cb !== null && collectionsEquivalent(ca, cb, depth);
  const ra = isRelation(a);
  const rb = isRelation(b);
  if (ra && rb) return relationsEquivalent(a, b, depth);
  if (ra || rb) {
    // "x = 3" answers "3": compare the right-hand side of an equation whose left side is a lone variable.
    const [rel, other] = ra ? [a, b] : [b, a];
    const [lhs, rhs] = args(rel);
    if (head(rel) === 'Equal' && args(rel).length === 2 && typeof lhs === 'string' && rhs !== undefined) return jsonEquivalent(rhs, other, depth + 1);
    return false;
  }
  return expressionsEquivalent(a, b);
}

/** Kinds that denote the same thing when written differently: a bare "1, 2" list is a set of solutions. */
const UNORDERED_FAMILY: Record<string, string> = { Set: 'set', Bare: 'set', Or: 'set', Union: 'union', And: 'and' };

function collectionsEquivalent(a: Collection, b: Collection, depth: number): boolean {
  if (a.items.length !== b.items.length) return false;
  const intervalish = (c: Collection): boolean => c.kind === 'Interval' || ((c.kind === 'Tuple' || c.kind === 'List') && c.items.length === 2);
  if (a.kind === 'Interval' || b.kind === 'Interval') {
    if (!intervalish(a) || !intervalish(b)) return false;
    if (a.open?.[0] !== b.open?.[0] || a.open?.[1] !== b.open?.[1]) return false;
    return a.items.every((x, i) => jsonEquivalent(x, b.items[i]!, depth + 1));
  }
  const fa = UNORDERED_FAMILY[a.kind];
  const fb = UNORDERED_FAMILY[b.kind];
  if (fa || fb) {
    if (fa !== fb) return false;
    const used = new Array<boolean>(b.items.length).fill(false);
    return a.items.every((x) => {
      const j = b.items.findIndex((y, k) => !used[k] && jsonEquivalent(x, y, depth + 1));
      if (j < 0) return false;
      used[j] = true;
      return true;
    });
  }
  if (a.kind !== b.kind) return false; // (1,2) is not [1,2]
  return a.items.every((x, i) => jsonEquivalent(x, b.items[i]!, depth + 1));
}

const FLIP: Record<string, string> = { Greater: 'Less', GreaterEqual: 'LessEqual' };

/** a > b  ->  b < a, so that both sides of a comparison are written the same way round. */
function orient(e: Json): { op: string; sides: Json[] } {
  const h = head(e)!;
  const sides = args(e);
  return FLIP[h] ? { op: FLIP[h]!, sides: sides.slice().reverse() } : { op: h, sides };
}

function relationsEquivalent(a: Json, b: Json, depth: number): boolean {
  const ra = orient(a);
  const rb = orient(b);
  if (ra.op !== rb.op || ra.sides.length !== rb.sides.length) return false;
  if (ra.sides.every((x, i) => jsonEquivalent(x, rb.sides[i]!, depth + 1))) return true;
  if (ra.sides.length !== 2) return false;
  const [a0, a1] = ra.sides as [Json, Json];
  const [b0, b1] = rb.sides as [Json, Json];
  const symmetric = ra.op === 'Equal' || ra.op === 'NotEqual';
  if (symmetric && jsonEquivalent(a0, b1, depth + 1) && jsonEquivalent(a1, b0, depth + 1)) return true;
  // 2x + 2y = 2  vs  x + y = 1: the differences of the sides are proportional (positively, for inequalities).
  return proportional(['Subtract', a0, a1], ['Subtract', b0, b1], !symmetric);
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

function expressionsEquivalent(a: Json, b: Json): boolean {
  const vars = freeSymbols(a);
  freeSymbols(b, vars);
  if (vars.size === 0) {
    const va = evaluate(a);
    const vb = evaluate(b);
    if (Number.isNaN(va) || Number.isNaN(vb)) return false;
    return numbersClose(va, vb, EXACT);
  }
  let valid = 0;
  for (const env of samplePoints(vars)) {
    const va = evaluate(a, env);
    const vb = evaluate(b, env);
    if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
    if (!numbersClose(va, vb, EXACT)) return false;
    valid++;
  }
  return valid >= MIN_VALID_POINTS;
}

function proportional(d1: Json, d2: Json, positive: boolean): boolean {
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
    else if (!numbersClose(r, ratio, EXACT)) return false;
    valid++;
  }
  return ratio !== null && valid >= MIN_VALID_POINTS && (!positive || ratio > 0);
}

/**
 * The math answer of a longer span with no box, tag or "answer is" phrase:
 * the value after the last '=' of its last line, else its last number.
 */
function mathFromFreeText(text: string): string | null {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  const parts = splitTopLevel(last, /^=$/);
  if (parts.length > 1 && parts[parts.length - 1]!.length <= 40) return parts[parts.length - 1]!.replace(/[.。]$/, '');
  const nums = findNumbers(last.length > 0 ? last : text);
  if (nums.length > 0) return nums[nums.length - 1]!.raw;
  const all = findNumbers(text);
  return all.length > 0 ? all[all.length - 1]!.raw : null;
}

/**
 * Strings to try as the prediction: the span itself, the last member of an
 * "a = b = c" chain, and both sides of "a ≈ b".
 */
export function mathCandidates(span: string): string[] {
  const out = [span];
  if (span.length > MAX_MATH_CHARS) return out;
  const eq = splitTopLevel(span, /^=$/);
  // "x = 3", "S_{\triangle ABC} = 8", "a = 2 + 3 = 5": the value is the last member when the left side names a quantity (no digits).
  if (eq.length > 2 || (eq.length === 2 && !/\d/.test(eq[0]!) && eq[0]!.trim() !== '')) out.push(eq[eq.length - 1]!);
  for (const c of out.slice()) {
    const approx = splitTopLevel(c, /^\\approx$/);
    if (approx.length > 1) out.push(approx[0]!, approx[approx.length - 1]!);
  }
  return [...new Set(out.filter((c) => c.trim() !== ''))];
}

export function scoreMath(ctx: ScoreContext): ScoreOutcome {
  const span = ctx.span;
  let text: string | null = span.text;
  let via: string = span.source;
  if (span.source !== 'box' && span.source !== 'answer tag' && text.length > 40) {
    text = mathFromFreeText(text);
    via = `last value of ${span.source}`;
  }
  const goldDesc = ctx.golds.map((g) => JSON.stringify(g)).join(' / ');
  if (text === null || text.trim() === '') return { correct: false, score: 0, extracted: null, reason: `math: no answer found in ${span.source}; gold ${goldDesc}` };
  let lastHow = '';
  for (const cand of mathCandidates(text)) {
    for (const gold of ctx.golds) {
      const eq = mathEquivalent(cand, gold);
      if (eq.equal) return { correct: true, score: 1, extracted: cand, reason: `math: ${JSON.stringify(cand)} from ${via} equals gold ${JSON.stringify(gold)} (${eq.how})` };
      lastHow = eq.how;
    }
  }
  return { correct: false, score: 0, extracted: text, reason: `math: ${JSON.stringify(text)} from ${via} differs from gold ${goldDesc} (${lastHow})` };
}
