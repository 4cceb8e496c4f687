/**
 * pycocoevalcap's CIDEr (the CIDEr-D of the COCO server), ported line by line from
 * `pycocoevalcap/cider/cider_scorer.py` (tylin/coco-caption master, commit bfd15962; the pip
 * package pycocoevalcap 1.2 has the same code for Python 3):
 * - document frequency of an n-gram: the number of images whose references (any of them) hold
 *   it; the hypotheses never count;
 * - ref_len = log(number of images); an n-gram's weight is tf × (ref_len − log(max(1, df)));
 * - per n (1..4) the clipped cosine Σ min(hyp, ref) × ref / (‖hyp‖ ‖ref‖), left unnormalised when
 *   either norm is 0, times the gaussian length penalty e^(−δ²/2σ²) with σ = 6, where δ is the
 *   difference of the two sentences' BIGRAM counts (the code counts `n == 1`, i.e. bigrams);
 * - an image's score: the mean over n of the sum over its references, divided by the number of
 *   references, × 10; the corpus score: the mean over images (`np.mean`).
 */
import { ngramOrder, npMean, precook } from './caption-ngrams';

interface Vector {
  /** Per n-gram order (index n−1): n-gram → tf-idf weight, in the counts' insertion order. */
  vec: Array<Map<string, number>>;
  norm: number[];
  /** Bigram count: pycocoevalcap's `length`. */
  length: number;
}

export interface CiderResult {
  score: number;
  perImage: number[];
}

/** CIDEr of `predictions[i]` against `references[i]` (each a non-empty list), over the whole corpus. */
export function ciderScore(references: readonly (readonly string[])[], predictions: readonly string[], n = 4, sigma = 6.0): CiderResult {
  const crefs = references.map((refs) => refs.map((ref) => precook(ref, n).counts));
  const ctest = predictions.map((test) => precook(test, n).counts);
  // compute_doc_freq: each image adds 1 for every n-gram of the union of its references.
  const documentFrequency = new Map<string, number>();
  for (const refs of crefs) {
    const seen = new Set<string>();
    for (const counts of refs) for (const key of counts.keys()) seen.add(key);
    for (const key of seen) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
  }
  const refLen = Math.log(crefs.length);

  const counts2vec = (counts: Map<string, number>): Vector => {
    const vec = Array.from({ length: n }, () => new Map<string, number>());
    const norm = new Array<number>(n).fill(0);
    let length = 0;
    for (const [key, termFreq] of counts) {
      // An n-gram no reference holds gets df 1 (log 1 = 0): the largest weight.
      const df = Math.log(Math.max(1.0, documentFrequency.get(key) ?? 0));
      const order = ngramOrder(key) - 1;
      const weight = termFreq * (refLen - df);
      vec[order]!.set(key, weight);
      norm[order]! += weight * weight;
      if (order === 1) length += termFreq;
    }
    return { vec, norm: norm.map((x) => Math.sqrt(x)), length };
  };

  const sim = (hyp: Vector, ref: Vector): number[] => {
    const delta = hyp.length - ref.length;
    const val = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      for (const [key, weight] of hyp.vec[k]!) {
        const other = ref.vec[k]!.get(key) ?? 0;
        // vrama91: added clipping
        val[k]! += Math.min(weight, other) * other;
      }
      if (hyp.norm[k] !== 0 && ref.norm[k] !== 0) val[k]! /= hyp.norm[k]! * ref.norm[k]!;
      // vrama91: a length-based gaussian penalty; `np.e ** x` is Python's float power.
      val[k]! *= Math.pow(Math.E, -(delta * delta) / (2 * sigma * sigma));
    }
    return val;
  };

  const perImage = ctest.map((test, i) => {
    const refs = crefs[i]!;
    const hyp = counts2vec(test);
    const score = new Array<number>(n).fill(0);
    for (const ref of refs) {
      const val = sim(hyp, counts2vec(ref));
      for (let k = 0; k < n; k++) score[k]! += val[k]!;
    }
    // mean of the n-gram scores, divided by the number of references, times 10
    let average = npMean(score);
    average /= refs.length;
    average *= 10.0;
    return average;
  });
  return { score: npMean(perImage), perImage };
}
