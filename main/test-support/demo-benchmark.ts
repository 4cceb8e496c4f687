import { PNG } from 'pngjs';
import { DEMO_BENCHMARK_NAME, type DemoSample, generateDemoBenchmark } from '../core/demo';
import { putImage, upsertBenchmark, upsertSample } from '../core/store/catalog';
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
  const benchmarkId = db.transaction(() => {
    const id = upsertBenchmark(db, { name: DEMO_BENCHMARK_NAME, description: 'Synthetic CLEVR-style scenes (test seed).', simulated: true });
    for (const sample of samples) {
      const png = PNG.sync.read(sample.image);
      const sha256 = putImage(db, { bytes: sample.image, mime: 'image/png', width: png.width, height: png.height });
      upsertSample(db, {
        benchmarkId: id,
        externalId: sample.id,
        question: sample.question,
        choices: sample.choices,
        answer: sample.answer,
        answerType: sample.answerType,
        category: sample.category,
        skills: sample.skills,
        caption: sample.caption,
        images: [{ sha256 }],
      });
    }
    return id;
  }).immediate();
  return { benchmarkId, benchmark: DEMO_BENCHMARK_NAME, samples };
}
