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

/** One benchmark's bootstrap replicates of the paired difference: its size and net gains. */
export interface StratumReplicates {
  n: number;
  /** (b right, a wrong) minus (a right, b wrong) in each replicate. */
  netGains: Int32Array;
}

/**
 * Resamples one benchmark's pairs with replacement `replicates` times. A pair only contributes
 * +1, -1 or 0 to the difference, so a replicate is one multinomial draw of the three pair counts:
 * a binomial for the losses, then one for the gains among the rest. Each benchmark draws from
 * its own seeded stream, so its replicates are the same whichever benchmarks it is pooled with.
 */
export function stratumReplicates(stratum: PairedCounts, replicates: number, seed: number): StratumReplicates {
  const netGains = new Int32Array(Math.max(0, replicates));
  if (stratum.n === 0) return { n: 0, netGains };
  const binom = seededBinomial(seed);
  const lostShare = stratum.aRightBWrong / stratum.n;
  const gainedShareOfRest = lostShare < 1 ? Math.min(1, stratum.aWrongBRight / stratum.n / (1 - lostShare)) : 0;
  for (let r = 0; r < netGains.length; r++) {
    const lost = binom(stratum.n, lostShare);
    netGains[r] = binom(stratum.n - lost, gainedShareOfRest) - lost;
  }
  return { n: stratum.n, netGains };
}

/**
 * Percentile interval of the accuracy difference (b minus a) pooled over benchmarks whose
 * replicates were drawn separately: replicate r of the pool adds up replicate r of each, which
 * resamples every benchmark within itself (its size stays fixed), the stratified bootstrap.
 */
export function pooledDifferenceInterval(strata: readonly StratumReplicates[], level?: number): [number, number] | null {
  const total = strata.reduce((sum, stratum) => sum + stratum.n, 0);
  const replicates = strata[0]?.netGains.length ?? 0;
  if (total === 0 || replicates === 0) return null;
  const diffs = new Float64Array(replicates);
  for (const stratum of strata) {
    if (stratum.n === 0) continue;
    for (let r = 0; r < replicates; r++) diffs[r]! += stratum.netGains[r]!;
  }
  for (let r = 0; r < replicates; r++) diffs[r]! /= total;
  return percentileInterval(diffs, level);
}

/** A benchmark's own seed: the run's seed and the benchmark's name, hashed (FNV-1a). */
export function stratumSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const char of name) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193);
  return hash >>> 0;
}

/**
 * Paired bootstrap interval of the accuracy difference (b minus a) over the samples both
 * checkpoints answered, the benchmarks (strata) resampled each within itself; stratum i draws
 * from the stream `stratumSeed(seed, String(i))`.
 */
export function pairedDifferenceInterval(strata: readonly PairedCounts[], options: BootstrapOptions): [number, number] | null {
  return pooledDifferenceInterval(
    strata.map((stratum, i) => stratumReplicates(stratum, options.replicates, stratumSeed(options.seed, String(i)))),
    options.level,
  );
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
