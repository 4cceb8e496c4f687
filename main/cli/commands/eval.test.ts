import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_BENCHMARK_NAME } from '../../core/demo';
import { openWorkspace, type Db } from '../../core/store/database';
import { getJob } from '../../core/store/jobs';
import { countPredictions, getRun, pendingWork } from '../../core/store/runs';
import { runSummaries } from '../../core/store/summaries';
import { runCli, spawnCli, startSimulateServerProcess, waitForExit, waitUntil } from '../../test-support/cli';
import { processIsAlive } from '../../core/util/process';
import { seedDemoBenchmark } from '../../test-support/demo-benchmark';
import { writeFakeVllmExecutable } from '../../test-support/fake-vllm-executable';
import { useTempDir } from '../../test-support/temp';

/** The CLI as users run it: real processes, a real simulated server over HTTP, real signals. */
describe('vlm-workbench eval (spawned CLI)', () => {
  const tempDir = useTempDir();
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  function workspace(samples: number): { path: string; db: Db } {
    const path = join(tempDir(), 'w.sqlite');
    const db = openWorkspace(path);
    cleanup.push(() => db.close());
    seedDemoBenchmark(db, samples);
    return { path, db };
  }

  async function simulatedServer(args: string[]) {
    const server = await startSimulateServerProcess(args);
    cleanup.push(() => server.stop());
    return server;
  }

  const runOf = (db: Db, checkpoint: string) => runSummaries(db).find((run) => run.checkpoint === checkpoint);

  it('evaluates against --endpoint, resumes with nothing to do, and --retry-failed asks only the failures again', async () => {
    const [{ path, db }, server] = await Promise.all([workspace(30), simulatedServer(['--samples', '30', '--fail', '500,first=4'])]);
    const args = ['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'cli-run', '--endpoint', server.baseUrl, '--model', server.modelName];
    const first = await runCli([...args, '--retries', '0', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ status: 'completed', resumed: false, answered: 26, failed: 4, errors: 4, backend: 'openai' });
    expect(runOf(db, 'cli-run')).toMatchObject({ n: 26, errors: 4 });

    const retried = await runCli([...args, '--retry-failed', '--json']);
    expect(JSON.parse(retried.stdout)).toMatchObject({ status: 'completed', resumed: true, answered: 4, failed: 0, n: 30, errors: 0 });

    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/completed \(resumed\): 0 answered now, 30 already done, 0 failed/);
  });

  it('resumes after kill -9 in the middle of a 2,000-sample run: exactly one prediction per sample', async () => {
    const SAMPLES = 2000;
    const [{ path, db }, server] = await Promise.all([workspace(SAMPLES), simulatedServer(['--samples', String(SAMPLES), '--latency-ms', '20'])]);
    const args = ['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'killed', '--endpoint', server.baseUrl, '--model', server.modelName, '--concurrency', '16', '--json'];
    const victim = spawnCli(args);
    cleanup.push(() => victim.exitCode === null && victim.kill('SIGKILL'));
    await waitUntil(() => (runOf(db, 'killed')?.n ?? 0) >= 300, 'the run to be under way', 120_000);
    victim.kill('SIGKILL');
    const killed = await waitForExit(victim);
    expect(killed.signal).toBe('SIGKILL');

    const run = runOf(db, 'killed')!;
    const stored = countPredictions(db, run.runId);
    expect(stored.total).toBeGreaterThanOrEqual(300);
    expect(stored.total).toBeLessThan(SAMPLES);
    expect(stored.errors).toBe(0);

    const resumed = await runCli(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ run_id: run.runId, status: 'completed', resumed: true, already_done: stored.total, answered: SAMPLES - stored.total, failed: 0 });
    expect(countPredictions(db, run.runId)).toEqual({ total: SAMPLES, errors: 0 });
    expect(pendingWork(db, run.runId)).toEqual([]);
    expect(getRun(db, run.runId)!.status).toBe('completed');
    // The killed process's job is marked interrupted when the workspace is next opened.
    expect(getJob(db, 1)).toMatchObject({ kind: 'eval', status: 'failed', message: expect.stringMatching(/interrupted/) });
  }, 240_000);

  it('Ctrl-C (SIGINT) cancels: the run is marked cancelled and the same command resumes it, k samples per question', async () => {
    const [{ path, db }, server] = await Promise.all([workspace(20), simulatedServer(['--samples', '20', '--latency-ms', '40'])]);
    const args = ['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'k3', '--endpoint', server.baseUrl, '--model', server.modelName];
    const kArgs = [...args, '--samples', '3', '--temperature', '0.7', '--concurrency', '2'];
    const child = spawnCli(kArgs);
    await waitUntil(() => (runOf(db, 'k3')?.n ?? 0) >= 6, 'a few answers', 60_000);
    child.kill('SIGINT');
    const interrupted = await waitForExit(child);
    expect(interrupted.code).toBe(130);
    expect(interrupted.stdout).toMatch(/cancelled: run the same command again to resume/);
    const run = runOf(db, 'k3')!;
    expect(getRun(db, run.runId)!.status).toBe('cancelled');
    const kept = countPredictions(db, run.runId).total;
    expect(kept).toBeLessThan(60);

    const resumed = await runCli([...kArgs, '--json']);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', already_done: kept, answered: 60 - kept });
    expect(countPredictions(db, run.runId)).toEqual({ total: 60, errors: 0 });
    expect(pendingWork(db, run.runId)).toEqual([]);
  });

  it('kill -9 of the CLI leaves no launched vLLM (nor its workers) behind', async () => {
    const dir = tempDir();
    const { path } = workspace(20);
    const executable = writeFakeVllmExecutable(dir);
    const child = spawnCli(
      ['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'launched', '--vllm', './ckpt', '--verbose', '--vllm-arg=--demo-samples=20', '--vllm-arg=--spawn-worker', '--vllm-arg=--latency-ms=2000'],
      { VLM_WORKBENCH_VLLM: executable },
    );
    cleanup.push(() => child.exitCode === null && child.kill('SIGKILL'));
    await waitUntil(() => /vllm ready at/.test(child.output.stderr), 'the launched server to be ready', 60_000);
    const server = Number(/server pid (\d+)/.exec(child.output.stderr)![1]);
    const worker = Number(/worker pid (\d+)/.exec(child.output.stderr)![1]);
    expect(processIsAlive(server) && processIsAlive(worker)).toBe(true);
    child.kill('SIGKILL');
    await waitForExit(child);
    await waitUntil(() => !processIsAlive(server) && !processIsAlive(worker), 'the orphaned server and worker to be stopped', 20_000);
  });

  it.each(['tiny-qwen2-vl', 'tiny-smolvlm'])('runs the Hugging Face ONNX folder %s in process with images (--onnx, --device auto)', async (name) => {
    const { path, db } = workspace(4);
    const modelDir = join('e2e', 'fixtures', 'models', name);
    const result = await runCli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', name, '--onnx', modelDir, '--max-tokens', '48', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'completed', answered: 4, n: 4, backend: 'onnx', errors: 0 });
    // What really ran is on the run: auto fell back to CPU here (no CUDA provider), dtype, folder hash.
    expect(getRun(db, runOf(db, name)!.runId)!.source).toMatch(/ dtype=fp32 provider=cpu sha256=[0-9a-f]{64}$/);
    const answered = db.prepare('SELECT completion_tokens FROM predictions').all() as Array<{ completion_tokens: number }>;
    expect(answered.every((row) => row.completion_tokens > 0 && row.completion_tokens <= 48)).toBe(true);
  });

  describe('a failed evaluation says so', () => {
    const leftBehind = (db: Db, checkpoint: string) =>
      db.prepare('SELECT COUNT(*) AS n FROM checkpoints WHERE name = ?').get(checkpoint) as { n: number };

    it('a model the server does not serve fails fast, lists the served models, and leaves nothing behind', async () => {
      const [{ path, db }, server] = await Promise.all([workspace(6), simulatedServer(['--samples', '6'])]);
      const result = await runCli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'typo', '--endpoint', server.baseUrl, '--model', 'no-such-model', '--json']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('does not serve the model "no-such-model"');
      expect(result.stderr).toContain(`"${server.modelName}"`);
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed', answered: 0, run_id: null, kept: false });
      expect(leftBehind(db, 'typo').n).toBe(0);
      expect(runOf(db, 'typo')).toBeUndefined();
    });

    it('an endpoint that is down fails with a non-zero exit and leaves no empty checkpoint or run', async () => {
      const { path, db } = workspace(4);
      const result = await runCli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'down', '--endpoint', 'http://127.0.0.1:9/v1', '--retries', '0']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/evaluation failed: cannot use http:\/\/127\.0\.0\.1:9\/v1/);
      expect(result.stdout).toContain('evaluation failed before any answer: no run was kept');
      expect(leftBehind(db, 'down').n).toBe(0);
    });

    it('a missing --onnx folder fails with the path named and leaves nothing behind', async () => {
      const { path, db } = workspace(2);
      const missing = join(tempDir(), 'no-model-here');
      const result = await runCli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'ghost', '--onnx', missing, '--device', 'cpu']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no-model-here');
      expect(leftBehind(db, 'ghost').n).toBe(0);
    });

    it('a run in which every request failed is a failed job with its reason in the output and the job log', async () => {
      const [{ path, db }, server] = await Promise.all([workspace(5), simulatedServer(['--samples', '5', '--fail', '500,rate=1'])]);
      const result = await runCli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'all-fail', '--endpoint', server.baseUrl, '--model', server.modelName, '--retries', '0', '--json']);
      expect(result.code).toBe(1);
      const outcome = JSON.parse(result.stdout) as { status: string; job_id: number; failure_reasons: string[]; error: string };
      expect(outcome.status).toBe('failed');
      expect(outcome.failure_reasons.join(' ')).toContain('simulated: internal server error');
      expect(result.stderr).toMatch(/every request failed \(5\): .*simulated: internal server error/);
      const job = getJob(db, outcome.job_id)!;
      expect(job.status).toBe('failed');
      expect(job.message).toContain('simulated: internal server error');
      const log = db.prepare('SELECT line FROM job_logs WHERE job_id = ?').all(outcome.job_id) as Array<{ line: string }>;
      expect(log.map((row) => row.line).join('\n')).toContain('failed request: ');
    });
  });

  it('refuses ambiguous or missing backends and unknown benchmarks with a clear message', async () => {
    const { path } = workspace(2);
    const none = await runCli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'x']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/exactly one of --endpoint/);
    const unknown = await runCli(['eval', '--db', path, '--benchmark', 'Nope', '--checkpoint', 'x', '--endpoint', 'http://127.0.0.1:9/v1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no benchmark named "Nope".*CLEVR-Sim/);
  });

  it('refuses sampling settings the API refuses, by the same bounds, before anything is created', async () => {
    const { path, db } = workspace(2);
    const base = ['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'out-of-bounds', '--endpoint', 'http://127.0.0.1:9/v1'];
    const zeroTopP = await runCli([...base, '--top-p', '0']);
    expect(zeroTopP.code).toBe(1);
    expect(zeroTopP.stderr).toContain('top-p must be above 0 and at most 1 (got 0)');
    const hot = await runCli([...base, '--temperature', '11']);
    expect(hot.code).toBe(1);
    expect(hot.stderr).toContain('temperature must be from 0 to 10 (got 11)');
    expect((db.prepare("SELECT COUNT(*) AS n FROM checkpoints WHERE name = 'out-of-bounds'").get() as { n: number }).n).toBe(0);
  });
});
