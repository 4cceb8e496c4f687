import { percentileInterval } from './quantile';
import { multinomialDraw, seededBinomial } from './random';

export interface BootstrapOptions {
  /** Number of bootstrap replicates. */
  replicates: number;
  /** Seed of the resampling: the same data and seed always give the same interval. */
  seed: number;
  /** Coverage of the percentile interval, 0.95 by default. */
  level?: number;
}

/** The paired outcome counts of two checkpoints on one benchmark (a stratum of the bootstrap). */
export interface PairedCounts {
  n: number;
  /** Samples the first checkpoint got right and the second wrong. */
  aRightBWrong: number;
  aWrongBRight: number;
}

/**
 * Paired bootstrap interval of the accuracy difference (b minus a) over the samples both
 * checkpoints answered. Samples are resampled with replacement within each benchmark (the
 * benchmark sizes stay fixed); since a pair only contributes +1, -1 or 0 to the difference,
 * resampling a stratum is one multinomial draw of its three pair counts.
 */
export function pairedDifferenceInterval(strata: readonly PairedCounts[], options: BootstrapOptions): [number, number] | null {
  const total = strata.reduce((sum, stratum) => sum + stratum.n, 0);
  if (total === 0 || options.replicates < 1) return null;
  const binom = seededBinomial(options.seed);
  const probabilities = strata.map((s) => (s.n > 0 ? [s.aRightBWrong / s.n, s.aWrongBRight / s.n, 1 - (s.aRightBWrong + s.aWrongBRight) / s.n] : [0, 0, 1]));
  const diffs = new Float64Array(options.replicates);
  for (let r = 0; r < options.replicates; r++) {
    let net = 0;
    strata.forEach((stratum, i) => {
      if (stratum.n === 0) return;
      const [lost, gained] = multinomialDraw(binom, stratum.n, probabilities[i]!);
      net += gained! - lost!;
    });
    diffs[r] = net / total;
  }
  return percentileInterval(diffs, options.level);
}

/**
 * One benchmark's per-sample scores as a histogram: `counts[j]` samples scored `scores[j]`.
 * With one answer per question the scores are 0 and 1; with k answers they are c / k.
 */
export interface ScoreHistogram {
  scores: readonly number[];
  counts: readonly number[];
}

export function histogramMean(histogram: ScoreHistogram): number | null {
  const n = histogram.counts.reduce((sum, count) => sum + count, 0);
  if (n === 0) return null;
  return histogram.scores.reduce((sum, score, j) => sum + score * histogram.counts[j]!, 0) / n;
}

/**
 * Bootstrap interval of a macro average (the unweighted mean of per-benchmark accuracies, as
 * the seed reports its suites). Samples are resampled within each benchmark, which leaves every
 * benchmark's weight in the average fixed, as it is in the statistic itself.
 */
export function macroAverageInterval(benchmarks: readonly ScoreHistogram[], options: BootstrapOptions): [number, number] | null {
  const usable = benchmarks.filter((histogram) => histogram.counts.some((count) => count > 0));
  if (usable.length === 0 || options.replicates < 1) return null;
  const binom = seededBinomial(options.seed);
  const prepared = usable.map((histogram) => {
    const n = histogram.counts.reduce((sum, count) => sum + count, 0);
    return { n, scores: histogram.scores, probabilities: histogram.counts.map((count) => count / n) };
  });
  const averages = new Float64Array(options.replicates);
  for (let r = 0; r < options.replicates; r++) {
    let sum = 0;
    for (const benchmark of prepared) {
      const drawn = multinomialDraw(binom, benchmark.n, benchmark.probabilities);
      let scored = 0;
      drawn.forEach((count, j) => {
        scored += count * benchmark.scores[j]!;
      });
      sum += scored / benchmark.n;
    }
    averages[r] = sum / prepared.length;
  }
  return percentileInterval(averages, options.level);
}
