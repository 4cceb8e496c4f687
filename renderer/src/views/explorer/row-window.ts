/**
 * Which rows of a long list of fixed-height rows are on screen, from the scroll position alone:
 * constant time whatever the list's length. A virtualizer that measures rows (as
 * @tanstack/react-virtual does) keeps one entry per row and rebuilds them all whenever the count
 * changes: 107 ms and tens of MB for the million predictions of an unfiltered explorer, and
 * again on every filter change.
 *
 * Browsers cap an element's height (Chromium at 33,554,428 px, Firefox lower): a million rows of
 * 34 px is taller, and its last rows could never be scrolled to. Above `MAX_SCROLL_HEIGHT` the
 * scroll range is scaled instead: the first and last `EDGE_ROWS` rows scroll at their own pace
 * (so each end of the list sits exactly at each end of the range), the rows between them faster,
 * and the rows in view are drawn where the viewport is.
 */

/** Tall enough for 290,000 rows of 34 px at one pixel a pixel; below every browser's cap. */
export const MAX_SCROLL_HEIGHT = 10_000_000;
/** Rows at each end of a scaled list that scroll one pixel a pixel. */
const EDGE_ROWS = 100;

export interface RowWindowInput {
  count: number;
  rowHeight: number;
  /** The scroll container's scrollTop, and the height the rows have in it. */
  scrollTop: number;
  viewportHeight: number;
  /** Rows drawn beyond each edge of the viewport. */
  overscan: number;
  maxScrollHeight?: number;
}

export type ScrollView = Omit<RowWindowInput, 'overscan'>;

export interface RowWindow {
  /** First and last row drawn (last < first when there are none). */
  first: number;
  last: number;
  /** Blank space above and below the drawn rows: together with them, the scroll height. */
  paddingTop: number;
  paddingBottom: number;
}

/**
 * How a scaled list maps scroll positions to rows: the first `edge` pixels are the first rows at
 * their own height, the last `edge` pixels the last rows, and the positions between them spread
 * the rows between evenly. Null when the list fits (every row at its own height).
 */
function scaling({ count, rowHeight, viewportHeight, maxScrollHeight = MAX_SCROLL_HEIGHT }: ScrollView) {
  if (count * rowHeight <= maxScrollHeight) return null;
  const height = maxScrollHeight;
  const range = Math.max(height - viewportHeight, 0);
  const lastTop = Math.max(count - viewportHeight / rowHeight, 0); // the top row at the end of the range
  const edge = Math.min(EDGE_ROWS * rowHeight, range / 2);
  const edgeRows = edge / rowHeight;
  return { height, range, lastTop, edge, edgeRows, middleRows: lastTop - 2 * edgeRows, middlePixels: range - 2 * edge };
}

type Scaling = ReturnType<typeof scaling>;

/** The list's row at the viewport's top, as a fractional row. */
function topRow(view: ScrollView, scaled: Scaling): number {
  if (!scaled) return Math.max(view.scrollTop, 0) / view.rowHeight;
  const { range, lastTop, edge, edgeRows, middleRows, middlePixels } = scaled;
  const scrollTop = Math.min(Math.max(view.scrollTop, 0), range);
  if (scrollTop <= edge) return scrollTop / view.rowHeight;
  if (scrollTop >= range - edge) return lastTop - (range - scrollTop) / view.rowHeight;
  return edgeRows + ((scrollTop - edge) / middlePixels) * middleRows;
}

export function rowWindow(input: RowWindowInput): RowWindow {
  const { count, rowHeight, scrollTop, viewportHeight, overscan } = input;
  if (count <= 0) return { first: 0, last: -1, paddingTop: 0, paddingBottom: 0 };
  const scaled = scaling(input);
  const height = scaled?.height ?? count * rowHeight;
  const top = topRow(input, scaled);
  const firstInView = Math.min(Math.floor(top), count - 1);
  const lastInView = Math.min(Math.ceil(top + viewportHeight / rowHeight), count - 1);
  // Every row is drawn where the row at the viewport's top puts it: `top` at scrollTop. Unscaled
  // (and at each end of a scaled list) that is the row's own offset; in between, only the rows
  // near the viewport are drawn, and overscan rows only where they fit inside the scroll height.
  const offsetOf = (row: number): number => Math.max(scrollTop, 0) - (top - row) * rowHeight;
  let first = Math.max(firstInView - overscan, 0);
  while (first < firstInView && offsetOf(first) < 0) first++;
  let last = Math.min(lastInView + overscan, count - 1);
  while (last > lastInView && offsetOf(last) + rowHeight > height) last--;
  const paddingTop = Math.max(offsetOf(first), 0);
  return { first, last, paddingTop, paddingBottom: Math.max(height - paddingTop - (last - first + 1) * rowHeight, 0) };
}

/**
 * The scrollTop that brings `index` into view with the least movement (none when it is in view
 * already), as a keyboard selection moves.
 */
export function scrollTopToShow(index: number, view: ScrollView): number {
  const { count, rowHeight, scrollTop, viewportHeight } = view;
  const rowsInView = viewportHeight / rowHeight;
  const scaled = scaling(view);
  const top = topRow(view, scaled);
  let wantedTop: number;
  if (index < top) wantedTop = index;
  else if (index + 1 > top + rowsInView) wantedTop = index + 1 - rowsInView;
  else return scrollTop;
  if (!scaled) return Math.max(wantedTop * rowHeight, 0);
  const { range, lastTop, edge, edgeRows, middleRows, middlePixels } = scaled;
  const rows = Math.min(Math.max(wantedTop, 0), lastTop);
  if (rows <= edgeRows) return rows * rowHeight;
  if (rows >= lastTop - edgeRows) return range - (lastTop - rows) * rowHeight;
  return edge + ((rows - edgeRows) / middleRows) * middlePixels;
}
