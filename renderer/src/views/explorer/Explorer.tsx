import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { ExplorerRow } from '@core/types/records';
import { FilterBar } from '../../components/FilterBar';
import { Empty, ErrorState, Loading } from '../../components/States';
import { useChanged } from '../../hooks/useChanged';
import { useHotkeys } from '../../hooks/useHotkeys';
import { ExportPanel } from './ExportPanel';
import { formatSort, parseSort, type Sort } from './sort';
import { usePagedRows } from './usePagedRows';
import { VirtualTable } from './VirtualTable';
import { formatCount } from '../../format';

/** How long a submitted filter waits for its first page before the previous rows show dimmed. */
const FIRST_PAGE_WAIT_MS = 100;

/** How often a search that could not cover every output yet is asked again. */
const SEARCH_PENDING_RECHECK_MS = 3000;

/**
 * Every prediction matching a filter, scrolled through as one long list: pages are fetched as
 * they come into view, and filtering, sorting and paging happen in SQL. j/k select, Enter opens.
 */
export function Explorer() {
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const sort = parseSort(params.get('sort'));
  const navigate = useNavigate();
  const rows = usePagedRows(query, sort);
  const [selected, setSelected] = useState(-1);
  const [exporting, setExporting] = useState(false);
  useChanged(['annotations', 'runs', 'search'], rows.refresh);
  // The index may be built by another process (a CLI import's detached pass), whose progress
  // sends no event here: while outputs are waiting, the search is asked again every few seconds.
  const indexing = rows.unindexed > 0;
  useEffect(() => {
    if (!indexing) return;
    const timer = setInterval(rows.refresh, SEARCH_PENDING_RECHECK_MS);
    return () => clearInterval(timer);
  }, [indexing, rows.refresh]);

  /** Counts filters submitted: only the latest is applied (and none once the view is left). */
  const submitted = useRef(0);
  useEffect(() => () => void submitted.current++, []);
  const setUrl = (nextQuery: string, nextSort: Sort | undefined): void => {
    const search: Record<string, string> = {};
    if (nextQuery) search.q = nextQuery;
    const sortText = formatSort(nextSort);
    if (sortText) search.sort = sortText;
    const ticket = ++submitted.current;
    // Applied once the filter's first page is in, so the table renders once, with the new rows
    // (measured: rendering the previous rows dimmed first took ~20 ms of the page's thread while
    // the answer waited); a slower filter shows the previous rows dimmed after a moment.
    void Promise.race([rows.prefetch(nextQuery, nextSort), new Promise((resolve) => setTimeout(resolve, FIRST_PAGE_WAIT_MS))]).then(() => {
      if (submitted.current !== ticket) return;
      setParams(search);
      setSelected(-1);
    });
  };

  const open = useCallback(
    (row: ExplorerRow, index: number) => {
      const search = new URLSearchParams({ q: query, pos: String(index) });
      const sortText = formatSort(sort);
      if (sortText) search.set('sort', sortText);
      navigate(`/prediction/${row.predictionId}?${search.toString()}`);
    },
    [query, sort, navigate],
  );

  const total = rows.total ?? 0;
  useHotkeys({
    j: () => setSelected((index) => Math.min(total - 1, index + 1)),
    k: () => setSelected((index) => Math.max(0, index - 1)),
    Enter: () => {
      const row = selected >= 0 ? rows.rowAt(selected) : undefined;
      if (row) open(row, selected);
    },
  });

  return (
    <section className="explorer">
      <FilterBar query={query} onApply={(next) => setUrl(next, sort)} />
      <div className="table-status">
        {rows.error ? null : rows.total === null || rows.pending ? (
          <span className="muted">counting…</span>
        ) : (
          <span data-testid="result-count" title={rows.totalExact ? undefined : 'an estimate: counting every match of this filter would be slow'}>
            {rows.totalExact ? '' : 'about '}
            {formatCount(rows.total)} prediction{rows.total === 1 ? '' : 's'}
          </span>
        )}
        {sort && (
          <span className="muted">
            {' '}
            · sorted by {sort.field} {sort.direction === 'desc' ? '▼' : '▲'}{' '}
            <button type="button" className="link-button" onClick={() => setUrl(query, undefined)}>
              unsort
            </button>
          </span>
        )}
        {indexing && (
          <span className="search-pending" data-testid="search-pending">
            {' '}
            · {formatCount(rows.unindexed)} output{rows.unindexed === 1 ? '' : 's'} imported last {rows.unindexed === 1 ? 'is' : 'are'} still being
            indexed: this search cannot match {rows.unindexed === 1 ? 'it' : 'them'} yet, and runs again when indexing is done
          </span>
        )}
        <span className="muted"> · j / k select, Enter opens</span>
        <button type="button" className="export-button" onClick={() => setExporting(true)} disabled={exporting} data-testid="open-export">
          Save as set / Export…
        </button>
      </div>
      {exporting && <ExportPanel key={query} query={query} onClose={() => setExporting(false)} />}
      {rows.error ? (
        <ErrorState what="predictions" error={rows.error} retry={rows.refresh} />
      ) : rows.total === null || (rows.pending && rows.total === 0) ? (
        <Loading what="predictions" />
      ) : rows.total === 0 ? (
        <Empty title="No predictions match this filter.">
          {rows.hints.map((hint) => (
            <p key={hint} data-testid="filter-hint">
              {hint}
            </p>
          ))}
          <p className="muted">Loosen the filter, or clear it to see every prediction.</p>
        </Empty>
      ) : (
        <VirtualTable
          total={rows.total}
          rowAt={rows.rowAt}
          ensure={rows.ensure}
          listKey={rows.shownKey}
          pending={rows.pending}
          sort={sort}
          onSort={(next) => setUrl(query, next)}
          selected={selected}
          onOpen={open}
        />
      )}
    </section>
  );
}
