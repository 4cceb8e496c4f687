import type { JobManager } from '../../jobs/job-manager';
import { evaluationSettingsProblem } from '../../types/evaluation';
import { upsertCheckpoint } from '../../store/catalog';
import type { Db } from '../../store/database';
import { listBenchmarks } from '../../store/summaries';
import type { ClientSettings } from '../backend-spec';
import { findOrCreateEvaluationRun } from '../evaluate';
import type { RunProgress } from '../runner';
import { runEvaluationJob, type EvaluationJobRequest, type EvaluationJobResult, type EvaluationSettings } from '../start-evaluation';
import { SlurmBackend } from './slurm-backend';
import { SlurmServerPool } from './slurm-server-pool';
import type { ServedCheckpoint, SlurmSettings } from './slurm-settings';

export interface SlurmCheckpoint extends ServedCheckpoint {
  stage?: string;
  step?: number | null;
  baseModel?: string;
}

/** `eval --slurm` and the form's SLURM choice: checkpoints x benchmarks, each checkpoint served by its own jobs. */
export interface SlurmEvaluationRequest extends EvaluationSettings {
  checkpoints: SlurmCheckpoint[];
  benchmarks: string[];
  slurm: SlurmSettings;
  client: ClientSettings;
}

export interface SlurmRunStarted {
  checkpoint: string;
  benchmark: string;
  runId: number;
  jobId: number;
  created: boolean;
}

export interface SlurmRunResult extends SlurmRunStarted {
  result: EvaluationJobResult;
}

export interface SlurmEvaluationHooks {
  /** Queue states, server lines and run notes, per checkpoint. */
  onLog?: (checkpoint: string, line: string) => void;
  onProgress?: (run: SlurmRunStarted, progress: RunProgress) => void;
  onRunStarted?: (run: SlurmRunStarted) => void;
}

export interface SlurmEvaluation {
  /** The first run of each checkpoint, started at once (its job waits for the SLURM job). */
  first: SlurmRunStarted[];
  /** Workbench jobs started so far. */
  jobIds(): number[];
  /** Cancels the running jobs and starts no more; the SLURM jobs are cancelled as the chains end. */
  cancel(): void;
  /** Every run that was started, once all chains have ended and every SLURM job is cancelled. */
  done: Promise<SlurmRunResult[]>;
}

function benchmarkIdsOf(db: Db, names: string[]): Map<string, number> {
  const benchmarks = listBenchmarks(db);
  const ids = new Map<string, number>();
  for (const name of names) {
    const found = benchmarks.find((benchmark) => benchmark.name === name);
    if (!found) throw new Error(`no benchmark named "${name}" in this workspace (it has: ${benchmarks.map((b) => b.name).join(', ') || 'none yet'})`);
    ids.set(name, found.id);
  }
  return ids;
}

/**
 * Submits every checkpoint's jobs at once and evaluates each checkpoint on the benchmarks in
 * turn as its jobs come up (one workbench job per run, through the normal runner). Checkpoints
 * go on side by side. When a checkpoint's runs are done, failed or cancelled, its jobs are
 * cancelled.
 */
