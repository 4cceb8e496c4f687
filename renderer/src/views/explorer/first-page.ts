/**
 * The explorer's first-page request, apart from React: `firstPageRequest` is what usePagedRows
 * sends for a filter, and `requestFirstPageAtStart` sends it for the URL the app opens on, before
 * React has rendered anything (the bundle's evaluation, the first render and its effects took
 * ~150 ms before the request went out). The hook takes that request when it mounts on the same
 * filter and sort.
 */
import { api } from '../../api';
import { PAGE_SIZE } from './paging';
import { parseSort, type Sort } from './sort';

export type Page = Awaited<ReturnType<typeof api.explore>>;

/** One list of rows: a filter and a sort. */
export const listKeyOf = (query: string, sort: Sort | undefined): string => JSON.stringify([query, sort?.field, sort?.direction]);

export const requestPage = (query: string, sort: Sort | undefined, page: number): Promise<Page> =>
  api.explore({ query, offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...(sort ? { sort } : {}) });

let atStart: { key: string; page: Promise<Page> } | undefined;

/** Sends the first page's request when the app opens on an explorer URL (`#/explore?q=…&sort=…`). */
export function requestFirstPageAtStart(hash: string): void {
  const match = /^#\/explore(?:\?(.*))?$/.exec(hash);
  if (!match) return;
  const params = new URLSearchParams(match[1] ?? '');
  const query = params.get('q') ?? '';
  const sort = parseSort(params.get('sort'));
  const page = requestPage(query, sort, 0);
  page.catch(() => undefined); // the hook that takes it reports a failure; never left unhandled
  atStart = { key: listKeyOf(query, sort), page };
}

/** The request sent at start, if it was for this list; taken once (a later visit asks again). */
export function takeFirstPageAtStart(key: string): { key: string; page: Promise<Page> } | undefined {
  const taken = atStart?.key === key ? atStart : undefined;
  atStart = undefined;
  return taken;
}
