import { PNG } from 'pngjs';
import { DEMO_BENCHMARK_NAME, DEMO_CHECKPOINTS, generateDemoBenchmark, SimulatedVlm, type DemoSample } from './index';
import { evaluate } from '../eval/evaluate';
import { DEFAULT_PROMPT } from '../eval/prompt';
import { SimulatedBackend } from '../eval/simulated-backend';
import { putImage, upsertBenchmark, upsertCheckpoint, upsertSample } from '../store/catalog';
import type { Db } from '../store/database';
import type { JobManager } from '../jobs/job-manager';
import type { JobInfo } from '../types/records';

export interface DemoSummary {
  benchmark: string;
  samples: number;
  checkpoints: number;
  runs: number;
  predictions: number;
}

export const DEMO_SAMPLING = { temperature: 0, topP: 1, maxTokens: 1024 };

/** Stores the demo benchmark's questions and rendered images (no runs), in one transaction. */
export function storeDemoBenchmark(db: Db, samples: DemoSample[]): number {
  return db.transaction(() => {
    const id = upsertBenchmark(db, {
      name: DEMO_BENCHMARK_NAME,
      description: 'Synthetic CLEVR-style scenes rendered by VLM Workbench. Answers come from a SIMULATED model, not a real VLM.',
      simulated: true,
    });
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
}

/**
 * Builds the demo workspace: the synthetic CLEVR-style benchmark (images rendered by our code)
 * and one run per demo checkpoint, answered by the SIMULATED model through the same runner,
 * grader and store that real evaluations use.
 */
export async function seedDemoWorkspace(
  db: Db,
  options: { count?: number; onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<DemoSummary> {
  const samples = generateDemoBenchmark({ count: options.count ?? 120 });
  const benchmarkId = storeDemoBenchmark(db, samples);

  const model = new SimulatedVlm(samples, DEMO_CHECKPOINTS);
  const total = samples.length * DEMO_CHECKPOINTS.length;
  let predictions = 0;
  for (const profile of DEMO_CHECKPOINTS) {
    if (options.signal?.aborted) break;
    const checkpointId = upsertCheckpoint(db, {
      name: profile.name,
      baseModel: profile.baseModel,
      stage: profile.stage,
      step: profile.step,
      notes: `SIMULATED checkpoint. ${profile.notes}`,
      simulated: true,
    });
    const outcome = await evaluate(db, {
      checkpointId,
      benchmarkId,
      backend: new SimulatedBackend(model, profile.name),
      prompt: DEFAULT_PROMPT,
      sampling: DEMO_SAMPLING,
      samplesPerQuestion: 1,
      concurrency: 1,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: ({ done }) => options.onProgress?.(predictions + done, total),
    });
    predictions += outcome.answered + outcome.skippedAsDone;
  }
  return {
    benchmark: DEMO_BENCHMARK_NAME,
    samples: samples.length,
    checkpoints: DEMO_CHECKPOINTS.length,
    runs: DEMO_CHECKPOINTS.length,
    predictions,
  };
}

/** Seeds the demo as a job (progress events, cancellation); the summary is the job's message. */
export function seedDemoAsJob(
  workbench: { db: Db; jobs: JobManager },
  options: { count?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<JobInfo> {
  return workbench.jobs.run('demo', 'Build the demo workspace (simulated model)', {}, async (job) => {
    const summary = await seedDemoWorkspace(workbench.db, {
      ...(options.count !== undefined ? { count: options.count } : {}),
      signal: job.signal,
      onProgress: (done, total) => {
        job.progress(done, total);
        options.onProgress?.(done, total);
      },
    });
    workbench.jobs.emit({ type: 'changed', what: 'runs' });
    return JSON.stringify(summary);
  });
}
