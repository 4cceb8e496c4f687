/**
 * The workspace as an import reads it for each prediction (the workspace's sample a prediction
 * joins), in read transactions of a connection of its own. Outside a transaction every statement
 * takes a read transaction of its own, which in WAL mode costs ~5 µs (measured: a sample's lookup
 * 10 µs alone, 3 µs inside one; its image slots 5 µs against 0.1): 1.8 s of a 100,000-prediction
 * import of a second checkpoint. A connection of its own, because the workspace's connection is
 * shared with the app's other work between the import's awaits. `renew` ends the read transaction
 * (at each staged batch), so what it reads is at most one batch old, as the staged rows are anyway
 * until the merge joins them again by their keys.
 */
import { openWorkspace, type Db } from './database';
import { findSampleByExternalId } from './imports';
import type { StoredSample } from './tables';

export class WorkspaceSnapshot {
  private reader: Db | null = null;
  private reading = false;

  /** `workspace`: the import's own connection, read directly where no second one can open (an in-memory workspace). */
  constructor(
    private readonly workspace: Db,
    private readonly path: string,
  ) {}

  /** The workspace's sample of `benchmark` with this id, as of this batch's snapshot. */
  sample(benchmark: string, externalId: string): StoredSample | undefined {
    return findSampleByExternalId(this.begin(), benchmark, externalId);
  }

  /** Ends the read transaction: the next read sees the workspace as it is then. */
  renew(): void {
    if (this.reading) this.reader!.exec('COMMIT');
    this.reading = false;
  }

  close(): void {
    this.renew();
    this.reader?.close();
    this.reader = null;
  }

  private begin(): Db {
    if (this.workspace.memory) return this.workspace;
    this.reader ??= openWorkspace(this.path, { readonly: true, checkedAlready: true });
    if (!this.reading) this.reader.exec('BEGIN');
    this.reading = true;
    return this.reader;
  }
}
