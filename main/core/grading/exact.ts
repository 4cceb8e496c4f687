/**
 * Exact rational arithmetic on MathJSON for constant expressions built from
 * integers (+, −, ×, ÷, integer powers). When both sides of a comparison are
 * exact rationals, equality is decided symbolically — no tolerance — so
 * \frac{1}{3} and \frac{3^{1008}-1}{3^{1009}} differ although their floating
 * values agree to 1e-480. Decimal literals are not exact (a written 0.333 is
 * an approximation), so anything containing one goes to the numeric rule.
 */
import { type Json, args, head } from './mathjson';

export interface Rational {
  num: bigint;
  den: bigint;
}

/** Bound on the size of intermediate numbers: grading time must stay bounded. */
const MAX_BITS = 20_000;
const MAX_EXPONENT = 5_000;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function make(num: bigint, den: bigint): Rational | null {
  if (den === 0n) return null;
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den);
  const r = g > 1n ? { num: num / g, den: den / g } : { num, den };
  return bitLength(r.num) + bitLength(r.den) > MAX_BITS ? null : r;
}

function bitLength(x: bigint): number {
  return (x < 0n ? -x : x).toString(16).length * 4;
}

const add = (a: Rational, b: Rational) => make(a.num * b.den + b.num * a.den, a.den * b.den);
const mul = (a: Rational, b: Rational) => make(a.num * b.num, a.den * b.den);

function pow(b: Rational, e: Rational): Rational | null {
  if (e.den !== 1n) return null;
  const n = e.num < 0n ? -e.num : e.num;
  if (n > BigInt(MAX_EXPONENT)) return null;
  // Estimated size of the result before computing it.
  if ((bitLength(b.num) + bitLength(b.den)) * Number(n) > MAX_BITS * 2) return null;
  const r = make(b.num ** n, b.den ** n);
  if (r === null) return null;
  return e.num < 0n ? make(r.den, r.num) : r;
}

/** The exact value of `e`, or null when it is not a rational constant built from integers. */
export function exactRational(e: Json, depth = 0): Rational | null {
  if (depth > 60) return null;
  if (typeof e === 'number') return Number.isSafeInteger(e) ? { num: BigInt(e), den: 1n } : null;
  if (typeof e === 'object' && !Array.isArray(e) && 'num' in e) return /^-?\d+$/.test(e.num) ? { num: BigInt(e.num), den: 1n } : null;
  const h = head(e);
  const a = args(e);
  const sub = (x: Json) => exactRational(x, depth + 1);
  switch (h) {
    case 'Delimiter':
    case 'Sequence':
      return a.length === 1 || (h === 'Delimiter' && a.length === 2 && typeof a[1] === 'object' && !Array.isArray(a[1]) && 'str' in a[1]) ? sub(a[0]!) : null;
    case 'Negate': {
      const x = a.length === 1 ? sub(a[0]!) : null;
      return x && { num: -x.num, den: x.den };
    }
    case 'Add': {
      let acc: Rational | null = { num: 0n, den: 1n };
      for (const x of a) {
        const v = sub(x);
        acc = v && acc && add(acc, v);
        if (acc === null) return null;
      }
      return acc;
    }
    case 'Subtract': {
      if (a.length !== 2) return null;
      const [x, y] = [sub(a[0]!), sub(a[1]!)];
      return x && y ? add(x, { num: -y.num, den: y.den }) : null;
    }
    case 'Multiply': {
      let acc: Rational | null = { num: 1n, den: 1n };
      for (const x of a) {
        const v = sub(x);
        acc = v && acc && mul(acc, v);
        if (acc === null) return null;
      }
      return acc;
    }
    case 'Divide':
    case 'Rational':
    case 'Colon': {
      if (a.length !== 2) return null;
      const [x, y] = [sub(a[0]!), sub(a[1]!)];
      return x && y && y.num !== 0n ? mul(x, { num: y.den, den: y.num }) : null;
    }
    case 'Power': {
      if (a.length !== 2) return null;
      const [x, y] = [sub(a[0]!), sub(a[1]!)];
      return x && y && !(x.num === 0n && y.num < 0n) ? pow(x, y) : null;
    }
    case 'Square': {
      const x = a.length === 1 ? sub(a[0]!) : null;
      return x && mul(x, x);
    }
    default:
      return null;
  }
}

export function sameRational(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}
