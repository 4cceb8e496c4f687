/**
 * The caption counterfactual: the failed samples of a checkpoint are asked again, by the same
 * checkpoint with the same prompt and sampling, with a detailed description of the image in
 * place of the image. Wrong from the image but right from the description is attributed to
 * perception, the rule the seed's data pipeline used to pick perception training data; still
 * wrong from the description is attributed to reasoning (not perception).
 *
 * The re-asking runs through the normal runner as a run of its own (purpose 'counterfactual'),
 * so its traces can be read like any other. Descriptions come from the dataset (samples.caption)
 * or from a checkpoint asked to describe each image (a run of purpose 'caption').
 */
import { createHash } from 'node:crypto';
import type { ModelBackend } from '../eval/backend';
import { DEFAULT_PROMPT, type PromptConfig } from '../eval/prompt';
import { executeRun, type SamplingConfig } from '../eval/runner';
import type { Db } from '../store/database';
import type { CheckpointRef } from '../store/analysis';
import { firstAnswersFor, recordAttribution, setRunPurpose, type FailedPrediction } from '../store/attribution';
import { findOrCreateRun, getRun } from '../store/runs';
import type { BackendResolver } from './backends';
import { ErrorTally, type PassOutcome } from './error-tally';

export type CaptionSource = { kind: 'dataset' } | { kind: 'checkpoint'; checkpoint: CheckpointRef };

export const captionSourceName = (source: CaptionSource): string => (source.kind === 'dataset' ? 'dataset' : `checkpoint:${source.checkpoint.name}`);

/** What a captioning checkpoint is asked; no question, so the description is not steered by it. */
export const CAPTION_PROMPT: PromptConfig = {
  systemPrompt: '',
  userTemplate:
    'Describe this image in full detail so that someone who cannot see it could answer any question about it: ' +
    'every object with its count, colour, size, shape and position, and all text, numbers, labels and values shown.',
  instructionPlacement: 'user',
};

const CAPTION_SAMPLING: SamplingConfig = { temperature: 0, topP: 1, maxTokens: 1024 };
const FALLBACK_SAMPLING: SamplingConfig = { temperature: 0, topP: 1, maxTokens: 1024 };

export interface CounterfactualOptions {
  attributionRunId: number;
  checkpoint: CheckpointRef;
  captionSource: CaptionSource;
  failures: FailedPrediction[];
  backendFor: BackendResolver;
  concurrency: number;
  signal: AbortSignal;
  onProgress?: (done: number, total: number, errors: number) => void;
  log?: (line: string) => void;
}

const hashOf = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

/** The prompt and sampling the failed run used (stored with evaluated runs); the defaults for imports. */
function askedWith(db: Db, runId: number): { prompt: PromptConfig; sampling: SamplingConfig } {
  const config = getRun(db, runId)?.config ?? {};
  const prompt = config.prompt as PromptConfig | undefined;
  const sampling = config.sampling as SamplingConfig | undefined;
  return {
    prompt: prompt && typeof prompt.userTemplate === 'string' && typeof prompt.systemPrompt === 'string' ? prompt : DEFAULT_PROMPT,
    sampling: sampling && typeof sampling.maxTokens === 'number' ? sampling : FALLBACK_SAMPLING,
  };
}

/** The description a captioning model wrote: its answer after any reasoning block. */
export function captionText(rawOutput: string): string {
  const close = rawOutput.search(/<\/think>/i);
  return (close >= 0 ? rawOutput.slice(close + '</think>'.length) : rawOutput).trim();
}

