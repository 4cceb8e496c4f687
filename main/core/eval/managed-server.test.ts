import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../test-support/cli';
import { processIsAlive } from '../util/process';
import { seedDemoBenchmark } from '../../test-support/demo-benchmark';
import { writeFakeVllmExecutable } from '../../test-support/fake-vllm-executable';
import { useTempDir } from '../../test-support/temp';
import { jobLog } from '../store/jobs';
import { countPredictions } from '../store/runs';
import { explorerPage } from '../store/explorer';
import { parseQuery } from '../query/filter';
import { openWorkbench, type Workbench } from '../workbench';
import type { BackendSpec } from './backend-spec';
import { launchPlan } from './launch-recipes';
import { ManagedServer } from './managed-server';
import { DEFAULT_PROMPT } from './prompt';
import { startEvaluation, type EvaluationJobRequest } from './start-evaluation';

const SAMPLES = 20;

describe('a vLLM the workbench launches (a stand-in executable speaking the same protocol)', () => {
  const tempDir = useTempDir();
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  function setup() {
    const dir = tempDir();
    const workbench: Workbench = openWorkbench(join(dir, 'w.sqlite'));
    cleanup.push(() => workbench.close());
    const { benchmark } = seedDemoBenchmark(workbench.db, SAMPLES);
    return { workbench, benchmark, executable: writeFakeVllmExecutable(dir), dir };
  }

  const request = (benchmark: string, backend: BackendSpec, extra: Partial<EvaluationJobRequest> = {}): EvaluationJobRequest => ({
    benchmark,
    checkpoint: { name: 'stage1-run' },
    backend,
    prompt: DEFAULT_PROMPT,
    sampling: { temperature: 0, topP: 1, maxTokens: 512 },
    samplesPerQuestion: 1,
    concurrency: 4,
    ...extra,
  });

  const managed = (executable: string, extraArgs: string[], more: Partial<Extract<BackendSpec, { kind: 'managed' }>> = {}): BackendSpec => ({
    kind: 'managed',
    server: 'vllm',
    checkpointPath: '/checkpoints/stage1-perception@200',
    servedModelName: 'stage1-run',
    extraArgs: ['--demo-samples', String(SAMPLES), ...extraArgs],
    executable,
    readyTimeoutMs: 60_000,
    retries: 1,
    backoffMs: 1,
    ...more,
  });

  const pidsIn = (lines: string[]): { server?: number; worker?: number } => {
    const text = lines.join('\n');
    const server = /server pid (\d+)/.exec(text)?.[1];
    const worker = /worker pid (\d+)/.exec(text)?.[1];
    return { ...(server ? { server: Number(server) } : {}), ...(worker ? { worker: Number(worker) } : {}) };
  };

  it('launches it with our and the extra arguments, streams its log into the job log, evaluates, and stops it', async () => {
    const { workbench, benchmark, executable } = setup();
    const started = startEvaluation(workbench, request(benchmark, managed(executable, ['--tensor-parallel-size=2', '--spawn-worker'])));
    const { job, outcome } = await started.done;
    expect(job.status).toBe('completed');
    expect(outcome).toMatchObject({ answered: SAMPLES, failed: 0 });
    const lines = jobLog(workbench.db, started.jobId, 500).map((entry) => entry.line);
    expect(lines.join('\n')).toMatch(/serve \/checkpoints\/stage1-perception@200 --host 127\.0\.0\.1 --port \d+ --served-model-name stage1-run --demo-samples 20 --tensor-parallel-size=2/);
    expect(lines.join('\n')).toMatch(/non-default args: \["--tensor-parallel-size=2"\]/);
    expect(lines.join('\n')).toMatch(/vllm ready at http:\/\/127\.0\.0\.1:\d+\/v1/);
    const page = explorerPage(workbench.db, { filter: parseQuery(`run:${started.runId}`), offset: 0, limit: 100 });
    expect(page.total).toBe(SAMPLES);
    expect(page.rows.every((row) => row.correct !== null)).toBe(true);
    // Stopped with its whole process group: the server and its worker are gone.
    const pids = pidsIn(lines);
    expect(pids.server).toBeDefined();
    expect(pids.worker).toBeDefined();
    await waitUntil(() => !processIsAlive(pids.server!) && !processIsAlive(pids.worker!), 'the server and its worker to exit', 10_000);
  });

  it('reports a crash mid-run with its last log lines; the run resumes where it stopped', async () => {
    const { workbench, benchmark, executable } = setup();
    const crashing = startEvaluation(workbench, request(benchmark, managed(executable, ['--crash-after', '6', '--latency-ms', '20'])));
    const { job, outcome } = await crashing.done;
    expect(job.status).toBe('failed');
    expect(job.message).toMatch(/vllm stopped during the run \(exit code 1\)/);
    expect(job.message).toMatch(/illegal memory access/);
    expect(outcome?.status).toBe('failed');
    const afterCrash = countPredictions(workbench.db, crashing.runId);
    // Answers in flight when it died are not recorded as failures: they stay pending.
    expect(afterCrash.errors).toBe(0);
    expect(afterCrash.total).toBeGreaterThanOrEqual(6);
    expect(afterCrash.total).toBeLessThan(SAMPLES);

    const resumed = startEvaluation(workbench, request(benchmark, managed(executable, [])));
    const second = await resumed.done;
    expect(resumed.runId).toBe(crashing.runId);
    expect(second.outcome).toMatchObject({ status: 'completed', skippedAsDone: afterCrash.total, answered: SAMPLES - afterCrash.total });
    expect(countPredictions(workbench.db, crashing.runId)).toEqual({ total: SAMPLES, errors: 0 });
  });

  it('fails with the server\'s own words when it dies while loading, or never gets ready', async () => {
    const { workbench, benchmark, executable } = setup();
    const early = await startEvaluation(workbench, request(benchmark, managed(executable, ['--exit-at-start']))).done;
    expect(early.job.status).toBe('failed');
    expect(early.job.message).toMatch(/vllm exited before it was ready \(exit code 1\)[\s\S]*has no config\.json/);

    const stuck = await startEvaluation(workbench, request(benchmark, managed(executable, ['--never-ready', '--spawn-worker'], { readyTimeoutMs: 1500 }))).done;
    expect(stuck.job.status).toBe('failed');
    expect(stuck.job.message).toMatch(/vllm was not ready after 2 s[\s\S]*loading weights forever/);
    const lines = jobLog(workbench.db, stuck.job.id, 500).map((entry) => entry.line);
    const pids = pidsIn(lines);
    await waitUntil(() => !processIsAlive(pids.server!) && !processIsAlive(pids.worker!), 'the stuck server and its worker to exit', 10_000);
  });

  it('stop() escalates to SIGKILL for a server that ignores SIGTERM, workers included', async () => {
    const { executable } = setup();
    const lines: string[] = [];
    const server = new ManagedServer({
      kind: 'vllm',
      checkpointPath: 'ckpt',
      servedModelName: 'm',
      extraArgs: ['--ignore-sigterm', '--spawn-worker'],
      executable,
      stopGraceMs: 300,
      onLog: (line) => lines.push(line),
    });
    cleanup.push(() => server.stop());
    await server.start();
    const models = (await (await fetch(`${server.baseUrl}/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data[0]!.id).toBe('m');
    const pids = pidsIn(lines);
    await server.stop();
    expect(lines).toContain('INFO ignoring SIGTERM');
    await waitUntil(() => !processIsAlive(pids.server!) && !processIsAlive(pids.worker!), 'the server and its worker to be killed', 10_000);
  });

  it('cancelling the job stops the server', async () => {
    const { workbench, benchmark, executable } = setup();
    const started = startEvaluation(workbench, request(benchmark, managed(executable, ['--latency-ms', '200'])));
    await waitUntil(() => countPredictions(workbench.db, started.runId).total >= 2, 'a few answers');
    workbench.jobs.cancel(started.jobId);
    const { job } = await started.done;
    expect(job.status).toBe('cancelled');
    const pids = pidsIn(jobLog(workbench.db, started.jobId, 500).map((entry) => entry.line));
    await waitUntil(() => !processIsAlive(pids.server!), 'the server to exit', 10_000);
  });
});

describe('launch commands', () => {
  it('builds vLLM, SGLang and LMDeploy command lines, with executables from options or the environment', () => {
    const base = { checkpointPath: '/ckpt', servedModelName: 'run', host: '127.0.0.1', port: 8123, extraArgs: ['--max-model-len=8192'] };
    expect(launchPlan({ kind: 'vllm', ...base }, {})).toEqual({
      command: 'vllm',
      args: ['serve', '/ckpt', '--host', '127.0.0.1', '--port', '8123', '--served-model-name', 'run', '--max-model-len=8192'],
      readinessPaths: ['/health', '/v1/models'],
    });
    expect(launchPlan({ kind: 'vllm', ...base }, { VLM_WORKBENCH_VLLM: '/opt/venv/bin/vllm' }).command).toBe('/opt/venv/bin/vllm');
    const sglang = launchPlan({ kind: 'sglang', ...base }, {});
    expect([sglang.command, ...sglang.args]).toEqual(['python3', '-m', 'sglang.launch_server', '--model-path', '/ckpt', '--host', '127.0.0.1', '--port', '8123', '--served-model-name', 'run', '--max-model-len=8192']);
    const lmdeploy = launchPlan({ kind: 'lmdeploy', ...base, executable: 'lmdeploy' }, {});
    expect(lmdeploy.args.slice(0, 8)).toEqual(['serve', 'api_server', '/ckpt', '--server-name', '127.0.0.1', '--server-port', '8123', '--model-name']);
    expect(lmdeploy.readinessPaths).toEqual(['/v1/models']);
  });
});
