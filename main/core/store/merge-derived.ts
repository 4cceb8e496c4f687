/**
 * The import merge's (store/imports.ts, `mergeStaging`) one-pass upkeep of what the workspace
 * derives from new rows: full-text indexes and summary counts.
 */
import type { Db } from './database';
import { deferOutputIndex } from './search-backlog';

/**
 * Row-at-a-time triggers the merge replaces by one set-based statement each (below): the
 * full-text index of new questions is built in one pass (that of new outputs after the merge,
 * search-backlog.ts), and the summary counts are added up per group instead of once per row.
 * Dropped and re-created inside the merge's transaction, so another connection never sees them
 * missing and a killed merge restores them.
 */
const BULK_MERGE_TRIGGERS = ['samples_fts_insert', 'benchmark_counts_insert', 'outputs_fts_insert', 'prediction_counts_insert'];

/** What the BULK_MERGE_TRIGGERS would have done for the rows the merge added (the staging file attached as `staging`). */
export function deriveForNewRows(db: Db, samplesBefore: number, predictionBase: number): void {
  db.prepare('INSERT INTO main.samples_fts (rowid, question) SELECT id, question FROM main.samples WHERE id > ?').run(samplesBefore);
  db.prepare(
    `INSERT INTO main.benchmark_counts (benchmark_id, samples)
       SELECT benchmark_id, COUNT(*) FROM main.samples WHERE id > ? GROUP BY benchmark_id
       ON CONFLICT DO UPDATE SET samples = samples + excluded.samples`,
  ).run(samplesBefore);
  // The new outputs' full-text index is built after the merge, outside its transaction (search-backlog.ts).
  const { lastStaged } = db.prepare('SELECT MAX(id) AS lastStaged FROM staging.staged_predictions').get() as { lastStaged: number | null };
  if (lastStaged !== null) deferOutputIndex(db, predictionBase + 1, predictionBase + lastStaged);
  db.prepare(
    `INSERT INTO main.prediction_counts (run_id, category, category_known, first, correct, official_correct, format_ok, has_error, n)
       SELECT p.run_id, COALESCE(s.category, ''), s.category IS NOT NULL, p.sample_index = 0, COALESCE(p.correct, -1),
         COALESCE(p.official_correct, -1), COALESCE(p.format_ok, -1), p.error IS NOT NULL, COUNT(*)
       FROM main.predictions p LEFT JOIN main.samples s ON s.id = p.sample_id
       WHERE p.id > ?
       GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
       ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  ).run(predictionBase);
}

/** Drops the BULK_MERGE_TRIGGERS and returns the statements that create them again. */
export function dropBulkMergeTriggers(db: Db): string[] {
  const placeholders = BULK_MERGE_TRIGGERS.map(() => '?').join(', ');
  const triggers = db.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND name IN (${placeholders})`).all(...BULK_MERGE_TRIGGERS) as Array<{
    name: string;
    sql: string;
  }>;
  if (triggers.length !== BULK_MERGE_TRIGGERS.length) throw new Error(`import merge: the workspace lacks a trigger it should have (${BULK_MERGE_TRIGGERS.join(', ')})`);
  for (const trigger of triggers) db.exec(`DROP TRIGGER main.${trigger.name}`);
  return triggers.map((trigger) => trigger.sql);
}
