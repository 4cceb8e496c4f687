import { setMaxListeners } from 'node:events';
import type { Db } from '../store/database';
import { benchmarkName, getImage, getSample, type StoredSample } from '../store/catalog';
import { countPredictions, failedWork, getRun, markRunSimulated, pendingWork, recordPrediction, setRunStatus, type PredictionInput } from '../store/runs';
import { judgeOutput } from '../verdict';
import { FatalBackendError, type ModelBackend } from './backend';
import { buildMessages, type PromptConfig } from './prompt';
import { redactSecrets } from '../redact';

export interface SamplingConfig {
  temperature: number;
  topP: number;
  maxTokens: number;
  /** Stop sequences; left out of the run's identity when unset, so older runs keep their key. */
  stop?: string[];
}

export interface RunProgress {
  done: number;
  total: number;
  errors: number;
}

export interface RunOptions {
  runId: number;
  backend: ModelBackend;
  prompt: PromptConfig;
  sampling: SamplingConfig;
  concurrency: number;
  /** Only the first N samples of the benchmark. */
  limit?: number;
  /** Ask again only the (sample, index) pairs whose earlier attempt failed; never-asked ones wait. */
  retryFailedOnly?: boolean;
  /** Only these samples (a caption counterfactual asks again just the failed ones). */
  sampleIds?: ReadonlySet<number>;
  /** Caption mode: the description given instead of a sample's image; the dataset's caption when left out. */
  captionOf?: (sample: StoredSample) => string | null;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** The answer being written, so far, where the backend streams (onnx). */
  onPartialAnswer?: (partial: PartialAnswer) => void;
}

export interface PartialAnswer {
  sampleId: number;
  sampleIndex: number;
  text: string;
}

export interface RunOutcome {
  runId: number;
  answered: number;
  failed: number;
  skippedAsDone: number;
  status: 'completed' | 'cancelled' | 'failed';
  /** Why the run stopped early (a crashed server, an unreachable endpoint), or why every request failed. */
  error?: string;
  /** The first distinct reasons requests failed for, in the order first seen (at most MAX_REASONS). */
  failureReasons: string[];
}

/** How many distinct failure reasons an outcome keeps: enough to tell the causes, never a flood. */
const MAX_REASONS = 3;

/**
 * Asks the backend for every (sample, sample index) of the run that has no finished answer yet,
 * and stores and grades each answer as it arrives. Finished answers are never asked again, so a
 * crashed or cancelled run resumes by running the same command.
 */
