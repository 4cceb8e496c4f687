import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExplorerRow } from '@core/types/records';
import { listKeyOf, requestPage, takeFirstPageAtStart, type Page } from './first-page';
import { pagesCovering, rowOf, withPage } from './paging';
import type { Sort } from './sort';

interface State {
  key: string;
  total: number | null;
  /** False while the total is the core's estimate (a filter too costly to count exactly). */
  totalExact: boolean;
  pages: Map<number, ExplorerRow[]>;
  error: string | undefined;
  /** Where nothing matches: the filter's names that name nothing, with what may have been meant. */
  hints: string[];
  /** With words to search: outputs the full-text index does not hold yet (a large import's, being indexed). */
  unindexed: number;
}

/** A first page requested before its filter is applied; `result` once it is in. */
interface Prefetched {
  key: string;
  page: Promise<Page>;
  result?: Page;
}

/** The state with a page of `key`'s rows: the first page of a new filter replaces the previous filter's rows. */
function withResult(previous: State, key: string, page: number, result: Page, replace: boolean): State {
  return {
    key,
    total: result.total,
    totalExact: result.totalExact,
    pages: withPage(previous.key === key ? previous.pages : new Map(), page, result.rows, replace),
    error: undefined,
    hints: result.hints ?? [],
    unindexed: result.unindexedOutputs ?? 0,
  };
}

/**
 * Rows of a filtered, sorted list fetched a page at a time as the table scrolls to them
 * (filtering, sorting and paging happen in SQL). Only a few pages are ever held, so a run of
 * any size never sits whole in the renderer.
 *
 * A new filter keeps the previous rows on screen (`pending`) until its first page arrives, so the
 * table is not torn down and built again for every filter; `prefetch`, called where the filter
 * is submitted, sends that first request before React has rendered anything, and says when its
 * page is in.
 */
export function usePagedRows(query: string, sort: Sort | undefined) {
  const key = listKeyOf(query, sort);
  const [state, setState] = useState<State>({ key, total: null, totalExact: true, pages: new Map(), error: undefined, hints: [], unindexed: 0 });
  const inFlight = useRef(new Set<string>());
  const currentKey = useRef(key);
  // At first the request main.tsx sent as the app started on this explorer URL, if any.
  const prefetched = useRef<Prefetched | undefined>(takeFirstPageAtStart(key));
  const [generation, setGeneration] = useState(0);

  const fetchPage = useCallback(
    (page: number, replace = false) => {
      const ticket = `${key}#${generation}#${page}`;
      if (inFlight.current.has(ticket)) return;
      inFlight.current.add(ticket);
      const early = page === 0 && prefetched.current?.key === key ? prefetched.current.page : undefined;
      (early ?? requestPage(query, sort, page)).then(
        (result) => {
          inFlight.current.delete(ticket);
          if (currentKey.current !== key) return;
          // A page already shown (the first page, taken while rendering below) renders nothing again.
          setState((previous) => (previous.key === key && previous.pages.get(page) === result.rows ? previous : withResult(previous, key, page, result, replace)));
        },
        (error: unknown) => {
          inFlight.current.delete(ticket);
          if (currentKey.current !== key) return;
          setState({ key, total: null, totalExact: true, pages: new Map(), error: error instanceof Error ? error.message : String(error), hints: [], unindexed: 0 });
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, generation],
  );

  // A new filter or sort starts over (the previous rows stay until its first page is in).
  useEffect(() => {
    currentKey.current = key;
    fetchPage(0);
    prefetched.current = undefined;
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  /** Sends the first page's request of a filter about to be applied; resolves once it is in (or failed). */
  const prefetch = useCallback((nextQuery: string, nextSort: Sort | undefined): Promise<void> => {
    const nextKey = listKeyOf(nextQuery, nextSort);
    if (nextKey === currentKey.current) return Promise.resolve();
    const request: Prefetched = { key: nextKey, page: requestPage(nextQuery, nextSort, 0) };
    prefetched.current = request;
    return request.page.then(
      (result) => {
        request.result = result;
      },
      () => undefined, // reported by the hook when it takes the request
    );
  }, []);

  // A filter applied once its first page is in (Explorer waits a moment for it) shows that page in
  // this very render: the previous rows are never rendered again, dimmed, in between.
  const arrived = prefetched.current;
  if (state.key !== key && arrived?.key === key && arrived.result) setState(withResult(state, key, 0, arrived.result, true));

  const pending = state.key !== key;
  const pages = state.pages;

  /** Makes sure the rows from `start` to `end` (inclusive) are loaded or on their way. */
  const ensure = useCallback(
    (start: number, end: number) => {
      if (pending) return; // the rows on screen are the previous filter's
      for (const page of pagesCovering(start, end)) if (!pages.has(page)) fetchPage(page);
    },
    [pending, pages, fetchPage],
  );

  /** Refetches the pages on screen (labels changed elsewhere), keeping the scroll position. */
  const refresh = useCallback(() => {
    setGeneration((g) => g + 1);
  }, []);
  useEffect(() => {
    if (generation === 0) return;
    const loaded = [...state.pages.keys()];
    if (loaded.length === 0) fetchPage(0);
    for (const page of loaded) fetchPage(page);
  }, [generation]); // eslint-disable-line react-hooks/exhaustive-deps

  const rowAt = useCallback((index: number): ExplorerRow | undefined => rowOf(pages, index), [pages]);

  return {
    total: state.total,
    totalExact: state.totalExact,
    error: pending ? undefined : state.error,
    hints: pending ? [] : state.hints,
    unindexed: pending ? 0 : state.unindexed,
    /** True while the rows shown are the previous filter's and the new one's first page is on its way. */
    pending,
    /** Which filter the rows shown belong to: the table starts again at the top when it changes. */
    shownKey: state.key,
    rowAt,
    ensure,
    refresh,
    prefetch,
  };
}
