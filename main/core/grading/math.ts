/**
 * The math verifier (scorer `math`), in the stages of the reference
 * verifiers:
 *   1. extraction of the answer from the prediction and from the gold
 *      (extract.ts: boxes, final-answer phrases, last LaTeX, last expression);
 *   2. normalisation (latex.ts) and readings of one answer (variants.ts:
 *      percent as a fraction, decimal comma);
 *   3. parsing to MathJSON with @cortex-js/compute-engine's LaTeX parser;
 *   4. equivalence (equivalence.ts): string equality after normalisation,
 *      else sets, tuples, intervals, relations, exact rationals, numbers
 *      within tolerance, identities at random points.
 * Every verdict names the extraction and the rule that decided it.
 */
import { LatexSyntax } from '@cortex-js/compute-engine/latex-syntax';
import { jsonEquivalent } from './equivalence';
import { extractAnswers, finalBoxes, type Extracted } from './extract';
import { MAX_MATH_CHARS, compactMath, normalizeMath, splitTopLevel } from './latex';
import { DEFAULT_MATH_OPTIONS, type MathOptions, mathOptionsFor } from './math-options';
import { type Json, asCollection, evaluate, freeSymbols, hasError, isRelation } from './mathjson';
import type { ScoreContext, ScoreOutcome } from './types';
import { type Reading, readings } from './variants';

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
  goldCache.clear();
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

/** Plain decimals and fractions of integers need no parser (and are the commonest answers). */
const PLAIN_NUMBER = /^-?\d{1,15}(?:\.\d{1,15})?$/;
const PLAIN_FRACTION = /^(-?)\\frac\s*\{\s*(\d{1,15})\s*\}\s*\{\s*(\d{1,15})\s*\}$/;

function parseSimple(s: string): Json | null {
  if (PLAIN_NUMBER.test(s)) return s.startsWith('-') ? ['Negate', { num: s.slice(1) }] : { num: s };
  const f = PLAIN_FRACTION.exec(s);
  if (!f) return null;
  const ratio: Json = ['Divide', { num: f[2]! }, { num: f[3]! }];
  return f[1] ? ['Negate', ratio] : ratio;
}

function parseLatex(s: string): Json | null {
  if (s === '' || s.length > MAX_MATH_CHARS) return null;
  const simple = parseSimple(s);
  if (simple !== null) return simple;
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
  /** The rule that decided (equal or not). */
  how: string;
}

/** Are two already-extracted answers equivalent? */
export function mathEquivalent(pred: string, gold: string, opts: MathOptions = DEFAULT_MATH_OPTIONS): Equivalence {
  const p = prepare(pred);
  const g = prepare(gold);
  if (p.compact === g.compact && p.compact !== '') return { equal: true, how: 'same after normalisation' };
  if (p.json === null || g.json === null) return { equal: false, how: p.json === null ? 'answer not parseable as math' : 'gold not parseable as math' };
  const rule = jsonEquivalent(p.json, g.json, opts);
  return rule !== null ? { equal: true, how: rule } : { equal: false, how: whyDifferent(p.json, g.json) };
}

/** The refusal's reason: the two values when both are numbers, else that no rule applied. */
function whyDifferent(a: Json, b: Json): string {
  const constant = (e: Json) => asCollection(e) === null && !isRelation(e) && freeSymbols(e).size === 0;
  if (constant(a) && constant(b)) {
    const [va, vb] = [evaluate(a), evaluate(b)];
    if (Number.isFinite(va) && Number.isFinite(vb)) return `values differ: ${formatValue(va)} vs ${formatValue(vb)}`;
  }
  return 'no rule makes them equal';
}

const formatValue = (v: number): string => String(Number(v.toPrecision(8)));

/**
 * Strings to try for one extracted answer: itself, the last member of an
 * "a = b = c" chain or the value of "f(x) = 3" / "(p,q) = (3,2)", and both
 * sides of "a ≈ b".
 */
export function mathCandidates(span: string, side: 'prediction' | 'gold' = 'gold'): string[] {
  const out = [span];
  if (span.length > MAX_MATH_CHARS) return out;
  // "(35 + 70 = 105)": a worked equation in parentheses is an aside, not a tuple.
  const aside = /^\(([^()]*=[^()]*)\)$/.exec(span);
  if (aside) return [span, ...mathCandidates(aside[1]!.trim(), side)];
  const eq = splitTopLevel(span, /^=$/);
  // "x = 3", "S_{\triangle ABC} = 8", "a = 2 + 3 = 5": the value is the last member when the left side names a quantity (no digits).
  // Subscripts and arguments are part of a name: x_1, S_{2}, g(2).
  // A prediction's "a + b = 7" answers what a + b is; a gold's "a + z = 0" is an equation, not a value.
  // A prediction's "constant = value" states its value ("\sqrt{4} = 2", "\log_2(8) = 3"), as Math-Verify
  // reads it; "2x = 6" does not (its value is x's).
  const lhs = eq[0]!.replace(/_\{?\w+\}?/g, '').replace(/^([a-zA-Z])\s*\([^()]*\)$/, '$1');
  const sum = /[+\-]/.test(lhs.trim().replace(/^-/, ''));
  const names = !/\d/.test(lhs) && lhs.trim() !== '' && (side === 'prediction' || !sum);
  const constant = side === 'prediction' && !/[a-zA-Z]/.test(eq[0]!.replace(/\\(?:begin|end)\{\w+\*?\}|\\[a-zA-Z]+/g, ''));
  if (eq.length > 2 || (eq.length === 2 && (names || constant))) out.push(eq[eq.length - 1]!);
  for (const c of out.slice()) {
    const approx = splitTopLevel(c, /^\\approx$/);
    if (approx.length > 1) out.push(approx[0]!, approx[approx.length - 1]!);
  }
  return [...new Set(out.filter((c) => c.trim() !== ''))];
}

