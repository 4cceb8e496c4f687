import { describe, expect, it } from 'vitest';
import { pairedDifferenceInterval, macroAverageInterval, histogramMean } from './bootstrap';
import { sampleDynamics } from './dynamics';
import { wilsonInterval } from '../stats/intervals';
import { cohenKappa, confusionMatrix } from './kappa';
import { mcnemarExact } from './mcnemar';
import { answerConsistency, passAtK } from './passk';
import { multinomialDraw, seededBinomial } from './random';

/** C(n, k) exactly. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

/** A ratio of big integers as a double, to about 1e-15 relative. */
const ratio = (num: bigint, den: bigint): number => {
  const scale = 10n ** 18n;
  return Number((num * scale) / den) / 1e18;
};

/** scipy: 2 * binom.cdf(min(b, c), b + c, 0.5), capped at 1, summed exactly. */
function mcnemarReference(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  let tail = 0n;
  for (let i = 0; i <= Math.min(b, c); i++) tail += choose(n, i);
  return Math.min(1, ratio(2n * tail, 2n ** BigInt(n)));
}

/** Wilson's interval as the two roots of (p̂ - p)² = z² p (1 - p) / n, i.e. (n + z²) p² - (2x + z²) p + x²/n = 0. */
function wilsonReference(x: number, n: number, z = 1.959963984540054): [number, number] {
  const a = n + z * z;
  const b = -(2 * x + z * z);
  const c = (x * x) / n;
  const root = Math.sqrt(b * b - 4 * a * c);
  return [(-b - root) / (2 * a), (-b + root) / (2 * a)];
}

describe('exact McNemar test', () => {
  it('matches the exact binomial reference (scipy / statsmodels mcnemar(exact=True))', () => {
    expect(mcnemarExact(3, 12)).toBeCloseTo(0.03515625, 10);
    expect(mcnemarExact(12, 3)).toBeCloseTo(0.03515625, 10);
    for (const [b, c] of [
      [0, 5],
      [1, 9],
      [7, 7],
      [10, 11],
      [2, 47],
      [40, 62],
      [130, 171],
      [1000, 1100],
    ] as const) {
      expect(Math.abs(mcnemarExact(b, c) - mcnemarReference(b, c))).toBeLessThan(1e-6);
    }
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(5, 5)).toBe(1);
  });
});

