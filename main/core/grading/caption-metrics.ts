/**
 * The COCO caption metrics as VLMEvalKit computes them (`ImageCaptionDataset.evaluate`,
 * vlmeval/dataset/image_caption.py): for row i, the prediction `str(line['prediction'])` against
 * the references `eval(line['answer'])`, scored by pycocoevalcap's `Bleu(4)`, `Rouge()` and
 * `Cider()` with no PTB tokenizer (the scorers split the text as it is), dumped to
 * `_score.json` as {Bleu: [b1..b4] × 100, ROUGE_L × 100, CIDEr × 100}.
 *
 * Ported line by line from tylin/coco-caption master (commits 70eeb534 for
 * `bleu/bleu_scorer.py` and `bleu/bleu.py`, bfd15962 for `rouge/rouge.py`; the pip package
 * pycocoevalcap 1.2 is the same code for Python 3). CIDEr is in `caption-cider.ts`.
 */
import { ciderScore } from './caption-cider';
import { npMean, precook } from './caption-ngrams';

const BLEU_N = 4;
/** bleu_scorer.py `compute_score`: small = 1e-9, tiny = 1e-15 ("so that if guess is 0 still return 0"). */
const SMALL = 1e-9;
const TINY = 1e-15;

interface CookedTest {
  testlen: number;
  /** Every reference's length: for option 'closest' the list is kept ("bad design"). */
  reflens: number[];
  guess: number[];
  correct: number[];
}

/** cook_refs + cook_test: clipped n-gram matches against the per-n-gram maximum over the references. */
function cook(test: string, refs: readonly string[]): CookedTest {
  const reflens: number[] = [];
  const maxcounts = new Map<string, number>();
  for (const ref of refs) {
    const { length, counts } = precook(ref, BLEU_N);
    reflens.push(length);
    for (const [key, count] of counts) maxcounts.set(key, Math.max(maxcounts.get(key) ?? 0, count));
  }
  const { length: testlen, counts } = precook(test, BLEU_N);
  const guess = Array.from({ length: BLEU_N }, (_, k) => Math.max(0, testlen - k));
  const correct = new Array<number>(BLEU_N).fill(0);
  for (const [key, count] of counts) correct[key.split(' ').length - 1]! += Math.min(maxcounts.get(key) ?? 0, count);
  return { testlen, reflens, guess, correct };
}

/** `_single_reflen(reflens, 'closest', testlen)`: min over (|l − testlen|, l), so a tie takes the shorter reference. */
function closestReflen(reflens: readonly number[], testlen: number): number {
  let best = reflens[0]!;
  for (const l of reflens) {
    const d = Math.abs(l - testlen);
    const bestD = Math.abs(best - testlen);
    if (d < bestD || (d === bestD && l < best)) best = l;
  }
  return best;
}

export interface BleuResult {
  /** Corpus BLEU-1..4 (fractions). */
  score: number[];
  /** pycocoevalcap's per-image list: bleu_list[k][i], its own brevity penalty per sentence. */
  perImage: number[][];
}

