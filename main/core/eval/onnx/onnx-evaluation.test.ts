import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoBenchmark } from '../../../test-support/demo-benchmark';
import { useTempDir } from '../../../test-support/temp';
import type { ApiOutputs, JobInfo, WorkbenchEvent } from '../../api/contract';
import { getSample } from '../../store/catalog';
import { dispatch } from '../../api/dispatch';
import { getJob } from '../../store/jobs';
import { getRun, pendingWork } from '../../store/runs';
import { openWorkbench, type Workbench } from '../../workbench';

/** What the UI's evaluation form sends for an ONNX folder: the API path, dtype and device included. */
describe('an ONNX evaluation started through the API', () => {
  const tempDir = useTempDir();
  let workbench: Workbench | undefined;
  afterEach(() => workbench?.close());

  const finished = async (wb: Workbench, jobId: number): Promise<JobInfo> => {
    for (;;) {
      const job = getJob(wb.db, jobId)!;
      if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('runs the fp16 weights on CPU, streams each answer as partial events, and records what ran', async () => {
    workbench = openWorkbench(join(tempDir(), 'w.sqlite'));
    const wb = workbench;
    const { benchmark } = seedDemoBenchmark(wb.db, 3);
    // Every demo question comes with its rendered scene.
    expect((wb.db.prepare('SELECT COUNT(DISTINCT sample_id) AS n FROM sample_images').get() as { n: number }).n).toBe(3);
    const partials: Array<Extract<WorkbenchEvent, { type: 'partial' }>> = [];
    // What the live trace view reads when it opens mid-answer, asked at each partial event.
    const seenLive: Array<ApiOutputs['liveAnswer']> = [];
    wb.jobs.events.on('event', (event: WorkbenchEvent) => {
      if (event.type !== 'partial') return;
      partials.push(event);
      void dispatch(wb.handlers, 'liveAnswer', { jobId: event.jobId }).then((live) => seenLive.push(live as ApiOutputs['liveAnswer']));
    });
    const started = (await dispatch(wb.handlers, 'startEvaluation', {
      benchmark,
      checkpoint: { name: 'tiny-smolvlm' },
      backend: { kind: 'onnx', modelDir: join('e2e', 'fixtures', 'models', 'tiny-smolvlm'), dtype: 'fp16', device: 'cpu' },
      sampling: { temperature: 0, topP: 1, maxTokens: 400 },
      concurrency: 1,
    })) as { runId: number; jobId: number };
    const job = await finished(wb, started.jobId);
    expect(job).toMatchObject({ status: 'completed', done: 3, total: 3, errors: 0 });
    expect(getRun(wb.db, started.runId)!.source).toMatch(/Idefics3ForConditionalGeneration dtype=fp16 provider=cpu sha256=[0-9a-f]{64}$/);

    const stored = new Map(
      (
        wb.db
          .prepare('SELECT p.sample_id AS sampleId, t.raw_output AS text FROM predictions p JOIN prediction_texts t ON t.prediction_id = p.id WHERE p.run_id = ?')
          .all(started.runId) as Array<{ sampleId: number; text: string }>
      ).map((row) => [row.sampleId, row.text]),
    );
    expect(partials.length).toBeGreaterThan(0);
    for (const partial of partials) {
      expect(partial).toMatchObject({ jobId: started.jobId, runId: started.runId, sampleIndex: 0 });
      // What streamed is the beginning of what was stored.
      expect(stored.get(partial.sampleId)!.startsWith(partial.text)).toBe(true);
      expect(partial.length).toBe(partial.text.length);
    }
    // Every question streamed from its first words: a new answer is passed on at once, not throttled away.
    expect(new Set(partials.map((partial) => partial.sampleId))).toEqual(new Set(stored.keys()));
    expect(seenLive.length).toBe(partials.length);
    for (const live of seenLive) {
      const answer = live.answer!;
      const sample = getSample(wb.db, answer.sampleId)!;
      expect(answer).toMatchObject({ runId: started.runId, question: sample.question, externalId: sample.externalId, benchmark, checkpoint: 'tiny-smolvlm' });
      expect(answer.images).toEqual(sample.images);
      expect(stored.get(answer.sampleId)!.startsWith(answer.text)).toBe(true);
    }
    // Once the job has ended there is no answer being written.
    expect(await dispatch(wb.handlers, 'liveAnswer', { jobId: started.jobId })).toMatchObject({ job: { status: 'completed' }, answer: null });
    await expect(dispatch(wb.handlers, 'liveAnswer', { jobId: 999 })).rejects.toThrow('job 999 does not exist');
  });

  it('a text-only export given image questions fails the run, naming the missing part; the right folder resumes it', async () => {
    workbench = openWorkbench(join(tempDir(), 'w.sqlite'));
    const wb = workbench;
    const { benchmark } = seedDemoBenchmark(wb.db, 3);
    const textOnly = join(tempDir(), 'text-only');
    cpSync(join('e2e', 'fixtures', 'models', 'tiny-qwen2-vl'), textOnly, { recursive: true });
    for (const variant of ['', '_fp16']) rmSync(join(textOnly, 'onnx', `vision_encoder${variant}.onnx`));
    const start = (modelDir: string) =>
      dispatch(wb.handlers, 'startEvaluation', {
        benchmark,
        checkpoint: { name: 'tiny-qwen2-vl' },
        backend: { kind: 'onnx', modelDir, device: 'cpu' },
        sampling: { temperature: 0, topP: 1, maxTokens: 64 },
        concurrency: 1,
      }) as Promise<{ runId: number; jobId: number; resumed: boolean }>;
    const first = await start(textOnly);
    const failed = await finished(wb, first.jobId);
    expect(failed.status).toBe('failed');
    expect(failed.message).toContain(`${textOnly} is a text-only model (no onnx/vision_encoder.onnx) but the question has 1 image(s)`);
    expect(pendingWork(wb.db, first.runId)).toHaveLength(3);

    const second = await start(join('e2e', 'fixtures', 'models', 'tiny-qwen2-vl'));
    expect(second).toMatchObject({ runId: first.runId, resumed: true });
    expect(await finished(wb, second.jobId)).toMatchObject({ status: 'completed', done: 3, errors: 0 });
    expect(pendingWork(wb.db, first.runId)).toHaveLength(0);
  });
});
