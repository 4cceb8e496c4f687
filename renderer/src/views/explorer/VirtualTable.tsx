import { flexRender, getCoreRowModel, useReactTable, type ColumnSizingState, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { ExplorerRow } from '@core/types/records';
import { useStoredState } from '../../hooks/useStoredState';
import { COLUMNS } from './columns';
import type { Sort } from './sort';

const ROW_HEIGHT = 34;
/** The question column takes what the fixed columns leave, but never less than this. */
const QUESTION_MIN_WIDTH = 280;

/**
 * The explorer's table: @tanstack/react-table for columns and sorting state, with only the rows
 * on screen in the DOM (@tanstack/react-virtual). Rows not fetched yet show as placeholders and
 * ask for their page as they scroll into view.
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
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 5 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (total > 0) ensure(first, last);
  }, [first, last, total, ensure]);
  useEffect(() => {
    if (selected >= 0 && selected < total) virtualizer.scrollToIndex(selected, { align: 'auto' });
  }, [selected, total, virtualizer]);
  const shownList = useRef(listKey);
  useEffect(() => {
    if (shownList.current === listKey) return;
    shownList.current = listKey;
    virtualizer.scrollToOffset(0);
  }, [listKey, virtualizer]);

  const visible = useMemo(() => items.map((item) => rowAt(item.index)).filter((row): row is ExplorerRow => row !== undefined), [items, rowAt]);
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
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - items.at(-1)!.end : 0;

  return (
    <div className={`table-wrap${pending ? ' pending' : ''}`} ref={scroller} data-testid="explorer-scroller" aria-busy={pending}>
      <table className="grid" data-testid="explorer-table" style={{ minWidth: table.getTotalSize() + QUESTION_MIN_WIDTH }}>
        <colgroup>
          {table.getAllLeafColumns().map((col) => (
            <col key={col.id} style={col.id === 'question' ? undefined : { width: col.getSize() }} />
          ))}
        </colgroup>
        <thead>
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
          {items.map((item) => {
            const data = rowAt(item.index);
            const row = data ? table.getRow(String(data.predictionId)) : undefined;
            if (!data || !row) {
              return (
                <tr key={item.index} className="placeholder" style={{ height: ROW_HEIGHT }}>
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
                key={item.index}
                style={{ height: ROW_HEIGHT }}
                onClick={pending ? undefined : () => onOpen(data, item.index)}
                className={`clickable${item.index === selected ? ' selected' : ''}`}
                data-testid={pending ? undefined : 'explorer-row'}
                data-index={item.index}
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
