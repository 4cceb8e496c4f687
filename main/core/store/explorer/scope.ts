/**
 * Where a filter's matches can be, from the summary table prediction_counts (0007_performance.sql)
 * and the id span of each run's predictions: the runs in scope, an exact count or an upper
 * bound of the matches, and the id ranges a read must cover.
 */
import type { ExplorerFilter } from '../../query/filter';
import { runRowidSpan } from '../analysis';
import type { Db } from '../database';
import { recentStatement, statement } from '../statements';
import { ftsPhrase, predictionParts, RUN_IDS_JSON, runScopeParts, whereOf, type SqlParts } from './filter-sql';

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
export const summaryPart = (filter: ExplorerFilter): ExplorerFilter => ({
  ...filter,
  labels: [],
  sets: [],
  text: [],
  finishReasons: [],
  samples: [],
  versus: [],
  labelled: undefined,
});


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
export function contentVersion(db: Db): string {
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
export interface Scope {
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
  /** Per full-text term, the share of the workspace's samples whose question holds it: how the answers to them are best read. */
  questionShares: number[];
}

export function scopeOf(db: Db, filter: ExplorerFilter, version: string): Scope {
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
  const samples = filter.text.length > 0 ? (statement(db, 'SELECT COALESCE(SUM(samples), 0) AS n FROM benchmark_counts').get() as { n: number }).n : 0;
  const questionShares = filter.text.map(
    (text) => (recentStatement(db, 'SELECT COUNT(*) AS n FROM samples_fts WHERE samples_fts MATCH ?').get(ftsPhrase(text)) as { n: number }).n / Math.max(1, samples),
  );
  return { runIds, runList, lo, hi, ranges, span: ranges.reduce((sum, [from, to]) => sum + to - from + 1, 0), bound, questionShares };
}

/** Forgets the remembered run spans (with the remembered counts, see counting.ts). */
export function forgetRunSpans(db: Db): void {
  spanCache.delete(db);
}
