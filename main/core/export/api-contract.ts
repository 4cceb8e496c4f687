/**
 * The failure-set and export part of the WorkbenchApi contract: input schemas and output types.
 * api/contract.ts spreads these into its tables; like that file this one imports nothing but zod
 * (and types), because the renderer compiles against it.
 */
import { z } from 'zod';
import type { JobInfo } from '../api/contract';

const id = z.number().int().positive();

// Kept in a module without zod so the CLI can list them without loading zod.
import { EXPORT_FORMATS } from './formats';

export { EXPORT_FORMATS, type ExportFormat } from './formats';

/** Set names appear in the filter language as set:"NAME", which has no escape for a double quote. */
export const failureSetName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((name) => !name.includes('"'), 'a set name cannot contain a double quote');

export const exportInputs = {
  createFailureSet: z
    .object({
      name: failureSetName,
      description: z.string().max(10_000).default(''),
      /** An explorer query; its matches now become the set's items (a snapshot). */
      query: z.string().max(2000).optional(),
      /** A selection in the explorer: added as hand-picked items. */
      predictionIds: z.array(id).max(100_000).optional(),
    })
    .strict(),
  listFailureSets: z.object({}).strict(),
  getFailureSet: z.object({ id }).strict(),
  updateFailureSet: z
    .object({
      id,
      name: failureSetName.optional(),
      description: z.string().max(10_000).optional(),
      /** A new filter; the items change only when the set is refreshed. */
      query: z.string().max(2000).optional(),
      add: z.array(id).max(100_000).default([]),
      remove: z.array(id).max(100_000).default([]),
    })
    .strict(),
  refreshFailureSet: z.object({ id, dryRun: z.boolean().default(false) }).strict(),
  deleteFailureSet: z.object({ id }).strict(),
  startExport: z
    .object({
      setId: id.optional(),
      query: z.string().max(2000).optional(),
      format: z.enum(EXPORT_FORMATS),
      /** Absolute path of the file (the folder for jsonl and easyr1). Omitted: exports/ beside the workspace. */
      outPath: z.string().min(1).max(4096).optional(),
      overwrite: z.boolean().default(false),
    })
    .strict()
    .refine((input) => (input.setId === undefined) !== (input.query === undefined), { message: 'give either setId or query', path: ['setId'] }),
} as const;

export type ExportMethod = keyof typeof exportInputs;

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
