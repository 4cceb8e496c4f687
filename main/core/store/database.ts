import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guardWorkspaceIntegrity, trackOpenWriter } from './integrity';
import { applyMigrations, readMigrationFiles } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open without applying migrations or writing (e.g. for read-only inspection). */
  readonly?: boolean;
  /** Directory holding the numbered .sql migrations (defaults to the one beside this module). */
  migrationsDir?: string;
  /** A private file deleted after use (an import's staging file): neither checked on open nor stamped on close. */
  scratch?: boolean;
  /** Refuse to create the file (a pass that works on a workspace another process may remove meanwhile). */
  mustExist?: boolean;
  /** Not checked on open: another connection of this process opened (and checked) the file already. */
  checkedAlready?: boolean;
}

/**
 * Where the migrations live. From source (tsx, vitest) they sit beside this file; in the
 * bundled Electron build the build copies them next to the bundle (see electron.vite.config.ts).
 */
function defaultMigrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'migrations'), join(here, 'store-migrations')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}

/**
 * Electron runs the core with its own Node ABI, so it loads a separately built copy of
 * better-sqlite3's addon (scripts/electron-native.mjs) instead of the one Node uses.
 */
function nativeBindingForRuntime(): string | undefined {
  const override = process.env.VLM_WORKBENCH_SQLITE_BINDING;
  if (override) return override;
  if (!process.versions.electron) return undefined;
  const candidate = join(process.env.VLM_WORKBENCH_APP_ROOT ?? process.cwd(), '.native', `electron-abi${process.versions.modules}`, 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

const NEW_FILE_PAGE_SIZE = 16384;
/**
 * A scratch file (an import's staging file) is written once, front to back, and read once by the
 * merge: larger pages mean fewer writes and reads. Measured on 100,000 staged traces of 2 KB: its
 * commits 0.43-0.47 s at 16 KiB, 0.32-0.34 s at 32 KiB, 0.31 s at 64 KiB, and the merge's copies
 * 1.07 → 0.96-1.0 → 0.90-0.96 s; 32 KiB, as each of the schema's ~80 tables and indexes takes a
 * page even when empty (2.6 MB before anything is staged; 5.2 MB at 64 KiB).
 */
const SCRATCH_PAGE_SIZE = 32768;

/**
 * Opens (creating if needed) a workspace file: WAL, foreign keys, busy timeout, migrations.
 *
 * Every write transaction in the core is started with `.immediate()`: a deferred transaction
 * that reads first and then writes cannot wait for another writer (SQLite answers "database is
 * locked" at once instead of using the busy timeout), and the app and the CLI do share a file.
 */
export function openWorkspace(path: string, options: OpenOptions = {}): Db {
  if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
  const nativeBinding = nativeBindingForRuntime();
  const existed = existsSync(path);
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: (options.readonly ?? false) || (options.mustExist ?? false),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    // Before anything is written (migrations included): a damaged file is refused, not extended.
    if (!options.scratch && !options.checkedAlready) guardWorkspaceIntegrity(db, path, { existed, readonly: options.readonly ?? false });
    if (!options.readonly) {
      // A new workspace gets 16 KiB pages (settable only before its first table): a trace of 2-4 KB
      // is over half a 4 KiB page, so at SQLite's default every trace took a page to itself.
      // Measured on 20,000 traces of ~2 KB: 98 MB at 4 KiB, 65 MB at 16 KiB, and the import a
      // fifth faster for writing a third less. Existing workspaces keep their page size.
      if (db.pragma('page_count', { simple: true }) === 0) db.pragma(`page_size = ${options.scratch ? SCRATCH_PAGE_SIZE : NEW_FILE_PAGE_SIZE}`);
      if (options.scratch) {
        // Thrown away after one import (or by the next, when a killed process left it): no journal,
        // no fsync. Set before the migrations: WAL first cost each import ~0.1 s of journal switch.
        db.pragma('journal_mode = OFF');
        db.pragma('synchronous = OFF');
      } else {
        db.pragma('journal_mode = WAL');
        // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose
        // the last transactions, never corrupt the file.
        db.pragma('synchronous = NORMAL');
      }
      applyMigrations(db, readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir()), path);
    }
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    if (!options.readonly && !options.scratch) trackOpenWriter(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Leaves the WAL to be copied into the file by another connection (or this one's close): for a
 * short-lived writer that hands its work to a process of its own, as the command line's import
 * does with the search index pass. SQLite otherwise copies a large transaction's pages back into
 * the file at its commit (0.8 s of a 100,000-prediction import here).
 */
export function deferCheckpoints(db: Db): void {
  db.pragma('wal_autocheckpoint = 0');
}

/**
 * A transaction that spans many calls, for a writer that commits in batches as it goes (an
 * import's private staging file); everything else uses `db.transaction(...).immediate()`.
 */
export function beginTransaction(db: Db): void {
  db.exec('BEGIN');
}

export function commitTransaction(db: Db): void {
  db.exec('COMMIT');
}

export function rollbackTransaction(db: Db): void {
  db.exec('ROLLBACK');
}
