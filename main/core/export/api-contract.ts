/**
 * The failure-set and export part of the WorkbenchApi contract: input schemas (api/contract.ts
 * composes them). Output types and EXPORT_FORMATS live in types/export.ts, re-exported here.
 */
import { z } from 'zod';
import { EXPORT_FORMATS, FAILURE_SET_NAME_MAX, failureSetNameProblem } from '../types/export';

export * from '../types/export';

const id = z.number().int().positive();

/** The store applies the same rule (types/export.ts), so the CLI cannot name a set the API refuses. */
export const failureSetName = z
  .string()
  .trim()
  .min(1)
  .max(FAILURE_SET_NAME_MAX)
  .superRefine((name, context) => {
    const problem = failureSetNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

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

