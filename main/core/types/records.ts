/**
 * The records the core hands out (runs, explorer rows, traces, labels, jobs): plain data types
 * and constant lists with no imports at all, so every layer (store, jobs, eval, the renderer)
 * can name them without depending on the validation library or on each other.
 */
/** The scorers a re-grade (`startRegrade`, `regrade --scorer`) and `grade --scorer` may ask for; `auto` picks one per sample. */
export const SCORER_CHOICES = ['auto', 'mcq', 'yesno', 'numeric', 'math', 'relaxed', 'vqa', 'text', 'grounding'] as const;

export const EXPLORER_SORT_FIELDS = ['id', 'benchmark', 'checkpoint', 'correct', 'thinkChars', 'latencyMs', 'extracted', 'category'] as const;
export type ExplorerSortField = (typeof EXPLORER_SORT_FIELDS)[number];

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
  /** Ours beside the official figure and the rule behind each (main/core/official-figure.ts). */
  provenance: RunProvenance;
}

/** The official figure of a run: the tool's summary, the rule applied by us, or the file's verdicts. */
export interface OfficialFigure {
  /** A fraction, 0..1. */
  value: number;
  /** Where it comes from: a summary file's name, a rule we applied, or the file's per-sample verdicts. */
  source: string;
  metric: string;
  rule: string;
}

/** `RunProvenance.officialRule` of an imported run whose benchmark has no official rule ported. */
export const NO_OFFICIAL_RULE = 'no official rule implemented';
/** Ends `officialRule` of an imported run whose file holds none of what its official figure comes from (MathVerse before its judge ran). */
export const NOT_IN_FILE = ' — not in this file (no per-sample verdicts or summary)';

/** The key in a run's config that says it was created by reading back an export: it holds that export's predictions only. */
export const EXPORTED_SUBSET = 'exported_subset';

export interface RunProvenance {
  /** Imported from a result file (an official figure is expected), not evaluated here. */
  imported: boolean;
  oursRule: string;
  official: OfficialFigure | null;
  /** The official rule in words, or "no official rule implemented". */
  officialRule: string;
  /** Ours and official more than 0.5 points apart; null when there is no official figure. */
  differs: boolean | null;
  /**
   * Ours as compared with the official figure where that is not our accuracy: our accuracy over the
   * samples the official verdicts cover (where they cover only some), or our mean score where the
   * official figure is a mean score (TextVQA's). What `differs` compares.
   */
  oursCompared?: number;
  /** Other things a reader must know (verdicts that do not add up to the summary, non-accuracy figures). */
  notes: string[];
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
  /** Where nothing matches: the filter's names that name nothing in the workspace, with what may have been meant. */
  hints?: string[];
  /** With words to search: outputs a large import added that the full-text index does not hold yet (being indexed), so the search could not match them. */
  unindexedOutputs?: number;
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
  /** One of the prediction's current labels: its author's newest, and a person's over a machine pass's (what `label:` matches). */
  current: boolean;
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
  /** Ours beside the official figure of the whole run (the trace view says when they differ). */
  runProvenance?: RunProvenance | null;
  /** Our accuracy over the whole run, said beside its official figure. */
  runAccuracy?: number | null;
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

export type WorkbenchEvent =
  | { type: 'job'; job: JobInfo }
  | { type: 'changed'; what: 'runs' | 'annotations' | 'search' }
  /**
   * The answer an evaluation job is writing, so far (backends that stream: onnx): `text` is all of
   * it up to LIVE_TEXT_LIMIT characters (then its end), `length` the characters written in all.
   */
  | { type: 'partial'; jobId: number; runId: number; sampleId: number; sampleIndex: number; text: string; length: number; think: ThinkSpan | null };

/** Where the think part lies in a response: [start, end) offsets, and whether it was closed yet. */
export interface ThinkSpan {
  start: number;
  end: number;
  closed: boolean;
  /** Where the text after </think> starts (`end` while unclosed). */
  postStart: number;
}

/** The most of a streaming answer one event or live view carries; a runaway answer shows its end. */
export const LIVE_TEXT_LIMIT = 100_000;

/** The answer a running evaluation is writing now, with the question it answers (the live trace view). */
export interface LiveAnswer {
  runId: number;
  sampleId: number;
  sampleIndex: number;
  externalId: string;
  benchmark: string;
  checkpoint: string;
  question: string;
  choices: Record<string, string> | null;
  images: Array<{ sha256: string | null; missing: string | null }>;
  text: string;
  length: number;
  think: ThinkSpan | null;
}

/** The desktop app's core process: running, being restarted after it stopped, or given up on. */
export interface HostState {
  state: 'restarting' | 'running' | 'failed';
  message: string;
}

/** An error the core reports to a caller: a message, and for bad input the offending fields. */
export interface ApiErrorBody {
  error: { message: string; code: 'bad_request' | 'not_found' | 'internal'; issues?: Array<{ path: string; message: string }> };
}
