/**
 * The exported record: one prediction with its sample, verdicts and labels. Every format carries
 * this same content (JSONL as is; CSV, Parquet, VLMEvalKit TSV and EasyR1 JSONL in their own
 * shapes, see writers/), and read-back.ts turns each of them into this again.
 */

/** Bumped whenever a field changes meaning or is removed (adding fields does not bump it). */
export const EXPORT_SCHEMA_VERSION = 1;
/** Named in every manifest, so a reader can tell our exports from other files. */
export const EXPORT_SCHEMA = 'vlm-workbench/failure-set';

/** An image of the sample: where the export keeps it, or the reference that never resolved. */
export type RecordImage =
  | { sha256: string; mime: string; width: number | null; height: number | null; path: string }
  | { missing: string };

export interface RecordVerdict {
  scorer: string;
  /** The scorer that was asked for ('auto': the benchmark's or sample's own); a re-grade may ask for another. */
  requested_scorer: string;
  grader_version: string;
  correct: boolean;
  score: number;
  extracted: string | null;
  reason: string;
  created_at: string;
}

export interface RecordLabel {
  label: string;
  note: string;
  /** manual, judge, counterfactual, … (annotations.source) */
  source: string;
  author: string;
  created_at: string;
}

export interface ExportRecord {
  /** Unique in the export: `<run_key>/<sample id>/<sample index>`. */
  record_id: string;
  benchmark: string;
  sample: {
    id: string;
    question: string;
    choices: Record<string, string> | null;
    /** The gold answer as stored (several acceptable answers are a JSON array text). */
    answer: string;
    answer_type: string | null;
    category: string | null;
    skills: string[];
    caption: string | null;
    metadata: Record<string, unknown>;
    images: RecordImage[];
  };
  checkpoint: string;
  stage: string;
  step: number | null;
  /** The run in the manifest's `runs` this prediction belongs to. */
  run_key: string;
  sample_index: number;
  output: string;
  /** Offsets of the think part in `output` (start, end), as the store keeps them. */
  think_span: [number, number] | null;
  answer_part: string;
  extracted: string | null;
  correct: boolean | null;
  score: number | null;
  format_ok: boolean | null;
  finish_reason: string | null;
  error: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number | null;
  created_at: string;
  /** Every verdict the workspace holds for this answer, newest first. */
  verdicts: RecordVerdict[];
  /** The benchmark's own verdict from an imported result file, when there is one. */
  official: { correct: boolean | null; extracted: string | null } | null;
  labels: RecordLabel[];
  /** The prediction's id in the workspace it came from (provenance only). */
  source_prediction_id: number;
}

/** The images that were stored (not the missing references), in order. */
export function storedImages(record: ExportRecord): Array<Extract<RecordImage, { sha256: string }>> {
  return record.sample.images.filter((image): image is Extract<RecordImage, { sha256: string }> => 'sha256' in image);
}
