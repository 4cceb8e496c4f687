import type { WorkbenchEvent } from '@core/types/records';
import { api } from './api';

type Listener = (event: WorkbenchEvent) => void;

/**
 * One subscription to the core's events for the whole window, shared by every component.
 * (Over HTTP each subscription is an EventSource: a connection of its own. A browser allows only
 * a few per origin, so components must not open one each.)
 */
const listeners = new Set<Listener>();
let unsubscribe: (() => void) | undefined;

export function onWorkbenchEvent(listener: Listener): () => void {
  listeners.add(listener);
  unsubscribe ??= api.subscribe((event) => {
    for (const each of [...listeners]) each(event);
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && unsubscribe) {
      unsubscribe();
      unsubscribe = undefined;
    }
  };
}
