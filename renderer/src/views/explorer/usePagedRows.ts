import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExplorerRow } from '@core/types/records';
import { api } from '../../api';
import { PAGE_SIZE, pagesCovering, rowOf, withPage } from './paging';
import type { Sort } from './sort';

interface State {
  key: string;
  total: number | null;
  /** False while the total is the core's estimate (a filter too costly to count exactly). */
  totalExact: boolean;
  pages: Map<number, ExplorerRow[]>;
  error: string | undefined;
}

/**
 * Rows of a filtered, sorted list fetched a page at a time as the table scrolls to them
 * (filtering, sorting and paging happen in SQL). Only a few pages are ever held, so a run of
 * any size never sits whole in the renderer.
 */
export function usePagedRows(query: string, sort: Sort | undefined) {
  const key = JSON.stringify([query, sort?.field, sort?.direction]);
  const [state, setState] = useState<State>({ key, total: null, totalExact: true, pages: new Map(), error: undefined });
  const inFlight = useRef(new Set<string>());
  const currentKey = useRef(key);
  const [generation, setGeneration] = useState(0);

  const fetchPage = useCallback(
    (page: number, replace = false) => {
      const ticket = `${key}#${generation}#${page}`;
      if (inFlight.current.has(ticket)) return;
      inFlight.current.add(ticket);
      api.explore({ query, offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...(sort ? { sort } : {}) }).then(
        (result) => {
          inFlight.current.delete(ticket);
          if (currentKey.current !== key) return;
          setState((previous) => ({
            key,
            total: result.total,
            totalExact: result.totalExact,
            pages: withPage(previous.pages, page, result.rows, replace),
            error: undefined,
          }));
        },
        (error: unknown) => {
          inFlight.current.delete(ticket);
          if (currentKey.current !== key) return;
          setState((previous) => ({ ...previous, error: error instanceof Error ? error.message : String(error) }));
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, generation],
  );

  // A new filter or sort starts over.
  useEffect(() => {
    currentKey.current = key;
    setState({ key, total: null, totalExact: true, pages: new Map(), error: undefined });
    fetchPage(0);
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const stale = state.key !== key;
  const pages = stale ? new Map<number, ExplorerRow[]>() : state.pages;

  /** Makes sure the rows from `start` to `end` (inclusive) are loaded or on their way. */
  const ensure = useCallback(
    (start: number, end: number) => {
      for (const page of pagesCovering(start, end)) if (!pages.has(page)) fetchPage(page);
    },
    [pages, fetchPage],
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
    total: stale ? null : state.total,
    totalExact: stale ? true : state.totalExact,
    error: stale ? undefined : state.error,
    loading: stale || state.total === null,
    rowAt,
    ensure,
    refresh,
  };
}
