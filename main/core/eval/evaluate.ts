import { createHash } from 'node:crypto';
import type { Db } from '../store/database';
import { findOrCreateRun } from '../store/runs';
import type { ModelBackend } from './backend';
import type { PromptConfig } from './prompt';
import { executeRun, type RunOutcome, type SamplingConfig } from './runner';

export interface EvaluationRequest {
  checkpointId: number;
  benchmarkId: number;
  backend: ModelBackend;
  prompt: PromptConfig;
  sampling: SamplingConfig;
  samplesPerQuestion: number;
  concurrency: number;
  limit?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; errors: number }) => void;
}

/**
 * A run is identified by checkpoint x benchmark x prompt x sampling x k: asking for the same
 * evaluation again finds the same run and resumes it instead of starting a duplicate.
 */
export function runKeyOf(request: Pick<EvaluationRequest, 'checkpointId' | 'benchmarkId' | 'prompt' | 'sampling' | 'samplesPerQuestion'>): string {
  const identity = JSON.stringify([request.checkpointId, request.benchmarkId, request.prompt, request.sampling, request.samplesPerQuestion]);
  return `eval:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
}

export async function evaluate(db: Db, request: EvaluationRequest): Promise<RunOutcome> {
  const { run } = findOrCreateRun(db, {
    checkpointId: request.checkpointId,
    benchmarkId: request.benchmarkId,
    runKey: runKeyOf(request),
    config: { prompt: request.prompt, sampling: request.sampling, samplesPerQuestion: request.samplesPerQuestion },
    backend: request.backend.kind,
    source: request.backend.source,
    samplesPerQuestion: request.samplesPerQuestion,
  });
  return executeRun(db, {
    runId: run.id,
    backend: request.backend,
    prompt: request.prompt,
    sampling: request.sampling,
    concurrency: request.concurrency,
    ...(request.limit !== undefined ? { limit: request.limit } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  });
}
