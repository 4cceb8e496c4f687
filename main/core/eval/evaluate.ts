import { createHash } from 'node:crypto';
import type { Db } from '../store/database';
import { findOrCreateRun } from '../store/runs';
import type { ModelBackend } from './backend';
import type { PromptConfig } from './prompt';
import { executeRun, type PartialAnswer, type RunOutcome, type RunProgress, type SamplingConfig } from './runner';

export interface EvaluationRequest {
  checkpointId: number;
  benchmarkId: number;
  backend: ModelBackend;
  prompt: PromptConfig;
  sampling: SamplingConfig;
  samplesPerQuestion: number;
  concurrency: number;
  limit?: number;
  /** Only ask again what failed before (see RunOptions.retryFailedOnly). */
  retryFailedOnly?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  onPartialAnswer?: (partial: PartialAnswer) => void;
}

/**
 * A run is identified by checkpoint x benchmark x prompt x sampling x k: asking for the same
 * evaluation again finds the same run and resumes it instead of starting a duplicate.
 */
export function runKeyOf(request: Pick<EvaluationRequest, 'checkpointId' | 'benchmarkId' | 'prompt' | 'sampling' | 'samplesPerQuestion'>): string {
  const identity = JSON.stringify([request.checkpointId, request.benchmarkId, request.prompt, canonicalSampling(request.sampling), request.samplesPerQuestion]);
  return `eval:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
}

/** Empty stop lists and their absence are the same sampling, and hash the same. */
function canonicalSampling(sampling: SamplingConfig): SamplingConfig {
  const { stop, ...rest } = sampling;
  return stop && stop.length > 0 ? { ...rest, stop } : rest;
}

/**
 * The run for this request, created when new. Its config holds the prompt and sampling only:
 * endpoints and keys are how the run was served, not what it is (and keys never reach the file).
 */
export function findOrCreateEvaluationRun(
  db: Db,
  request: Pick<EvaluationRequest, 'checkpointId' | 'benchmarkId' | 'prompt' | 'sampling' | 'samplesPerQuestion'> & { backend: Pick<ModelBackend, 'kind' | 'source'> },
): { runId: number; created: boolean } {
  const { run, created } = findOrCreateRun(db, {
    checkpointId: request.checkpointId,
    benchmarkId: request.benchmarkId,
    runKey: runKeyOf(request),
    config: { prompt: request.prompt, sampling: canonicalSampling(request.sampling), samplesPerQuestion: request.samplesPerQuestion },
    backend: request.backend.kind,
    source: request.backend.source,
    samplesPerQuestion: request.samplesPerQuestion,
  });
  return { runId: run.id, created };
}

export async function evaluate(db: Db, request: EvaluationRequest): Promise<RunOutcome> {
  const run = { id: findOrCreateEvaluationRun(db, request).runId };
  return executeRun(db, {
    runId: run.id,
    backend: request.backend,
    prompt: request.prompt,
    sampling: request.sampling,
    concurrency: request.concurrency,
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(request.retryFailedOnly ? { retryFailedOnly: true } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.onPartialAnswer ? { onPartialAnswer: request.onPartialAnswer } : {}),
  });
}
