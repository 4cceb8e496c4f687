/**
 * The private staging file an export is read into before anything is written to the workspace
 * (export/read-back.ts): two plain queues, the records as JSON in the order read and the bytes of
 * the images the workspace lacks. No journal, no fsync: the file is thrown away after the import
 * (or by the next one, when a killed process left it behind). Written in batches between
 * `beginTransaction` and `commitTransaction` (store/database.ts), only for speed.
 */
import { openWorkspace, type Db } from './database';
import { statement } from './statements';

/** Opens a fresh staging file (like a workspace: the same SQLite build, also under Electron) with its two queues. */
export function openReadBackStaging(path: string): Db {
  const staging = openWorkspace(path, { scratch: true });
  try {
    staging.exec(
      'CREATE TABLE readback_records (seq INTEGER PRIMARY KEY, json TEXT NOT NULL); CREATE TABLE readback_images (sha256 TEXT PRIMARY KEY, bytes BLOB NOT NULL)',
    );
    return staging;
  } catch (error) {
    staging.close();
    throw error;
  }
}

export function stageRecordJson(staging: Db, json: string): void {
  statement(staging, 'INSERT INTO readback_records (json) VALUES (?)').run(json);
}

/** Keeps an image's bytes (once per sha256). */
export function stageImageBytes(staging: Db, sha256: string, bytes: Buffer): void {
  statement(staging, 'INSERT OR IGNORE INTO readback_images (sha256, bytes) VALUES (?, ?)').run(sha256, bytes);
}

export function isImageStaged(staging: Db, sha256: string): boolean {
  return statement(staging, 'SELECT 1 FROM readback_images WHERE sha256 = ?').get(sha256) !== undefined;
}

export function stagedImageBytes(staging: Db, sha256: string): Buffer | undefined {
  return (statement(staging, 'SELECT bytes FROM readback_images WHERE sha256 = ?').get(sha256) as { bytes: Buffer } | undefined)?.bytes;
}

/** The staged records' JSON, in the order they were read (one row in memory at a time). */
export function* stagedRecordJson(staging: Db): Generator<string> {
  for (const row of statement(staging, 'SELECT json FROM readback_records ORDER BY seq').iterate() as IterableIterator<{ json: string }>) yield row.json;
}
