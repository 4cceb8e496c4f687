/**
 * The import part of the WorkbenchApi contract: `importFiles` starts an import as a job. Like
 * api/contract.ts (which spreads these in) this file imports nothing but zod and types, because
 * the renderer compiles against it.
 */
import { z } from 'zod';
import type { JobInfo } from '../api/contract';

/** Formats the importer understands (`--format`); sniffed when not given. */
export const FORMAT_NAMES = [
  'vlmevalkit',
  'vlmevalkit-score',
  'lmms-eval',
  'easyr1-metrics',
  'easyr1-generations',
  'mathvista',
  'mathvista-scores',
  'math-v',
  'math-v-result',
  'r1v',
  'mmmu',
  'jsonl',
  'json',
  'csv',
  'tsv',
  'parquet',
  // Our own exports (main/core/export/), read back with their verdicts and labels; sniffed by content.
  'workbench-export',
] as const;

/** The fields `--map TARGET=SOURCE` can fill. */
export const MAP_TARGETS = ['id', 'question', 'choices', 'answer', 'answer_type', 'prediction', 'thinking', 'correct', 'extracted', 'image', 'category', 'model'] as const;

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

export interface ImportOutputs {
  /**
   * The started import job (status `running`). Its progress arrives as job events; when it
   * completes, its `message` is the ImportSummary as JSON, and a `{type: 'changed', what: 'runs'}`
   * event follows. A failed import leaves the workspace unchanged and says why in `message`.
   */
  importFiles: JobInfo;
}
