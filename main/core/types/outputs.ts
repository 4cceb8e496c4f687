/**
 * What each WorkbenchApi method resolves to, keyed by method name. Types only; each feature
 * declares its own part (types/analysis.ts, types/export.ts, types/ingest.ts).
 */
import type { AnalysisOutputs } from './analysis';
import type { CheckpointOutputs } from './checkpoints';
import type { ExportOutputs } from './export';
import type { ImportOutputs } from './ingest';
import type {
  AnnotationRecord,
  EvaluationStarted,
  ExplorerPage,
  HealthInfo,
  JobInfo,
  JobLogLine,
  LabelDefinition,
  LiveAnswer,
  Overview,
  PredictionDetail,
  RunSummary,
  SavedFilter,
} from './records';

/** What each method resolves to (each feature declares its part in types/). */
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
  /** A job and, while it is writing one, the answer it is writing (null otherwise). */
  liveAnswer: { job: JobInfo; answer: LiveAnswer | null };
  startEvaluation: EvaluationStarted;
  /** The started re-grade job; it runs on and reports progress as job events. */
  startRegrade: JobInfo;
}

