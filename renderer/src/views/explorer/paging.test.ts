import { describe, expect, it } from 'vitest';
import { MAX_PAGES, PAGE_SIZE, pagesCovering, rowOf, withPage } from './paging';

describe('explorer paging', () => {
  it('asks for exactly the pages a visible range of rows falls on', () => {
    expect(pagesCovering(0, 0)).toEqual([0]);
    expect(pagesCovering(0, PAGE_SIZE - 1)).toEqual([0]);
    expect(pagesCovering(PAGE_SIZE - 1, PAGE_SIZE)).toEqual([0, 1]);
    expect(pagesCovering(250, 420)).toEqual([2, 3, 4]);
  });

  it('finds a row in its page, and nothing where the page is not loaded', () => {
    const pages = new Map([[2, ['a', 'b']]]);
    expect(rowOf(pages, 2 * PAGE_SIZE + 1)).toBe('b');
    expect(rowOf(pages, 1)).toBeUndefined();
  });

  it(`holds at most ${MAX_PAGES} pages, dropping those farthest from the one just read`, () => {
    let pages = new Map<number, string>();
    for (let page = 0; page < MAX_PAGES; page++) pages = withPage(pages, page, `rows ${page}`);
    expect([...pages.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Scrolling on: the first page is the farthest and goes.
    pages = withPage(pages, MAX_PAGES, 'rows 8');
    expect(pages.size).toBe(MAX_PAGES);
    expect(pages.has(0)).toBe(false);
    expect(pages.get(MAX_PAGES)).toBe('rows 8');
    // Jumping back to the start: the far end goes instead.
    pages = withPage(pages, 0, 'rows 0 again');
    expect(pages.has(MAX_PAGES)).toBe(false);
    expect(pages.get(0)).toBe('rows 0 again');
  });

  it('starts over from one page when told to replace (a refresh after a new filter)', () => {
    const pages = withPage(new Map([[0, 'old'], [1, 'old']]), 5, 'new', true);
    expect([...pages.entries()]).toEqual([[5, 'new']]);
  });
});
