import type { ExplorerRow, ExplorerSortField } from '../types/records';
import type { ExplorerFilter } from '../query/filter';
import type { Db } from './database';
import { runRowidSpan } from './analysis';
import { recentStatement, statement } from './statements';

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

interface SqlParts {
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
 * The filter's terms on runs: benchmark, checkpoint, stage, run, and the evaluation purpose
 * (over runs r, benchmarks b, checkpoints c). `runColumn` names the run id being narrowed.
 */
function runScopeParts(filter: ExplorerFilter, runColumn: string, into: SqlParts): void {
  // A benchmark or checkpoint may be named in full, or by a prefix (MathVista matches MathVista_MINI);
  // a checkpoint may also be named by its curriculum stage (checkpoint:stage3).
  anyOf(into, filter.benchmarks, (value) => ({ sql: "(b.name = ? OR b.name LIKE ? ESCAPE '\\')", params: [value, likePrefix(value)] }));
  anyOf(into, filter.checkpoints, (value) => ({
    sql: "(c.name = ? OR c.stage = ? OR c.name LIKE ? ESCAPE '\\')",
    params: [value, value, likePrefix(value)],
  }));
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

/**
 * The filter's terms on predictions themselves (p, and its sample s). With `counts`, p is the
 * summary table prediction_counts, which has the run and flag columns and the sample's
 * category; only the terms `countsAnswer` accepts may be there.
 */
function predictionParts(filter: ExplorerFilter, target: 'rows' | 'counts', into: SqlParts, textFrom = 0): void {
  const { clauses, params } = into;
  if (target === 'counts') anyOf(into, filter.categories, (value) => ({ sql: '(p.category = ? AND p.category_known = 1)', params: [value] }));
  else anyOf(into, filter.categories, (value) => ({ sql: 's.category = ?', params: [value] }));
  anyOf(into, filter.finishReasons, (value) => ({ sql: 'p.finish_reason = ?', params: [value] }));
  anyOf(into, filter.samples, (value) => ({ sql: 's.external_id = ?', params: [value] }));
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
    // Labelled predictions are few next to all of them: `IN` lets SQLite start from annotations.
    clauses.push(filter.labelled ? 'p.id IN (SELECT prediction_id FROM annotations)' : 'NOT EXISTS (SELECT 1 FROM annotations a WHERE a.prediction_id = p.id)');
  }
  if (filter.hasError !== undefined) {
    if (target === 'counts') clauses.push(`p.has_error = ${filter.hasError ? 1 : 0}`);
    else clauses.push(filter.hasError ? 'p.error IS NOT NULL' : 'p.error IS NULL');
  }
  // vs:CHECKPOINT:right|wrong, the other side of a flip cell: that checkpoint's verdict on the same sample.
  const versus = filter.versus ?? [];
  if (versus.length > 0) {
    // The checkpoint's evaluation runs are looked up once (an uncorrelated IN), then each
    // prediction's sample is one probe of predictions_by_sample (sample_id, run_id, correct).
    // The checkpoint's evaluation runs are looked up once (an uncorrelated IN); each prediction's
    // sample is then one seek in predictions_by_sample (sample_id, run_id, correct) and a look at
    // its few entries (the unary + keeps SQLite from seeking once per run of the checkpoint).
    const other = `EXISTS (SELECT 1 FROM predictions q INDEXED BY predictions_by_sample
      WHERE q.sample_id = p.sample_id AND +q.correct = ? AND q.sample_index = 0
        AND +q.run_id IN (SELECT rq.id FROM runs rq JOIN checkpoints cq ON cq.id = rq.checkpoint_id WHERE rq.purpose = 'eval' AND cq.name = ?))`;
    clauses.push(`(${versus.map(() => other).join(' OR ')})`);
    for (const side of versus) params.push(side.correct ? 1 : 0, side.checkpoint);
  }
  for (const text of filter.text.slice(textFrom)) {
    const phrase = ftsPhrase(text);
    // One set of prediction ids (outputs that match, and the answers to questions that match),
    // so that SQLite reads the matches through the full-text indexes instead of testing every
    // prediction against two lists.
    clauses.push(
      `p.id IN (SELECT rowid FROM outputs_fts WHERE outputs_fts MATCH ?
        UNION SELECT q.id FROM predictions q WHERE q.sample_id IN (SELECT rowid FROM samples_fts WHERE samples_fts MATCH ?))`,
    );
    params.push(phrase, phrase);
  }
}

const whereOf = (parts: SqlParts): { where: string; params: unknown[] } => ({
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

/** A page of the explorer and how many predictions match: exactly, or an estimate where counting would be slow. */
export interface ExplorerPageResult {
  rows: ExplorerRow[];
  total: number;
  totalExact: boolean;
}

/**
 * The ORDER BY of a sorted page. Ties go by id in the same direction as the sort, so that a
 * descending page walks an index on the sort column backwards without a sort step.
 */
function orderBy(sort: PageRequest['sort']): string {
  if (!sort) return 'p.id';
  const direction = sort.direction === 'desc' ? 'DESC' : 'ASC';
  return `${SORT_SQL[sort.field]} ${direction}, p.id ${direction}`;
}

/** Sort fields with a per-run index (0007_performance.sql): each run's rows can be read in sort order. */
const SORT_INDEX: Partial<Record<ExplorerSortField, string>> = {
  thinkChars: 'predictions_by_run_think',
  latencyMs: 'predictions_by_run_latency',
};
/** At most this many runs are merged by a sorted read (SQLite's compound SELECT limit is 500). */
const MAX_MERGED_RUNS = 200;

/** Terms that find their matches through an index of their own (full text, labels, sets, sample ids). */
const hasDriver = (filter: ExplorerFilter): boolean =>
  filter.text.length > 0 || filter.labels.length > 0 || filter.sets.length > 0 || filter.samples.length > 0 || filter.labelled === true;

/**
 * Whether prediction_counts alone can count a filter's matches: it narrows by run (benchmark,
 * checkpoint, stage, run, purpose), by the sample's category and by the verdict flags the
 * summary keeps, nothing else.
 */
export function countsAnswer(filter: ExplorerFilter): boolean {
  return (
    filter.labels.length === 0 &&
    filter.sets.length === 0 &&
    filter.text.length === 0 &&
    filter.finishReasons.length === 0 &&
    filter.samples.length === 0 &&
    (filter.versus ?? []).length === 0 &&
    filter.labelled === undefined
  );
}

/** The terms of a filter the summary table can evaluate (an upper bound of its matches). */
const summaryPart = (filter: ExplorerFilter): ExplorerFilter => ({
  ...filter,
  labels: [],
  sets: [],
  text: [],
  finishReasons: [],
  samples: [],
  versus: [],
  labelled: undefined,
});

/** `IN` over a JSON array of run ids: one statement text whatever the number of runs. */
const RUN_IDS_JSON = 'IN (SELECT value FROM json_each(?))';

/**
 * Matches counted from the summary table prediction_counts (0007_performance.sql), run by run
 * (runs without a match left out): a few rows per run, whatever the number of predictions.
 * `runIds` null: every run.
 */
function summaryByRun(db: Db, filter: ExplorerFilter, runIds: number[] | null): Map<number, number> {
  const parts: SqlParts = { clauses: [], params: [] };
  if (runIds !== null) {
    parts.clauses.push(`p.run_id ${RUN_IDS_JSON}`);
    parts.params.push(JSON.stringify(runIds));
  }
  predictionParts(summaryPart(filter), 'counts', parts);
  const { where, params } = whereOf(parts);
  const rows = recentStatement(db, `SELECT p.run_id AS runId, SUM(p.n) AS n FROM prediction_counts p ${where} GROUP BY p.run_id HAVING SUM(p.n) > 0`).all(
    ...params,
  ) as Array<{ runId: number; n: number }>;
  return new Map(rows.map((row) => [row.runId, row.n]));
}

/**
 * What identifies the workspace's contents for the caches below: changes made through this
 * connection (total_changes) and commits by any other connection, e.g. a CLI import next to the
 * app (data_version).
 */
function contentVersion(db: Db): string {
  const changes = (statement(db, 'SELECT total_changes() AS n').get() as { n: number }).n;
  return `${changes}/${db.pragma('data_version', { simple: true }) as number}`;
}

/** Per connection: the id span of each run's predictions, valid while the workspace is unchanged. */
const spanCache = new WeakMap<Db, { version: string; spans: Map<number, { lo: number | null; hi: number | null }> }>();

function runSpan(db: Db, runId: number, version: string): { lo: number | null; hi: number | null } {
  let cached = spanCache.get(db);
  if (!cached || cached.version !== version) spanCache.set(db, (cached = { version, spans: new Map() }));
  let span = cached.spans.get(runId);
  if (!span) cached.spans.set(runId, (span = runRowidSpan(db, runId)));
  return span;
}

/**
 * Where a filter's matches can be: the runs its run terms select, those of them where the
 * summary table finds matches of its summarisable terms, and the id spans of their predictions.
 */
interface Scope {
  /** Run ids the filter's run terms select, or null when every run is (no run term narrows). */
  runIds: number[] | null;
  /** The runs with matches of the summarisable terms. */
  runList: number[];
  lo: number;
  hi: number;
  /** The id spans of runList's predictions, merged where they touch, in order. */
  ranges: Array<[number, number]>;
  /** Ids in those spans. */
  span: number;
  /** Matches of the summarisable terms: exact when the filter has no other terms, else an upper bound. */
  bound: number;
}

function scopeOf(db: Db, filter: ExplorerFilter, version: string): Scope {
  const parts: SqlParts = { clauses: [], params: [] };
  runScopeParts(filter, 'r.id', parts);
  const { where, params } = whereOf(parts);
  const selected = (
    recentStatement(db, `SELECT r.id FROM runs r JOIN benchmarks b ON b.id = r.benchmark_id JOIN checkpoints c ON c.id = r.checkpoint_id ${where} ORDER BY r.id`).all(
      ...params,
    ) as Array<{ id: number }>
  ).map((row) => row.id);
  const runCount = (statement(db, 'SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n;
  const runIds = selected.length === runCount ? null : selected;
  const byRun = selected.length === 0 ? new Map<number, number>() : summaryByRun(db, filter, runIds);
  const runList = [...byRun.keys()].sort((x, y) => x - y);
  let bound = 0;
  for (const n of byRun.values()) bound += n;
  const spans = runList
    .map((runId) => runSpan(db, runId, version))
    .filter((span): span is { lo: number; hi: number } => span.lo !== null && span.hi !== null)
    .sort((x, y) => x.lo - y.lo);
  const ranges: Array<[number, number]> = [];
  for (const span of spans) {
    const previous = ranges[ranges.length - 1];
    if (previous && span.lo <= previous[1] + 1) previous[1] = Math.max(previous[1], span.hi);
    else ranges.push([span.lo, span.hi]);
  }
  const [lo, hi] = ranges.length > 0 ? [ranges[0]![0], ranges[ranges.length - 1]![1]] : [0, -1];
  return { runIds, runList, lo, hi, ranges, span: ranges.reduce((sum, [from, to]) => sum + to - from + 1, 0), bound };
}

/**
 * How SQLite is told to read a page, chosen from the summary counts (SQLite's own planner
 * cannot know that the first 100 of 400,000 matches are at the start of the table):
 * - walk: predictions in id order, testing each row, until the page is full; cheap when
 *   matches are dense in the span of ids their runs have.
 * - merge: each run's rows in sort order from a per-run index, the first rows of every run
 *   merged; for sorts on an indexed column.
 * - index: the scope's rows through the run index, then sorted; cheap when they are few.
 * - category: the same, starting from the category's samples (samples_by_category) and their
 *   answers in the scope's runs (predictions_by_sample).
 * - text: the first full-text term's matches in id order, lazily (a page stops reading early).
 * - driven: start from the rows a label, set or sample term names.
 */
type Strategy =
  | { kind: 'walk' }
  | { kind: 'merge'; index: string }
  | { kind: 'index' }
  | { kind: 'category' }
  | { kind: 'text' }
  | { kind: 'driven' };

function strategyFor(filter: ExplorerFilter, sort: PageRequest['sort'], scope: Scope, rowsWanted: number): Strategy {
  const byId = !sort || sort.field === 'id';
  if (filter.text.length > 0) return !sort || (sort.field === 'id' && sort.direction === 'asc') ? { kind: 'text' } : { kind: 'driven' };
  if (hasDriver(filter)) return { kind: 'driven' };
  const bound = Math.max(scope.bound, 1);
  // Rows a walk reads before the page is full, were matches spread evenly over the ids it
  // walks, against the rows an index read fetches and sorts (each costing a few walked rows).
  const indexed: Strategy = filter.categories.length > 0 ? { kind: 'category' } : { kind: 'index' };
  if (byId) return (rowsWanted * scope.span) / bound <= 3 * scope.bound ? { kind: 'walk' } : indexed;
  const index = SORT_INDEX[sort.field];
  if (index && scope.runList.length <= MAX_MERGED_RUNS && rowsWanted * scope.runList.length <= 3 * scope.bound) return { kind: 'merge', index };
  return indexed;
}

const JOINS = `CROSS JOIN runs r ON r.id = p.run_id
  CROSS JOIN samples s ON s.id = p.sample_id
  CROSS JOIN benchmarks b ON b.id = r.benchmark_id
  CROSS JOIN checkpoints c ON c.id = r.checkpoint_id`;

/**
 * Only the joins the filter's terms and the sort need: run terms are already run ids, so a page
 * is chosen from predictions (and its samples for a category or sample term) alone, and the
 * page's own rows are joined to everything afterwards.
 */
function joinsFor(filter: ExplorerFilter, sort: PageRequest['sort']): string {
  const joins: string[] = [];
  if (sort?.field === 'benchmark' || sort?.field === 'checkpoint') {
    joins.push('CROSS JOIN runs r ON r.id = p.run_id', 'CROSS JOIN benchmarks b ON b.id = r.benchmark_id', 'CROSS JOIN checkpoints c ON c.id = r.checkpoint_id');
  }
  if (filter.categories.length > 0 || filter.samples.length > 0 || sort?.field === 'category') joins.push('CROSS JOIN samples s ON s.id = p.sample_id');
  return joins.join(' ');
}

interface PlannedSql {
  from: string;
  where: string;
  params: unknown[];
  /** The column that orders by id under this plan (a lazy full-text read must be ordered by its own). */
  idColumn: string;
}

/** FROM and WHERE of a filter read the way `strategy` says (predictions first, then what it needs). */
function plannedSql(
  filter: ExplorerFilter,
  sort: PageRequest['sort'],
  scope: Scope,
  strategy: Strategy,
  rowsWanted: number,
  /** Only ids in this span (the samples of an estimate). */
  window?: [number, number],
): PlannedSql {
  if (strategy.kind === 'merge') return mergedSql(filter, sort!, scope, strategy.index, rowsWanted);
  const joins = joinsFor(filter, sort);
  const parts: SqlParts = { clauses: [], params: [] };
  let from = `FROM predictions p ${joins}`;
  let idColumn = 'p.id';
  if (strategy.kind === 'walk') {
    const ranges = window ? [window] : scope.ranges;
    if (ranges.length <= 1 || ranges.length > MAX_MERGED_RUNS) {
      from = `FROM predictions p NOT INDEXED ${joins}`;
      parts.clauses.push('p.id BETWEEN ? AND ?');
      parts.params.push(window?.[0] ?? scope.lo, window?.[1] ?? scope.hi);
    } else {
      // The spans of the runs with matches one after another, skipping the runs between them:
      // a merge of ordered arms (UNION: SQLite drops the ORDER BY of a UNION ALL here, and would
      // sort them all), read lazily; literal bounds, as for full-text reads below.
      const spans = ranges.map(([lo, hi]) => `SELECT id FROM predictions WHERE id BETWEEN ${Math.trunc(lo)} AND ${Math.trunc(hi)}`).join(' UNION ');
      from = `FROM (${spans} ORDER BY 1) m CROSS JOIN predictions p ON p.id = m.id ${joins}`;
      idColumn = 'm.id';
    }
  } else if (window) {
    parts.clauses.push('p.id BETWEEN ? AND ?');
    parts.params.push(window[0], window[1]);
  }
  const fromParams: unknown[] = [];
  if (strategy.kind === 'text') {
    // The outputs that match in id order (only within the id spans of the runs in scope), merged
    // with the answers to questions that match: a page stops reading as soon as it is full.
    const phrase = ftsPhrase(filter.text[0]!);
    const ranges = window ? [window] : scope.ranges.length <= MAX_MERGED_RUNS ? scope.ranges : null;
    // The spans are written into the SQL (integers of our own): FTS5 seeks to a rowid range it is
    // given as literals, while bound ones leave each arm reading its matches from the start.
    const span = (lo: number, hi: number): string => `${Math.trunc(lo)} AND ${Math.trunc(hi)}`;
    const outputs = ranges
      ? ranges.map(([lo, hi]) => `SELECT rowid AS id FROM outputs_fts WHERE outputs_fts MATCH ? AND rowid BETWEEN ${span(lo, hi)}`).join(' UNION ALL ')
      : 'SELECT rowid AS id FROM outputs_fts WHERE outputs_fts MATCH ?';
    for (let i = 0; i < (ranges?.length ?? 1); i++) fromParams.push(phrase);
    const questionRuns = scope.runIds !== null ? `AND q.run_id ${RUN_IDS_JSON}` : '';
    const questionWindow = window ? `AND q.id BETWEEN ${span(window[0], window[1])}` : '';
    from = `FROM (${outputs}
        UNION SELECT q.id FROM predictions q WHERE q.sample_id IN (SELECT rowid FROM samples_fts WHERE samples_fts MATCH ?) ${questionRuns} ${questionWindow} ORDER BY 1) m
      CROSS JOIN predictions p ON p.id = m.id ${joins}`;
    fromParams.push(phrase);
    if (scope.runIds !== null) fromParams.push(JSON.stringify(scope.runIds));
    idColumn = 'm.id';
  }
  if (strategy.kind === 'category') {
    // Said again as a set of sample ids, which SQLite reads through samples_by_category.
    parts.clauses.push(`p.sample_id IN (SELECT id FROM samples WHERE ${inList('category', filter.categories.length)})`);
    parts.params.push(...filter.categories);
  }
  if (scope.runIds !== null) {
    // A unary + keeps SQLite from reading by the run index where another path was chosen.
    parts.clauses.push(`${strategy.kind === 'index' || strategy.kind === 'category' ? '' : '+'}p.run_id ${RUN_IDS_JSON}`);
    parts.params.push(JSON.stringify(scope.runIds));
  }
  predictionParts(filter, 'rows', parts, strategy.kind === 'text' ? 1 : 0);
  const { where, params } = whereOf(parts);
  return { from, where, params: [...fromParams, ...params], idColumn };
}

/**
 * A sorted read over a per-run index: the first `rowsWanted` rows of each run in sort order
 * (each a short walk along the index), merged. The outer query sorts those few rows.
 */
function mergedSql(filter: ExplorerFilter, sort: NonNullable<PageRequest['sort']>, scope: Scope, index: string, rowsWanted: number): PlannedSql {
  const inner: SqlParts = { clauses: ['p.run_id = ?'], params: [] };
  predictionParts(filter, 'rows', inner);
  const { where } = whereOf(inner);
  const perRun = `SELECT * FROM (SELECT p.id FROM predictions p INDEXED BY ${index} ${joinsFor(filter, undefined)} ${where} ORDER BY ${orderBy(sort)} LIMIT ?)`;
  const params: unknown[] = [];
  for (const runId of scope.runList) params.push(runId, ...inner.params, rowsWanted);
  return {
    from: `FROM (${scope.runList.map(() => perRun).join(' UNION ALL ')}) top CROSS JOIN predictions p ON p.id = top.id ${joinsFor(filter, sort)}`,
    where: '',
    params,
    idColumn: 'p.id',
  };
}

/** Counts already made, per connection, by filter: valid while the workspace is unchanged. */
const countCache = new WeakMap<Db, Map<string, CachedCount>>();
const COUNT_CACHE_SIZE = 256;

interface CachedCount {
  version: string;
  total: number;
  exact: boolean;
}

function cachedCount(db: Db, key: string, version: string, count: () => { total: number; exact: boolean }): { total: number; exact: boolean } {
  let cache = countCache.get(db);
  if (!cache) countCache.set(db, (cache = new Map()));
  let entry = cache.get(key);
  if (!entry || entry.version !== version) entry = { version, ...count() };
  // Most recently used last: the oldest entry is the first to go.
  cache.delete(key);
  cache.set(key, entry);
  if (cache.size > COUNT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return { total: entry.total, exact: entry.exact };
}

/** Above this many matches a filter the summary cannot count is estimated, not counted. */
export const EXACT_COUNT_LIMIT = 10_000;

/**
 * The explorer's total for a filter the summary table cannot count alone: the review queue
 * (`labelled:false`) as the summary's count less the labelled ones; anything else counted up
 * to EXACT_COUNT_LIMIT matches, and beyond that estimated by counting the matches in evenly
 * spread slices of the ids they can have (a tenth of them) and scaling up.
 */
function boundedCount(db: Db, filter: ExplorerFilter, scope: Scope): { total: number; exact: boolean } {
  if (filter.labelled === false && countsAnswer({ ...filter, labelled: undefined })) {
    const labelled = { ...filter, labelled: true };
    const sql = plannedSql(labelled, undefined, scope, strategyFor(labelled, undefined, scope, 1), 1);
    const n = (recentStatement(db, `SELECT COUNT(*) AS n ${sql.from} ${sql.where}`).get(...sql.params) as { n: number }).n;
    return { total: scope.bound - n, exact: true };
  }
  const wanted = EXACT_COUNT_LIMIT + 1;
  const sql = plannedSql(filter, undefined, scope, strategyFor(filter, undefined, scope, wanted), wanted);
  // One pass over at most EXACT_COUNT_LIMIT + 1 matches in id order: their number, and the last one's id.
  const { n, last } = recentStatement(
    db,
    `SELECT COUNT(*) AS n, MAX(pid) AS last FROM (SELECT ${sql.idColumn} AS pid ${sql.from} ${sql.where} ORDER BY ${sql.idColumn} LIMIT ?)`,
  ).get(...sql.params, wanted) as { n: number; last: number | null };
  if (n <= EXACT_COUNT_LIMIT || last === null) return { total: n, exact: true };
  // More: counted in evenly spread slices of the scope's ids (a tenth of them), scaled up.
  const { windows, covered, span } = sampleWindows(scope);
  let sampled = 0;
  for (const window of windows) {
    const slice = plannedSql(filter, undefined, scope, strategyFor(filter, undefined, scope, wanted), wanted, window);
    sampled += (recentStatement(db, `SELECT COUNT(*) AS n ${slice.from} ${slice.where}`).get(...slice.params) as { n: number }).n;
  }
  const estimate = Math.round((sampled * span) / Math.max(1, covered));
  return { total: Math.max(wanted, Math.min(scope.bound, estimate)), exact: false };
}

const SAMPLE_WINDOWS = 32;
const SAMPLE_SHARE = 0.1;

/** SAMPLE_WINDOWS evenly spaced id windows over the scope's ranges, covering SAMPLE_SHARE of them. */
function sampleWindows(scope: Scope): { windows: Array<[number, number]>; covered: number; span: number } {
  const ranges = scope.ranges;
  const span = ranges.reduce((sum, [lo, hi]) => sum + (hi - lo + 1), 0);
  const width = Math.max(1, Math.floor((span * SAMPLE_SHARE) / SAMPLE_WINDOWS));
  const windows: Array<[number, number]> = [];
  let covered = 0;
  for (let i = 0; i < SAMPLE_WINDOWS; i++) {
    // Where the window starts, counted through the ranges one after another.
    let at = Math.floor(((i + 0.5) * span) / SAMPLE_WINDOWS - width / 2);
    for (const [lo, hi] of ranges) {
      const length = hi - lo + 1;
      if (at < length) {
        const start = lo + Math.max(0, at);
        const end = Math.min(hi, start + width - 1);
        windows.push([start, end]);
        covered += end - start + 1;
        break;
      }
      at -= length;
    }
  }
  return { windows, covered, span };
}

/**
 * One page of predictions: filtering, sorting and paging all happen in SQL. The total is exact
 * where it is cheap to know: from the page itself when it is the last, from the summary table
 * for filters on runs, categories and verdict flags; otherwise counted, and estimated
 * (`totalExact: false`) past EXACT_COUNT_LIMIT matches. Totals are remembered until the
 * workspace changes, so scrolling a list or stepping through it counts once.
 */
export function explorerPage(db: Db, request: PageRequest): ExplorerPageResult {
  const version = contentVersion(db);
  const scope = scopeOf(db, request.filter, version);
  if (scope.bound === 0) return { rows: [], total: 0, totalExact: true };
  const wanted = request.offset + request.limit;
  const strategy = strategyFor(request.filter, request.sort, scope, wanted);
  const sql = plannedSql(request.filter, request.sort, scope, strategy, wanted);
  // The page's ids first (sorting only ids and sort keys), then its columns for those rows alone.
  const sort = request.sort && request.sort.field !== 'id' ? request.sort : undefined;
  const direction = request.sort?.direction === 'desc' ? 'DESC' : 'ASC';
  const key = sort ? `, ${SORT_SQL[sort.field]} AS k` : '';
  const innerOrder = request.sort ? orderBy(request.sort) : sql.idColumn;
  const outerOrder = sort ? `page.k ${direction}, page.pid ${direction}` : `page.pid ${direction}`;
  const rows = recentStatement(
    db,
    `SELECT ${EXPLORER_COLUMNS}, substr(s.question, 1, 300) AS question
     FROM (SELECT p.id AS pid${key} ${sql.from} ${sql.where} ORDER BY ${innerOrder} LIMIT ? OFFSET ?) page
     CROSS JOIN predictions p ON p.id = page.pid ${JOINS}
     ORDER BY ${outerOrder}`,
  ).all(...sql.params, request.limit, request.offset) as ExplorerRowSql[];
  const page = rows.map(toExplorerRow);
  // A page that is not full ends the list: its rows say how many there are.
  if (rows.length < request.limit && (rows.length > 0 || request.offset === 0)) return { rows: page, total: request.offset + rows.length, totalExact: true };
  if (countsAnswer(request.filter)) return { rows: page, total: scope.bound, totalExact: true };
  const counted = cachedCount(db, JSON.stringify(['page', request.filter]), version, () => boundedCount(db, request.filter, scope));
  // An estimate never ends the list before a full page: there is at least one more row.
  const total = counted.exact ? counted.total : Math.max(counted.total, request.offset + rows.length + (rows.length === request.limit ? 1 : 0));
  return { rows: page, total, totalExact: counted.exact };
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

/**
 * How many predictions match a filter, exactly (exports and sets need the number itself):
 * from the summary table where it can tell, else by counting, remembered until the workspace
 * changes.
 */
export function countMatching(db: Db, filter: ExplorerFilter): number {
  const version = contentVersion(db);
  if (countsAnswer(filter)) return scopeOf(db, filter, version).bound;
  return cachedCount(db, JSON.stringify(['exact', filter]), version, () => {
    const { where, params } = filterToSql(filter);
    return { total: (recentStatement(db, `SELECT COUNT(*) AS n ${FROM} ${where}`).get(...params) as { n: number }).n, exact: true };
  }).total;
}

/** Forgets the remembered counts (the bench measures filters as if seen for the first time). */
export function forgetExplorerCounts(db: Db): void {
  countCache.delete(db);
  spanCache.delete(db);
}
