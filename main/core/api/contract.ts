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

export { API_METHOD_NAMES, type ApiMethod };

const id = z.number().int().positive();

export const EXPLORER_SORT_FIELDS = ['id', 'benchmark', 'checkpoint', 'correct', 'thinkChars', 'latencyMs', 'extracted', 'category'] as const;
export type ExplorerSortField = (typeof EXPLORER_SORT_FIELDS)[number];

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
  total: number;
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

export type JobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

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

/** What each method resolves to. */
export interface ApiOutputs {
  health: HealthInfo;
  overview: Overview;
  listRuns: RunSummary[];
  explore: ExplorerPage;
  getPrediction: PredictionDetail;
  labelTaxonomy: LabelDefinition[];
  addAnnotation: AnnotationRecord;
  listJobs: JobInfo[];
  cancelJob: JobInfo;
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
};

/** An error the core reports to a caller: a message, and for bad input the offending fields. */
export interface ApiErrorBody {
  error: { message: string; code: 'bad_request' | 'not_found' | 'internal'; issues?: Array<{ path: string; message: string }> };
}
