import { useCallback, useState } from 'react';

/**
 * State remembered in localStorage across sessions (column widths, hidden benchmarks). A value
 * that does not parse, or storage that is unavailable, falls back to the initial value.
 */
export function useStoredState<T>(key: string, initial: T): [T, (next: T | ((previous: T) => T)) => void] {
  const storageKey = `vlmwb.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = localStorage.getItem(storageKey);
      return stored === null ? initial : (JSON.parse(stored) as T);
    } catch {
      return initial;
    }
  });
  const update = useCallback(
    (next: T | ((previous: T) => T)) => {
      setValue((previous) => {
        const resolved = typeof next === 'function' ? (next as (p: T) => T)(previous) : next;
        try {
          localStorage.setItem(storageKey, JSON.stringify(resolved));
        } catch {
          // Storage full or disabled: the setting holds for this session only.
        }
        return resolved;
      });
    },
    [storageKey],
  );
  return [value, update];
}
