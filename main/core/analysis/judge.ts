/**
 * The LLM-judge pass: each failed first answer of a checkpoint goes to a judge model (any
 * ModelBackend) with the image, question, gold answer and numbered reasoning; the judge's
 * taxonomy label, first wrong step and rationale are stored with the judge model and prompt
 * version. Output that cannot be read is stored as an error with the raw text, and asked again
 * when the pass is run again.
 */
import { FatalBackendError, type ModelBackend } from '../eval/backend';
import { getImage } from '../store/catalog';
import type { Db } from '../store/database';
import { recordAttribution, type FailedPrediction, type JudgePrompt } from '../store/attribution';
import { labelTaxonomy, predictionDetail } from '../store/predictions';
import { buildJudgeMessages, parseJudgeOutput, type JudgeMaterial } from './judge-prompt';
import { ErrorTally, type PassOutcome } from './error-tally';

export interface JudgePassOptions {
  attributionRunId: number;
  failures: FailedPrediction[];
  judge: ModelBackend;
  /** Recorded as the annotations' author. */
  judgeModel: string;
  prompt: JudgePrompt;
  concurrency: number;
  maxTokens?: number;
  signal: AbortSignal;
  onProgress?: (done: number, total: number, errors: number) => void;
}

export function judgeMaterial(db: Db, predictionId: number): JudgeMaterial | undefined {
  const detail = predictionDetail(db, predictionId);
  if (!detail) return undefined;
  const images = detail.images.flatMap((ref) => {
    const image = ref.sha256 ? getImage(db, ref.sha256) : undefined;
    return image ? [image] : [];
  });
  return {
    question: detail.question,
    choices: detail.choices,
    gold: detail.gold,
    answer: detail.extracted,
    trace: detail.think ?? detail.rawOutput,
    images,
  };
}

export async function runJudgePass(db: Db, options: JudgePassOptions): Promise<PassOutcome> {
  const taxonomy = labelTaxonomy(db);
  const total = options.failures.length;
  let next = 0;
  let done = 0;
  let labelled = 0;
  const errors = new ErrorTally();
  let fatal: Error | undefined;
  const record = (predictionId: number, verdict: ReturnType<typeof parseJudgeOutput>, rawOutput: string): void => {
    recordAttribution(db, {
      attributionRunId: options.attributionRunId,
      predictionId,
      label: verdict.ok ? verdict.label : null,
      firstWrongStep: verdict.ok ? verdict.firstWrongStep : null,
      rationale: verdict.ok ? verdict.rationale : '',
      rawOutput,
      error: verdict.ok ? null : verdict.error,
      source: 'judge',
      author: options.judgeModel,
      note: verdict.ok ? `${verdict.firstWrongStep !== null ? `first wrong step ${verdict.firstWrongStep}: ` : ''}${verdict.rationale}` : '',
    });
  };
  const worker = async (): Promise<void> => {
    while (next < total && !options.signal.aborted && !fatal) {
      const failure = options.failures[next++]!;
      const material = judgeMaterial(db, failure.predictionId);
      if (!material) continue;
      let outcome: { verdict: ReturnType<typeof parseJudgeOutput>; raw: string };
      try {
        const result = await options.judge.generate(
          {
            messages: buildJudgeMessages(options.prompt, material, taxonomy),
            maxTokens: options.maxTokens ?? 2048,
            temperature: 0,
            topP: 1,
            sampleIndex: 0,
          },
          options.signal,
        );
        outcome = { verdict: parseJudgeOutput(result.text, taxonomy), raw: result.text };
      } catch (error) {
        if (options.signal.aborted) break;
        if (error instanceof FatalBackendError) {
          fatal = error;
          break;
        }
        outcome = { verdict: { ok: false, error: `the judge request failed: ${error instanceof Error ? error.message : String(error)}` }, raw: '' };
      }
      record(failure.predictionId, outcome.verdict, outcome.raw);
      if (outcome.verdict.ok) labelled++;
      else errors.add(outcome.verdict.error);
      done++;
      options.onProgress?.(done, total, errors.total);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  if (fatal) throw fatal;
  return { labelled, errors: errors.total, errorReasons: errors.reasons() };
}
