import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

/** A migration file as found on disk: `NNNN_name.sql`. */
export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

/** Raised when the workspace's recorded history and the shipped migrations disagree. */
export class MigrationHistoryError extends Error {
  override name = 'MigrationHistoryError';
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function readMigrationFiles(dir: string): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .sort();
  return files.map((file) => {
    const match = FILE_PATTERN.exec(file)!;
    const sql = readFileSync(join(dir, file), 'utf8');
    return {
      version: Number(match[1]),
      name: file,
      sql,
      sha256: createHash('sha256').update(sql).digest('hex'),
    };
  });
}

interface AppliedRow {
  version: number;
  name: string;
  sha256: string;
}

/**
 * Applies pending migrations in order, each in its own transaction, and records its hash.
 * History is append-only: an applied migration that was edited or removed stops us with a
 * message, because silently continuing could corrupt a workspace holding weeks of GPU time.
 */
export function applyMigrations(db: Database.Database, files: MigrationFile[], workspacePath: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  const byVersion = new Map(files.map((f) => [f.version, f]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new MigrationHistoryError(
        `${workspacePath}: migration ${row.name} was applied to this workspace but is missing from this build of VLM Workbench. ` +
          'It was probably written by a newer version; open it with that version. The workspace was not changed.',
      );
    }
    if (file.sha256 !== row.sha256) {
      throw new MigrationHistoryError(
        `${workspacePath}: migration ${row.name} was edited after it was applied (recorded sha256 ${row.sha256.slice(0, 12)}, ` +
          `now ${file.sha256.slice(0, 12)}). Applied migrations must never change; add a new numbered migration instead. ` +
          'The workspace was not changed.',
      );
    }
  }
  const done = new Set(applied.map((r) => r.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  let count = 0;
  for (const file of files) {
    if (done.has(file.version)) continue;
    db.transaction(() => {
      db.exec(file.sql);
      record.run(file.version, file.name, file.sha256, new Date().toISOString());
    }).immediate();
    count++;
  }
  return count;
}