export async function executeRun(db: Db, options: RunOptions): Promise<RunOutcome> {
  const run = getRun(db, options.runId);
  if (!run) throw new Error(`run ${options.runId} does not exist`);
  const benchmark = benchmarkName(db, run.benchmarkId)!;
  const candidates = options.retryFailedOnly ? failedWork(db, run.id, options.limit) : pendingWork(db, run.id, options.limit);
  const work = options.sampleIds ? candidates.filter((item) => options.sampleIds!.has(item.sampleId)) : candidates;
  const before = countPredictions(db, run.id);
  const skippedAsDone = before.total - before.errors;
  const total = options.retryFailedOnly ? work.length : skippedAsDone + work.length;
  let done = options.retryFailedOnly ? 0 : skippedAsDone;
  let failed = 0;
  setRunStatus(db, run.id, 'running');
  options.onProgress?.({ done, total, errors: 0 });

  const sampleCache = new Map<number, { sample: StoredSample; images: Array<{ mime: string; bytes: Buffer }> }>();
  const loadSample = (sampleId: number) => {
    let entry = sampleCache.get(sampleId);
    if (!entry) {
      const sample = getSample(db, sampleId)!;
      const images = sample.images.flatMap((ref) => (ref.sha256 ? [getImage(db, ref.sha256)!] : []));
      entry = { sample, images };
      // k answers per question reuse the sample; a small cache is enough since work is ordered by sample.
      if (sampleCache.size > 64) sampleCache.clear();
      sampleCache.set(sampleId, entry);
    }
    return entry;
  };

  // One signal for the backend: the caller's cancel, or our own stop when the backend is beyond help.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Every request in flight listens on it (HTTP clients, retries' waits): no listener limit applies.
  setMaxListeners(0, signal);
  let fatal: string | undefined;
  let answered = 0;
  const failureReasons: string[] = [];
  const noteFailure = (message: string): void => {
    if (failureReasons.length < MAX_REASONS && !failureReasons.includes(message)) failureReasons.push(message);
  };
  let markedSimulated = false;

  // Answers are stored and graded in the check phase right after they arrive, all that arrived
  // together in one transaction: each worker sends its next request first, so a burst of
  // answers does not hold the next requests back (a server with C slots stays full). An answer
  // waits well under a millisecond this way; kill -9 loses what is in flight, as before.
  const arrived: Array<() => PredictionInput> = [];
  let flushScheduled = false;
  let writeError: unknown;
  const flush = (): void => {
    flushScheduled = false;
    const prepared = arrived.splice(0);
    if (prepared.length === 0) return;
    // Graded outside the transaction: one output the grader chokes on must not sink the others.
    const inputs = prepared.map((prepare) => prepare());
    try {
      db.transaction(() => {
        for (const input of inputs) recordPrediction(db, input);
      }).immediate();
    } catch (error) {
      // The workspace cannot take answers (disk full, closed): stop asking for more.
      writeError ??= error;
      stop.abort(error);
      return;
    }
    options.onProgress?.({ done, total, errors: failed });
  };
  const store = (prepare: () => PredictionInput): void => {
    arrived.push(prepare);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length && !signal.aborted) {
      const item = work[next++]!;
      const { sample, images } = loadSample(item.sampleId);
      const request = {
        messages: buildMessages(options.captionOf ? { ...sample, caption: options.captionOf(sample) } : sample, images, options.prompt),
        maxTokens: options.sampling.maxTokens,
        temperature: options.sampling.temperature,
        topP: options.sampling.topP,
        sampleIndex: item.sampleIndex,
        ...(options.sampling.stop && options.sampling.stop.length > 0 ? { stop: options.sampling.stop } : {}),
        ...(options.onPartialAnswer ? { onPartialText: (text: string) => options.onPartialAnswer!({ sampleId: item.sampleId, sampleIndex: item.sampleIndex, text }) } : {}),
      };
      try {
        const result = await options.backend.generate(request, signal);
        answered++;
        if (result.simulated && !markedSimulated) {
          markedSimulated = true;
          markRunSimulated(db, run.id);
        }
        store(() => {
          const answer = {
            runId: run.id,
            sampleId: item.sampleId,
            sampleIndex: item.sampleIndex,
            rawOutput: result.text,
            promptTokens: result.promptTokens,
            completionTokens: result.completionTokens,
            latencyMs: result.latencyMs,
            finishReason: result.finishReason,
          };
          try {
            return { ...answer, ...judgeOutput(sample, benchmark, result.text) };
          } catch (error) {
            // Kept with its text, ungraded, and marked so that a re-run asks and grades it again.
            const why = error instanceof Error ? error.message : String(error);
            return { ...answer, thinkStart: null, thinkEnd: null, answerPart: '', formatOk: null, verdict: null, error: `grading failed: ${why}` };
          }
        });
      } catch (error) {
        // Cancelled or stopped: the item was not answered and stays pending for the next run.
        if (signal.aborted) break;
        if (error instanceof FatalBackendError) {
          fatal = redactSecrets(error.message);
          stop.abort(error);
          break;
        }
        failed++;
        const message = redactSecrets(error instanceof Error ? error.message : String(error));
        noteFailure(message);
        store(() => ({
          runId: run.id,
          sampleId: item.sampleId,
          sampleIndex: item.sampleIndex,
          rawOutput: '',
          thinkStart: null,
          thinkEnd: null,
          answerPart: '',
          formatOk: null,
          verdict: null,
          error: message,
        }));
      }
      done++;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  } finally {
    flush();
  }
  if (writeError !== undefined) {
    setRunStatus(db, run.id, 'failed');
    throw writeError;
  }

  const everyRequestFailed = failed > 0 && answered === 0 && failed === work.length;
  const status = fatal !== undefined ? 'failed' : options.signal?.aborted ? 'cancelled' : everyRequestFailed ? 'failed' : 'completed';
  setRunStatus(db, run.id, status);
  const error = fatal ?? (everyRequestFailed ? `every request failed (${failed}): ${failureReasons.join(' | ')}` : undefined);
  return { runId: run.id, answered, failed, skippedAsDone, status, failureReasons, ...(error !== undefined ? { error } : {}) };
}
