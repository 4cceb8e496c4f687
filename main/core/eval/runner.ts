import type { Db } from '../store/database';
import { getImage, getSample, type StoredSample } from '../store/catalog';
import { countPredictions, getRun, pendingWork, recordPrediction, setRunStatus } from '../store/runs';
import { judgeOutput } from '../verdict';
import type { ModelBackend } from './backend';
import { buildMessages, type PromptConfig } from './prompt';

export interface SamplingConfig {
  temperature: number;
  topP: number;
  maxTokens: number;
}

export interface RunOptions {
  runId: number;
  backend: ModelBackend;
  prompt: PromptConfig;
  sampling: SamplingConfig;
  concurrency: number;
  /** Only the first N samples of the benchmark. */
  limit?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; errors: number }) => void;
}

export interface RunOutcome {
  runId: number;
  answered: number;
  failed: number;
  skippedAsDone: number;
  status: 'completed' | 'cancelled' | 'failed';
}

/**
 * Asks the backend for every (sample, sample index) of the run that has no finished answer yet,
 * and stores and grades each answer as it arrives. Finished answers are never asked again, so a
 * crashed or cancelled run resumes by running the same command.
 */
export async function executeRun(db: Db, options: RunOptions): Promise<RunOutcome> {
  const run = getRun(db, options.runId);
  if (!run) throw new Error(`run ${options.runId} does not exist`);
  const benchmark = (db.prepare('SELECT name FROM benchmarks WHERE id = ?').get(run.benchmarkId) as { name: string }).name;
  const work = pendingWork(db, run.id, options.limit);
  const before = countPredictions(db, run.id);
  const skippedAsDone = before.total - before.errors;
  const total = skippedAsDone + work.length;
  let done = skippedAsDone;
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

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length && !options.signal?.aborted) {
      const item = work[next++]!;
      const { sample, images } = loadSample(item.sampleId);
      const request = {
        messages: buildMessages(sample, images, options.prompt),
        maxTokens: options.sampling.maxTokens,
        temperature: options.sampling.temperature,
        topP: options.sampling.topP,
        sampleIndex: item.sampleIndex,
      };
      try {
        const result = await options.backend.generate(request, options.signal ?? new AbortController().signal);
        recordPrediction(db, {
          runId: run.id,
          sampleId: item.sampleId,
          sampleIndex: item.sampleIndex,
          rawOutput: result.text,
          ...judgeOutput(sample, benchmark, result.text),
          promptTokens: result.promptTokens,
          completionTokens: result.completionTokens,
          latencyMs: result.latencyMs,
          finishReason: result.finishReason,
        });
      } catch (error) {
        if (options.signal?.aborted) break;
        failed++;
        recordPrediction(db, {
          runId: run.id,
          sampleId: item.sampleId,
          sampleIndex: item.sampleIndex,
          rawOutput: '',
          thinkStart: null,
          thinkEnd: null,
          answerPart: '',
          formatOk: null,
          verdict: null,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      done++;
      options.onProgress?.({ done, total, errors: failed });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));

  const status = options.signal?.aborted ? 'cancelled' : failed > 0 && failed === work.length ? 'failed' : 'completed';
  setRunStatus(db, run.id, status);
  return { runId: run.id, answered: work.length - failed, failed, skippedAsDone, status };
}
