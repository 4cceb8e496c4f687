/**
 * Unbiased pass@k of Chen et al. (2021), "Evaluating Large Language Models Trained on Code":
 * with n answers of which c are correct, 1 - C(n - c, k) / C(n, k). The ratio of binomial
 * coefficients is computed as the product of (1 - k / i) for i = n - c + 1 .. n, which never
 * forms the huge coefficients themselves.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || k < 1 || c < 0 || c > n || k > n) {
    throw new RangeError(`pass@k needs integers 1 <= k <= n and 0 <= c <= n (got n=${n}, c=${c}, k=${k})`);
  }
  if (n - c < k) return 1;
  let product = 1;
  for (let i = n - c + 1; i <= n; i++) product *= 1 - k / i;
  return 1 - product;
}

/** How answers compare for consistency: case, surrounding space and inner runs of space ignored. */
export const normaliseAnswer = (answer: string): string => answer.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Answer consistency of k answers to one question: the share of them equal to the majority
 * answer. An answer that could not be extracted (null) counts in the denominator but never
 * forms a majority, so a model that rarely produces an answer is not called consistent.
 */
export function answerConsistency(answers: ReadonlyArray<string | null>): { majority: string | null; share: number } {
  if (answers.length === 0) return { majority: null, share: 0 };
  const counts = new Map<string, number>();
  for (const answer of answers) {
    if (answer === null) continue;
    const key = normaliseAnswer(answer);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let majority: string | null = null;
  let best = 0;
  // Ties go to the answer seen first, so the result does not depend on Map internals.
  for (const [answer, count] of counts) {
    if (count > best) {
      best = count;
      majority = answer;
    }
  }
  return { majority, share: best / answers.length };
}
