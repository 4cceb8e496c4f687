/** Export formats: folders for jsonl and easyr1, one file for the others. (No zod here: the CLI lists them at start-up.) */
export const EXPORT_FORMATS = ['jsonl', 'zip', 'csv', 'parquet', 'vlmevalkit', 'easyr1'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
