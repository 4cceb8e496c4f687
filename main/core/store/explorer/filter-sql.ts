/**
 * Filter → SQL: a parsed explorer filter as WHERE clauses with bound parameters (values never
 * enter SQL text), and the one place a sort field becomes a column.
 */
import { EXACT, type ExplorerFilter } from '../../query/filter';
import type { ExplorerSortField } from '../../types/records';

export interface ExplorerSort {
  field: ExplorerSortField;
  direction: 'asc' | 'desc';
}

/**
 * Whether annotation `a` is one of its prediction's current labels: the newest its author gave
 * (someone who changed their mind meant the new label), and, once a person has labelled the
 * prediction, a person's (a manual label overrides what a judge or the caption counterfactual
 * said; without one, each machine source's newest counts).
 */
export const CURRENT_LABEL = `a.id = (SELECT MAX(b.id) FROM annotations b WHERE b.prediction_id = a.prediction_id AND b.source = a.source AND b.author = a.author)
  AND (a.source = 'manual' OR NOT EXISTS (SELECT 1 FROM annotations m WHERE m.prediction_id = a.prediction_id AND m.source = 'manual'))`;

/** SQL for each sortable explorer column: the only way a sort field reaches SQL text. */
export const SORT_SQL: Record<ExplorerSortField, string> = {
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
export const ftsPhrase = (text: string): string => `"${text.replaceAll('"', '""')}"`;

export function inList(column: string, count: number): string {
  return `${column} IN (${new Array(count).fill('?').join(', ')})`;
}

export interface SqlParts {
  clauses: string[];
  params: unknown[];
}

function anyOf(into: SqlParts, values: string[], build: (value: string) => { sql: string; params: unknown[] }): void {
  if (values.length === 0) return;
  const parts = values.map(build);
  into.clauses.push(`(${parts.map((part) => part.sql).join(' OR ')})`);
  for (const part of parts) into.params.push(...part.params);
}

/**
 * A benchmark or checkpoint term over a table alias (`b`, `c`): named in full, or by a prefix
 * (MathVista matches MathVista_MINI), or whole only (`=LogicVista`, or quoted); a checkpoint may
 * also be named by its curriculum stage (checkpoint:stage3). Also what `hints.ts` asks of a term.
 */
export function benchmarkTermSql(value: string, alias = 'b'): { sql: string; params: unknown[] } {
  return value.startsWith(EXACT)
    ? { sql: `${alias}.name = ?`, params: [value.slice(EXACT.length)] }
    : { sql: `(${alias}.name = ? OR ${alias}.name LIKE ? ESCAPE '\\')`, params: [value, likePrefix(value)] };
}

export function checkpointTermSql(value: string, alias = 'c'): { sql: string; params: unknown[] } {
  return value.startsWith(EXACT)
    ? { sql: `${alias}.name = ?`, params: [value.slice(EXACT.length)] }
    : { sql: `(${alias}.name = ? OR ${alias}.stage = ? OR ${alias}.name LIKE ? ESCAPE '\\')`, params: [value, value, likePrefix(value)] };
}

/**
 * The filter's terms on runs: benchmark, checkpoint, stage, run, and the evaluation purpose
 * (over runs r, benchmarks b, checkpoints c). `runColumn` names the run id being narrowed.
 */
export function runScopeParts(filter: ExplorerFilter, runColumn: string, into: SqlParts): void {
  anyOf(into, filter.benchmarks, (value) => benchmarkTermSql(value));
  anyOf(into, filter.checkpoints, (value) => checkpointTermSql(value));
  anyOf(into, filter.stages, (value) => ({ sql: 'c.stage = ?', params: [value] }));
  if (filter.runIds.length > 0) {
    into.clauses.push(inList(runColumn, filter.runIds.length));
    into.params.push(...filter.runIds);
  } else {
    // The re-asked and captioning runs of an attribution pass are read by naming them (run:ID);
    // they are not answers of the checkpoint to its benchmark.
    into.clauses.push("r.purpose = 'eval'");
  }
}

/** Where a read knows more than the filter: see `predictionParts`. */
export interface ReadHints {
  /** Full-text terms from this one on (the earlier ones the read starts from). */
  textFrom?: number;
  /**
   * The id spans of the runs in scope (a run's predictions lie between its first and last id;
   * an import gives them consecutive ids). A label or set term then reads only its rows in
   * those spans, tested on the index entry, instead of every prediction with that label in the
   * workspace, each looked up to check the scope (label:perception checkpoint:X: 17 → 2 ms on a
   * million predictions).
   */
  idSpans?: ReadonlyArray<readonly [number, number]>;
  /** Per full-text term: whether the answers to questions that hold it are read by walking predictions (read-plan.ts). */
  walkQuestions?: readonly boolean[];
}

/** At most this many spans narrow a label or set term (an OR of ranges, written into the SQL). */
export const MAX_NARROWING_SPANS = 64;

/** `column` within the spans, as literal ranges (integers of our own), or nothing when there are too many. */
function withinSpans(column: string, spans: ReadonlyArray<readonly [number, number]> | undefined): string {
  if (!spans || spans.length === 0 || spans.length > MAX_NARROWING_SPANS) return '';
  return ` AND (${spans.map(([lo, hi]) => `${column} BETWEEN ${Math.trunc(lo)} AND ${Math.trunc(hi)}`).join(' OR ')})`;
}

/** The ids of predictions with one of `labelCount` labels (bound parameters) as a current label, within the spans: over annotations alone. */
export function labelMatchSql(labelCount: number, spans?: ReadonlyArray<readonly [number, number]>): string {
  return `SELECT a.prediction_id FROM annotations a WHERE ${inList('a.label', labelCount)}${withinSpans('a.prediction_id', spans)} AND ${CURRENT_LABEL}`;
}

/**
 * The filter's terms on predictions themselves (p, and its sample s). With `counts`, p is the
 * summary table prediction_counts, which has the run and flag columns and the sample's
 * category; only the terms `countsAnswer` accepts may be there.
 */
export function predictionParts(filter: ExplorerFilter, target: 'rows' | 'counts', into: SqlParts, hints: ReadHints = {}): void {
  const { clauses, params } = into;
  if (target === 'counts') anyOf(into, filter.categories, (value) => ({ sql: '(p.category = ? AND p.category_known = 1)', params: [value] }));
  else anyOf(into, filter.categories, (value) => ({ sql: 's.category = ?', params: [value] }));
  anyOf(into, filter.finishReasons, (value) => ({ sql: 'p.finish_reason = ?', params: [value] }));
  anyOf(into, filter.samples, (value) => ({ sql: 's.external_id = ?', params: [value] }));
  if (filter.labels.length > 0) {
    clauses.push(`p.id IN (${labelMatchSql(filter.labels.length, hints.idSpans)})`);
    params.push(...filter.labels);
  }
  if (filter.sets.length > 0) {
    // A set is its stored snapshot: its items, not its filter run again.
    clauses.push(
      `p.id IN (SELECT i.prediction_id FROM failure_set_items i JOIN failure_sets f ON f.id = i.set_id WHERE ${inList('f.name', filter.sets.length)}${withinSpans('i.prediction_id', hints.idSpans)})`,
    );
    params.push(...filter.sets);
  }
  if (filter.correct !== undefined) {
    clauses.push('p.correct = ?');
    params.push(filter.correct ? 1 : 0);
  }
  if (filter.official !== undefined) {
    clauses.push('p.official_correct = ?');
    params.push(filter.official ? 1 : 0);
  }
  if (filter.agreesWithOfficial !== undefined) {
    // Both verdicts given (the summary table writes a missing one as -1, predictions as NULL).
    clauses.push(`p.correct IN (0, 1) AND p.official_correct IN (0, 1) AND p.correct ${filter.agreesWithOfficial ? '=' : '<>'} p.official_correct`);
  }
  if (filter.formatOk !== undefined) {
    clauses.push('p.format_ok = ?');
    params.push(filter.formatOk ? 1 : 0);
  }
  if (filter.labelled !== undefined) {
    // Labelled predictions are few next to all of them: `IN` lets SQLite start from annotations.
    clauses.push(
      filter.labelled
        ? `p.id IN (SELECT a.prediction_id FROM annotations a WHERE true${withinSpans('a.prediction_id', hints.idSpans)})`
        : 'NOT EXISTS (SELECT 1 FROM annotations a WHERE a.prediction_id = p.id)',
    );
  }
  if (filter.hasError !== undefined) {
    if (target === 'counts') clauses.push(`p.has_error = ${filter.hasError ? 1 : 0}`);
    else clauses.push(filter.hasError ? 'p.error IS NOT NULL' : 'p.error IS NULL');
  }
  // vs:CHECKPOINT:right|wrong, the other side of a flip cell: that checkpoint's verdict on the same sample.
  const versus = filter.versus ?? [];
  if (versus.length > 0) {
    const sides = versus.map((side) => versusTerm(side, filter.runIds));
    clauses.push(`(${sides.map((side) => side.sql).join(' OR ')})`);
    for (const side of sides) params.push(...side.params);
  }
  const spans = hints.idSpans && hints.idSpans.length > 0 && hints.idSpans.length <= MAX_NARROWING_SPANS ? hints.idSpans : undefined;
  for (const [term, text] of filter.text.entries()) {
    if (term < (hints.textFrom ?? 0)) continue;
    const phrase = ftsPhrase(text);
    // One set of prediction ids (outputs that match, and the answers to questions that match),
    // so that SQLite reads the matches through the full-text indexes instead of testing every
    // prediction against two lists. SQLite builds the set whole for each statement: within the
    // read's spans it holds only their matches (an estimate's slices of `wait check` on a million
    // predictions: 4.2 s with every match of `check` in each slice's set). FTS5 seeks to a rowid
    // range it is given alone, so each span is an arm of its own.
    const outputs = spans
      ? spans.map(([lo, hi]) => `SELECT rowid FROM outputs_fts WHERE outputs_fts MATCH ? AND rowid BETWEEN ${Math.trunc(lo)} AND ${Math.trunc(hi)}`).join(' UNION ALL ')
      : 'SELECT rowid FROM outputs_fts WHERE outputs_fts MATCH ?';
    clauses.push(
      `p.id IN (${outputs}
        UNION SELECT q.id FROM predictions q${hints.walkQuestions?.[term] ? ' NOT INDEXED' : ''} WHERE q.sample_id IN (SELECT rowid FROM samples_fts WHERE samples_fts MATCH ?)${withinSpans('q.id', spans)})`,
    );
    params.push(...Array<string>(spans?.length ?? 1).fill(phrase), phrase);
  }
}

/**
 * One side of `vs:`: the predictions whose sample the checkpoint answered (first answer) right or
 * wrong, in its evaluation runs. With the filter's own runs named (`run:`, as a flip cell's link
 * has them), the checkpoint's answers are read once, from its runs on those runs' benchmarks (a
 * sample is one benchmark's), as a set of sample ids: a contiguous stretch of
 * predictions_by_run_first per run instead of a seek per prediction into predictions_by_sample,
 * whose pages are seldom in the cache (the bench's flip cells on a million predictions: p95
 * 23 → 17 ms; a cold count 25-37 → 14-17 ms). Without named runs that set would hold the
 * checkpoint's answers on every benchmark (~190 ms to build), so each prediction's sample is
 * looked up instead: the checkpoint's runs once (an uncorrelated IN), then one seek in
 * predictions_by_sample (the unary + keeps SQLite from seeking once per run).
 */
function versusTerm(side: { checkpoint: string; correct: boolean }, namedRuns: readonly number[]): { sql: string; params: unknown[] } {
  const checkpointRuns = "SELECT rq.id FROM runs rq JOIN checkpoints cq ON cq.id = rq.checkpoint_id WHERE rq.purpose = 'eval' AND cq.name = ?";
  const correct = side.correct ? 1 : 0;
  if (namedRuns.length > 0) {
    return {
      sql: `p.sample_id IN (SELECT q.sample_id FROM predictions q INDEXED BY predictions_by_run_first
        WHERE q.run_id IN (${checkpointRuns} AND rq.benchmark_id IN (SELECT rb.benchmark_id FROM runs rb WHERE ${inList('rb.id', namedRuns.length)}))
          AND q.sample_index = 0 AND q.correct = ?)`,
      params: [side.checkpoint, ...namedRuns, correct],
    };
  }
  return {
    sql: `EXISTS (SELECT 1 FROM predictions q INDEXED BY predictions_by_sample
      WHERE q.sample_id = p.sample_id AND +q.correct = ? AND q.sample_index = 0 AND +q.run_id IN (${checkpointRuns}))`,
    params: [correct, side.checkpoint],
  };
}

export const whereOf = (parts: SqlParts): { where: string; params: unknown[] } => ({
  where: parts.clauses.length > 0 ? `WHERE ${parts.clauses.join(' AND ')}` : '',
  params: parts.params,
});

/**
 * Turns a parsed filter into a WHERE clause with bound parameters (values never enter SQL), over
 * predictions p joined to runs r, samples s, benchmarks b and checkpoints c (FROM below).
 */
export function filterToSql(filter: ExplorerFilter): { where: string; params: unknown[] } {
  const parts: SqlParts = { clauses: [], params: [] };
  runScopeParts(filter, 'p.run_id', parts);
  predictionParts(filter, 'rows', parts);
  return whereOf(parts);
}

function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export const FROM = `FROM predictions p
  JOIN runs r ON r.id = p.run_id
  JOIN samples s ON s.id = p.sample_id
  JOIN benchmarks b ON b.id = r.benchmark_id
  JOIN checkpoints c ON c.id = r.checkpoint_id`;

/**
 * The ORDER BY of a sorted page. Ties go by id in the same direction as the sort, so that a
 * descending page walks an index on the sort column backwards without a sort step.
 */
export function orderBy(sort: ExplorerSort | undefined): string {
  if (!sort) return 'p.id';
  const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
  return `${SORT_SQL[sort.field]} ${direction}, p.id ${direction}`;
}


/** `IN` over a JSON array of run ids: one statement text whatever the number of runs. */
export const RUN_IDS_JSON = 'IN (SELECT value FROM json_each(?))';
