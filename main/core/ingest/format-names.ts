/**
 * Names the import contract lists, kept free of zod (unlike api-contract.ts, which re-exports
 * them) so that `vlm-workbench --help` and `--version` can show them without loading zod.
 */

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