export function startSlurmEvaluation(workbench: { db: Db; jobs: JobManager }, request: SlurmEvaluationRequest, hooks: SlurmEvaluationHooks = {}): SlurmEvaluation {
  if (request.checkpoints.length === 0) throw new Error('name at least one checkpoint to evaluate');
  if (request.benchmarks.length === 0) throw new Error('name at least one benchmark');
  const problem = evaluationSettingsProblem({ ...request.sampling, samplesPerQuestion: request.samplesPerQuestion, concurrency: request.concurrency });
  if (problem) throw new Error(problem);
  const names = new Set<string>();
  for (const checkpoint of request.checkpoints) {
    if (names.has(checkpoint.name)) throw new Error(`checkpoint "${checkpoint.name}" is named twice`);
    names.add(checkpoint.name);
  }
  const benchmarkIds = benchmarkIdsOf(workbench.db, request.benchmarks);
  const started: SlurmRunStarted[] = [];
  const running = new Set<number>();
  let cancelled = false;
  const clientOptions = {
    ...(request.client.timeoutMs !== undefined ? { timeoutMs: request.client.timeoutMs } : {}),
    retry: {
      ...(request.client.retries !== undefined ? { retries: request.client.retries } : {}),
      ...(request.client.backoffMs !== undefined ? { backoffMs: request.client.backoffMs } : {}),
    },
  };

  const chains = request.checkpoints.map((checkpoint) => {
    const checkpointId = upsertCheckpoint(workbench.db, {
      name: checkpoint.name,
      uri: checkpoint.path,
      ...(checkpoint.stage !== undefined ? { stage: checkpoint.stage } : {}),
      ...(checkpoint.step !== undefined ? { step: checkpoint.step } : {}),
      ...(checkpoint.baseModel !== undefined ? { baseModel: checkpoint.baseModel } : {}),
    });
    // Pool lines go to the job log of the run being evaluated, and to the caller.
    let jobLog: ((line: string) => void) | undefined;
    const pool = new SlurmServerPool(workbench.db, checkpointId, { name: checkpoint.name, path: checkpoint.path }, request.slurm, (line) => {
      if (jobLog) jobLog(line);
      else hooks.onLog?.(checkpoint.name, line);
    });

    const startRun = (benchmark: string): { run: SlurmRunStarted; done: Promise<EvaluationJobResult> } => {
      const backend = new SlurmBackend(pool, clientOptions);
      const benchmarkId = benchmarkIds.get(benchmark)!;
      const { runId, created } = findOrCreateEvaluationRun(workbench.db, {
        checkpointId,
        benchmarkId,
        prompt: request.prompt,
        sampling: request.sampling,
        samplesPerQuestion: request.samplesPerQuestion,
        backend,
      });
      pool.serveRun(runId);
      const jobRequest: EvaluationJobRequest = {
        benchmark,
        checkpoint: { name: checkpoint.name },
        backend: {
          kind: 'slurm',
          server: request.slurm.server,
          checkpointPath: checkpoint.path,
          ...(request.slurm.partition ? { partition: request.slurm.partition } : {}),
          gpusPerJob: request.slurm.gpusPerJob,
          jobsPerCheckpoint: request.slurm.jobsPerCheckpoint,
        },
        prompt: request.prompt,
        sampling: request.sampling,
        samplesPerQuestion: request.samplesPerQuestion,
        concurrency: request.concurrency,
        ...(request.limit !== undefined ? { limit: request.limit } : {}),
        ...(request.retryFailedOnly ? { retryFailedOnly: true } : {}),
      };
      let run: SlurmRunStarted | undefined;
      const job = runEvaluationJob(workbench, { runId, created, checkpointCreated: false, backend, benchmarkId, checkpointId }, jobRequest, {
        onProgress: (progress) => run && hooks.onProgress?.(run, progress),
        onLog: (line) => hooks.onLog?.(checkpoint.name, line),
        attachLog: (log) => {
          jobLog = log;
        },
      });
      run = { checkpoint: checkpoint.name, benchmark, runId, jobId: job.jobId, created };
      running.add(job.jobId);
      started.push(run);
      hooks.onRunStarted?.(run);
      return { run, done: job.done.finally(() => running.delete(job.jobId)) };
    };

    const [firstBenchmark, ...rest] = request.benchmarks;
    const first = startRun(firstBenchmark!);
    const done = (async (): Promise<SlurmRunResult[]> => {
      const results: SlurmRunResult[] = [];
      try {
        let current = first;
        for (let index = 0; ; index++) {
          const result = await current.done;
          results.push({ ...current.run, result });
          // A failed pool (a job that could not start) fails the checkpoint's other runs alike.
          if (cancelled || result.job.status === 'cancelled' || pool.failure) break;
          const next = rest[index];
          if (next === undefined) break;
          current = startRun(next);
        }
      } finally {
        // The cancellation lands in the last run's job log (where the user looks), after it ended.
        await pool.close().catch((error: Error) => hooks.onLog?.(checkpoint.name, `closing the SLURM jobs failed: ${error.message}`));
      }
      return results;
    })();
    return { first: first.run, done };
  });

  return {
    first: chains.map((chain) => chain.first),
    jobIds: () => started.map((run) => run.jobId),
    cancel: () => {
      cancelled = true;
      for (const jobId of running) workbench.jobs.cancel(jobId);
    },
    done: Promise.all(chains.map((chain) => chain.done)).then((lists) => lists.flat()),
  };
}
