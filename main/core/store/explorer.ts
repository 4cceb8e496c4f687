import type { ExplorerRow, ExplorerSortField } from '../api/contract';
import type { ExplorerFilter } from '../query/filter';
import type { Db } from './database';

/** SQL for each sortable explorer column: the only way a sort field reaches SQL text. */
const SORT_SQL: Record<ExplorerSortField, string> = {
  id: 'p.id',
  benchmark: 'b.name',
  checkpoint: 'c.name',
  correct: 'p.correct',
  thinkChars: 'p.think_chars',
  latencyMs: 'p.latency_ms',
  extracted: 'p.extracted',
  category: 's.category',
};

/** Quotes a user's word or phrase as an FTS5 string so its punctuation is never FTS syntax. */
const ftsPhrase = (text: string): string => `"${text.replaceAll('"', '""')}"`;

function inList(column: string, count: number): string {
  return `${column} IN (${new Array(count).fill('?').join(', ')})`;
}

/** Turns a parsed filter into a WHERE clause with bound parameters (values never enter SQL). */
export function filterToSql(filter: ExplorerFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const anyOf = (values: string[], build: (value: string) => { sql: string; params: unknown[] }): void => {
    if (values.length === 0) return;
    const parts = values.map(build);
    clauses.push(`(${parts.map((part) => part.sql).join(' OR ')})`);
    for (const part of parts) params.push(...part.params);
  };
  // A benchmark or checkpoint may be named in full, or by a prefix (MathVista matches MathVista_MINI);
  // a checkpoint may also be named by its curriculum stage (checkpoint:stage3).
  anyOf(filter.benchmarks, (value) => ({ sql: "(b.name = ? OR b.name LIKE ? ESCAPE '\\')", params: [value, likePrefix(value)] }));
  anyOf(filter.checkpoints, (value) => ({
    sql: "(c.name = ? OR c.stage = ? OR c.name LIKE ? ESCAPE '\\')",
    params: [value, value, likePrefix(value)],
  }));
  anyOf(filter.stages, (value) => ({ sql: 'c.stage = ?', params: [value] }));
  anyOf(filter.categories, (value) => ({ sql: 's.category = ?', params: [value] }));
  anyOf(filter.finishReasons, (value) => ({ sql: 'p.finish_reason = ?', params: [value] }));
  anyOf(filter.samples, (value) => ({ sql: 's.external_id = ?', params: [value] }));
  if (filter.labels.length > 0) {
    clauses.push(`p.id IN (SELECT prediction_id FROM annotations WHERE ${inList('label', filter.labels.length)})`);
    params.push(...filter.labels);
  }
  if (filter.sets.length > 0) {
    // A set is its stored snapshot: its items, not its filter run again.
    clauses.push(
      `p.id IN (SELECT i.prediction_id FROM failure_set_items i JOIN failure_sets f ON f.id = i.set_id WHERE ${inList('f.name', filter.sets.length)})`,
    );
    params.push(...filter.sets);
  }
  if (filter.runIds.length > 0) {
    clauses.push(inList('p.run_id', filter.runIds.length));
    params.push(...filter.runIds);
  } else {
    // The re-asked and captioning runs of an attribution pass are read by naming them (run:ID);
    // they are not answers of the checkpoint to its benchmark.
    clauses.push("r.purpose = 'eval'");
  }
  if (filter.correct !== undefined) {
    clauses.push('p.correct = ?');
    params.push(filter.correct ? 1 : 0);
  }
  if (filter.official !== undefined) {
    clauses.push('p.official_correct = ?');
    params.push(filter.official ? 1 : 0);
  }
  if (filter.formatOk !== undefined) {
    clauses.push('p.format_ok = ?');
    params.push(filter.formatOk ? 1 : 0);
  }
  if (filter.labelled !== undefined) {
    clauses.push(`${filter.labelled ? '' : 'NOT '}EXISTS (SELECT 1 FROM annotations a WHERE a.prediction_id = p.id)`);
  }
  if (filter.hasError !== undefined) clauses.push(filter.hasError ? 'p.error IS NOT NULL' : 'p.error IS NULL');
  // vs:CHECKPOINT:right|wrong, the other side of a flip cell: that checkpoint's verdict on the same sample.
  const versus = filter.versus ?? [];
  if (versus.length > 0) {
    const other = `EXISTS (SELECT 1 FROM predictions q JOIN runs rq ON rq.id = q.run_id JOIN checkpoints cq ON cq.id = rq.checkpoint_id
      WHERE q.sample_id = p.sample_id AND q.sample_index = 0 AND q.correct = ? AND rq.purpose = 'eval' AND cq.name = ?)`;
    clauses.push(`(${versus.map(() => other).join(' OR ')})`);
    for (const side of versus) params.push(side.correct ? 1 : 0, side.checkpoint);
  }
  for (const text of filter.text) {
    const phrase = ftsPhrase(text);
    clauses.push(
      '(p.sample_id IN (SELECT rowid FROM samples_fts WHERE samples_fts MATCH ?) OR p.id IN (SELECT rowid FROM outputs_fts WHERE outputs_fts MATCH ?))',
    );
    params.push(phrase, phrase);
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

const FROM = `FROM predictions p
  JOIN runs r ON r.id = p.run_id
  JOIN samples s ON s.id = p.sample_id
  JOIN benchmarks b ON b.id = r.benchmark_id
  JOIN checkpoints c ON c.id = r.checkpoint_id`;

export const EXPLORER_COLUMNS = `p.id AS predictionId, p.run_id AS runId, p.sample_id AS sampleId, s.external_id AS externalId,
  b.name AS benchmark, c.name AS checkpoint, s.answer AS gold, p.extracted, p.correct, p.official_correct AS officialCorrect,
  p.format_ok AS formatOk, p.think_chars AS thinkChars, p.latency_ms AS latencyMs, p.finish_reason AS finishReason,
  s.category, p.error, (SELECT group_concat(DISTINCT label) FROM annotations a WHERE a.prediction_id = p.id) AS labels`;

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

export interface PageRequest {
  filter: ExplorerFilter;
  sort?: { field: ExplorerSortField; direction: 'asc' | 'desc' };
  offset: number;
  limit: number;
}

/** One page of predictions: filtering, sorting and paging all happen in SQL. */
export function explorerPage(db: Db, request: PageRequest): { rows: ExplorerRow[]; total: number } {
  const { where, params } = filterToSql(request.filter);
  const order = request.sort
    ? `${SORT_SQL[request.sort.field]} ${request.sort.direction === 'desc' ? 'DESC' : 'ASC'}, p.id`
    : 'p.id';
  const rows = db
    .prepare(`SELECT ${EXPLORER_COLUMNS}, substr(s.question, 1, 300) AS question ${FROM} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, request.limit, request.offset) as ExplorerRowSql[];
  const { total } = db.prepare(`SELECT COUNT(*) AS total ${FROM} ${where}`).get(...params) as { total: number };
  return { rows: rows.map(toExplorerRow), total };
}

/** Ids of every prediction matching a filter, in explorer order (for exports and sets). */
export function matchingPredictionIds(db: Db, filter: ExplorerFilter): number[] {
  const { where, params } = filterToSql(filter);
  return (db.prepare(`SELECT p.id ${FROM} ${where} ORDER BY p.id`).all(...params) as Array<{ id: number }>).map((r) => r.id);
}

/**
 * One page of the ids matching a filter, in id order, after `afterId`: exports and failure sets
 * walk a filter's matches page by page instead of holding them all.
 */
export function matchingPredictionIdPage(db: Db, filter: ExplorerFilter, afterId: number, limit: number): number[] {
  const { where, params } = filterToSql(filter);
  const sql = `SELECT p.id ${FROM} ${where ? `${where} AND` : 'WHERE'} p.id > ? ORDER BY p.id LIMIT ?`;
  return (db.prepare(sql).all(...params, afterId, limit) as Array<{ id: number }>).map((r) => r.id);
}

export function countMatching(db: Db, filter: ExplorerFilter): number {
  const { where, params } = filterToSql(filter);
  return (db.prepare(`SELECT COUNT(*) AS n ${FROM} ${where}`).get(...params) as { n: number }).n;
}
