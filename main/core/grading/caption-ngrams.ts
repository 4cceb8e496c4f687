/**
 * What pycocoevalcap's scorers share, with Python's and numpy's semantics where they decide a
 * figure: `str.split()` (runs of Unicode whitespace, as CPython's str.isspace sees it), the
 * n-gram counts of `precook` (in Python dict insertion order, which fixes the order floats are
 * added in), and `np.mean` over a float64 array (numpy's pairwise summation).
 */

/** The characters CPython's `str.split()` splits on (str.isspace): not JavaScript's \s, which also has U+FEFF and lacks U+001C..U+001F and U+0085. */
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Python `s.split()`: no empty words, leading and trailing whitespace dropped. */
export function pythonSplit(text: string): string[] {
  return text.split(PY_WHITESPACE).filter((word) => word !== '');
}

/** An n-gram as a key: words never contain whitespace, so one space joins them unambiguously. */
export const ngramKey = (words: readonly string[]): string => words.join(' ');

/** The order (1..n) of an n-gram key. */
export const ngramOrder = (key: string): number => key.split(' ').length;

/**
 * pycocoevalcap `precook(s, n)`: counts of every k-gram, k = 1..n, inserted unigrams first (in
 * sentence order), then bigrams, …, as Python's defaultdict fills; and the number of words.
 */
export function precook(sentence: string, n = 4): { length: number; counts: Map<string, number> } {
  const words = pythonSplit(sentence);
  const counts = new Map<string, number>();
  for (let k = 1; k <= n; k++) {
    for (let i = 0; i < words.length - k + 1; i++) {
      const key = ngramKey(words.slice(i, i + k));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return { length: words.length, counts };
}

/**
 * numpy's `pairwise_sum` for float64 (what `np.add.reduce`, and so `np.mean`, does on a
 * contiguous array): under 8 items a plain loop, up to 128 eight accumulators, above that the
 * halves (cut at a multiple of 8) summed recursively.
 */
function pairwiseSum(values: readonly number[], start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  if (n <= 128) {
    const r = values.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += values[start + i + j]!;
    // ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), as numpy writes it.
    let sum = (r[0]! + r[1]! + (r[2]! + r[3]!)) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

/** `np.mean(np.array(values))` for float64 values: the pairwise sum divided by the count (NaN when empty, as numpy). */
export function npMean(values: readonly number[]): number {
  return pairwiseSum(values, 0, values.length) / values.length;
}
