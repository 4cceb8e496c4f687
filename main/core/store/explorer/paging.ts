/** Paging: one page of the explorer, and the id pages exports and failure sets walk. */
import type { ExplorerFilter } from '../../query/filter';
import type { ExplorerRow } from '../../types/records';
import type { Db } from '../database';
import { recentStatement } from '../statements';
import { boundedCount, cachedCount } from './counting';
import { filterToSql, FROM, orderBy, SORT_SQL, type ExplorerSort } from './filter-sql';
import { plannedSql, strategyFor } from './read-plan';
import { EXPLORER_COLUMNS, JOINS, toExplorerRow, type ExplorerRowSql } from './rows';
import { contentVersion, countsAnswer, scopeOf } from './scope';

export interface PageRequest {
  filter: ExplorerFilter;
  sort?: ExplorerSort;
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
  const key = sort ? `, ${sql.sortKey ?? SORT_SQL[sort.field]} AS k` : '';
  const innerOrder = sort && sql.sortKey ? `${sql.sortKey} ${direction}, ${sql.idColumn} ${direction}` : request.sort ? orderBy(request.sort) : sql.idColumn;
  const outerOrder = sort ? `page.k ${direction}, page.pid ${direction}` : `page.pid ${direction}`;
  const rows = recentStatement(
    db,
    `SELECT ${EXPLORER_COLUMNS}, substr(s.question, 1, 300) AS question
     FROM (SELECT ${sql.idColumn} AS pid${key} ${sql.from} ${sql.where} ORDER BY ${innerOrder} LIMIT ? OFFSET ?) page
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


/**
 * One page of the ids matching a filter, in id order, after `afterId`: exports and failure sets
 * walk a filter's matches page by page instead of holding them all.
 */
export function matchingPredictionIdPage(db: Db, filter: ExplorerFilter, afterId: number, limit: number): number[] {
  const { where, params } = filterToSql(filter);
  const sql = `SELECT p.id ${FROM} ${where ? `${where} AND` : 'WHERE'} p.id > ? ORDER BY p.id LIMIT ?`;
  return (db.prepare(sql).all(...params, afterId, limit) as Array<{ id: number }>).map((r) => r.id);
}
