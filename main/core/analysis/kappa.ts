/** A confusion matrix between two raters: rows are rater A's labels, columns rater B's. */
export interface Confusion {
  categories: string[];
  matrix: number[][];
  n: number;
}

/** Counts label pairs; categories are the given ones (in order) plus any others seen, sorted. */
export function confusionMatrix(pairs: ReadonlyArray<readonly [string, string]>, categories: readonly string[] = []): Confusion {
  const extra = new Set<string>();
  for (const [a, b] of pairs) {
    if (!categories.includes(a)) extra.add(a);
    if (!categories.includes(b)) extra.add(b);
  }
  const all = [...categories, ...[...extra].sort()];
  const index = new Map(all.map((category, i) => [category, i]));
  const matrix = all.map(() => all.map(() => 0));
  for (const [a, b] of pairs) matrix[index.get(a)!]![index.get(b)!]!++;
  return { categories: all, matrix, n: pairs.length };
}

/**
 * Cohen's kappa: agreement beyond what the two raters' label frequencies give by chance,
 * (p_o - p_e) / (1 - p_e). Null when it is undefined: no pairs, or both raters always used one
 * and the same label (p_e = 1).
 */
export function cohenKappa(confusion: Confusion): { kappa: number | null; observed: number | null; expected: number | null } {
  const { matrix, n } = confusion;
  if (n === 0) return { kappa: null, observed: null, expected: null };
  let agree = 0;
  let expected = 0;
  matrix.forEach((row, i) => {
    agree += row[i]!;
    const rowSum = row.reduce((sum, value) => sum + value, 0);
    const columnSum = matrix.reduce((sum, other) => sum + other[i]!, 0);
    expected += (rowSum / n) * (columnSum / n);
  });
  const observed = agree / n;
  if (expected >= 1) return { kappa: null, observed, expected };
  return { kappa: (observed - expected) / (1 - expected), observed, expected };
}
