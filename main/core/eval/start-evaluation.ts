import { LIVE_TEXT_LIMIT, type JobInfo, type ThinkSpan } from '../types/records';
import { thinkSpan } from '../grading/trace';
import { evaluationSettingsProblem } from '../types/evaluation';
import type { JobManager } from '../jobs/job-manager';
import { findOrCreateCheckpoint } from '../store/catalog';
import type { Db } from '../store/database';
import { discardUnstartedRun, setRunSource } from '../store/runs';
import { listBenchmarks } from '../store/summaries';
import type { ModelBackend } from './backend';
import { createBackend, type BackendContext, type BackendSpec } from './backend-spec';
import { evaluate, findOrCreateEvaluationRun } from './evaluate';
import type { PromptConfig } from './prompt';
import type { PartialAnswer, RunOutcome, RunProgress, SamplingConfig } from './runner';

/** One evaluation as the CLI's `eval` and the API's `startEvaluation` both describe it. */
export interface EvaluationJobRequest {
  benchmark: string;
  /** Created when it does not exist yet, with these details. */
  checkpoint: { name: string; stage?: string; step?: number | null; baseModel?: string; lineage?: string; uri?: string };
  backend: BackendSpec;
  prompt: PromptConfig;
  sampling: SamplingConfig;
  samplesPerQuestion: number;
  concurrency: number;
  limit?: number;
  retryFailedOnly?: boolean;
}

/** What an evaluation asks and how, apart from which checkpoint, benchmark and backend (shared by SLURM fan-outs). */
export type EvaluationSettings = Pick<EvaluationJobRequest, 'prompt' | 'sampling' | 'samplesPerQuestion' | 'concurrency' | 'limit' | 'retryFailedOnly'>;

export interface PreparedEvaluation {
  runId: number;
  /** False when an earlier run with the same identity is resumed. */
  created: boolean;
  /** Whether this evaluation created the checkpoint (it goes again with a run that never started). */
  checkpointCreated: boolean;
  backend: ModelBackend;
  benchmarkId: number;
  checkpointId: number;
}

export interface EvaluationJobResult {
  job: JobInfo;
  outcome: RunOutcome | undefined;
}

/**
 * Resolves names to rows, creates the checkpoint if new, builds the backend and finds or creates
 * the run, all before anything slow starts, so callers learn the run id at once.
 */
export function prepareEvaluation(db: Db, request: EvaluationJobRequest, context: BackendContext = {}): PreparedEvaluation {
  const problem = evaluationSettingsProblem({ ...request.sampling, samplesPerQuestion: request.samplesPerQuestion, concurrency: request.concurrency });
  if (problem) throw new Error(problem);
  const benchmarkId = benchmarkIdByName(db, request.benchmark);
  // The backend first: a spec it refuses must leave no checkpoint behind.
  const backend = createBackend(request.backend, context);
  const checkpoint = findOrCreateCheckpoint(db, {
    name: request.checkpoint.name,
    ...(request.checkpoint.stage !== undefined ? { stage: request.checkpoint.stage } : {}),
    ...(request.checkpoint.step !== undefined ? { step: request.checkpoint.step } : {}),
    ...(request.checkpoint.baseModel !== undefined ? { baseModel: request.checkpoint.baseModel } : {}),
    ...(request.checkpoint.lineage !== undefined ? { lineage: request.checkpoint.lineage } : {}),
    uri: request.checkpoint.uri ?? checkpointUriOf(request.backend),
  });
  const checkpointId = checkpoint.id;
  const { runId, created } = findOrCreateEvaluationRun(db, {
    checkpointId,
    benchmarkId,
    prompt: request.prompt,
    sampling: request.sampling,
    samplesPerQuestion: request.samplesPerQuestion,
    backend,
  });
  return { runId, created, checkpointCreated: checkpoint.created, backend, benchmarkId, checkpointId };
}

function benchmarkIdByName(db: Db, name: string): number {
  const benchmarks = listBenchmarks(db);
  const found = benchmarks.find((benchmark) => benchmark.name === name);
  if (!found) {
    const known = benchmarks.map((benchmark) => benchmark.name);
    throw new Error(`no benchmark named "${name}" in this workspace${known.length ? ` (it has: ${known.join(', ')})` : ' (it has none yet)'}`);
  }
  return found.id;
}

function checkpointUriOf(spec: BackendSpec): string {
  if (spec.kind === 'managed') return spec.checkpointPath;
  if (spec.kind === 'onnx') return spec.modelDir;
  return '';
}

/** What the job record keeps of the request: enough to tell runs apart, no secrets. */
function jobParams(request: EvaluationJobRequest, runId: number): Record<string, unknown> {
  return {
    runId,
    benchmark: request.benchmark,
    checkpoint: request.checkpoint.name,
    backend: request.backend,
    sampling: request.sampling,
    samplesPerQuestion: request.samplesPerQuestion,
    concurrency: request.concurrency,
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(request.retryFailedOnly ? { retryFailedOnly: true } : {}),
  };
}

/** A streamed answer is shown a few times a second, not once per token. */
const PARTIAL_EVERY_MS = 250;

/** A streamed answer as events carry it: at most LIVE_TEXT_LIMIT characters, split as the trace view splits it. */
function streamedText(whole: string): { text: string; length: number; think: ThinkSpan | null } {
  const text = whole.length > LIVE_TEXT_LIMIT ? whole.slice(-LIVE_TEXT_LIMIT) : whole;
  return { text, length: whole.length, think: thinkSpan(text) };
}

