/** The explorer's row: the columns a page selects and their mapping to ExplorerRow. */
import type { ExplorerRow } from '../../types/records';
import { CURRENT_LABEL } from './filter-sql';

export const EXPLORER_COLUMNS = `p.id AS predictionId, p.run_id AS runId, p.sample_id AS sampleId, s.external_id AS externalId,
  b.name AS benchmark, c.name AS checkpoint, s.answer AS gold, p.extracted, p.correct, p.official_correct AS officialCorrect,
  p.format_ok AS formatOk, p.think_chars AS thinkChars, p.latency_ms AS latencyMs, p.finish_reason AS finishReason,
  s.category, p.error, (SELECT group_concat(DISTINCT a.label) FROM annotations a WHERE a.prediction_id = p.id AND ${CURRENT_LABEL}) AS labels`;

export interface ExplorerRowSql {
  predictionId: number;
  runId: number;
  sampleId: number;
  externalId: string;
  benchmark: string;
  checkpoint: string;
  question: string;
  gold: string;
  extracted: string | null;
  correct: number | null;
  officialCorrect: number | null;
  formatOk: number | null;
  thinkChars: number;
  latencyMs: number | null;
  finishReason: string | null;
  category: string | null;
  error: string | null;
  labels: string | null;
}

const asBool = (value: number | null): boolean | null => (value === null ? null : value === 1);

export function toExplorerRow(row: ExplorerRowSql): ExplorerRow {
  return {
    ...row,
    correct: asBool(row.correct),
    officialCorrect: asBool(row.officialCorrect),
    formatOk: asBool(row.formatOk),
    labels: row.labels ? row.labels.split(',') : [],
  };
}

/** Everything a page's own rows are joined to, once the page is chosen. */
export const JOINS = `CROSS JOIN runs r ON r.id = p.run_id
  CROSS JOIN samples s ON s.id = p.sample_id
  CROSS JOIN benchmarks b ON b.id = r.benchmark_id
  CROSS JOIN checkpoints c ON c.id = r.checkpoint_id`;
