/**
 * The full-text index of outputs an import added, built after its merge (migration 0020).
 * Tokenising 100,000 traces of ~2 KB takes FTS5 about 1.4 s here; inside the merge that held the
 * workspace's one write lock and kept the new runs out of sight until it was done. The merge now
 * records the new ids in `search_backlog`, and this indexes them a chunk per short transaction,
 * lowest ids first: a label written meanwhile waits for one chunk, not for the whole index, and a
 * process killed mid-way leaves the rest recorded for the next pass. Until it is done, a search
 * misses those outputs (never shows a wrong one) and says how many it could not search yet.
 */
import type { Db } from './database';
import { statement } from './statements';

/** Prediction ids indexed per transaction: ~0.3 s of a writer's lock for 2 KB traces here. */
export const INDEX_CHUNK = 20_000;

/** Records that outputs `firstId`..`lastId` (prediction ids) are not in the full-text index yet. */
export function deferOutputIndex(db: Db, firstId: number, lastId: number): void {
  if (lastId < firstId) return;
  // Ids are reused once the highest rows are deleted (`--replace` before the pass got there): ranges
  // that touch are joined, so no id is listed twice and indexed twice. No id in a range is indexed yet.
  const touching = 'FROM search_backlog WHERE first_id <= @lastId + 1 AND last_id >= @firstId - 1';
  const joined = statement(db, `SELECT MIN(first_id) AS first, MAX(last_id) AS last ${touching}`).get({ firstId, lastId }) as { first: number | null; last: number | null };
  statement(db, `DELETE ${touching}`).run({ firstId, lastId });
  statement(db, 'INSERT INTO search_backlog (first_id, last_id) VALUES (?, ?)').run(Math.min(firstId, joined.first ?? firstId), Math.max(lastId, joined.last ?? lastId));
}

/** Outputs a search cannot match yet (0 when the index is complete). */
export function unindexedOutputs(db: Db): number {
  if (!statement(db, 'SELECT 1 FROM search_backlog LIMIT 1').get()) return 0;
  return (
    statement(
      db,
      // Counted in the narrow predictions table (same ids): a range of prediction_texts reads every trace's page.
      'SELECT COUNT(*) AS n FROM search_backlog b JOIN predictions p ON p.id BETWEEN b.first_id AND b.last_id',
    ).get() as { n: number }
  ).n;
}

/**
 * Indexes the next `chunk` ids of the backlog (lowest first) in one transaction; returns the
 * outputs indexed, or -1 when nothing was left. Rows deleted meanwhile are simply not there to
 * index, and one whose text changed is indexed as it is now.
 */
export function indexNextOutputs(db: Db, chunk = INDEX_CHUNK): number {
  return db
    .transaction((): number => {
      const range = statement(db, 'SELECT rowid, first_id AS firstId, last_id AS lastId FROM search_backlog ORDER BY first_id LIMIT 1').get() as
        | { rowid: number; firstId: number; lastId: number }
        | undefined;
      if (!range) return -1;
      const to = Math.min(range.lastId, range.firstId + chunk - 1);
      if (to === range.lastId) statement(db, 'DELETE FROM search_backlog WHERE rowid = ?').run(range.rowid);
      else statement(db, 'UPDATE search_backlog SET first_id = ? WHERE rowid = ?').run(to + 1, range.rowid);
      return statement(
        db,
        'INSERT INTO outputs_fts (rowid, raw_output) SELECT prediction_id, raw_output FROM prediction_texts WHERE prediction_id BETWEEN ? AND ?',
      ).run(range.firstId, to).changes;
    })
    .immediate();
}

/**
 * What an import does right after its merge: a backlog of at most one chunk (most imports) is
 * indexed at once, so their outputs are searchable when the import returns; a larger one is left
 * to a pass of its own (the app's background indexer, `vlm-workbench index`). Returns what is left.
 */
export function indexOutputsIfFew(db: Db): number {
  const pending = unindexedOutputs(db);
  if (pending === 0 || pending > INDEX_CHUNK) return pending;
  try {
    indexAllOutputs(db);
  } catch {
    // Only the index failed (a full disk): the import stands, and its ids stay in the backlog.
  }
  return unindexedOutputs(db);
}

/** Indexes the whole backlog, a chunk per transaction; returns the outputs indexed. */
export function indexAllOutputs(db: Db): number {
  let indexed = 0;
  for (let done = indexNextOutputs(db); done >= 0; done = indexNextOutputs(db)) indexed += done;
  return indexed;
}

/**
 * Before a search whose answer is kept or written (a failure set, an export, the command line's
 * `explore`): a filter with words to search first indexes whatever an import left, so nothing it
 * should match is missed. The app's explorer instead says how many outputs it could not search yet.
 */
export function completeOutputIndexFor(db: Db, filter: { text: readonly string[] }): void {
  if (filter.text.length > 0) indexAllOutputs(db);
}
