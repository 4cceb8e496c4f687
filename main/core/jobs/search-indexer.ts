/**
 * The app's (and serve's) pass over outputs a large import left unindexed
 * (store/search-backlog.ts): a chunk at a time between API calls, started when the workspace
 * opens and whenever runs change (an import ends). When a pass has indexed anything, views that
 * search ask again (`changed: search`): the explorer's "not searchable yet" note goes away.
 */
import type { Db } from '../store/database';
import { indexNextOutputs } from '../store/search-backlog';
import type { WorkbenchEvent } from '../types/records';
import type { JobManager } from './job-manager';

/** Ids per chunk: ~70 ms of the event loop for 2 KB traces here, the longest an API call waits on it. */
const BACKGROUND_CHUNK = 5_000;

export class SearchIndexer {
  private running = false;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobManager,
  ) {
    jobs.events.on('event', this.onEvent);
  }

  private readonly onEvent = (event: WorkbenchEvent): void => {
    if (event.type === 'changed' && event.what === 'runs') this.start();
  };

  /** Starts a pass unless one is going; it runs until the backlog is empty. */
  start(): void {
    if (this.running || this.closed) return;
    this.running = true;
    let indexedAny = false;
    const step = (): void => {
      if (this.closed) return;
      let indexed: number;
      try {
        indexed = indexNextOutputs(this.db, BACKGROUND_CHUNK);
      } catch {
        // Busy past the timeout (another process's long write): the backlog keeps what is left for the next pass.
        this.running = false;
        return;
      }
      if (indexed >= 0) {
        indexedAny = true;
        setImmediate(step); // API calls that arrived meanwhile are answered first
        return;
      }
      this.running = false;
      if (indexedAny) this.jobs.emit({ type: 'changed', what: 'search' });
    };
    setImmediate(step);
  }

  close(): void {
    this.closed = true;
    this.jobs.events.off('event', this.onEvent);
  }
}
