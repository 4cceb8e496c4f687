import { EXPLORER_SORT_FIELDS, type ExplorerSortField } from '@core/types/records';

export interface Sort {
  field: ExplorerSortField;
  direction: 'asc' | 'desc';
}

const FIELDS: readonly string[] = EXPLORER_SORT_FIELDS;

/** Sorts travel in the URL as `field:direction` so a trace's j/k keep the explorer's order. */
export function parseSort(value: string | null): Sort | undefined {
  if (!value) return undefined;
  const [field, direction] = value.split(':');
  if (!FIELDS.includes(field ?? '')) return undefined;
  return { field: field as ExplorerSortField, direction: direction === 'desc' ? 'desc' : 'asc' };
}

export const formatSort = (sort: Sort | undefined): string | undefined => (sort ? `${sort.field}:${sort.direction}` : undefined);