/** All readings of all candidates of one side, best first. */
function expand(extracted: Extracted[], side: 'prediction' | 'gold'): Array<Reading & { via: string }> {
  const out: Array<Reading & { via: string }> = [];
  for (const e of extracted) for (const c of mathCandidates(e.text, side)) for (const r of readings(c)) out.push({ ...r, via: e.via });
  return out;
}

/** Answer candidates of the prediction: the final boxes after </think>, else extraction from the final span. */
function predictionAnswers(ctx: ScoreContext): Extracted[] {
  const span = ctx.span;
  if (span.source === 'box') {
    const boxes = finalBoxes(ctx.fullText);
    if (boxes.length > 1) return [{ text: boxes.join(', '), via: 'boxes' }];
    return [{ text: span.text, via: 'box' }];
  }
  return extractAnswers(span.text, span.source);
}

/** Bound on comparisons per verdict (candidates × readings on both sides). */
const MAX_PAIRS = 24;

export interface Verification {
  equal: boolean;
  extracted: string | null;
  reason: string;
}

/** Gold answers repeat across samples, runs and models: their extraction is kept (bounded, oldest dropped first). */
const goldCache = new Map<string, Array<Reading & { via: string }>>();

function goldReadings(gold: string): Array<Reading & { via: string }> {
  const hit = goldCache.get(gold);
  if (hit) return hit;
  const readings = expand(extractAnswers(gold, 'gold', true), 'gold');
  if (gold.length <= CACHE_KEY_MAX) {
    goldCache.set(gold, readings);
    if (goldCache.size > CACHE_MAX) goldCache.delete(goldCache.keys().next().value as string);
  }
  return readings;
}

/** Verify a prediction's extracted answers against one gold (a short answer or a worked solution). */
export function verifyAnswers(predAnswers: Extracted[], gold: string, opts: MathOptions): Verification {
  const preds = expand(predAnswers, 'prediction');
  const golds = goldReadings(gold);
  let pairs = 0;
  let firstHow: string | null = null;
  for (const p of preds) {
    for (const g of golds) {
      if (++pairs > MAX_PAIRS) break;
      const eq = mathEquivalent(p.text, g.text, opts);
      firstHow ??= eq.how;
      if (!eq.equal) continue;
      const readingsNote = [p.note, g.note ? `gold ${g.note}` : null].filter(Boolean).join(', ');
      const rule = readingsNote ? `${eq.how}; ${readingsNote}` : eq.how;
      return { equal: true, extracted: p.text, reason: `${JSON.stringify(p.text)} from ${p.via} equals ${JSON.stringify(g.text)} from ${g.via} (${rule})` };
    }
  }
  const first = preds[0];
  const firstGold = golds[0];
  if (!first) return { equal: false, extracted: null, reason: `no answer found in ${predAnswers[0]?.via ?? 'the response'}` };
  const why = firstHow ?? 'no gold answer found';
  return { equal: false, extracted: first.text, reason: `${JSON.stringify(first.text)} from ${first.via} differs from ${JSON.stringify(firstGold?.text ?? gold)} (${why})` };
}

export function scoreMath(ctx: ScoreContext): ScoreOutcome {
  const opts = mathOptionsFor(ctx.benchmark, ctx.tolerance);
  const answers = ctx.span.text.trim() === '' ? [] : predictionAnswers(ctx);
  const goldDesc = ctx.golds.map((g) => JSON.stringify(g)).join(' / ');
  if (answers.length === 0) return { correct: false, score: 0, extracted: null, reason: `math: no answer found in ${ctx.span.source}; gold ${goldDesc}` };
  let last: Verification | null = null;
  for (const gold of ctx.golds) {
    const v = verifyAnswers(answers, gold, opts);
    if (v.equal) return { correct: true, score: 1, extracted: v.extracted, reason: `math: ${v.reason}` };
    last ??= v;
  }
  const reason = ctx.golds.length > 1 ? `${last!.reason}; nor any other gold (${goldDesc})` : last!.reason;
  return { correct: false, score: 0, extracted: last!.extracted, reason: `math: ${reason}` };
}
