import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { ExplorerRow, ExplorerSortField } from '../../../main/core/api/contract';
import { api } from '../api';
import { Verdict } from '../components/Verdict';
import { useQuery } from '../useQuery';

const PAGE_SIZE = 100;
const column = createColumnHelper<ExplorerRow>();

const COLUMNS = [
  column.accessor('externalId', { header: 'Sample', enableSorting: false }),
  column.accessor('benchmark', { header: 'Benchmark' }),
  column.accessor('checkpoint', { header: 'Checkpoint' }),
  column.accessor('question', { header: 'Question', enableSorting: false, cell: (info) => <span className="clip">{info.getValue()}</span> }),
  column.accessor('gold', { header: 'Gold', enableSorting: false }),
  column.accessor('extracted', { header: 'Extracted', cell: (info) => info.getValue() ?? <span className="muted">none</span> }),
  column.accessor('correct', { header: 'Verdict', cell: (info) => <Verdict correct={info.getValue()} error={info.row.original.error} /> }),
  column.accessor('labels', { header: 'Labels', enableSorting: false, cell: (info) => info.getValue().join(', ') }),
  column.accessor('thinkChars', { header: 'Think chars' }),
  column.accessor('latencyMs', { header: 'Latency', cell: (info) => (info.getValue() === null ? '—' : `${Math.round(info.getValue()!)} ms`) }),
  column.accessor('category', { header: 'Category' }),
];

const SORTABLE = new Set<string>(['benchmark', 'checkpoint', 'extracted', 'correct', 'thinkChars', 'latencyMs', 'category']);

/** Server-side pages of predictions: filtering, sorting and paging happen in SQL. */
export function Explorer() {
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const page = Number(params.get('page') ?? '0');
  const [draft, setDraft] = useState(query);
  const [sorting, setSorting] = useState<SortingState>([]);
  const navigate = useNavigate();
  useEffect(() => setDraft(query), [query]);

  const sort = sorting[0] && SORTABLE.has(sorting[0].id)
    ? { field: sorting[0].id as ExplorerSortField, direction: sorting[0].desc ? ('desc' as const) : ('asc' as const) }
    : undefined;
  const result = useQuery(
    () => api.explore({ query, offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...(sort ? { sort } : {}) }),
    [query, page, sort?.field, sort?.direction],
  );
  const rows = useMemo(() => result.data?.rows ?? [], [result.data]);
  const table = useReactTable({
    data: rows,
    columns: COLUMNS,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: true,
    state: { sorting },
    onSortingChange: setSorting,
  });
  const total = result.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const apply = (next: string): void => setParams(next ? { q: next } : {});
  const openRow = (row: ExplorerRow, index: number): void => {
    const position = page * PAGE_SIZE + index;
    const search = new URLSearchParams({ q: query, pos: String(position) });
    if (sort) search.set('sort', `${sort.field}:${sort.direction}`);
    navigate(`/prediction/${row.predictionId}?${search.toString()}`);
  };

  return (
    <section className="explorer">
      <form
        className="filter-bar"
        onSubmit={(event) => {
          event.preventDefault();
          apply(draft.trim());
        }}
      >
        <input
          aria-label="Filter"
          data-testid="filter-input"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder='benchmark:MathVista checkpoint:stage3 correct:false label:perception "vertical angle"'
          spellCheck={false}
        />
        <button type="submit">Filter</button>
      </form>
      <div className="table-status">
        {result.error ? <span className="error">{result.error}</span> : <span data-testid="result-count">{total.toLocaleString()} predictions</span>}
        {result.loading && <span className="muted"> · loading…</span>}
      </div>
      {!result.error && total === 0 && !result.loading ? (
        <p className="empty">No predictions match this filter.</p>
      ) : (
        <div className="table-wrap">
          <table className="grid" data-testid="explorer-table">
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => (
                    <th
                      key={header.id}
                      onClick={header.column.getCanSort() ? header.column.getToggleSortingHandler() : undefined}
                      className={header.column.getCanSort() ? 'sortable' : undefined}
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      {{ asc: ' ▲', desc: ' ▼' }[header.column.getIsSorted() as string] ?? ''}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((row, index) => (
                <tr key={row.id} onClick={() => openRow(row.original, index)} className="clickable" data-testid="explorer-row">
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <button disabled={page === 0} onClick={() => setParams({ q: query, page: String(page - 1) })}>
          ← Previous
        </button>
        <span>
          page {page + 1} of {pages}
        </span>
        <button disabled={page + 1 >= pages} onClick={() => setParams({ q: query, page: String(page + 1) })}>
          Next →
        </button>
      </div>
    </section>
  );
}
