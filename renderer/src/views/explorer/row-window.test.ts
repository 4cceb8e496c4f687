import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_HEIGHT, rowWindow, scrollTopToShow } from './row-window';

const ROW = 34;
const VIEW = 680; // 20 rows in view
const base = { rowHeight: ROW, viewportHeight: VIEW, overscan: 5 };

/** Where a drawn row's top is within the scroll content (rows drawn in order after paddingTop). */
const topOf = (window: ReturnType<typeof rowWindow>, index: number): number => window.paddingTop + (index - window.first) * ROW;

describe('the rows on screen of a list of fixed-height rows', () => {
  it('a short list: every row in view is drawn where it belongs, the scroll height is the rows\'', () => {
    const window = rowWindow({ ...base, count: 1000, scrollTop: 3400 });
    expect(window.first).toBe(95); // row 100 at the top, five above
    expect(window.last).toBe(125);
    expect(topOf(window, 100)).toBe(3400);
    expect(window.paddingTop + (window.last - window.first + 1) * ROW + window.paddingBottom).toBe(1000 * ROW);
  });

  it('the end of the list: the last row is drawn, no blank space after it', () => {
    const window = rowWindow({ ...base, count: 1000, scrollTop: 1000 * ROW - VIEW });
    expect(window.last).toBe(999);
    expect(window.paddingBottom).toBe(0);
  });

  it('an empty list draws nothing', () => {
    expect(rowWindow({ ...base, count: 0, scrollTop: 0 })).toEqual({ first: 0, last: -1, paddingTop: 0, paddingBottom: 0 });
  });

  it('a million rows, taller than a browser lets an element be: the scroll range is scaled and its end shows the last row', () => {
    const count = 1_000_000;
    expect(count * ROW).toBeGreaterThan(33_554_428); // Chromium's cap: unscaled, rows past ~986,000 could never be reached
    const end = rowWindow({ ...base, count, scrollTop: MAX_SCROLL_HEIGHT - VIEW });
    expect(end.last).toBe(count - 1);
    expect(end.paddingTop + (end.last - end.first + 1) * ROW + end.paddingBottom).toBe(MAX_SCROLL_HEIGHT);
    expect(topOf(end, count - 1) + ROW).toBe(MAX_SCROLL_HEIGHT); // the last row ends where the viewport does
    const middle = rowWindow({ ...base, count, scrollTop: (MAX_SCROLL_HEIGHT - VIEW) / 2 });
    expect(middle.first + 5).toBeCloseTo((count - VIEW / ROW) / 2, -1);
    // The row at the top of the viewport is drawn at the viewport's top, whatever the scale.
    const scrolled = (MAX_SCROLL_HEIGHT - VIEW) / 3;
    const third = rowWindow({ ...base, count, scrollTop: scrolled });
    const rowAtTop = third.first + 5;
    expect(topOf(third, rowAtTop)).toBeLessThanOrEqual(scrolled);
    expect(topOf(third, rowAtTop) + ROW).toBeGreaterThan(scrolled);
    const start = rowWindow({ ...base, count, scrollTop: 0 });
    expect([start.first, start.paddingTop]).toEqual([0, 0]);
  });
});

describe('scrolling a row into view (a keyboard selection)', () => {
  const view = { count: 1000, rowHeight: ROW, viewportHeight: VIEW };
  it('leaves the scroll where it is when the row is in view, else moves the least that shows it whole', () => {
    expect(scrollTopToShow(105, { ...view, scrollTop: 3400 })).toBe(3400);
    expect(scrollTopToShow(99, { ...view, scrollTop: 3400 })).toBe(99 * ROW); // above: at the top
    expect(scrollTopToShow(120, { ...view, scrollTop: 3400 })).toBe(121 * ROW - VIEW); // below: at the bottom
  });

  it('in a scaled million-row list, the row scrolled to is drawn in view', () => {
    const count = 1_000_000;
    for (const index of [0, 1234, 500_000, 987_654, count - 1]) {
      const scrollTop = scrollTopToShow(index, { count, rowHeight: ROW, viewportHeight: VIEW, scrollTop: 0 });
      const window = rowWindow({ ...base, count, scrollTop });
      expect(index, `row ${index}`).toBeGreaterThanOrEqual(window.first);
      expect(index).toBeLessThanOrEqual(window.last);
      expect(topOf(window, index)).toBeGreaterThanOrEqual(scrollTop - 0.5);
      expect(topOf(window, index) + ROW).toBeLessThanOrEqual(scrollTop + VIEW + 0.5);
    }
  });
});

describe('wherever a million-row list is scrolled', () => {
  it('the rows drawn cover the viewport, fit the scroll height, and the row at its top is drawn there', () => {
    const count = 1_000_000;
    const range = MAX_SCROLL_HEIGHT - VIEW;
    // Every pixel of both ends (where the scale changes) and a spread of positions between them.
    const positions = [...Array.from({ length: 5000 }, (_, i) => i), ...Array.from({ length: 200 }, (_, i) => (range * (i + 0.5)) / 200), ...Array.from({ length: 5000 }, (_, i) => range - i)];
    let previousTopRow = -1;
    for (const scrollTop of positions.sort((a, b) => a - b)) {
      const window = rowWindow({ ...base, count, scrollTop });
      const where = `scrollTop ${scrollTop}`;
      expect(window.paddingTop, where).toBeGreaterThanOrEqual(0);
      expect(window.paddingBottom, where).toBeGreaterThanOrEqual(0);
      expect(window.paddingTop + (window.last - window.first + 1) * ROW + window.paddingBottom, where).toBeCloseTo(MAX_SCROLL_HEIGHT, 6);
      // Drawn from above the viewport's top to below its bottom: no blank band, wherever it is.
      expect(topOf(window, window.first), where).toBeLessThanOrEqual(scrollTop + 0.001);
      expect(topOf(window, window.last) + ROW, where).toBeGreaterThanOrEqual(scrollTop + VIEW - 0.001);
      // Scrolling down never brings an earlier row to the top.
      const topRowDrawn = [...Array(window.last - window.first + 1).keys()].map((i) => window.first + i).find((row) => topOf(window, row) + ROW > scrollTop)!;
      expect(topRowDrawn, where).toBeGreaterThanOrEqual(previousTopRow);
      previousTopRow = topRowDrawn;
    }
    expect(previousTopRow).toBe(count - VIEW / ROW); // the end of the range shows the last screenful
    // Just past the top (a keyboard selection moved to row 9): row 9 is drawn at the viewport's top, not below it.
    const scrollTop = scrollTopToShow(9, { count, rowHeight: ROW, viewportHeight: VIEW, scrollTop: 1000 });
    const window = rowWindow({ ...base, count, scrollTop });
    expect(topOf(window, 9)).toBeCloseTo(scrollTop, 0);
  });
});
