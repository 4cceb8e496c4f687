/**
 * The analysis records (paired comparisons, progression, suites, trace statistics, attribution):
 * plain types and constant lists with no imports; analysis/api-contract.ts owns the schemas.
 */
export const ATTRIBUTION_SOURCES = ['manual', 'judge', 'counterfactual'] as const;
export type AttributionSourceKind = (typeof ATTRIBUTION_SOURCES)[number];

/**
 * A bootstrap's size and seed, as compareCheckpoints and suiteAverages take them (their schemas in
 * analysis/api-contract.ts) and `compare --replicates/--seed` checks them.
 */
export const BOOTSTRAP_LIMITS = { replicates: { min: 100, max: 100_000, default: 2000 }, seed: { min: 0, max: 2 ** 31, default: 20250601 } } as const;

export const DYNAMICS_STATUSES = ['always-correct', 'learned', 'forgotten', 'never-learned', 'unknown'] as const;

/** A proportion with its Wilson 95% interval. */
export interface Share {
  count: number;
  n: number;
  share: number | null;
  ci: [number, number] | null;
}

export interface CheckpointPoint {
  checkpoint: string;
  stage: string;
  step: number | null;
  /** The lineage it belongs to (main/core/lineage.ts); set where the analysis connects checkpoints. */
  lineage?: string;
}

export interface FlipStats {
  /** Samples both checkpoints answered (first answer each) and that were graded in both. */
  n: number;
  aCorrect: number;
  bCorrect: number;
  aAccuracy: number | null;
  bAccuracy: number | null;
  bothRight: number;
  bothWrong: number;
  aRightBWrong: number;
  aWrongBRight: number;
  /** Exact two-sided McNemar p-value on the discordant pairs. */
  mcnemarP: number;
  /** b minus a accuracy on the paired samples. */
  diff: number | null;
  /** Paired bootstrap 95% interval of diff (seeded). */
  diffCi: [number, number] | null;
}

export interface FlipPairRef {
  sampleId: number;
  externalId: string;
  aPredictionId: number;
  bPredictionId: number;
}

export interface BenchmarkComparison extends FlipStats {
  benchmark: string;
  runA: number;
  runB: number;
  /** Explorer queries listing B's predictions behind each discordant cell. */
  queries: { aRightBWrong: string; aWrongBRight: string };
  /**
   * The two runs' official figures, where either run has one (an imported run): the accuracies
   * above are ours, and `differs` says when either run's differs from its official figure.
   */
  official?: { a: number | null; b: number | null; differs: boolean };
  ids?: { aRightBWrong: FlipPairRef[]; aWrongBRight: FlipPairRef[] };
}

export interface CheckpointComparison {
  a: CheckpointPoint;
  b: CheckpointPoint;
  benchmarks: BenchmarkComparison[];
  /** Pooled over the benchmarks; the interval resamples within each benchmark. */
  overall: FlipStats;
  /** Benchmarks only one of the two checkpoints was evaluated on. */
  unpaired: string[];
  replicates: number;
  seed: number;
}

export interface AccuracyPoint extends CheckpointPoint {
  runId: number;
  n: number;
  correct: number;
  accuracy: number | null;
  ci: [number, number] | null;
}

export interface StageProgression {
  checkpoints: CheckpointPoint[];
  /** Every lineage with an evaluated checkpoint, in checkpoint order. */
  lineages: string[];
  benchmarks: Array<{ benchmark: string; canonical: string | null; points: AccuracyPoint[] }>;
}

export interface SuiteMemberResult {
  /** The suite's name for the benchmark. */
  benchmark: string;
  /** The workspace's benchmark that stands for it (an alias may be stored). */
  workspaceBenchmark: string;
  runId: number;
  n: number;
  correct: number;
  accuracy: number | null;
  ci: [number, number] | null;
}

export interface SuiteAverage extends CheckpointPoint {
  /** Macro average over the suite members this checkpoint was evaluated on. */
  average: number | null;
  /** Bootstrap 95% interval of the average, resampling samples within each benchmark. */
  ci: [number, number] | null;
  complete: boolean;
  missing: string[];
  benchmarks: SuiteMemberResult[];
}

export interface SuiteAverages {
  suite: string;
  members: string[];
  checkpoints: SuiteAverage[];
  replicates: number;
  seed: number;
}

export interface ThinkLengthBin {
  fromChars: number;
  /** Exclusive; null for the last, open bin. */
  toChars: number | null;
  n: number;
  correct: number;
  accuracy: number | null;
}

