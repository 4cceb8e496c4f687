/**
 * Which rows of a long list of fixed-height rows are on screen, from the scroll position alone:
 * constant time whatever the list's length. A virtualizer that measures rows (as
 * @tanstack/react-virtual does) keeps one entry per row and rebuilds them all whenever the count
 * changes: 107 ms and tens of MB for the million predictions of an unfiltered explorer, and
 * again on every filter change.
 *
 * Browsers cap an element's height (Chromium at 33,554,428 px, Firefox lower): a million rows of
 * 34 px is taller, and its last rows could never be scrolled to. Above `MAX_SCROLL_HEIGHT` the
 * scroll range is scaled instead: the scrollbar's position is the share of the list passed, and
 * the rows at that share are drawn where the viewport is.
 */

/** Tall enough for 290,000 rows of 34 px at one pixel a pixel; below every browser's cap. */
export const MAX_SCROLL_HEIGHT = 10_000_000;

export interface RowWindowInput {
  count: number;
  rowHeight: number;
  /** The scroll container's scrollTop and clientHeight. */
  scrollTop: number;
  viewportHeight: number;
  /** Rows drawn beyond each edge of the viewport. */
  overscan: number;
  maxScrollHeight?: number;
}

export interface RowWindow {
  /** First and last row drawn (last < first when there are none). */
  first: number;
  last: number;
  /** Blank space above and below the drawn rows: together with them, the scroll height. */
  paddingTop: number;
  paddingBottom: number;
}

const scrollHeightOf = (count: number, rowHeight: number, maxScrollHeight: number): number => Math.min(count * rowHeight, maxScrollHeight);

/** The list's first row in view, in the list's own (unscaled) terms, as a fractional row. */
function topRow({ count, rowHeight, scrollTop, viewportHeight, maxScrollHeight = MAX_SCROLL_HEIGHT }: Omit<RowWindowInput, 'overscan'>): number {
  const height = scrollHeightOf(count, rowHeight, maxScrollHeight);
  if (height === count * rowHeight) return scrollTop / rowHeight;
  const rowsInView = viewportHeight / rowHeight;
  const range = height - viewportHeight;
  return range > 0 ? (Math.min(Math.max(scrollTop, 0), range) / range) * Math.max(count - rowsInView, 0) : 0;
}

export function rowWindow(input: RowWindowInput): RowWindow {
  const { count, rowHeight, scrollTop, viewportHeight, overscan, maxScrollHeight = MAX_SCROLL_HEIGHT } = input;
  if (count <= 0) return { first: 0, last: -1, paddingTop: 0, paddingBottom: 0 };
  const height = scrollHeightOf(count, rowHeight, maxScrollHeight);
  const top = topRow(input);
  const firstInView = Math.min(Math.floor(top), count - 1);
  const first = Math.max(firstInView - overscan, 0);
  const last = Math.min(Math.ceil(top + viewportHeight / rowHeight) + overscan, count - 1);
  const drawn = (last - first + 1) * rowHeight;
  // Unscaled, a row sits at its own offset; scaled, the row in view at the top sits where the
  // viewport starts (less the part of it scrolled past), the overscan rows above it.
  const firstInViewAt = height === count * rowHeight ? firstInView * rowHeight : Math.max(scrollTop, 0) - (top - firstInView) * rowHeight;
  const paddingTop = Math.max(Math.min(firstInViewAt - (firstInView - first) * rowHeight, height - drawn), 0);
  return { first, last, paddingTop, paddingBottom: Math.max(height - paddingTop - drawn, 0) };
}

/**
 * The scrollTop that brings `index` into view with the least movement (none when it is in view
 * already), as a keyboard selection moves.
 */
export function scrollTopToShow(index: number, input: Omit<RowWindowInput, 'overscan'>): number {
  const { count, rowHeight, scrollTop, viewportHeight, maxScrollHeight = MAX_SCROLL_HEIGHT } = input;
  const height = scrollHeightOf(count, rowHeight, maxScrollHeight);
  const rowsInView = viewportHeight / rowHeight;
  const top = topRow(input);
  let wantedTop: number;
  if (index < top) wantedTop = index;
  else if (index + 1 > top + rowsInView) wantedTop = index + 1 - rowsInView;
  else return scrollTop;
  if (height === count * rowHeight) return Math.max(wantedTop * rowHeight, 0);
  const spare = Math.max(count - rowsInView, 0);
  return spare > 0 ? (Math.min(Math.max(wantedTop, 0), spare) / spare) * (height - viewportHeight) : 0;
}
