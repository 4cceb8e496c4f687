/**
 * The one contract between the renderer and the core. It is implemented once (api/handlers.ts)
 * and carried two ways: Electron IPC (preload) and HTTP (transport/http-server.ts). This file
 * composes the features' input schemas into one table; the data types and constant lists live
 * in the leaf main/core/types/ (re-exported here). It must stay free of Node imports.
 *
 * Every method takes one input object, validated with zod at the boundary of both transports,
 * because the renderer shows untrusted model output and is treated as untrusted itself.
 */
import { EVALUATION_LIMITS } from '../types/evaluation';
import { z } from 'zod';
import { API_METHOD_NAMES, type ApiMethod } from './methods';
import { analysisInputs } from '../analysis/api-contract';
import { exportInputs } from '../export/api-contract';
import { importInputs } from '../ingest/api-contract';
import { checkpointInputs } from '../checkpoints/api-contract';
import { EXPLORER_SORT_FIELDS, SCORER_CHOICES, type HostState, type WorkbenchEvent } from '../types/records';
import type { ApiOutputs } from '../types/outputs';

export { API_METHOD_NAMES, type ApiMethod };
// The records and output types live in the leaf types/ (no imports); re-exported so that
// `import type { JobInfo } from '.../api/contract'` keeps working.
export * from '../types/records';
export type { ApiOutputs } from '../types/outputs';

const id = z.number().int().positive();

/**
 * An evaluation as the UI's form starts it (the same run the CLI's `eval` makes). API keys are
 * not taken here: the core reads them from its environment, so they never cross the transport
 * or reach the workspace. A launched server's executable is not taken either (it comes from the
 * core's environment, VLM_WORKBENCH_VLLM etc.): the renderer must not choose what gets executed.
 */
const httpUrl = z.string().max(2000).regex(/^https?:\/\/[^\s]+$/, 'an http(s) base URL, e.g. http://gpu-box:8000/v1');
const clientSettings = {
  timeoutSeconds: z.number().positive().max(86_400).optional(),
  retries: z.number().int().min(0).max(20).optional(),
};
/**
 * Checkpoints served by SLURM jobs (README: Evaluate on a SLURM cluster). Only scheduler options
 * cross the API, each a single word or `--option=value`: the setup snippet (shell) comes from the
 * core's environment (VLM_WORKBENCH_SLURM_SETUP), for the reason above.
 */
const slurmWord = z.string().max(200).regex(/^[\w.,:@+-]+$/, 'letters, digits and . , : @ + - only');
const slurmBackendInput = z
  .object({
    kind: z.literal('slurm'),
    server: z.enum(['vllm', 'sglang', 'lmdeploy']).default('vllm'),
    checkpointPath: z.string().min(1).max(4096),
    extraArgs: z.array(z.string().max(2000)).max(100).default([]),
    partition: slurmWord.optional(),
    gpusPerJob: z.number().int().min(0).max(64).default(1),
    time: z.string().max(32).regex(/^[0-9:-]+$/, 'a SLURM time limit such as 4:00:00 or 1-0').optional(),
    account: slurmWord.optional(),
    sbatchArgs: z.array(z.string().max(500).regex(/^--[A-Za-z][\w-]*(=\S+)?$/, 'one sbatch option, e.g. --qos=high')).max(32).default([]),
    jobsPerCheckpoint: z.number().int().min(1).max(64).default(1),
    readyTimeoutSeconds: z.number().positive().max(86_400).optional(),
    ...clientSettings,
  })
  .strict();

