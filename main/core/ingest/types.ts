import type { ScorerName } from '../grading';
import { FORMAT_NAMES, MAP_TARGETS } from '../types/ingest';

export { FORMAT_NAMES, MAP_TARGETS };
/** Formats the importer understands; `sniffFormat` picks one, `--format` overrides it. */
export type FormatName = (typeof FORMAT_NAMES)[number];

export type ImportKind = 'benchmark' | 'predictions';

/** The fields `--map TARGET=SOURCE` can fill. */
export type MapTarget = (typeof MAP_TARGETS)[number];

export interface ImportOptions {
  format?: FormatName;
  kind?: ImportKind;
  benchmark?: string;
  checkpoint?: string;
  /** Training step of the checkpoint(s) the files hold, where the file does not say. */
  step?: number;
  /** Lineage (base model + training run) of the checkpoint(s); inferred from the names when left out. */
  lineage?: string;
  /** TARGET -> SOURCE (dotted path), from `--map`. */
  map?: Partial<Record<MapTarget, string>>;
  /** Extra folder where relative image paths are looked up (after the file's own folder). */
  images?: string;
  /** Re-import a file imported before, and replace earlier imported runs of the same checkpoint and benchmark. */
  replace?: boolean;
}

/** A question as a source file gives it, before it is stored. */
export interface SampleRecord {
  externalId: string;
  question: string;
  choices: Record<string, string> | null;
  /** The gold answer; several acceptable answers are a JSON array text (as the store keeps them). */
  answer: string;
  answerType: ScorerName | null;
  category: string | null;
  skills?: string[];
  metadata: Record<string, unknown>;
  images: ImageSource[];
}

/** An image as a source refers to it. */
export type ImageSource =
  | { kind: 'bytes'; bytes: Buffer }
  /** Base64 text or a data URL; decoded (and checked) when staged. */
  | { kind: 'base64'; text: string }
  /** A path as written in the file (resolved against the file's folder, then --images). */
  | { kind: 'path'; path: string }
  /** VLMEvalKit: a short `image` cell naming the row whose image this row shares. */
  | { kind: 'row'; index: string };

export interface OfficialVerdict {
  correct: boolean | null;
  extracted?: string | null;
}

export interface BenchmarkName {
  name: string;
  description?: string;
}

export interface CheckpointName {
  name: string;
  step?: number | null;
  baseModel?: string;
}

/** Tokens and time an answer took, as the file recorded them. */
export interface PredictionUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
}

/**
 * What a format reader yields, in file order. A reader opens a run (or a benchmark) and then
 * streams its samples and predictions; the writer stages, grades and counts them.
 */
export type IngestEvent =
  | { type: 'benchmark'; benchmark: BenchmarkName }
  /** `tool`: the tool whose own format a generic file is (a preset's), named in the run's backend `import:<tool>`. */
  | { type: 'run'; benchmark: BenchmarkName; checkpoint: CheckpointName; part?: string; config?: Record<string, unknown>; tool?: string }
  | { type: 'sample'; sample: SampleRecord; at: string }
  | {
      type: 'prediction';
      /** The sample, as the prediction file gives it, or only its id (joined to the benchmark). */
      sample: SampleRecord | { externalId: string };
      output: string;
      official?: OfficialVerdict;
      /** The official verdict computed from the joined sample, for files that keep none (MMMU). */
      officialRule?: (gold: { answer: string; answerType: string | null }) => OfficialVerdict;
      sampleIndex?: number;
      /** What the file says the answer cost, where it says (lmms-eval's `token_counts`). */
      usage?: PredictionUsage;
      at: string;
    }
  | { type: 'metrics'; experiment: string; step: number; values: Record<string, number>; checkpoint?: CheckpointName }
  | { type: 'reported'; metric: string; value: number; correct?: number | null; total?: number | null; source: string }
  | { type: 'warning'; message: string };

export interface RunReport {
  runId: number;
  checkpoint: string;
  step: number | null;
  benchmark: string;
  source: string;
  predictions: number;
  correct: number;
  accuracy: number | null;
  officialN: number;
  officialCorrect: number;
  officialAccuracy: number | null;
  agreement: number | null;
  /** What the file's own summary says (e.g. VLMEvalKit _acc.csv), when one was found. */
  reported: Array<{ metric: string; value: number; correct: number | null; total: number | null; source: string }>;
}

export interface FileReport {
  path: string;
  format: FormatName;
  kind: string;
  sha256: string;
  status: 'imported' | 'already imported' | 'replaced';
  /** Names read from the file (or given), reported so a wrong guess is seen at once. */
  benchmark: string | null;
  checkpoint: string | null;
  runIds: number[];
}

export interface ImportSummary {
  files: FileReport[];
  runs: RunReport[];
  samples: number;
  predictions: number;
  images: { stored: number; missing: number };
  officialVerdicts: number;
  metrics: number;
  warnings: string[];
  /** What a folder import left out on purpose and why (older launches, pickles, raw files read through their judged file). */
  notes?: string[];
  /** Outputs in the workspace that search cannot match yet: a large import's are indexed by a pass of their own (store/search-backlog.ts). */
  unindexedOutputs?: number;
}

/** What staging one file produced (the staging writer's account of it). */
export interface FileOutcome {
  /** Staged runs the file made (or, for a summary file, describes). */
  runIds: number[];
  /** Runs already in the workspace that a summary file describes. */
  workspaceRunIds: number[];
  benchmark: string | null;
  checkpoint: string | null;
  kind: 'benchmark' | 'predictions' | 'metrics' | 'reported';
}