export async function runCounterfactualPass(db: Db, options: CounterfactualOptions): Promise<PassOutcome> {
  const captioning = options.captionSource.kind === 'checkpoint';
  const total = options.failures.length * (captioning ? 2 : 1);
  let done = 0;
  let labelled = 0;
  const errors = new ErrorTally();
  const tick = (): void => options.onProgress?.(done, total, errors.total);
  const fail = (failure: FailedPrediction, error: string, counterfactualPredictionId: number | null = null): void => {
    recordAttribution(db, {
      attributionRunId: options.attributionRunId,
      predictionId: failure.predictionId,
      label: null,
      error,
      counterfactualPredictionId,
      source: 'counterfactual',
      author: '',
      note: '',
    });
    errors.add(error);
  };
  const sourceName = captionSourceName(options.captionSource);
  const backends = new Map<number, ModelBackend>();
  const backendOf = (checkpoint: CheckpointRef): ModelBackend => {
    let backend = backends.get(checkpoint.id);
    if (!backend) backends.set(checkpoint.id, (backend = options.backendFor(checkpoint)));
    return backend;
  };

  try {
    const byRun = new Map<number, FailedPrediction[]>();
    for (const failure of options.failures) {
      const list = byRun.get(failure.runId) ?? [];
      list.push(failure);
      byRun.set(failure.runId, list);
    }
    for (const [baseRunId, failures] of byRun) {
      if (options.signal.aborted) break;
      const baseRun = getRun(db, baseRunId)!;
      // A sample without an image has nothing to describe.
      const askable = failures.filter((failure) => {
        if (failure.imageCount > 0) return true;
        fail(failure, 'the sample has no image, so there is nothing to describe');
        done += captioning ? 2 : 1;
        return false;
      });

      // 1. The descriptions.
      let captions = new Map<number, string>();
      if (options.captionSource.kind === 'checkpoint') {
        const captioner = options.captionSource.checkpoint;
        const backend = backendOf(captioner);
        const { run } = findOrCreateRun(db, {
          checkpointId: captioner.id,
          benchmarkId: baseRun.benchmarkId,
          runKey: `caption:${hashOf([captioner.id, baseRun.benchmarkId, CAPTION_PROMPT, CAPTION_SAMPLING])}`,
          config: { prompt: CAPTION_PROMPT, sampling: CAPTION_SAMPLING, samplesPerQuestion: 1, purpose: 'caption' },
          backend: backend.kind,
          source: backend.source,
        });
        setRunPurpose(db, run.id, 'caption');
        const before = done;
        const outcome = await executeRun(db, {
          runId: run.id,
          backend,
          prompt: CAPTION_PROMPT,
          sampling: CAPTION_SAMPLING,
          concurrency: options.concurrency,
          sampleIds: new Set(askable.map((failure) => failure.sampleId)),
          signal: options.signal,
          onProgress: ({ done: asked }) => {
            done = before + Math.min(asked, askable.length);
            tick();
          },
        });
        done = before + askable.length;
        if (outcome.error) throw new Error(`describing the images with ${captioner.name} stopped: ${outcome.error}`);
        for (const [sampleId, answer] of firstAnswersFor(db, run.id, askable.map((failure) => failure.sampleId))) {
          const text = answer.error === null && answer.finishReason !== 'length' ? captionText(answer.rawOutput) : '';
          if (text) captions.set(sampleId, text);
        }
      } else {
        captions = new Map(askable.flatMap((failure) => (failure.caption ? [[failure.sampleId, failure.caption] as [number, string]] : [])));
      }
      if (options.signal.aborted) break;
      const described = askable.filter((failure) => {
        if (captions.has(failure.sampleId)) return true;
        fail(
          failure,
          options.captionSource.kind === 'dataset'
            ? 'the dataset has no caption for this sample'
            : `${options.captionSource.checkpoint.name} gave no usable description (error or truncated)`,
        );
        done++;
        return false;
      });
      tick();

      // 2. The same question asked again, the description in place of the image.
      const backend = backendOf(options.checkpoint);
      const asked = askedWith(db, baseRunId);
      const prompt: PromptConfig = { ...asked.prompt, imageMode: 'caption' };
      const { run } = findOrCreateRun(db, {
        checkpointId: options.checkpoint.id,
        benchmarkId: baseRun.benchmarkId,
        runKey: `counterfactual:${hashOf([baseRunId, sourceName, prompt, asked.sampling])}`,
        config: { prompt, sampling: asked.sampling, samplesPerQuestion: 1, purpose: 'counterfactual', baseRunId, captionSource: sourceName },
        backend: backend.kind,
        source: backend.source,
      });
      setRunPurpose(db, run.id, 'counterfactual');
      const before = done;
      const outcome = await executeRun(db, {
        runId: run.id,
        backend,
        prompt,
        sampling: asked.sampling,
        concurrency: options.concurrency,
        sampleIds: new Set(described.map((failure) => failure.sampleId)),
        captionOf: (sample) => captions.get(sample.id) ?? null,
        signal: options.signal,
        onProgress: ({ done: answered }) => {
          done = before + Math.min(answered, described.length);
          tick();
        },
      });
      done = before + described.length;
      if (outcome.error) throw new Error(`asking ${options.checkpoint.name} again stopped: ${outcome.error}`);
      if (options.signal.aborted) break;

      // 3. The verdicts.
      const answers = firstAnswersFor(db, run.id, described.map((failure) => failure.sampleId));
      for (const failure of described) {
        const answer = answers.get(failure.sampleId);
        if (!answer || answer.error !== null || answer.correct === null) {
          fail(failure, `asking again with the description failed: ${answer?.error ?? 'no answer'}`, answer?.predictionId ?? null);
          continue;
        }
        const perception = answer.correct === 1;
        recordAttribution(db, {
          attributionRunId: options.attributionRunId,
          predictionId: failure.predictionId,
          label: perception ? 'perception' : 'reasoning',
          counterfactualPredictionId: answer.predictionId,
          rationale: perception ? 'right when given a description of the image instead of the image' : 'still wrong when given a description of the image',
          source: 'counterfactual',
          author: `caption:${sourceName}`,
          note: perception
            ? `caption counterfactual (${sourceName}): right from the description, wrong from the image`
            : `caption counterfactual (${sourceName}): wrong from the description too, so not a perception error`,
        });
        labelled++;
      }
      tick();
    }
  } finally {
    for (const backend of backends.values()) await backend.close?.();
  }
  return { labelled, errors: errors.total, errorReasons: errors.reasons() };
}
