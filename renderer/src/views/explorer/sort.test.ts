import { describe, expect, it } from 'vitest';
import { EXPLORER_SORT_FIELDS } from '@core/types/records';
import { formatSort, parseSort } from './sort';

describe('explorer sort in the URL', () => {
  it('reads back every sort field the core accepts, in both directions', () => {
    for (const field of EXPLORER_SORT_FIELDS) {
      for (const direction of ['asc', 'desc'] as const) expect(parseSort(formatSort({ field, direction }) ?? null)).toEqual({ field, direction });
    }
  });

  it('ignores a sort on a field the core would refuse, and defaults the direction to ascending', () => {
    expect(parseSort('question:asc')).toBeUndefined();
    expect(parseSort('')).toBeUndefined();
    expect(parseSort(null)).toBeUndefined();
    expect(parseSort('latencyMs')).toEqual({ field: 'latencyMs', direction: 'asc' });
    expect(parseSort('latencyMs:sideways')).toEqual({ field: 'latencyMs', direction: 'asc' });
  });
});
