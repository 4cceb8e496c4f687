/**
 * The manifest that travels with every export: what the set is, where its records came from,
 * which grader judged them, which labels exist and who gave them. Read-back uses it to restore
 * runs and checkpoints exactly (names, stages, steps, configs) and the label taxonomy.
 */
import type { ExportFormat } from './api-contract';
import { EXPORT_SCHEMA, EXPORT_SCHEMA_VERSION } from './record';

export interface ManifestRun {
  run_key: string;
  checkpoint: { name: string; base_model: string; stage: string; step: number | null; uri: string; notes: string; simulated: boolean };
  benchmark: { name: string; description: string; simulated: boolean };
  backend: string;
  source: string;
  purpose: string;
  samples_per_question: number;
  config: Record<string, unknown>;
  created_at: string;
}

export interface ManifestLabel {
  key: string;
  name: string;
  hotkey: string;
  description: string;
}

export interface Manifest {
  schema: typeof EXPORT_SCHEMA;
  schema_version: number;
  tool: 'vlm-workbench';
  tool_version: string;
  format: ExportFormat;
  created_at: string;
  set: { name: string | null; description: string; filter: string; created_at: string | null; refreshed_at: string | null };
  records: number;
  images: number;
  /** The record file inside the export (folder and zip formats). */
  records_file: string | null;
  /** Grader versions of the verdicts in the export, and the version of the tool that exported. */
  grader_versions: string[];
  current_grader_version: string;
  checkpoints: Array<{ name: string; stage: string; step: number | null; simulated: boolean }>;
  runs: ManifestRun[];
  label_taxonomy: ManifestLabel[];
  annotators: Array<{ source: string; author: string; labels: number }>;
  simulated: boolean;
}

/** Parses and checks a manifest read from an export; throws with the reason when it is not ours. */
export function parseManifest(text: string, where: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: the manifest is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const manifest = value as Partial<Manifest>;
  if (manifest?.schema !== EXPORT_SCHEMA) throw new Error(`${where}: not a VLM Workbench export manifest (schema is ${JSON.stringify(manifest?.schema)})`);
  if (typeof manifest.schema_version !== 'number' || manifest.schema_version > EXPORT_SCHEMA_VERSION) {
    throw new Error(
      `${where}: export schema version ${String(manifest.schema_version)} is newer than this build reads (${EXPORT_SCHEMA_VERSION}); update VLM Workbench`,
    );
  }
  return manifest as Manifest;
}
