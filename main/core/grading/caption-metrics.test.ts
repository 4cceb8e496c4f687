/**
 * The port of pycocoevalcap (BLEU, ROUGE-L, CIDEr) as VLMEvalKit calls it for COCO_VAL. Every
 * expected value is either worked out by hand in the comment beside it, or (the last case)
 * produced by pycocoevalcap's own scorer code run under CPython with numpy 2.4 — see the note
 * on that fixture. No published input/output pair of pycocoevalcap small enough for a fixture
 * was found (the coco-caption demo scores 40k captions against captions_val2014).
 */
import { describe, expect, it } from 'vitest';
import { ciderScore } from './caption-cider';
import { bleuScore, cocoCaptionScores, lcsLength, rougeL } from './caption-metrics';
import { npMean, precook, pythonSplit } from './caption-ngrams';
import { PYCOCOEVALCAP_CASE as fixture } from './testdata/coco-caption-pycocoevalcap';

const TINY = 1e-15;
const SMALL = 1e-9;
/** One n-gram precision as bleu_scorer.py writes it: (correct + tiny) / (guess + small). */
const p = (correct: number, guess: number) => (correct + TINY) / (guess + SMALL);

describe("Python's text handling", () => {
  it('splits like str.split(): runs of Unicode whitespace as CPython sees it, no empty words', () => {
    expect(pythonSplit('  a \t\n b  ')).toEqual(['a', 'b']);
    expect(pythonSplit('')).toEqual([]);
    // U+00A0 and U+001C are whitespace to Python; U+FEFF (a JavaScript \s) is not.
    expect(pythonSplit('a\u00a0b\x1cc\ufeffd')).toEqual(['a', 'b', 'c\ufeffd']);
  });

  it('counts n-grams as precook does: every order 1..4, unigrams first', () => {
    const { length, counts } = precook('a b a b');
    expect(length).toBe(4);
    expect([...counts]).toEqual([['a', 2], ['b', 2], ['a b', 2], ['b a', 1], ['a b a', 1], ['b a b', 1], ['a b a b', 1]]);
  });

  it("averages like np.mean: numpy's pairwise summation, not a running sum", () => {
    // Both expected values printed by numpy 2.4.6: np.mean(np.array([0.1] * 200)) and of [1e16, 1 × 8, -1e16].
    expect(npMean(new Array(200).fill(0.1))).toBe(0.1); // a running sum gives 0.10000000000000007
    expect(npMean([1e16, 1, 1, 1, 1, 1, 1, 1, 1, -1e16])).toBe(0.8); // a running sum gives 0
    expect(npMean([0.25, 0.5])).toBe(0.375);
  });
});

