/**
 * The names of the WorkbenchApi methods, with no dependencies, so the sandboxed preload can
 * expose exactly these (and nothing else) without bundling the validation library.
 */
/** Analysis: paired statistics, stage progression, perception-error attribution (main/core/analysis/). */
export const ANALYSIS_METHODS = [
  'compareCheckpoints',
  'stageProgression',
  'suiteAverages',
  'traceStats',
  'passAtK',
  'learningDynamics',
  'labelBreakdown',
  'attributionSummary',
  'startAttribution',
  'judgeAgreement',
  'listAttributionRuns',
  'listJudgePrompts',
  'saveJudgePrompt',
] as const;

/** Failure sets and their export (main/core/export/). */
export const EXPORT_METHODS = ['createFailureSet', 'listFailureSets', 'getFailureSet', 'updateFailureSet', 'refreshFailureSet', 'deleteFailureSet', 'startExport'] as const;

/** Importing result files and benchmarks as a job (main/core/ingest/). */
export const IMPORT_METHODS = ['importFiles'] as const;

/** Every method; each feature's own (above) are answered by its handlers, loaded on first use. */
export const API_METHOD_NAMES = [
  'health',
  'overview',
  'listRuns',
  'explore',
  'getPrediction',
  'labelTaxonomy',
  'addAnnotation',
  'listJobs',
  'cancelJob',
  // The research UI: saved filters, taxonomy editing, undoing a label, job logs.
  'listSavedFilters',
  'saveFilter',
  'deleteSavedFilter',
  'saveLabel',
  'deleteLabel',
  'deleteAnnotation',
  'jobLog',
  // The answer a running evaluation is writing (the live trace view).
  'liveAnswer',
  // Evaluations started from the UI's form (the CLI's `eval` runs the same code).
  'startEvaluation',
  // Grading stored answers again (the CLI's `regrade`).
  'startRegrade',
  ...ANALYSIS_METHODS,
  ...EXPORT_METHODS,
  ...IMPORT_METHODS,
  // The workspace's checkpoint order and lineages (main/core/checkpoints/).
  'setCheckpointOrder',
  'setCheckpointLineage',
] as const;

export type ApiMethod = (typeof API_METHOD_NAMES)[number];

/** IPC channel of a method; the preload and main derive channels only through this. */
export const ipcChannel = (method: ApiMethod): string => `workbench:${method}`;
export const IPC_EVENT_CHANNEL = 'workbench:event';
/** Desktop app: the core process's state after it stopped (main → renderer). */
export const IPC_HOST_CHANNEL = 'workbench:host-state';
/** Desktop app: native dialogs whose choices are the only file paths main lets through. */
export const IPC_PICK_IMPORT_CHANNEL = 'workbench:pick-import';
export const IPC_PICK_EXPORT_CHANNEL = 'workbench:pick-export';
/** Desktop app: the preload reports a dropped file's path (from Electron, not the page). */
export const IPC_GRANT_DROP_CHANNEL = 'workbench:grant-drop';
/** Scheme the Electron shell serves stored images on (the HTTP transport uses /api/images). */
export const IMAGE_SCHEME = 'vlm-image';
