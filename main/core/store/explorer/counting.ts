/**
 * Counting and estimation: totals of filters the summary table cannot count alone, exact up to
 * EXACT_COUNT_LIMIT and estimated beyond, remembered per connection until the workspace changes.
 */
import type { ExplorerFilter } from '../../query/filter';
import type { Db } from '../database';
import { recentStatement } from '../statements';
import { filterToSql, FROM, labelMatchSql, MAX_NARROWING_SPANS } from './filter-sql';
import { plannedSql, strategyFor } from './read-plan';
import { contentVersion, countsAnswer, forgetRunSpans, scopeOf, type Scope } from './scope';

/** Counts already made, per connection, by filter: valid while the workspace is unchanged. */
const countCache = new WeakMap<Db, Map<string, CachedCount>>();
const COUNT_CACHE_SIZE = 256;

interface CachedCount {
  version: string;
  total: number;
  exact: boolean;
}

export function cachedCount(db: Db, key: string, version: string, count: () => { total: number; exact: boolean }): { total: number; exact: boolean } {
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

/**
 * Whether annotations alone can count a filter's matches: its other terms are ones the summary
 * counts, and every id in the scope's spans is a prediction that matches them (the spans hold
 * as many ids as there are matches). A cold `label:X checkpoint:Y` read ~1,500 predictions from
 * disk for its count (70-290 ms with the page cache dropped); this reads none.
 */
function labelsAloneDecide(filter: ExplorerFilter, scope: Scope): boolean {
  return (
    filter.labels.length > 0 &&
    countsAnswer({ ...filter, labels: [] }) &&
    scope.ranges.length > 0 &&
    scope.ranges.length <= MAX_NARROWING_SPANS &&
    scope.span === scope.bound
  );
}

/** Above this many matches a filter the summary cannot count is estimated, not counted. */
export const EXACT_COUNT_LIMIT = 10_000;

/**
 * The explorer's total for a filter the summary table cannot count alone: the review queue
 * (`labelled:false`) as the summary's count less the labelled ones; anything else counted up
 * to EXACT_COUNT_LIMIT matches, and beyond that estimated by counting the matches in evenly
 * spread slices of the ids they can have (a tenth of them, fewer where matches are dense) and
 * scaling up.
 */
export function boundedCount(db: Db, filter: ExplorerFilter, scope: Scope): { total: number; exact: boolean } {
  if (filter.labelled === false && countsAnswer({ ...filter, labelled: undefined })) {
    const labelled = { ...filter, labelled: true };
    const sql = plannedSql(labelled, undefined, scope, strategyFor(labelled, undefined, scope, 1), 1);
    const n = (recentStatement(db, `SELECT COUNT(*) AS n ${sql.from} ${sql.where}`).get(...sql.params) as { n: number }).n;
    return { total: scope.bound - n, exact: true };
  }
  if (labelsAloneDecide(filter, scope)) {
    const sql = `SELECT COUNT(DISTINCT prediction_id) AS n FROM (${labelMatchSql(filter.labels.length, scope.ranges)})`;
    return { total: (recentStatement(db, sql).get(...filter.labels) as { n: number }).n, exact: true };
  }
  const wanted = EXACT_COUNT_LIMIT + 1;
  // One plan for the count and for every slice of an estimate: the same filter, scope and size.
  const strategy = strategyFor(filter, undefined, scope, wanted);
  const sql = plannedSql(filter, undefined, scope, strategy, wanted);
  // One pass over at most EXACT_COUNT_LIMIT + 1 matches in id order: their number, and the last one's id.
  const { n, last } = recentStatement(
    db,
    `SELECT COUNT(*) AS n, MAX(pid) AS last FROM (SELECT ${sql.idColumn} AS pid ${sql.from} ${sql.where} ORDER BY ${sql.idColumn} LIMIT ?)`,
  ).get(...sql.params, wanted) as { n: number; last: number | null };
  if (n <= EXACT_COUNT_LIMIT || last === null) return { total: n, exact: true };
  // More: counted in evenly spread slices of the scope's ids, scaled up. The slices cover a tenth
  // of the ids, or less where the first pass found matches dense enough that fewer ids hold
  // SAMPLED_MATCHES of them (a word in most traces: a thousandth).
  const density = n / Math.max(1, idsThrough(scope, last));
  const share = Math.min(SAMPLE_SHARE, SAMPLED_MATCHES / Math.max(1, density * scope.span));
  const { windows, covered, span } = sampleWindows(scope, share);
  let sampled = 0;
  for (const window of windows) {
    const slice = plannedSql(filter, undefined, scope, strategy, wanted, window);
    sampled += (recentStatement(db, `SELECT COUNT(*) AS n ${slice.from} ${slice.where}`).get(...slice.params) as { n: number }).n;
  }
  const estimate = Math.round((sampled * span) / Math.max(1, covered));
  return { total: Math.max(wanted, Math.min(scope.bound, estimate)), exact: false };
}

const SAMPLE_WINDOWS = 32;
/** The most of a scope's ids an estimate counts in. */
const SAMPLE_SHARE = 0.1;
/** Matches an estimate's slices are sized to hold (at most SAMPLE_SHARE of the ids): ~1.6% sampling error. */
const SAMPLED_MATCHES = 4000;

/** Ids of the scope's ranges up to and including `last`. */
function idsThrough(scope: Scope, last: number): number {
  let ids = 0;
  for (const [lo, hi] of scope.ranges) if (lo <= last) ids += Math.min(hi, last) - lo + 1;
  return ids;
}

/** SAMPLE_WINDOWS evenly spaced id windows over the scope's ranges, covering `share` of them. */
function sampleWindows(scope: Scope, share: number): { windows: Array<[number, number]>; covered: number; span: number } {
  const ranges = scope.ranges;
  const span = ranges.reduce((sum, [lo, hi]) => sum + (hi - lo + 1), 0);
  const width = Math.max(1, Math.floor((span * share) / SAMPLE_WINDOWS));
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
  forgetRunSpans(db);
}
