import type { ModelBackend } from './backend';
import type { ServerKind } from './launch-recipes';
import { ManagedServerBackend } from './managed-backend';
import type { OnnxDtype } from './onnx/model-folder';
import { OnnxBackend, type OnnxDevice } from './onnx/onnx-backend';
import { OpenAiBackend } from './openai-backend';

/** Client-side knobs shared by every backend that talks HTTP. */
export interface ClientSettings {
  /** One request's limit (ms). */
  timeoutMs?: number;
  /** Further attempts after a retryable failure. */
  retries?: number;
  /** First backoff (ms). */
  backoffMs?: number;
}

/** Which backend answers a run, as the CLI and the API describe it. Secrets are never part of it. */
export type BackendSpec =
  | ({ kind: 'openai'; endpoints: string[]; model: string } & ClientSettings)
  | ({
      kind: 'managed';
      server: ServerKind;
      checkpointPath: string;
      servedModelName: string;
      extraArgs: string[];
      executable?: string;
      port?: number;
      readyTimeoutMs?: number;
    } & ClientSettings)
  | { kind: 'onnx'; modelDir: string; device: OnnxDevice; dtype?: OnnxDtype }
  // Jobs shared by a checkpoint's runs: built by slurm/slurm-evaluation.ts, recorded here for the job's params.
  | { kind: 'slurm'; server: ServerKind; checkpointPath: string; partition?: string; gpusPerJob: number; jobsPerCheckpoint: number };

export interface BackendContext {
  /** Server logs and backend notes, line by line (the job log). */
  onLog?: (line: string) => void;
  /** For `openai` only: the key, when it comes from somewhere other than the environment. */
  apiKey?: string;
}

const retryOf = (settings: ClientSettings) => ({
  ...(settings.retries !== undefined ? { retries: settings.retries } : {}),
  ...(settings.backoffMs !== undefined ? { backoffMs: settings.backoffMs } : {}),
});

export function createBackend(spec: BackendSpec, context: BackendContext = {}): ModelBackend {
  switch (spec.kind) {
    case 'openai':
      return new OpenAiBackend({
        endpoints: spec.endpoints,
        model: spec.model,
        ...(context.apiKey ? { apiKey: context.apiKey } : {}),
        ...(spec.timeoutMs !== undefined ? { timeoutMs: spec.timeoutMs } : {}),
        retry: retryOf(spec),
      });
    case 'managed':
      return new ManagedServerBackend({
        kind: spec.server,
        checkpointPath: spec.checkpointPath,
        servedModelName: spec.servedModelName,
        extraArgs: spec.extraArgs,
        ...(spec.executable ? { executable: spec.executable } : {}),
        ...(spec.port !== undefined ? { port: spec.port } : {}),
        ...(spec.readyTimeoutMs !== undefined ? { readyTimeoutMs: spec.readyTimeoutMs } : {}),
        ...(context.onLog ? { onLog: context.onLog } : {}),
        client: { ...(spec.timeoutMs !== undefined ? { timeoutMs: spec.timeoutMs } : {}), retry: retryOf(spec) },
      });
    case 'slurm':
      throw new Error('SLURM evaluations start through startSlurmEvaluation: one checkpoint\'s jobs serve all its runs');
    case 'onnx':
      return new OnnxBackend({ modelDir: spec.modelDir, device: spec.device, ...(spec.dtype ? { dtype: spec.dtype } : {}), ...(context.onLog ? { onLog: context.onLog } : {}) });
  }
}
