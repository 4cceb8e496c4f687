import { DEMO_BENCHMARK_NAME, type DemoSample, generateDemoBenchmark } from '../core/demo';
import { storeDemoBenchmark } from '../core/demo/seed';
import type { Db } from '../core/store/database';

const generated = new Map<number, DemoSample[]>();

/** The demo benchmark's first `count` samples, rendered once per test process (rendering is the slow part). */
export function demoSamples(count: number): DemoSample[] {
  let samples = generated.get(count);
  if (!samples) {
    samples = generateDemoBenchmark({ count });
    generated.set(count, samples);
  }
  return samples;
}

/**
 * Stores the demo benchmark's questions and images only, with no runs: what an evaluation
 * against the simulated server needs. (The `demo` command stores the same samples and also runs
 * the simulated checkpoints.)
 */
export function seedDemoBenchmark(db: Db, count: number): { benchmarkId: number; benchmark: string; samples: DemoSample[] } {
  const samples = demoSamples(count);
  const benchmarkId = storeDemoBenchmark(db, samples);
  return { benchmarkId, benchmark: DEMO_BENCHMARK_NAME, samples };
}
