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
import { findBenchmarkId } from './catalog';
import { openWorkspace, type Db } from './database';
import { statement } from './statements';
import { sampleFieldsOf, type SampleFields, type SampleRow } from './tables';

/**
 * A workspace sample as a prediction joins it: what grading and the join check read. Not its
 * image slots (a second statement per prediction, ~1.3 µs) nor its caption and metadata: nothing
 * of the import reads them, and the staging file keeps only the sample's key.
 */
const JOINED_SAMPLE = 'SELECT id, benchmark_id, external_id, question, choices_json, answer, answer_type, category, skills_json FROM samples WHERE benchmark_id = ? AND external_id = ?';

export class WorkspaceSnapshot {
  private reader: Db | null = null;
  private reading = false;
  /** Workspace benchmarks' ids by name, once found (benchmarks are never deleted or renamed). */
  private readonly benchmarkIds = new Map<string, number>();

  /** `workspace`: the import's own connection, read directly where no second one can open (an in-memory workspace). */
  constructor(
    private readonly workspace: Db,
    private readonly path: string,
  ) {}

  /** The workspace's sample of `benchmark` with this id, as of this batch's snapshot. */
  sample(benchmark: string, externalId: string): SampleFields | undefined {
    const reader = this.begin();
    let benchmarkId = this.benchmarkIds.get(benchmark);
    if (benchmarkId === undefined) {
      benchmarkId = findBenchmarkId(reader, benchmark);
      if (benchmarkId === undefined) return undefined;
      this.benchmarkIds.set(benchmark, benchmarkId);
    }
    const row = statement(reader, JOINED_SAMPLE).get(benchmarkId, externalId) as Omit<SampleRow, 'caption'> | undefined;
    return row ? sampleFieldsOf(row) : undefined;
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
