import { createColumnHelper } from '@tanstack/react-table';
import type { ExplorerRow } from '@core/types/records';
import { MiddleEllipsis } from '../../components/MiddleEllipsis';
import { Verdict } from '../../components/Verdict';
import { formatCount, middleEllipsis, milliseconds } from '../../format';

const column = createColumnHelper<ExplorerRow>();

/** The explorer's columns; `size` is a fixed width in pixels (the table lays out once, rows never jump). */
export const COLUMNS = [
  column.accessor('externalId', { header: 'Sample', enableSorting: false, size: 130, cell: (info) => <span title={info.getValue()}>{info.getValue()}</span> }),
  // Cut in the middle: the step at the end tells stage-3 checkpoints apart.
  column.accessor('checkpoint', { header: 'Checkpoint', size: 205, cell: (info) => <MiddleEllipsis text={info.getValue()} /> }),
  column.accessor('benchmark', { header: 'Benchmark', size: 120, cell: (info) => <span title={info.getValue()}>{middleEllipsis(info.getValue(), 15)}</span> }),
  column.accessor('question', {
    header: 'Question',
    enableSorting: false,
    minSize: 0,
    size: 0, // takes the width the fixed columns leave (VirtualTable)
    enableResizing: false,
    cell: (info) => <span title={info.getValue()}>{info.getValue()}</span>,
  }),
  column.accessor('gold', { header: 'Gold', enableSorting: false, size: 80, cell: (info) => <span className="answer-value">{info.getValue()}</span> }),
  column.accessor('extracted', {
    header: 'Extracted',
    size: 90,
    cell: (info) => (info.getValue() === null ? <span className="muted">none</span> : <span className="answer-value">{info.getValue()}</span>),
  }),
  column.accessor('correct', {
    header: 'Verdict',
    // Room for "wrong" and the "≠ off." badge side by side.
    size: 122,
    cell: (info) => (
      <>
        <Verdict correct={info.getValue()} error={info.row.original.error} />
        {info.row.original.officialCorrect !== null && info.row.original.officialCorrect !== info.getValue() && (
          <span className="badge disagree" title="The official verdict differs">
            ≠ off.
          </span>
        )}
      </>
    ),
  }),
  column.accessor('labels', {
    header: 'Labels',
    enableSorting: false,
    size: 140,
    cell: (info) =>
      info.getValue().map((label) => (
        <span key={label} className="label-chip">
          {label}
        </span>
      )),
  }),
  column.accessor('thinkChars', { header: 'Think', size: 70, cell: (info) => <span className="num">{formatCount(info.getValue())}</span> }),
  column.accessor('latencyMs', { header: 'Latency', size: 80, cell: (info) => <span className="num">{milliseconds(info.getValue())}</span> }),
  column.accessor('category', { header: 'Category', size: 100, cell: (info) => info.getValue() ?? <span className="muted">—</span> }),
];
