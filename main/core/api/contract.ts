/**
 * The one contract between the renderer and the core. It is implemented once (api/handlers.ts)
 * and carried two ways: Electron IPC (preload) and HTTP (transport/http-server.ts). This file
 * must stay free of Node imports: the renderer compiles against it.
 *
 * Every method takes one input object, validated with zod at the boundary of both transports,
 * because the renderer shows untrusted model output and is treated as untrusted itself.
 */
import { z } from 'zod';
import { API_METHOD_NAMES, type ApiMethod } from './methods';
import { analysisInputs, type AnalysisOutputs } from '../analysis/api-contract';
import { exportInputs, type ExportOutputs } from '../export/api-contract';
import { importInputs, type ImportOutputs } from '../ingest/api-contract';
import { checkpointInputs, type CheckpointOutputs } from '../checkpoints/api-contract';

export { API_METHOD_NAMES, type ApiMethod };

const id = z.number().int().positive();

export const EXPLORER_SORT_FIELDS = ['id', 'benchmark', 'checkpoint', 'correct', 'thinkChars', 'latencyMs', 'extracted', 'category'] as const;
export type ExplorerSortField = (typeof EXPLORER_SORT_FIELDS)[number];

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
      z.object({ kind: z.literal('onnx'), modelDir: z.string().min(1).max(4096), device: z.enum(['auto', 'cuda', 'cpu']).default('auto') }).strict(),
    ]),
    /** Omitted: the seed's unified system prompt, `{question}\n{choices}`, instruction in the system message. */
    prompt: z
      .object({ systemPrompt: z.string().max(100_000), userTemplate: z.string().min(1).max(100_000), instructionPlacement: z.enum(['system', 'user']) })
      .strict()
      .optional(),
    sampling: z
      .object({
        temperature: z.number().min(0).max(10).default(0),
        topP: z.number().gt(0).max(1).default(1),
        maxTokens: z.number().int().min(1).max(1_000_000).default(2048),
        stop: z.array(z.string().min(1).max(500)).max(16).optional(),
      })
      .strict()
      .default({ temperature: 0, topP: 1, maxTokens: 2048 }),
    samplesPerQuestion: z.number().int().min(1).max(1000).default(1),
    concurrency: z.number().int().min(1).max(1024).default(32),
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
  startEvaluation: startEvaluationInput,
  startRegrade: z
    .object({
      runIds: z.array(id).min(1).max(10_000),
      scorer: z.enum(['auto', 'mcq', 'yesno', 'numeric', 'math', 'relaxed', 'vqa', 'text']).default('auto'),
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

export interface HealthInfo {
  ok: true;
  version: string;
  workspace: string;
}

export interface CheckpointInfo {
  id: number;
  name: string;
  baseModel: string;
  stage: string;
  step: number | null;
  simulated: boolean;
  /** The training line it belongs to (base model + run): set by the researcher, else inferred (main/core/lineage.ts). */
  lineage: string;
  lineageSet: boolean;
  /** A position the researcher set; null: stage, step and name decide (store/checkpoint-order.ts). */
  orderRank: number | null;
}

export interface BenchmarkInfo {
  id: number;
  name: string;
  simulated: boolean;
  samples: number;
}

export interface RunSummary {
  runId: number;
  checkpointId: number;
  checkpoint: string;
  stage: string;
  step: number | null;
  benchmarkId: number;
  benchmark: string;
  backend: string;
  status: string;
  simulated: boolean;
  /** Graded predictions (errors and ungraded answers are not counted). */
  n: number;
  correct: number;
  accuracy: number | null;
  /** Wilson 95% interval of the accuracy. */
  ci: [number, number] | null;
  errors: number;
  officialN: number;
  officialCorrect: number;
  officialAccuracy: number | null;
  /** Share of predictions where our verdict equals the official one. */
  agreement: number | null;
}

export interface Overview {
  checkpoints: CheckpointInfo[];
  benchmarks: BenchmarkInfo[];
  runs: RunSummary[];
}

export interface ExplorerRow {
  predictionId: number;
  runId: number;
  sampleId: number;
  externalId: string;
  benchmark: string;
  checkpoint: string;
  question: string;
  gold: string;
  extracted: string | null;
  correct: boolean | null;
  officialCorrect: boolean | null;
  formatOk: boolean | null;
  thinkChars: number;
  latencyMs: number | null;
  finishReason: string | null;
  category: string | null;
  labels: string[];
  error: string | null;
}

export interface ExplorerPage {
  rows: ExplorerRow[];
  /** How many predictions match: exact, or an estimate where counting them would be slow (`totalExact` false). */
  total: number;
  totalExact: boolean;
  offset: number;
  limit: number;
}

export interface GradeRecord {
  scorer: string;
  graderVersion: string;
  correct: boolean;
  score: number;
  extracted: string | null;
  reason: string;
  createdAt: string;
}

export interface AnnotationRecord {
  id: number;
  predictionId: number;
  label: string;
  note: string;
  source: string;
  author: string;
  createdAt: string;
}

export interface PredictionDetail extends ExplorerRow {
  choices: Record<string, string> | null;
  answerType: string | null;
  images: Array<{ sha256: string | null; missing: string | null }>;
  rawOutput: string;
  think: string | null;
  answerPart: string;
  officialExtracted: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  sampleIndex: number;
  stage: string;
  step: number | null;
  simulated: boolean;
  grades: GradeRecord[];
  annotations: AnnotationRecord[];
}

export interface LabelDefinition {
  key: string;
  name: string;
  hotkey: string;
  description: string;
}

export interface SavedFilter {
  id: number;
  name: string;
  query: string;
  createdAt: string;
  updatedAt: string;
}

export interface JobLogLine {
  at: string;
  line: string;
}

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** An evaluation job just started: follow it with `job` events, cancel it with cancelJob. */
export interface EvaluationStarted {
  runId: number;
  jobId: number;
  /** True when an earlier run with the same checkpoint, benchmark, prompt and sampling goes on. */
  resumed: boolean;
  job: JobInfo;
}

export interface JobInfo {
  id: number;
  kind: string;
  title: string;
  status: JobStatus;
  done: number;
  total: number;
  errors: number;
  message: string;
  /** Items per second since the job started, and the estimated seconds left. */
  rate: number | null;
  etaSeconds: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** What each method resolves to (the analysis methods' outputs are declared in analysis/api-contract.ts). */
export interface ApiOutputs extends AnalysisOutputs, ExportOutputs, ImportOutputs, CheckpointOutputs {
  health: HealthInfo;
  overview: Overview;
  listRuns: RunSummary[];
  explore: ExplorerPage;
  getPrediction: PredictionDetail;
  labelTaxonomy: LabelDefinition[];
  addAnnotation: AnnotationRecord;
  listJobs: JobInfo[];
  cancelJob: JobInfo;
  listSavedFilters: SavedFilter[];
  saveFilter: SavedFilter;
  deleteSavedFilter: { deleted: boolean };
  saveLabel: LabelDefinition[];
  deleteLabel: LabelDefinition[];
  deleteAnnotation: { deleted: boolean };
  /** The job's last log lines, oldest first. */
  jobLog: JobLogLine[];
  startEvaluation: EvaluationStarted;
  /** The started re-grade job; it runs on and reports progress as job events. */
  startRegrade: JobInfo;
}

export type WorkbenchEvent = { type: 'job'; job: JobInfo } | { type: 'changed'; what: 'runs' | 'annotations' };

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
  /** The desktop app's save dialog: where to write an export (null when cancelled). */
  chooseSavePath?(suggestedName: string): Promise<string | null>;
};

/** An error the core reports to a caller: a message, and for bad input the offending fields. */
export interface ApiErrorBody {
  error: { message: string; code: 'bad_request' | 'not_found' | 'internal'; issues?: Array<{ path: string; message: string }> };
}
