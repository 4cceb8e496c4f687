import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

/**
 * Exact McNemar test for two checkpoints answering the same samples: under the null hypothesis
 * the b + c discordant pairs split as Binomial(b + c, 1/2). Two-sided p-value, computed as
 * scipy / statsmodels do (`mcnemar(exact=True)`): min(1, 2 * P[X <= min(b, c)]).
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  return Math.min(1, 2 * binomialCdf(Math.min(b, c), n, 0.5));
}
