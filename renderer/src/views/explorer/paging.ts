/**
 * The explorer's paging arithmetic, apart from React: which pages hold a range of rows, and
 * which pages stay in memory when a new one arrives (usePagedRows.ts keeps only a few).
 */
export const PAGE_SIZE = 100;
/** Pages kept in memory; the farthest from the last one asked for are dropped first. */
export const MAX_PAGES = 8;

/** The pages holding rows `start` to `end` (inclusive), in order. */
export function pagesCovering(start: number, end: number, pageSize = PAGE_SIZE): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(start / pageSize); page <= Math.floor(end / pageSize); page++) pages.push(page);
  return pages;
}

/** The row at `index` of the list, if its page is loaded. */
export function rowOf<T>(pages: ReadonlyMap<number, readonly T[]>, index: number, pageSize = PAGE_SIZE): T | undefined {
  return pages.get(Math.floor(index / pageSize))?.[index % pageSize];
}

/**
 * The loaded pages once `page` has arrived: at most `max` of them, the farthest from `page`
 * dropped first (`replace` starts over from this page alone).
 */
export function withPage<T>(pages: ReadonlyMap<number, T>, page: number, rows: T, replace = false, max = MAX_PAGES): Map<number, T> {
  const kept = new Map(replace ? [] : pages);
  kept.set(page, rows);
  for (const far of [...kept.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page))) {
    if (kept.size <= max) break;
    kept.delete(far);
  }
  return kept;
}
