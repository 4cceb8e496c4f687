import binomial from '@stdlib/random-base-binomial';

/** Draws from Binomial(n, p). */
export type BinomialSampler = (n: number, p: number) => number;

/**
 * A seeded binomial sampler (stdlib's, on a Mersenne Twister), so every bootstrap interval is
 * reproducible: the same data and seed give the same interval on every machine.
 */
export function seededBinomial(seed: number): BinomialSampler {
  // MT19937 wants a seed in [1, 2^32 - 1]; any integer the caller picks is folded into that range.
  const folded = (Math.abs(Math.trunc(seed)) % 0xfffffffe) + 1;
  const draw = binomial.factory({ seed: folded });
  return (n, p) => {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    return draw(n, p);
  };
}

/**
 * One draw from Multinomial(n, probabilities), as a chain of conditional binomials. Resampling n
 * items with replacement and counting them by category is exactly this draw, which is what makes
 * bootstraps over hundreds of thousands of samples cost microseconds: the statistics we bootstrap
 * depend on the items only through such counts.
 */
export function multinomialDraw(binom: BinomialSampler, n: number, probabilities: readonly number[]): number[] {
  const counts: number[] = [];
  let left = n;
  let mass = 1;
  probabilities.forEach((p, i) => {
    if (i === probabilities.length - 1) {
      counts.push(left);
      return;
    }
    const share = mass > 0 ? Math.min(1, Math.max(0, p / mass)) : 0;
    const drawn = left > 0 ? binom(left, share) : 0;
    counts.push(drawn);
    left -= drawn;
    mass -= p;
  });
  return counts;
}
