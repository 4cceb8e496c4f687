import type { ExplorerSortField } from '../../../../main/core/api/contract';

export interface Sort {
  field: ExplorerSortField;
  direction: 'asc' | 'desc';
}

// A type-checked copy of the contract's list (importing the value would bundle zod into the UI).
const FIELDS = ['id', 'benchmark', 'checkpoint', 'correct', 'thinkChars', 'latencyMs', 'extracted', 'category'] as const satisfies readonly ExplorerSortField[];
type Missing = Exclude<ExplorerSortField, (typeof FIELDS)[number]>;
const complete: [Missing] extends [never] ? true : never = true;
void complete;

/** Sorts travel in the URL as `field:direction` so a trace's j/k keep the explorer's order. */
export function parseSort(value: string | null): Sort | undefined {
  if (!value) return undefined;
  const [field, direction] = value.split(':');
  if (!(FIELDS as readonly string[]).includes(field ?? '')) return undefined;
  return { field: field as ExplorerSortField, direction: direction === 'desc' ? 'desc' : 'asc' };
}

export const formatSort = (sort: Sort | undefined): string | undefined => (sort ? `${sort.field}:${sort.direction}` : undefined);
