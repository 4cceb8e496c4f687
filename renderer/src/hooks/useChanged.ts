import { useEffect, useRef } from 'react';
import { onWorkbenchEvent } from '../events';

type Topic = 'runs' | 'annotations' | 'search' | 'jobs';

/**
 * Calls `onChange` when the core says data of one of these kinds changed (a run finished, a
 * label was added elsewhere, a job moved), so views stay true without polling.
 */
export function useChanged(topics: Topic[], onChange: () => void): void {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  const key = topics.join(',');
  useEffect(() => {
    const wanted = new Set(key.split(','));
    return onWorkbenchEvent((event) => {
      if (event.type === 'changed' && wanted.has(event.what)) latest.current();
      else if (event.type === 'job' && (wanted.has('jobs') || (wanted.has('runs') && event.job.status === 'completed'))) latest.current();
    });
  }, [key]);
}