describe('BLEU (pycocoevalcap Bleu(4), option closest)', () => {
  it('sums clipped matches over the corpus; an order with no n-gram at all is (0 + tiny) / (0 + small) = 1e-6, not 0', () => {
    // Image 1: "the cat sat" vs ["the cat sat on the mat", "a cat sat"]: matches 3/3, 2/2, 1/1, 0/0; closest ref length 3.
    // Image 2: "a dog" vs ["a dog runs fast", "dog"]: matches 2/2, 1/1, 0/0, 0/0; closest ref length 1 (|1−2| < |4−2|).
    // Totals: correct [5, 3, 1, 0], guess [5, 3, 1, 0]; test length 5 ≥ ref length 4, so no brevity penalty.
    const { score } = bleuScore([['the cat sat on the mat', 'a cat sat'], ['a dog runs fast', 'dog']], ['the cat sat', 'a dog']);
    const p1 = p(5, 5);
    const p2 = p(3, 3);
    const p3 = p(1, 1);
    const p4 = p(0, 0); // 1e-6
    expect(score[0]).toBe(p1);
    expect(score[1]).toBeCloseTo(Math.sqrt(p1 * p2), 15);
    expect(score[2]).toBeCloseTo(Math.cbrt(p1 * p2 * p3), 15);
    expect(score[3]).toBeCloseTo(Math.pow(p1 * p2 * p3 * p4, 1 / 4), 15); // ≈ 0.0316, from no 4-gram anywhere
    expect(score[3]).toBeCloseTo(0.0316228, 6);
  });

  it("takes the reference length closest to each prediction (a tie goes to the shorter), summed over the corpus for one brevity penalty", () => {
    // "a b c d e" vs ["a b c d e f g", "a b"]: |7−5| = 2 < |2−5| = 3, so ref length 7; ratio 5/7 < 1:
    // BLEU-1 = 5/5 × exp(1 − 7/5) = exp(−0.4) ≈ 0.6703 ('shortest' would take 2 and give 1).
    expect(bleuScore([['a b c d e f g', 'a b']], ['a b c d e']).score[0]).toBeCloseTo(Math.exp(-0.4), 8);
    // "a b c d" vs ["a b c", "a b c d e"]: lengths 3 and 5 are both 1 away; min((1, 3), (1, 5)) takes 3: no penalty.
    expect(bleuScore([['a b c', 'a b c d e']], ['a b c d']).score[0]).toBeCloseTo(1, 8);
    // Corpus, not a mean of sentences: "a b" right (2/2) and "c d e f" wrong (0/4) give 2/6, not (1 + 0) / 2.
    expect(bleuScore([['a b'], ['w x y z']], ['a b', 'c d e f']).score[0]).toBeCloseTo(1 / 3, 8);
  });

  it('a prediction equal to its only reference scores just under 1: the tiny/small constants and a ratio (n + tiny)/(n + small) < 1', () => {
    const { score, perImage } = bleuScore([['a man rides a brown horse']], ['a man rides a brown horse']);
    // BLEU-4: the 4th root of p(6,6) p(5,5) p(4,4) p(3,3), times exp(1 − 1/ratio), ratio = (6 + tiny)/(6 + small).
    const ratio = (6 + TINY) / (6 + SMALL);
    const expected = Math.pow(p(6, 6) * p(5, 5) * p(4, 4) * p(3, 3), 1 / 4) * Math.exp(1 - 1 / ratio);
    expect(score[3]).toBeCloseTo(expected, 15);
    expect(score[3]).toBeLessThan(1);
    expect(score[3]).toBeCloseTo(1, 8);
    // The per-image list pycocoevalcap also returns: the same for a corpus of one.
    expect(perImage[3]![0]).toBeCloseTo(expected, 15);
  });
});

describe('ROUGE-L (pycocoevalcap Rouge, beta 1.2)', () => {
  it('is the LCS length over tokens', () => {
    expect(lcsLength('the cat is on the mat'.split(' '), 'a cat on the mat'.split(' '))).toBe(4);
    expect(lcsLength([], ['a'])).toBe(0);
  });

  it('maximises precision and recall separately over the references', () => {
    // vs "the cat is on the mat": LCS 4 (cat on the mat): P = 4/5, R = 4/6. vs "a": LCS 1: P = 1/5, R = 1/1.
    // P_max = 0.8 (first ref), R_max = 1 (second): F = (1 + 1.44) × 0.8 × 1 / (1 + 1.44 × 0.8) = 1.952 / 2.152.
    expect(rougeL('a cat on the mat', ['the cat is on the mat', 'a'])).toBeCloseTo(1.952 / 2.152, 14);
    expect(rougeL('a cat on the mat', ['a cat on the mat'])).toBe(1);
    expect(rougeL('x y', ['a b'])).toBe(0);
  });

  it('splits on single spaces (split(" ")), so a double space is an empty token', () => {
    // "a  b" → ['a', '', 'b']: LCS with ['a', 'b'] is 2, P = 2/3, R = 1: F = 2.44 × 2/3 / (1 + 1.44 × 2/3).
    expect(rougeL('a  b', ['a b'])).toBeCloseTo((2.44 * (2 / 3)) / (1 + 1.44 * (2 / 3)), 14);
  });
});