/** pycocoevalcap `Bleu(4).compute_score(gts, res)` with option 'closest'. */
export function bleuScore(references: readonly (readonly string[])[], predictions: readonly string[]): BleuResult {
  const perImage: number[][] = Array.from({ length: BLEU_N }, () => []);
  let totalTestlen = 0;
  let totalReflen = 0;
  const guess = new Array<number>(BLEU_N).fill(0);
  const correct = new Array<number>(BLEU_N).fill(0);
  predictions.forEach((test, i) => {
    const comps = cook(test, references[i]!);
    totalTestlen += comps.testlen;
    const reflen = closestReflen(comps.reflens, comps.testlen);
    totalReflen += reflen;
    for (let k = 0; k < BLEU_N; k++) {
      guess[k]! += comps.guess[k]!;
      correct[k]! += comps.correct[k]!;
    }
    // append per image bleu score
    let bleu = 1;
    for (let k = 0; k < BLEU_N; k++) {
      bleu *= (comps.correct[k]! + TINY) / (comps.guess[k]! + SMALL);
      perImage[k]!.push(Math.pow(bleu, 1 / (k + 1)));
    }
    const ratio = (comps.testlen + TINY) / (reflen + SMALL);
    if (ratio < 1) for (let k = 0; k < BLEU_N; k++) perImage[k]![i]! *= Math.exp(1 - 1 / ratio);
  });
  // The corpus figure: summed counts and lengths, one brevity penalty for the whole corpus.
  const score: number[] = [];
  let bleu = 1;
  for (let k = 0; k < BLEU_N; k++) {
    bleu *= (correct[k]! + TINY) / (guess[k]! + SMALL);
    score.push(Math.pow(bleu, 1 / (k + 1)));
  }
  const ratio = (totalTestlen + TINY) / (totalReflen + SMALL);
  if (ratio < 1) for (let k = 0; k < BLEU_N; k++) score[k]! *= Math.exp(1 - 1 / ratio);
  return { score, perImage };
}

/** rouge.py `my_lcs`: the length of the longest common subsequence of two token lists. */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  const [long, short] = a.length < b.length ? [b, a] : [a, b];
  let previous = new Array<number>(short.length + 1).fill(0);
  for (let i = 1; i <= long.length; i++) {
    const row = new Array<number>(short.length + 1).fill(0);
    for (let j = 1; j <= short.length; j++) row[j] = long[i - 1] === short[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, row[j - 1]!);
    previous = row;
  }
  return previous[short.length]!;
}

const ROUGE_BETA = 1.2;

/**
 * rouge.py `calc_score`: tokens by `split(" ")` (one space, so empty tokens count), LCS against
 * each reference, the best precision and the best recall (maximised separately), F with β = 1.2.
 */
export function rougeL(prediction: string, refs: readonly string[]): number {
  const tokenC = prediction.split(' ');
  const prec: number[] = [];
  const rec: number[] = [];
  for (const reference of refs) {
    const tokenR = reference.split(' ');
    const lcs = lcsLength(tokenR, tokenC);
    prec.push(lcs / tokenC.length);
    rec.push(lcs / tokenR.length);
  }
  const precMax = Math.max(...prec);
  const recMax = Math.max(...rec);
  if (precMax === 0 || recMax === 0) return 0;
  const beta2 = ROUGE_BETA * ROUGE_BETA;
  return ((1 + beta2) * precMax * recMax) / (recMax + beta2 * precMax);
}

export interface CaptionScores {
  /** BLEU-1..4, ROUGE-L and CIDEr × 100, as VLMEvalKit's `_score.json` holds them. */
  bleu: number[];
  rougeL: number;
  cider: number;
  /** Per image, as fractions (CIDEr per image on its 0..10 scale). */
  perImage: { bleu4: number[]; rougeL: number[]; cider: number[] };
}

/** VLMEvalKit's COCO caption figures: `predictions[i]` against `references[i]` (a non-empty list each). */
export function cocoCaptionScores(references: readonly (readonly string[])[], predictions: readonly string[]): CaptionScores {
  if (references.length !== predictions.length) throw new Error('one list of references per prediction');
  if (references.some((refs) => refs.length === 0)) throw new Error('every prediction needs at least one reference (pycocoevalcap asserts it)');
  const bleu = bleuScore(references, predictions);
  const rouge = predictions.map((prediction, i) => rougeL(prediction, references[i]!));
  const cider = ciderScore(references, predictions);
  return {
    bleu: bleu.score.map((x) => x * 100),
    rougeL: npMean(rouge) * 100,
    cider: cider.score * 100,
    perImage: { bleu4: bleu.perImage[BLEU_N - 1]!, rougeL: rouge, cider: cider.perImage },
  };
}
