/** Shared checks of the reliability tests: integrity, row counts, bounded waits. */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** `PRAGMA integrity_check` and `foreign_key_check` of a workspace file, read by a fresh connection. */
export function integrityOf(path: string): { integrity: string; foreignKeyViolations: number } {
  const db = new Database(path);
  try {
    const integrity = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check).join('; ');
    const foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
    return { integrity, foreignKeyViolations };
  } finally {
    db.close();
  }
}

/** Rows in every table (full-text shadow tables included), by a fresh read-only look. */
export function rowCounts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
    return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

export function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The staging files an import leaves beside the workspace while it runs (ingest/staging-files.ts). */
export function stagingFiles(workspacePath: string): string[] {
  const prefix = `${basename(workspacePath)}.import-`;
  return readdirSync(dirname(workspacePath))
    .filter((name) => name.startsWith(prefix))
    .map((name) => join(dirname(workspacePath), name));
}

/** Rejects when `promise` has not settled in `ms` (a hang is a failure, not a slow pass). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (a hang)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
