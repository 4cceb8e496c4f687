/**
 * Failure sets and exports as the core reports them: plain types and constant lists;
 * export/api-contract.ts owns the schemas.
 */
import type { JobInfo } from './records';

/** Export formats: folders for jsonl and easyr1, one file for the others. */
export const EXPORT_FORMATS = ['jsonl', 'zip', 'csv', 'parquet', 'vlmevalkit', 'easyr1'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A failure set: a named snapshot of predictions, made from a filter and/or by hand. */
export interface FailureSetInfo {
  id: number;
  name: string;
  description: string;
  /** The explorer query it was made from ('' for a hand-picked set). */
  filter: string;
  size: number;
  /** Items added by hand (they survive a refresh). */
  manual: number;
  /** Predictions removed by hand (a refresh does not bring them back). */
  excluded: number;
  createdAt: string;
  updatedAt: string;
  refreshedAt: string | null;
}

export interface FailureSetDetail extends FailureSetInfo {
  /** The explorer query that shows this set: set:"NAME". */
  query: string;
  checkpoints: Array<{ checkpoint: string; n: number }>;
  benchmarks: Array<{ benchmark: string; n: number }>;
  labels: Array<{ label: string; n: number }>;
}

/** What re-running a set's filter changed (or would change, for a dry run). */
export interface FailureSetRefresh {
  set: FailureSetInfo;
  added: number;
  removed: number;
  kept: number;
  dryRun: boolean;
}

export interface ExportOutputs {
  createFailureSet: FailureSetInfo;
  listFailureSets: FailureSetInfo[];
  getFailureSet: FailureSetDetail;
  updateFailureSet: FailureSetInfo;
  refreshFailureSet: FailureSetRefresh;
  deleteFailureSet: { deleted: boolean };
  /** The export job as started (follow it with job events); `outPath` is where it writes. */
  startExport: { job: JobInfo; outPath: string };
}

/** The longest failure-set name. */
export const FAILURE_SET_NAME_MAX = 120;

/**
 * Why a failure-set name cannot be used, or null when it can. One rule for the API's schema and
 * the store (and so for the CLI): set names appear in the filter language as set:"NAME", which
 * has no escape for a double quote.
 */
export function failureSetNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'a set name cannot be empty';
  if (trimmed.length > FAILURE_SET_NAME_MAX) return `a set name has at most ${FAILURE_SET_NAME_MAX} characters`;
  if (trimmed.includes('"')) return 'a set name cannot contain a double quote';
  return null;
}
