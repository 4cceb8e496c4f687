import type { ApiParsedInput } from './contract';
import type { BackendSpec } from '../eval/backend-spec';
import { DEFAULT_PROMPT } from '../eval/prompt';
import type { EvaluationJobRequest } from '../eval/start-evaluation';

type StartEvaluationInput = ApiParsedInput<'startEvaluation'>;

const seconds = (value: number | undefined): number | undefined => (value === undefined ? undefined : value * 1000);

function backendOf(input: StartEvaluationInput['backend'], checkpointName: string): BackendSpec {
  const client = (settings: { timeoutSeconds?: number | undefined; retries?: number | undefined }) => ({
    ...(settings.timeoutSeconds !== undefined ? { timeoutMs: seconds(settings.timeoutSeconds)! } : {}),
    ...(settings.retries !== undefined ? { retries: settings.retries } : {}),
  });
  switch (input.kind) {
    case 'openai':
      return { kind: 'openai', endpoints: input.endpoints, model: input.model, ...client(input) };
    case 'managed':
      return {
        kind: 'managed',
        server: input.server,
        checkpointPath: input.checkpointPath,
        servedModelName: checkpointName,
        extraArgs: input.extraArgs,
        ...(input.readyTimeoutSeconds !== undefined ? { readyTimeoutMs: seconds(input.readyTimeoutSeconds)! } : {}),
        ...client(input),
      };
    case 'onnx':
      return { kind: 'onnx', modelDir: input.modelDir, device: input.device, dtype: input.dtype };
    case 'slurm':
      throw new Error('SLURM evaluations start through api/slurm-start.ts');
  }
}

/** The API's startEvaluation input as the request the CLI builds too. */
export function evaluationRequestFromApi(input: StartEvaluationInput): EvaluationJobRequest {
  const { stop, ...sampling } = input.sampling;
  return {
    benchmark: input.benchmark,
    checkpoint: {
      name: input.checkpoint.name,
      ...(input.checkpoint.stage !== undefined ? { stage: input.checkpoint.stage } : {}),
      ...(input.checkpoint.step !== undefined ? { step: input.checkpoint.step } : {}),
      ...(input.checkpoint.baseModel !== undefined ? { baseModel: input.checkpoint.baseModel } : {}),
      ...(input.checkpoint.lineage !== undefined ? { lineage: input.checkpoint.lineage } : {}),
    },
    backend: backendOf(input.backend, input.checkpoint.name),
    prompt: input.prompt ?? DEFAULT_PROMPT,
    sampling: { ...sampling, ...(stop && stop.length > 0 ? { stop } : {}) },
    samplesPerQuestion: input.samplesPerQuestion,
    concurrency: input.concurrency,
    ...(input.limit !== undefined ? { limit: input.limit } : {}),
    ...(input.retryFailedOnly ? { retryFailedOnly: true } : {}),
  };
}