/**
 * Passes a streamed answer on a few times a second, not once per token, and at once when a new
 * answer starts (a live view moves to the next question without waiting).
 */
function throttledPartials(ms: number, call: (partial: PartialAnswer) => void): (partial: PartialAnswer) => void {
  let last = 0;
  let answer = '';
  return (partial) => {
    const now = performance.now();
    const key = `${partial.sampleId}:${partial.sampleIndex}`;
    if (key === answer && now - last < ms) return;
    answer = key;
    last = now;
    call(partial);
  };
}

/**
 * Runs a prepared evaluation as a job: the backend starts (a launched server's log goes to the
 * job log), every answer is stored and graded as it comes, progress and cancellation go through
 * the job. Resolves when the job ends; `jobId` is known at once, for callers that do not wait.
 */
export function runEvaluationJob(
  workbench: { db: Db; jobs: JobManager },
  prepared: PreparedEvaluation,
  request: EvaluationJobRequest,
  hooks: {
    onProgress?: (progress: RunProgress) => void;
    /** Every line written to the job log, as it is written. */
    onLog?: (line: string) => void;
    /** Hands over the job's log function once the job exists (for a backend built before it). */
    attachLog?: (log: (line: string) => void) => void;
  } = {},
): { jobId: number; done: Promise<EvaluationJobResult> } {
  let jobId: number | undefined;
  let outcome: RunOutcome | undefined;
  const title = `Evaluate ${request.checkpoint.name} on ${request.benchmark} (${prepared.backend.kind})`;
  const finished = workbench.jobs.run('eval', title, jobParams(request, prepared.runId), async (job) => {
    jobId = job.jobId;
    const log = (line: string): void => {
      try {
        job.log(line);
      } catch {
        // A server may print its last lines after the workspace closed; they are dropped then.
      }
      hooks.onLog?.(line);
    };
    hooks.attachLog?.(log);
    // A run whose backend could not even start (the endpoint is down, the model is not served,
    // the folder is missing) is not left behind as an empty pending run; a resumed one, or one
    // that failed while answering, stays (it resumes).
    const discardIfNeverStarted = (): void => {
      try {
        if (prepared.created && discardUnstartedRun(workbench.db, prepared.runId, { checkpointToo: prepared.checkpointCreated })) {
          log(`run ${prepared.runId} removed: it never started`);
        }
      } catch (error) {
        // Tidying up must never hide why the run failed; the empty run stays and resumes later.
        log(`run ${prepared.runId} could not be removed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    log(`run ${prepared.runId} (${prepared.created ? 'new' : 'resumed'}): ${prepared.backend.source}`);
    try {
      const sourceBefore = prepared.backend.source;
      try {
        await prepared.backend.start?.(job.signal);
      } catch (error) {
        discardIfNeverStarted();
        throw error;
      }
      if (prepared.backend.source !== sourceBefore) setRunSource(workbench.db, prepared.runId, prepared.backend.source);
      outcome = await evaluate(workbench.db, {
        checkpointId: prepared.checkpointId,
        benchmarkId: prepared.benchmarkId,
        backend: prepared.backend,
        prompt: request.prompt,
        sampling: request.sampling,
        samplesPerQuestion: request.samplesPerQuestion,
        concurrency: request.concurrency,
        ...(request.limit !== undefined ? { limit: request.limit } : {}),
        ...(request.retryFailedOnly ? { retryFailedOnly: true } : {}),
        signal: job.signal,
        onProgress: (progress) => {
          job.progress(progress.done, progress.total, progress.errors);
          hooks.onProgress?.(progress);
        },
        onPartialAnswer: throttledPartials(PARTIAL_EVERY_MS, (partial) =>
          workbench.jobs.emit({
            type: 'partial',
            jobId: job.jobId,
            runId: prepared.runId,
            ...partial,
            ...streamedText(partial.text),
          }),
        ),
      });
    } finally {
      await prepared.backend.close?.();
      workbench.jobs.emit({ type: 'changed', what: 'runs' });
    }
    const summary = `run ${outcome.runId} ${outcome.status}: ${outcome.answered} answered, ${outcome.failed} failed, ${outcome.skippedAsDone} already done`;
    log(summary);
    for (const reason of outcome.failureReasons) log(`failed request: ${reason}`);
    if (outcome.status === 'failed') throw new Error(outcome.error ?? summary);
    return JSON.stringify(outcome);
  });
  if (jobId === undefined) throw new Error('the job manager did not start the evaluation job');
  return { jobId, done: finished.then((job) => ({ job, outcome })) };
}

/** Builds, prepares and runs in one go, with the backend's log lines reaching the job log. */
export function startEvaluation(
  workbench: { db: Db; jobs: JobManager },
  request: EvaluationJobRequest,
  options: { apiKey?: string; onProgress?: (progress: RunProgress) => void; onLog?: (line: string) => void } = {},
): { runId: number; created: boolean; jobId: number; done: Promise<EvaluationJobResult> } {
  // The backend is built before the job exists; its lines reach the job log once it does.
  let jobLog: ((line: string) => void) | undefined;
  const prepared = prepareEvaluation(workbench.db, request, {
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    onLog: (line) => jobLog?.(line),
  });
  const started = runEvaluationJob(workbench, prepared, request, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onLog ? { onLog: options.onLog } : {}),
    attachLog: (log) => {
      jobLog = log;
    },
  });
  return { runId: prepared.runId, created: prepared.created, ...started };
}