const startEvaluationInput = z
  .object({
    benchmark: z.string().min(1).max(500),
    checkpoint: z
      .object({
        name: z.string().trim().min(1).max(500),
        stage: z.string().max(100).optional(),
        step: z.number().int().min(0).nullable().optional(),
        baseModel: z.string().max(500).optional(),
        /** The training line it belongs to; inferred from the name and base model when left out. */
        lineage: z.string().trim().max(500).optional(),
      })
      .strict(),
    backend: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('openai'), endpoints: z.array(httpUrl).min(1).max(64), model: z.string().min(1).max(500), ...clientSettings }).strict(),
      z
        .object({
          kind: z.literal('managed'),
          server: z.enum(['vllm', 'sglang', 'lmdeploy']),
          checkpointPath: z.string().min(1).max(4096),
          extraArgs: z.array(z.string().max(2000)).max(100).default([]),
          readyTimeoutSeconds: z.number().positive().max(86_400).optional(),
          ...clientSettings,
        })
        .strict(),
      slurmBackendInput,
      z
        .object({
          kind: z.literal('onnx'),
          modelDir: z.string().min(1).max(4096),
          device: z.enum(['auto', 'cuda', 'cpu']).default('auto'),
          dtype: z.enum(['fp32', 'fp16', 'int8', 'uint8', 'q8', 'q4', 'q4f16', 'bnb4']).default('fp32'),
        })
        .strict(),
    ]),
    /** Omitted: the seed's unified system prompt, `{question}\n{choices}`, instruction in the system message. */
    prompt: z
      .object({ systemPrompt: z.string().max(100_000), userTemplate: z.string().min(1).max(100_000), instructionPlacement: z.enum(['system', 'user']) })
      .strict()
      .optional(),
    sampling: z
      .object({
        temperature: z.number().min(EVALUATION_LIMITS.temperature.min).max(EVALUATION_LIMITS.temperature.max).default(0),
        topP: z.number().gt(EVALUATION_LIMITS.topP.above).max(EVALUATION_LIMITS.topP.max).default(1),
        maxTokens: z.number().int().min(EVALUATION_LIMITS.maxTokens.min).max(EVALUATION_LIMITS.maxTokens.max).default(2048),
        stop: z.array(z.string().min(1).max(500)).max(16).optional(),
      })
      .strict()
      .default({ temperature: 0, topP: 1, maxTokens: 2048 }),
    samplesPerQuestion: z.number().int().min(EVALUATION_LIMITS.samplesPerQuestion.min).max(EVALUATION_LIMITS.samplesPerQuestion.max).default(1),
    concurrency: z.number().int().min(EVALUATION_LIMITS.concurrency.min).max(EVALUATION_LIMITS.concurrency.max).default(32),
    limit: z.number().int().min(1).optional(),
    /** Ask again only the answers that failed earlier in this run. */
    retryFailedOnly: z.boolean().default(false),
  })
  .strict();

/** Input schema of every API method, keyed by method name. */
export const apiInputs = {
  health: z.object({}).strict(),
  overview: z.object({}).strict(),
  listRuns: z.object({}).strict(),
  explore: z
    .object({
      query: z.string().max(2000).default(''),
      sort: z.object({ field: z.enum(EXPLORER_SORT_FIELDS), direction: z.enum(['asc', 'desc']) }).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  getPrediction: z.object({ predictionId: id }).strict(),
  labelTaxonomy: z.object({}).strict(),
  addAnnotation: z
    .object({
      predictionId: id,
      label: z.string().min(1).max(64),
      note: z.string().max(10_000).default(''),
      author: z.string().min(1).max(200).optional(),
    })
    .strict(),
  listJobs: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
  cancelJob: z.object({ jobId: id }).strict(),
  listSavedFilters: z.object({}).strict(),
  saveFilter: z.object({ name: z.string().trim().min(1).max(120), query: z.string().max(2000) }).strict(),
  deleteSavedFilter: z.object({ id }).strict(),
  saveLabel: z
    .object({
      key: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _, starting with a letter'),
      name: z.string().trim().min(1).max(80),
      hotkey: z.string().regex(/^[1-9]$/, 'one digit, 1 to 9'),
      description: z.string().max(500).default(''),
    })
    .strict(),
  deleteLabel: z.object({ key: z.string().min(1).max(64) }).strict(),
  deleteAnnotation: z.object({ annotationId: id }).strict(),
  jobLog: z.object({ jobId: id, limit: z.number().int().min(1).max(5000).default(500) }).strict(),
  liveAnswer: z.object({ jobId: id }).strict(),
  startEvaluation: startEvaluationInput,
  startRegrade: z
    .object({
      runIds: z.array(id).min(1).max(10_000),
      scorer: z.enum(SCORER_CHOICES).default('auto'),
    })
    .strict(),
  ...analysisInputs,
  ...exportInputs,
  ...importInputs,
  ...checkpointInputs,
} as const satisfies Record<ApiMethod, z.ZodType>;

// Every schema belongs to a listed method (the `satisfies` above checks the other direction).
type ExtraSchemas = Exclude<keyof typeof apiInputs, ApiMethod>;
const noExtraSchemas: [ExtraSchemas] extends [never] ? true : never = true;
void noExtraSchemas;

export const API_METHODS: readonly ApiMethod[] = API_METHOD_NAMES;
/** What a caller passes (defaults may be omitted). */
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
/** What a handler receives (defaults filled in). */
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

/** The interface the renderer programs against, whichever transport carries it. */
export type WorkbenchApi = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutputs[M]>;
} & {
  /** Subscribes to core events (job progress, data changes); returns the unsubscribe function. */
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
  /** A URL the renderer may put in an <img src> for a stored image. */
  imageUrl(sha256: string): string;
  /** The absolute path of a file dropped on the window; only the desktop app can know it. */
  pathForFile?(file: File): string;
  /** Desktop app only: the core process's state when it stops, is restarted, or is given up on. */
  onHostState?(listener: (state: HostState) => void): () => void;
  /** Desktop app only: files chosen in a native open dialog (the only paths an import may name). */
  pickImportPaths?(): Promise<string[]>;
  /** Desktop app only: a file or folder chosen in a native save dialog for an export. */
  pickExportPath?(suggestedName: string): Promise<string | null>;
};

