/**
 * The SLURM backend against a real single-node SLURM cluster (Debian's slurm-wlm + munge, started
 * by scripts/slurm-test-cluster.sh as root) with the fake vLLM (the stand-in server) as the
 * server each job starts. Without slurm-wlm these tests fail under CI=true and are skipped (with
 * the reason printed) elsewhere.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, spawnCli, waitForExit, waitUntil } from '../../../test-support/cli';
import { demoSamples, seedDemoBenchmark } from '../../../test-support/demo-benchmark';
import { writeFakeVllmExecutable } from '../../../test-support/fake-vllm-executable';
import { useTempDir } from '../../../test-support/temp';
import { DEMO_CHECKPOINTS, SimulatedVlm } from '../../demo';
import { getJob, jobLog } from '../../store/jobs';
import { slurmJobsOfRun } from '../../store/slurm-jobs';
import { openWorkbench } from '../../workbench';
import { apiInputs } from '../../api/contract';
import { evaluate } from '../evaluate';
import { DEFAULT_PROMPT } from '../prompt';
import { SimulatedBackend } from '../simulated-backend';
import { checkSlurmClient } from './slurm-commands';
import { upsertCheckpoint } from '../../store/catalog';

const CLUSTER_SCRIPT = join(REPO_ROOT, 'scripts/slurm-test-cluster.sh');
// The daemons live in /usr/sbin, which a plain PATH may lack (the cluster script adds it too).
const has = (command: string): boolean => spawnSync('sh', ['-c', `PATH="$PATH:/usr/sbin:/sbin" command -v ${command}`]).status === 0;

function unavailableReason(): string | undefined {
  const missing = ['sbatch', 'slurmctld', 'slurmd', 'munged'].filter((command) => !has(command));
  if (missing.length > 0) return `SLURM is not installed (${missing.join(', ')} missing): apt-get install -y slurm-wlm munge`;
  if (process.getuid?.() !== 0) return 'the test cluster is started as root, and these tests do not run as root';
  return undefined;
}

const reason = unavailableReason();
if (reason && !process.env.CI) console.warn(`skipping the SLURM cluster tests: ${reason}`);

/** Job ids SLURM still has pending or running. */
const queuedJobs = (): string[] =>
  execFileSync('squeue', ['-h', '-o', '%i'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const SAMPLES = 12;

describe.skipIf(Boolean(reason) && !process.env.CI)('evaluation through SLURM jobs on a real single-node cluster', () => {
  const tempDir = useTempDir();

  beforeAll(() => {
    if (reason) throw new Error(reason);
    execFileSync(CLUSTER_SCRIPT, ['start'], { stdio: 'inherit', timeout: 60_000 });
  }, 90_000);

  afterAll(() => {
    if (!reason) execFileSync(CLUSTER_SCRIPT, ['stop'], { stdio: 'inherit', timeout: 60_000 });
  }, 90_000);

  /** A workspace with the demo benchmark, a fake vLLM executable, and the eval arguments for them. */
  function setup(samples = SAMPLES) {
    const dir = tempDir();
    const db = join(dir, 'w.sqlite');
    const workbench = openWorkbench(db);
    const { benchmark } = seedDemoBenchmark(workbench.db, samples);
    workbench.close();
    const args = (...more: string[]): string[] => [
      'eval', '--db', db, '--slurm', '--partition', 'debug', '--gpus-per-job', '0', '--benchmark', benchmark,
      '--server-executable', writeFakeVllmExecutable(dir), '--vllm-arg=--demo-samples', `--vllm-arg=${samples}`,
      '--slurm-poll', '0.5', '--retries', '1', '--backoff-ms', '50', '--json', ...more,
    ];
    return { dir, db, benchmark, args };
  }

  it('submits several checkpoints at once, each evaluated through its own jobs, and leaves no job queued', async () => {
    const { dir, db, args } = setup();
    const before = Date.now();
    const result = await runCli(
      args('--checkpoint', 'early=/ckpt/stage1-perception@100', '--checkpoint', 'late=/ckpt/stage3-visual-reasoning@279', '--jobs-per-checkpoint', '2', '--sbatch-arg=--comment=workbench-test', '--slurm-setup', 'export WORKBENCH_SETUP_RAN=yes'),
    );
    const seconds = (Date.now() - before) / 1000;
    expect(result.code, result.stderr).toBe(0);
    console.info(`two checkpoints x 2 jobs, ${SAMPLES} questions each: ${seconds.toFixed(1)} s end to end`);
    const rows = JSON.parse(result.stdout) as Array<{ checkpoint: string; run_id: number; status: string; answered: number; failed: number; n: number }>;
    expect(rows.map((row) => row.checkpoint).sort()).toEqual(['early', 'late']);
    for (const row of rows) expect(row).toMatchObject({ status: 'completed', answered: SAMPLES, failed: 0, n: SAMPLES });
    // Queue states reached the CLI as the jobs moved.
    expect(result.stderr).toMatch(/\[early\] submitted slurm job \d+/);
    expect(result.stderr).toMatch(/slurm job \d+: RUNNING on \S+/);
    expect(queuedJobs()).toEqual([]);

    const workbench = openWorkbench(db);
    try {
      const jobsOf = (run: number) => slurmJobsOfRun(workbench.db, run);
      const [early, late] = ['early', 'late'].map((name) => rows.find((row) => row.checkpoint === name)!);
      // Each checkpoint had its own two jobs; all were seen to end (cancelled by us).
      const earlyJobs = jobsOf(early!.run_id);
      const lateJobs = jobsOf(late!.run_id);
      expect(earlyJobs).toHaveLength(2);
      expect(lateJobs).toHaveLength(2);
      expect(new Set([...earlyJobs, ...lateJobs].map((job) => job.slurmJobId)).size).toBe(4);
      for (const job of [...earlyJobs, ...lateJobs]) {
        expect(job.endedAt).not.toBeNull();
        expect(job.endpoint).toMatch(/^http:\/\/\S+:\d+\/v1$/);
      }
      // The answers are those of each job's own checkpoint: the same as the simulated model of
      // that checkpoint gives in process.
      const model = new SimulatedVlm(demoSamples(SAMPLES), DEMO_CHECKPOINTS);
      for (const [row, profile] of [[early!, 'stage1-perception@100'], [late!, 'stage3-visual-reasoning@279']] as const) {
        const reference = upsertCheckpoint(workbench.db, { name: `reference-${profile}`, uri: '' });
        const outcome = await evaluate(workbench.db, {
          checkpointId: reference,
          benchmarkId: (workbench.db.prepare('SELECT benchmark_id AS id FROM runs WHERE id = ?').get(row.run_id) as { id: number }).id,
          backend: new SimulatedBackend(model, profile),
          prompt: DEFAULT_PROMPT,
          sampling: { temperature: 0, topP: 1, maxTokens: 2048 },
          samplesPerQuestion: 1,
          concurrency: 4,
        });
        const texts = (run: number) =>
          (workbench.db.prepare('SELECT p.sample_id, t.raw_output FROM predictions p JOIN prediction_texts t ON t.prediction_id = p.id WHERE p.run_id = ? ORDER BY p.sample_id').all(run) as Array<{ sample_id: number; raw_output: string }>);
        expect(texts(row.run_id)).toEqual(texts(outcome.runId));
      }
      // The job log shows the queue: submitted, running, ready.
      const log = jobLog(workbench.db, (workbench.db.prepare("SELECT id FROM jobs WHERE kind = 'eval' ORDER BY id LIMIT 1").get() as { id: number }).id, 500)
        .map((entry) => entry.line)
        .join('\n');
      expect(log).toMatch(/submitted slurm job \d+/);
      expect(log).toMatch(/server ready at http/);
    } finally {
      workbench.close();
    }
    // The generated script carries the researcher's options and setup.
    const script = readFileSync(earlyScript(dir), 'utf8');
    expect(script).toMatch(/^#SBATCH --partition=debug$/m);
    expect(script).toMatch(/^#SBATCH --comment=workbench-test$/m);
    expect(script).toMatch(/^export WORKBENCH_SETUP_RAN=yes$/m);
    expect(script).not.toMatch(/--gpus-per-node/);
  }, 120_000);

  const earlyScript = (dir: string): string => {
    const files = execFileSync('ls', [join(dir, 'slurm')], { encoding: 'utf8' }).split('\n').filter((name) => /^early-.*\.sbatch$/.test(name));
    return join(dir, 'slurm', files[0]!);
  };

  it('survives kill -9 of the workbench: the re-run reuses the running job and redoes no finished answer', async () => {
    const { db, args } = setup(20);
    const evalArgs = args('--checkpoint', 'slow=/ckpt/stage2-text-reasoning@200', '--vllm-arg=--latency-ms', '--vllm-arg=300', '--concurrency', '2');
    const first = spawnCli(evalArgs);
    const answered = (): number => {
      if (!existsSync(db)) return 0;
      const reader = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return (reader.prepare('SELECT COUNT(*) AS n FROM predictions WHERE error IS NULL').get() as { n: number }).n;
      } finally {
        reader.close();
      }
    };
    await waitUntil(() => answered() >= 6 || first.exitCode !== null, 'some answers before the kill', 60_000, 100);
    first.kill('SIGKILL');
    await waitForExit(first);
    const doneAtKill = answered();
    expect(doneAtKill).toBeGreaterThanOrEqual(6);
    expect(doneAtKill).toBeLessThan(20);
    const leftRunning = queuedJobs();
    expect(leftRunning).toHaveLength(1);

    const second = await runCli(evalArgs);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`reusing slurm job ${leftRunning[0]} left by an earlier workbench`);
    const [row] = JSON.parse(second.stdout) as Array<{ resumed: boolean; answered: number; already_done: number; n: number; status: string }>;
    expect(row).toMatchObject({ resumed: true, status: 'completed', n: 20 });
    expect(row!.already_done).toBeGreaterThanOrEqual(doneAtKill);
    expect(row!.already_done + row!.answered).toBe(20);
    expect(queuedJobs()).toEqual([]);
  }, 120_000);

  it('a job whose workbench died and never came back stops itself (no orphaned allocation)', async () => {
    const { dir, args } = setup();
    const victim = spawnCli(args('--checkpoint', 'abandoned=/ckpt/base', '--orphan-timeout', '10', '--vllm-arg=--latency-ms', '--vllm-arg=2000', '--concurrency', '1'));
    await waitUntil(() => /server ready at/.test(victim.output.stderr) || victim.exitCode !== null, 'the server to come up', 60_000, 100);
    victim.kill('SIGKILL');
    await waitForExit(victim);
    const [jobId] = queuedJobs();
    expect(jobId).toBeDefined();
    // The heartbeat goes stale after 10 s; the job's guard looks every 5 s.
    await waitUntil(() => queuedJobs().length === 0, 'the abandoned job to end by itself', 45_000, 500);
    const output = execFileSync('sh', ['-c', `cat "${join(dir, 'slurm')}"/abandoned-*-${jobId}.out`], { encoding: 'utf8' });
    expect(output).toMatch(/no heartbeat for \d+s: the workbench is gone, stopping the server/);
  }, 90_000);

  it('reports a job that fails before its server comes up with the last lines of its output', async () => {
    const { args } = setup();
    const result = await runCli(args('--checkpoint', 'broken=/ckpt/broken', '--vllm-arg=--exit-at-start'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/slurm job \d+ ended before the server came up: FAILED, exit code 1:0/);
    expect(result.stderr).toContain('ValueError: the checkpoint has no config.json');
    expect(queuedJobs()).toEqual([]);
  }, 60_000);

  it('gives the scheduler\'s own message when it refuses the job, and says so when sbatch is missing', async () => {
    const { args } = setup();
    const refused = await runCli(args('--checkpoint', 'x=/ckpt/x', '--partition', 'no-such-partition'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the scheduler refused the job: sbatch: error: .*invalid partition/i);
    // What `eval --slurm` checks before anything else, with no SLURM client on the PATH.
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(checkSlurmClient()).rejects.toThrow(/sbatch not found: the SLURM client commands .* must be on PATH/);
    } finally {
      process.env.PATH = path;
    }
    expect(queuedJobs()).toEqual([]);
  }, 60_000);

  it('starts from the UI\'s API (startEvaluation with a slurm backend): queue states in the job log, job cancelled at the end', async () => {
    const dir = tempDir();
    const workbench = openWorkbench(join(dir, 'w.sqlite'));
    const previous = process.env.VLM_WORKBENCH_VLLM;
    process.env.VLM_WORKBENCH_VLLM = writeFakeVllmExecutable(dir);
    try {
      const { benchmark } = seedDemoBenchmark(workbench.db, SAMPLES);
      // As the form sends it, through the API's own validation.
      const input = apiInputs.startEvaluation.parse({
        benchmark,
        checkpoint: { name: 'from-ui' },
        backend: { kind: 'slurm', checkpointPath: '/ckpt/stage2-text-reasoning@100', partition: 'debug', gpusPerJob: 0, extraArgs: ['--demo-samples', String(SAMPLES)] },
        concurrency: 4,
      });
      const started = await workbench.handlers.startEvaluation(input);
      expect(started.job.status).toBe('running');
      await waitUntil(() => getJob(workbench.db, started.jobId)!.status !== 'running', 'the evaluation job to end', 60_000, 200);
      const log = jobLog(workbench.db, started.jobId, 500).map((entry) => entry.line).join('\n');
      expect(getJob(workbench.db, started.jobId), log).toMatchObject({ status: 'completed', done: SAMPLES, total: SAMPLES });
      expect(log).toMatch(/submitted slurm job (\d+) for from-ui/);
      expect(log).toMatch(/slurm job \d+: RUNNING on \S+/);
      // The job is cancelled once the run has ended; the job log says so.
      await waitUntil(() => queuedJobs().length === 0, 'the SLURM job to be gone', 30_000, 200);
      await waitUntil(() => jobLog(workbench.db, started.jobId, 500).some((entry) => /cancelled slurm job\(s\) \d+/.test(entry.line)), 'the cancellation in the job log', 30_000, 200);
      // Its files sit beside the workspace.
      expect(existsSync(join(dir, 'slurm'))).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.VLM_WORKBENCH_VLLM;
      else process.env.VLM_WORKBENCH_VLLM = previous;
      workbench.close();
    }
  }, 90_000);

  it('replaces a job that hits its time limit mid-run and finishes the run on the new one', async () => {
    // Each job's server answers 4 questions, then slows to a crawl: the run can only finish by
    // the first job hitting its 1-minute limit and a second one taking over.
    const samples = 8;
    const { db, args } = setup(samples);
    const before = Date.now();
    const result = await runCli(args('--checkpoint', 'limited=/ckpt/base', '--time', '1', '--vllm-arg=--slow-after', '--vllm-arg=4', '--concurrency', '1'));
    console.info(`time-limit run (1-minute jobs, ${samples} answers): ${((Date.now() - before) / 1000).toFixed(1)} s end to end`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/slurm job \d+ hit its time limit; submitting a new job to finish the run/);
    const [row] = JSON.parse(result.stdout) as Array<{ run_id: number; answered: number; failed: number; status: string }>;
    expect(row).toMatchObject({ status: 'completed', answered: samples, failed: 0 });
    const workbench = openWorkbench(db);
    try {
      const jobs = slurmJobsOfRun(workbench.db, row!.run_id);
      expect(jobs).toHaveLength(2);
      expect(jobs[0]!.state).toBe('TIMEOUT');
    } finally {
      workbench.close();
    }
    expect(queuedJobs()).toEqual([]);
  }, 200_000);
});