describe('CIDEr (pycocoevalcap Cider: CIDEr-D, n = 4, sigma = 6)', () => {
  it('is 10 for a corpus whose predictions equal their references, when no n-gram is in every image', () => {
    // df = 1 for every n-gram, weight log 2 each; hypothesis = reference: cosine 1 for n = 1..4, δ = 0: 10 × 4/4.
    const result = ciderScore([['a b c d'], ['e f g h']], ['a b c d', 'e f g h']);
    expect(result.score).toBeCloseTo(10, 12);
  });

  it('is 0 for a corpus of one image, however good: ref_len = log 1 = 0 and every weight log 1 − log 1 = 0', () => {
    expect(ciderScore([['a man riding a horse']], ['a man riding a horse']).score).toBe(0);
  });

  it('counts document frequency over the references only, never the predictions', () => {
    // "x" and "y" are in image 1's references only (df 1, weight log 2), though image 2 predicts them too.
    // Image 1: cosine 1 for unigrams and bigrams, no 3- or 4-grams (norm 0, left at 0): 10 × (1 + 1 + 0 + 0)/4 = 5.
    // Image 2: nothing in common with "p q": 0. Corpus: 2.5 (with the predictions in df, "x y" would weigh 0 and give 0).
    expect(ciderScore([['x y'], ['p q']], ['x y', 'x y']).score).toBeCloseTo(2.5, 12);
  });

  it('clips repeated n-grams, divides by the number of references, and penalises the bigram-count difference', () => {
    const w = Math.log(2); // every n-gram below has df 1 in a corpus of two images
    // "a a" vs "a b": Σ min(2w, w) × w = w²; ‖hyp‖ = 2w, ‖ref‖ = √2 w: cosine 1/(2√2); bigrams: none shared; δ = 1 − 1 = 0.
    const clipped = ciderScore([['a b'], ['p q']], ['a a', 'z']);
    expect(clipped.perImage[0]).toBeCloseTo((10 * (w * w) / (2 * w * Math.SQRT2 * w)) / 4, 12);
    // "a b" vs ["a b", "c d"]: [1, 1, 0, 0] from the first reference, nothing from the second: mean 0.5, / 2 refs, × 10.
    expect(ciderScore([['a b', 'c d'], ['y']], ['a b', 'x']).perImage[0]).toBeCloseTo(2.5, 12);
    // "a b" vs "a b c": unigram cosine 2w²/(√2w × √3w) = 2/√6, bigram 1/√2; δ = 1 − 2 bigrams: × e^(−1/72).
    const penalised = ciderScore([['a b c'], ['p q r s']], ['a b', 'z']);
    expect(penalised.perImage[0]).toBeCloseTo(((10 * (2 / Math.sqrt(6) + 1 / Math.SQRT2)) / 4) * Math.exp(-1 / 72), 12);
    expect(penalised.score).toBeCloseTo(penalised.perImage[0]! / 2, 14);
  });
});

describe('the three together, as VLMEvalKit dumps them (×100)', () => {
  it('gives BLEU-1 = ROUGE-L = 100 and CIDEr = 1000 for perfect predictions with distinct captions', () => {
    const refs = [['a man riding a horse'], ['two dogs play in snow'], ['a plate of food with a fork']];
    const scores = cocoCaptionScores(refs, refs.map((r) => r[0]!));
    expect(scores.bleu[0]).toBeCloseTo(100, 6);
    expect(scores.bleu[3]).toBeCloseTo(100, 6);
    expect(scores.rougeL).toBe(100);
    expect(scores.cider).toBeCloseTo(1000, 9);
  });

  it("equals pycocoevalcap's own code on 40 generated captions (odd whitespace, repeated words, 1–5 references)", () => {
    // testdata/coco-caption-pycocoevalcap.ts: rows made by a seeded generator; `expected` is the output of
    // pycocoevalcap's Bleu/Rouge/Cider code (tylin/coco-caption master = pip pycocoevalcap 1.2, transcribed
    // for Python 3) run on them with CPython and numpy 2.4.6, ×100 as VLMEvalKit dumps it.
    const rows = fixture.rows;
    const scores = cocoCaptionScores(rows.map((r) => r.answer), rows.map((r) => r.prediction));
    const ours = [...scores.bleu, scores.rougeL, scores.cider];
    const theirs = [...fixture.expected.Bleu, fixture.expected.ROUGE_L, fixture.expected.CIDEr];
    ours.forEach((value, i) => expect(value).toBeCloseTo(theirs[i]!, 10));
  });

  it('refuses a prediction without references, as pycocoevalcap asserts', () => {
    expect(() => cocoCaptionScores([[]], ['a'])).toThrow(/at least one reference/);
  });
});
