/**
 * The explorer's reads over the store, one job per module: filter → SQL (filter-sql.ts), where
 * the matches can be (scope.ts), the read-plan chooser (read-plan.ts), counting and estimation
 * (counting.ts), paging (paging.ts) and the row mapping (rows.ts).
 */
export { filterToSql, type ExplorerSort } from './filter-sql';
export { EXPLORER_COLUMNS, toExplorerRow, type ExplorerRowSql } from './rows';
export { countsAnswer } from './scope';
export { countMatching, EXACT_COUNT_LIMIT, forgetExplorerCounts } from './counting';
export { explorerPage, matchingPredictionIdPage, type ExplorerPageResult, type PageRequest } from './paging';
export { unmatchedTerms } from './hints';
