import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInfo, WorkbenchEvent } from '../types/records';
import { dispatch } from '../api/dispatch';
import { DEMO_CHECKPOINTS, DEMO_RELEASE_CHECKPOINT, SimulatedVlm } from '../demo';
import { demoSamples, seedDemoBenchmark } from '../../test-support/demo-benchmark';
import { useTempDir } from '../../test-support/temp';
import { upsertCheckpoint } from '../store/catalog';
import { getJob } from '../store/jobs';
import { countPredictions, getRun } from '../store/runs';
import { openWorkbench, type Workbench } from '../workbench';
import { evaluate } from './evaluate';
import { DEFAULT_PROMPT } from './prompt';
import { SimulatedBackend } from './simulated-backend';
import { startStandinServer, type RunningStandin } from './standin-server';

const SAMPLES = 30;

describe('evaluations as jobs, from the API, through real HTTP', () => {
  const tempDir = useTempDir();
  let server: RunningStandin | undefined;
  let workbench: Workbench | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    workbench?.close();
  });

  async function setup(options: { latencyMs?: number } = {}) {
    workbench = openWorkbench(join(tempDir(), 'w.sqlite'));
    const seeded = seedDemoBenchmark(workbench.db, SAMPLES);
    server = await startStandinServer({
      model: new SimulatedVlm(demoSamples(SAMPLES), DEMO_CHECKPOINTS),
      checkpoint: DEMO_RELEASE_CHECKPOINT,
      ...options,
    });
    return { workbench, server, benchmark: seeded.benchmark, benchmarkId: seeded.benchmarkId };
  }

  const finished = async (wb: Workbench, jobId: number): Promise<JobInfo> => {
    for (;;) {
      const job = getJob(wb.db, jobId)!;
      if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('startEvaluation runs the stand-in server end to end: job events with progress, graded predictions visible through explore', async () => {
    const { workbench: wb, server: s, benchmark } = await setup();
    const events: WorkbenchEvent[] = [];
    wb.jobs.events.on('event', (event) => events.push(event));
    const started = (await dispatch(wb.handlers, 'startEvaluation', {
      benchmark,
      checkpoint: { name: 'my-stage3', stage: 'stage3', step: 279, baseModel: 'InternVL3.5-8B' },
      backend: { kind: 'openai', endpoints: [s.baseUrl], model: s.modelName },
      concurrency: 4,
    })) as { runId: number; jobId: number; resumed: boolean; job: JobInfo };
    expect(started.resumed).toBe(false);
    const job = await finished(wb, started.jobId);
    expect(job).toMatchObject({ status: 'completed', done: SAMPLES, total: SAMPLES, errors: 0 });
    expect(events.some((event) => event.type === 'job' && event.job.id === started.jobId && event.job.status === 'running')).toBe(true);
    expect(events).toContainEqual({ type: 'changed', what: 'runs' });

    const page = (await dispatch(wb.handlers, 'explore', { query: `run:${started.runId}`, limit: 100 })) as { total: number; rows: Array<{ correct: boolean | null; checkpoint: string }> };
    expect(page.total).toBe(SAMPLES);
    expect(page.rows.every((row) => row.correct !== null && row.checkpoint === 'my-stage3')).toBe(true);
    const overview = (await dispatch(wb.handlers, 'overview', {})) as { checkpoints: Array<{ name: string; stage: string; step: number | null }> };
    expect(overview.checkpoints).toContainEqual(expect.objectContaining({ name: 'my-stage3', stage: 'stage3', step: 279 }));
    // The stand-in server says its answers are simulated: the run and its checkpoint carry the badge, as stats does.
    const runs = (await dispatch(wb.handlers, 'listRuns', {})) as Array<{ runId: number; simulated: boolean }>;
    expect(runs.find((run) => run.runId === started.runId)?.simulated).toBe(true);
    expect(overview.checkpoints).toContainEqual(expect.objectContaining({ name: 'my-stage3', simulated: true }));
    const log = (await dispatch(wb.handlers, 'jobLog', { jobId: started.jobId })) as Array<{ line: string }>;
    expect(log.map((entry) => entry.line).join('\n')).toMatch(/completed: 30 answered/);

    // The same request again resumes the same run and asks nothing.
    const again = (await dispatch(wb.handlers, 'startEvaluation', {
      benchmark,
      checkpoint: { name: 'my-stage3' },
      backend: { kind: 'openai', endpoints: [s.baseUrl], model: s.modelName },
    })) as { runId: number; jobId: number; resumed: boolean };
    expect(again).toMatchObject({ runId: started.runId, resumed: true });
    await finished(wb, again.jobId);
    expect(s.stats.requests).toBe(SAMPLES);
  });

  it('over HTTP the simulated model gives exactly the verdicts it gives in process', async () => {
    const { workbench: wb, server: s, benchmarkId } = await setup();
    const viaHttp = (await dispatch(wb.handlers, 'startEvaluation', {
      benchmark: (await dispatch(wb.handlers, 'overview', {}) as { benchmarks: Array<{ name: string }> }).benchmarks[0]!.name,
      checkpoint: { name: 'http' },
      backend: { kind: 'openai', endpoints: [s.baseUrl], model: s.modelName },
      sampling: { temperature: 0, topP: 1, maxTokens: 1024 },
    })) as { runId: number; jobId: number };
    await finished(wb, viaHttp.jobId);
    const inProcess = await evaluate(wb.db, {
      checkpointId: upsertCheckpoint(wb.db, { name: 'in-process' }),
      benchmarkId,
      backend: new SimulatedBackend(new SimulatedVlm(demoSamples(SAMPLES), DEMO_CHECKPOINTS), DEMO_RELEASE_CHECKPOINT),
      prompt: DEFAULT_PROMPT,
      sampling: { temperature: 0, topP: 1, maxTokens: 1024 },
      samplesPerQuestion: 1,
      concurrency: 1,
    });
    const verdicts = async (runId: number) =>
      ((await dispatch(wb.handlers, 'explore', { query: `run:${runId}`, limit: 100, sort: { field: 'id', direction: 'asc' } })) as { rows: Array<{ externalId: string; correct: boolean | null }> }).rows
        .map((row) => `${row.externalId}:${String(row.correct)}`)
        .sort();
    expect(await verdicts(viaHttp.runId)).toEqual(await verdicts(inProcess.runId));
  });

  it('cancelJob stops the evaluation: run cancelled, nothing lost, the same request resumes it', async () => {
    const { workbench: wb, server: s, benchmark } = await setup({ latencyMs: 30 });
    const request = { benchmark, checkpoint: { name: 'c' }, backend: { kind: 'openai', endpoints: [s.baseUrl], model: s.modelName }, concurrency: 2, samplesPerQuestion: 2 };
    const started = (await dispatch(wb.handlers, 'startEvaluation', request)) as { runId: number; jobId: number };
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (countPredictions(wb.db, started.runId).total >= 8) resolve();
        else setTimeout(check, 10);
      };
      check();
    });
    await dispatch(wb.handlers, 'cancelJob', { jobId: started.jobId });
    expect((await finished(wb, started.jobId)).status).toBe('cancelled');
    expect(getRun(wb.db, started.runId)!.status).toBe('cancelled');
    const kept = countPredictions(wb.db, started.runId).total;
    expect(kept).toBeLessThan(2 * SAMPLES);
    const resumed = (await dispatch(wb.handlers, 'startEvaluation', request)) as { runId: number; jobId: number; resumed: boolean };
    expect(resumed).toMatchObject({ runId: started.runId, resumed: true });
    expect((await finished(wb, resumed.jobId)).status).toBe('completed');
    expect(countPredictions(wb.db, started.runId)).toEqual({ total: 2 * SAMPLES, errors: 0 });
  });

  it('refuses an unknown benchmark or a malformed endpoint before starting a job', async () => {
    const { workbench: wb, server: s, benchmark } = await setup();
    await expect(
      dispatch(wb.handlers, 'startEvaluation', { benchmark: 'NoSuchBench', checkpoint: { name: 'x' }, backend: { kind: 'openai', endpoints: [s.baseUrl], model: 'm' } }),
    ).rejects.toMatchObject({ name: 'BadRequestError', message: expect.stringMatching(/no benchmark named "NoSuchBench"/) });
    await expect(
      dispatch(wb.handlers, 'startEvaluation', { benchmark, checkpoint: { name: 'x' }, backend: { kind: 'openai', endpoints: ['gpu-box:8000'], model: 'm' } }),
    ).rejects.toMatchObject({ name: 'BadRequestError', issues: [expect.objectContaining({ path: 'backend.endpoints.0' })] });
    await expect(
      dispatch(wb.handlers, 'startEvaluation', { benchmark, checkpoint: { name: 'x' }, backend: { kind: 'managed', server: 'vllm', checkpointPath: '/m', executable: '/bin/sh' } }),
    ).rejects.toMatchObject({ name: 'BadRequestError' });
    expect((await dispatch(wb.handlers, 'listJobs', {})) as unknown[]).toHaveLength(0);
  });
});