describe('Wilson interval', () => {
  it('is the closed-form root pair of the score equation', () => {
    for (const [x, n] of [
      [50, 120],
      [0, 10],
      [10, 10],
      [1, 3],
      [95, 120],
      [73_911, 200_000],
    ] as const) {
      const [low, high] = wilsonInterval(x, n)!;
      const [refLow, refHigh] = wilsonReference(x, n);
      expect(Math.abs(low - Math.max(0, refLow))).toBeLessThan(1e-9);
      expect(Math.abs(high - Math.min(1, refHigh))).toBeLessThan(1e-9);
    }
    // 50 of 120: the roots worked by hand, to six places.
    const [low, high] = wilsonInterval(50, 120)!;
    expect(low).toBeCloseTo(0.332384, 6);
    expect(high).toBeCloseTo(0.50612, 5);
    // No successes: the upper bound is z² / (n + z²).
    const z2 = 1.959963984540054 ** 2;
    expect(wilsonInterval(0, 10)![1]).toBeCloseTo(z2 / (10 + z2), 12);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('pass@k (Chen et al. 2021)', () => {
  it('is 1 - C(n-c, k) / C(n, k)', () => {
    expect(passAtK(10, 3, 5)).toBeCloseTo(1 - 21 / 252, 12);
    expect(passAtK(10, 3, 5)).toBeCloseTo(0.9166666666666666, 12);
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(10, 6, 5)).toBe(1); // n - c < k: every draw of k holds a correct one
    for (const [n, c, k] of [
      [20, 4, 3],
      [100, 1, 10],
      [200, 17, 50],
      [1000, 3, 100],
    ] as const) {
      const reference = 1 - ratio(choose(n - c, k), choose(n, k));
      expect(Math.abs(passAtK(n, c, k) - reference)).toBeLessThan(1e-9);
    }
    expect(() => passAtK(4, 2, 5)).toThrow(RangeError);
  });

  it('measures answer consistency against the majority answer', () => {
    expect(answerConsistency(['12', ' 12', 'A', '12 ', null])).toEqual({ majority: '12', share: 3 / 5 });
    expect(answerConsistency([null, null])).toEqual({ majority: null, share: 0 });
    expect(answerConsistency(['Yes', 'yes', 'YES'])).toEqual({ majority: 'yes', share: 1 });
  });
});

describe("Cohen's kappa", () => {
  it('reproduces the textbook example (20, 5 / 10, 15 gives 0.4)', () => {
    const pairs: Array<[string, string]> = [
      ...Array.from({ length: 20 }, () => ['yes', 'yes'] as [string, string]),
      ...Array.from({ length: 5 }, () => ['yes', 'no'] as [string, string]),
      ...Array.from({ length: 10 }, () => ['no', 'yes'] as [string, string]),
      ...Array.from({ length: 15 }, () => ['no', 'no'] as [string, string]),
    ];
    const confusion = confusionMatrix(pairs, ['yes', 'no']);
    expect(confusion.matrix).toEqual([
      [20, 5],
      [10, 15],
    ]);
    const { kappa, observed } = cohenKappa(confusion);
    expect(observed).toBeCloseTo(0.7, 12);
    expect(kappa).toBeCloseTo(0.4, 12);
    expect(cohenKappa(confusionMatrix([['a', 'a']])).kappa).toBeNull();
  });
});

describe('seeded resampling', () => {
  it('draws multinomial counts that add up, reproducibly', () => {
    const one = seededBinomial(7);
    const two = seededBinomial(7);
    for (let i = 0; i < 50; i++) {
      const draw = multinomialDraw(one, 1000, [0.2, 0.3, 0.5]);
      expect(draw.reduce((sum, count) => sum + count, 0)).toBe(1000);
      expect(multinomialDraw(two, 1000, [0.2, 0.3, 0.5])).toEqual(draw);
    }
  });

  it('gives a paired interval that is deterministic and as wide as the normal approximation says', () => {
    const strata = [{ n: 2000, aRightBWrong: 150, aWrongBRight: 230 }];
    const ci = pairedDifferenceInterval(strata, { replicates: 4000, seed: 1 })!;
    expect(pairedDifferenceInterval(strata, { replicates: 4000, seed: 1 })).toEqual(ci);
    expect(pairedDifferenceInterval(strata, { replicates: 4000, seed: 2 })).not.toEqual(ci);
    const diff = (230 - 150) / 2000;
    const sd = Math.sqrt(((150 + 230) / 2000 - diff * diff) / 2000);
    expect(ci[0]).toBeLessThan(diff);
    expect(ci[1]).toBeGreaterThan(diff);
    expect(Math.abs(ci[1] - ci[0] - 2 * 1.96 * sd) / (2 * 1.96 * sd)).toBeLessThan(0.08);
    expect(pairedDifferenceInterval([{ n: 0, aRightBWrong: 0, aWrongBRight: 0 }], { replicates: 100, seed: 1 })).toBeNull();
  });

  it('pools benchmarks as independent strata: two alike narrow the interval by the square root of two', () => {
    const stratum = { n: 2000, aRightBWrong: 150, aWrongBRight: 230 };
    const [low, high] = pairedDifferenceInterval([stratum, stratum], { replicates: 4000, seed: 3 })!;
    // The normal approximation over the 4,000 pairs of both; draws shared between the two
    // benchmarks (one stream for both) would give the width of one benchmark alone, 1.41 times this.
    const diff = (230 - 150) / 2000;
    const sd = Math.sqrt(((150 + 230) / 2000 - diff * diff) / 4000);
    expect(Math.abs(high - low - 2 * 1.96 * sd) / (2 * 1.96 * sd)).toBeLessThan(0.08);
  });

  it('bootstraps a macro average with the binomial spread of each benchmark', () => {
    const benchmarks = [
      { scores: [0, 1], counts: [600, 400] },
      { scores: [0, 1], counts: [200, 800] },
    ];
    const mean = (histogramMean(benchmarks[0]!)! + histogramMean(benchmarks[1]!)!) / 2;
    const [low, high] = macroAverageInterval(benchmarks, { replicates: 4000, seed: 3 })!;
    const sd = Math.sqrt(0.4 * 0.6 / 1000 + 0.8 * 0.2 / 1000) / 2;
    expect(low).toBeLessThan(mean);
    expect(high).toBeGreaterThan(mean);
    expect(Math.abs(high - low - 2 * 1.96 * sd) / (2 * 1.96 * sd)).toBeLessThan(0.08);
  });
});

describe('sample learning dynamics', () => {
  it('finds the step from which a sample stays correct, forgetting events and never-learned samples', () => {
    expect(sampleDynamics([false, true, true])).toEqual({ stableFrom: 1, forgetting: [], status: 'learned' });
    expect(sampleDynamics([true, false, null, true])).toEqual({ stableFrom: 3, forgetting: [{ from: 0, to: 1 }], status: 'learned' });
    expect(sampleDynamics([true, null, false])).toEqual({ stableFrom: null, forgetting: [{ from: 0, to: 2 }], status: 'forgotten' });
    expect(sampleDynamics([false, false])).toEqual({ stableFrom: null, forgetting: [], status: 'never-learned' });
    expect(sampleDynamics([true, true])).toEqual({ stableFrom: 0, forgetting: [], status: 'always-correct' });
    expect(sampleDynamics([null, null]).status).toBe('unknown');
  });
});
