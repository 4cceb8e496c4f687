/**
 * The import part of the WorkbenchApi contract: `importFiles` starts an import as a job
 * (api/contract.ts composes the schema). FORMAT_NAMES, MAP_TARGETS and the output type live in
 * types/ingest.ts, re-exported here.
 */
import { z } from 'zod';
import { FORMAT_NAMES } from '../types/ingest';

export * from '../types/ingest';

export const importInputs = {
  importFiles: z
    .object({
      /** Absolute paths of files (or folders of files), as a file picker or a drop gives them. */
      paths: z.array(z.string().min(1).max(4096)).min(1).max(1000),
      format: z.enum(FORMAT_NAMES).optional(),
      kind: z.enum(['benchmark', 'predictions']).optional(),
      benchmark: z.string().trim().min(1).max(200).optional(),
      checkpoint: z.string().trim().min(1).max(200).optional(),
      step: z.number().int().min(0).optional(),
      lineage: z.string().trim().min(1).max(500).optional(),
      /** `TARGET=SOURCE` strings, as on the command line (dotted paths reach nested fields). */
      map: z.array(z.string().min(3).max(500)).max(50).optional(),
      images: z.string().min(1).max(4096).optional(),
      replace: z.boolean().optional(),
    })
    .strict(),
} as const;

export type ImportMethod = keyof typeof importInputs;