export interface TraceStatsRow extends CheckpointPoint {
  /** null: every benchmark of the checkpoint together. */
  benchmark: string | null;
  predictions: number;
  errors: number;
  graded: number;
  correct: number;
  accuracy: number | null;
  formatCompliance: Share;
  /** Graded answers from which no answer could be extracted. */
  extractionFailures: Share;
  /** Answers cut off at the token limit (finish_reason 'length'). */
  truncations: Share;
  meanThinkChars: { correct: number | null; incorrect: number | null };
  thinkLengthBins: ThinkLengthBin[];
}

export interface PassAtKRow extends CheckpointPoint {
  benchmark: string;
  runId: number;
  samplesPerQuestion: number;
  /** Questions with at least one graded answer. */
  samples: number;
  passAtK: Array<{ k: number; value: number | null }>;
  /** Mean share of a question's answers equal to its majority answer. */
  consistency: number | null;
  /** Accuracy of the majority answer (maj@k). */
  majorityAccuracy: number | null;
}

export interface SampleTrajectory {
  sampleId: number;
  externalId: string;
  benchmark: string;
  outcomes: Array<boolean | null>;
  /** The checkpoint from which the sample stays correct, or null. */
  stableFrom: string | null;
  forgettingEvents: number;
  status: (typeof DYNAMICS_STATUSES)[number];
}

export interface LearningDynamics {
  checkpoints: CheckpointPoint[];
  /** The lineage the series follows (null for an explicit list of checkpoints), and every lineage evaluated on the benchmark. */
  lineage: string | null;
  lineages: string[];
  totals: Record<(typeof DYNAMICS_STATUSES)[number], number> & { samples: number; forgettingEvents: number; samplesWithForgetting: number };
  /** Samples learned for good at each checkpoint (stable from there to the end). */
  learnedAt: Array<{ checkpoint: string; count: number }>;
  forgettingByTransition: Array<{ from: string; to: string; count: number }>;
  /** The samples (filtered by status, paged) with their verdict at every checkpoint. */
  samples: SampleTrajectory[];
  matching: number;
}

export interface LabelBreakdownRow extends CheckpointPoint {
  benchmark: string;
  source: string;
  sourceKind: AttributionSourceKind | string;
  label: string;
  count: number;
  /** Share of this source's labelled failures on this checkpoint and benchmark. */
  share: number;
  labelled: number;
  failures: number;
}

export interface AttributionShareRow {
  source: string;
  sourceKind: AttributionSourceKind | string;
  /** Failed first answers in scope. */
  failures: number;
  /** Of which this source labelled. */
  labelled: number;
  perception: Share;
  reasoning: Share;
  /** Attempts of this source that ended in an error (judge output that could not be read). */
  errors: number;
}

export interface AttributionSummary {
  checkpoints: Array<CheckpointPoint & AttributionShareRow>;
  stages: Array<{ stage: string } & AttributionShareRow>;
}

export interface AttributionRunInfo {
  id: number;
  method: 'judge' | 'counterfactual';
  checkpoint: string;
  benchmark: string | null;
  /** The label source as summaries name it. */
  source: string;
  judgeModel: string | null;
  judgePrompt: { name: string; version: number } | null;
  captionSource: string | null;
  jobId: number | null;
  items: number;
  labelled: number;
  errors: number;
  createdAt: string;
}

export interface JudgeAgreement {
  a: string;
  b: string;
  /** Failed predictions both sources labelled. */
  n: number;
  categories: string[];
  /** Rows: source a's label; columns: source b's label. */
  matrix: number[][];
  kappa: number | null;
  observedAgreement: number | null;
  /** The same, collapsed to perception against everything else. */
  perception: { matrix: [[number, number], [number, number]]; kappa: number | null; observedAgreement: number | null };
}

export interface JudgePromptInfo {
  id: number;
  name: string;
  version: number;
  systemPrompt: string;
  userTemplate: string;
  createdAt: string;
}

export interface AnalysisOutputs {
  compareCheckpoints: CheckpointComparison;
  stageProgression: StageProgression;
  suiteAverages: SuiteAverages;
  traceStats: TraceStatsRow[];
  passAtK: PassAtKRow[];
  learningDynamics: LearningDynamics;
  labelBreakdown: LabelBreakdownRow[];
  attributionSummary: AttributionSummary;
  /** The pass started (its job is running; follow it with job events). */
  startAttribution: { attributionRunId: number; jobId: number };
  judgeAgreement: JudgeAgreement;
  listAttributionRuns: AttributionRunInfo[];
  listJudgePrompts: JudgePromptInfo[];
  saveJudgePrompt: JudgePromptInfo;
}
