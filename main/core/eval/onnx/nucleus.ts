/**
 * Top-p (nucleus) filtering, written here because transformers.js 4.3 declares TopPLogitsWarper
 * but never applies it: without this, `--top-p` would be silently ignored.
 *
 * Keeps the smallest set of most probable tokens whose probabilities sum to at least `topP`
 * (at least one token) and sets every other logit to -Infinity, row by row, in place.
 */
export function keepNucleus(logits: Float32Array, vocabSize: number, topP: number): void {
  if (topP >= 1) return;
  for (let start = 0; start < logits.length; start += vocabSize) {
    const row = logits.subarray(start, start + vocabSize);
    const order = Array.from({ length: vocabSize }, (_, index) => index).sort((a, b) => row[b]! - row[a]!);
    const max = row[order[0]!]!;
    let total = 0;
    for (let i = 0; i < vocabSize; i++) total += Math.exp(row[i]! - max);
    let cumulative = 0;
    let kept = 0;
    while (kept < vocabSize) {
      cumulative += Math.exp(row[order[kept]!]! - max) / total;
      kept++;
      if (cumulative >= topP) break;
    }
    for (let i = kept; i < vocabSize; i++) row[order[i]!] = -Infinity;
  }
}
