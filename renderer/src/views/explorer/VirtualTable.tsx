import { flexRender, getCoreRowModel, useReactTable, type ColumnSizingState, type SortingState } from '@tanstack/react-table';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ExplorerRow } from '@core/types/records';
import { useStoredState } from '../../hooks/useStoredState';
import { COLUMNS } from './columns';
import { rowWindow, scrollTopToShow, type ScrollView } from './row-window';
import type { Sort } from './sort';

const ROW_HEIGHT = 34;
/** The question column takes what the fixed columns leave, but never less than this. */
const QUESTION_MIN_WIDTH = 280;

/**
 * The explorer's table: @tanstack/react-table for columns and sorting state, with only the rows
 * on screen in the DOM (row-window.ts: rows are all one height, so which are on screen follows
 * from the scroll position). Rows not fetched yet show as placeholders and ask for their page as
 * they scroll into view.
 */
export function VirtualTable({
  total,
  rowAt,
  ensure,
  listKey,
  pending,
  sort,
  onSort,
  selected,
  onOpen,
}: {
  total: number;
  rowAt: (index: number) => ExplorerRow | undefined;
  ensure: (start: number, end: number) => void;
  /** Which list the rows are: a new one starts at the top. */
  listKey: string;
  /** The rows are the previous filter's, shown dimmed and inert until the new filter's arrive. */
  pending: boolean;
  sort: Sort | undefined;
  onSort: (sort: Sort | undefined) => void;
  selected: number;
  onOpen: (row: ExplorerRow, index: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLTableSectionElement>(null);
  const { first, last, paddingTop, paddingBottom, viewOf } = useRowWindow(scroller, header, total);
  const indexes = useMemo(() => Array.from({ length: Math.max(last - first + 1, 0) }, (_, i) => first + i), [first, last]);
  useEffect(() => {
    if (total > 0) ensure(first, last);
  }, [first, last, total, ensure]);
  useEffect(() => {
    const element = scroller.current;
    if (!element || selected < 0 || selected >= total) return;
    element.scrollTop = scrollTopToShow(selected, viewOf(element));
  }, [selected, total, viewOf]);
  const shownList = useRef(listKey);
  useEffect(() => {
    if (shownList.current === listKey) return;
    shownList.current = listKey;
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [listKey]);

  const visible = useMemo(() => indexes.map(rowAt).filter((row): row is ExplorerRow => row !== undefined), [indexes, rowAt]);
  const sorting: SortingState = sort ? [{ id: sort.field, desc: sort.direction === 'desc' }] : [];
  // Column widths the researcher dragged, remembered across sessions.
  const [columnSizing, setColumnSizing] = useStoredState<ColumnSizingState>('explorer.columnSizing', {});
  const table = useReactTable({
    data: visible,
    columns: COLUMNS,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row.predictionId),
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: true,
    enableColumnResizing: true,
    columnResizeMode: 'onChange',
    defaultColumn: { minSize: 50, maxSize: 800 },
    onColumnSizingChange: setColumnSizing,
    state: { sorting, columnSizing },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const head = next[0];
      onSort(head ? { field: head.id as Sort['field'], direction: head.desc ? 'desc' : 'asc' } : undefined);
    },
  });
  const columnCount = COLUMNS.length;

  return (
    <div className={`table-wrap${pending ? ' pending' : ''}`} ref={scroller} data-testid="explorer-scroller" aria-busy={pending}>
      <table className="grid" data-testid="explorer-table" style={{ minWidth: table.getTotalSize() + QUESTION_MIN_WIDTH }}>
        <colgroup>
          {table.getAllLeafColumns().map((col) => (
            <col key={col.id} style={col.id === 'question' ? undefined : { width: col.getSize() }} />
          ))}
        </colgroup>
        <thead ref={header}>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    onClick={header.column.getCanSort() ? header.column.getToggleSortingHandler() : undefined}
                    className={header.column.getCanSort() ? 'sortable' : undefined}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                    {header.column.getCanResize() && (
                      <span
                        className={`resizer${header.column.getIsResizing() ? ' resizing' : ''}`}
                        onMouseDown={header.getResizeHandler()}
                        onTouchStart={header.getResizeHandler()}
                        onClick={(event) => event.stopPropagation()}
                        onDoubleClick={() => header.column.resetSize()}
                        role="separator"
                        aria-orientation="vertical"
                        aria-label={`Resize the ${String(header.column.columnDef.header)} column`}
                        data-testid={`resize-${header.column.id}`}
                      />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columnCount} style={{ height: paddingTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {indexes.map((index) => {
            const data = rowAt(index);
            const row = data ? table.getRow(String(data.predictionId)) : undefined;
            if (!data || !row) {
              return (
                <tr key={index} className="placeholder" style={{ height: ROW_HEIGHT }}>
                  <td colSpan={columnCount}>
                    <span className="skeleton" />
                  </td>
                </tr>
              );
            }
            // Keyed by position, not by prediction: a new filter's rows reuse the rows on screen
            // (their text is patched) instead of unmounting every row and building it again.
            return (
              <tr
                key={index}
                style={{ height: ROW_HEIGHT }}
                onClick={pending ? undefined : () => onOpen(data, index)}
                className={`clickable${index === selected ? ' selected' : ''}`}
                data-testid={pending ? undefined : 'explorer-row'}
                data-index={index}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.column.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columnCount} style={{ height: paddingBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Rows drawn beyond each edge of the viewport, so a quick scroll shows rows, not blank space. */
const OVERSCAN = 5;

/**
 * The rows of `count` on screen in `scroller`, kept in step with its scrolling and size. The
 * rows' viewport is the scroller's height less the sticky header's, which covers its top: so
 * scrollTop 0 shows row 0 right below the header, and a row scrolled to sits fully in view.
 * Re-renders only when the window changes, not at every pixel scrolled.
 */
function useRowWindow(scroller: React.RefObject<HTMLDivElement | null>, header: React.RefObject<HTMLTableSectionElement | null>, count: number) {
  const viewOf = useCallback(
    (element: HTMLDivElement): ScrollView => ({
      count,
      rowHeight: ROW_HEIGHT,
      scrollTop: element.scrollTop,
      viewportHeight: Math.max(element.clientHeight - (header.current?.offsetHeight ?? 0), ROW_HEIGHT),
    }),
    [count, header],
  );
  // Until the scroller is laid out: a screenful, so the first render already asks for the first page.
  const [view, setView] = useState({ scrollTop: 0, viewportHeight: 30 * ROW_HEIGHT });
  // The view last set (only `read` sets it): a scroll that keeps the same rows in the same place sets nothing.
  const viewSet = useRef(view);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const read = (): void => {
      const next = viewOf(element);
      const now = rowWindow({ ...next, ...viewSet.current, overscan: OVERSCAN });
      const window = rowWindow({ ...next, overscan: OVERSCAN });
      if (window.first === now.first && window.last === now.last && window.paddingTop === now.paddingTop && window.paddingBottom === now.paddingBottom) return;
      viewSet.current = { scrollTop: next.scrollTop, viewportHeight: next.viewportHeight };
      setView(viewSet.current);
    };
    read();
    element.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scroller, viewOf]);
  return { ...rowWindow({ count, rowHeight: ROW_HEIGHT, overscan: OVERSCAN, ...view }), viewOf };
}
