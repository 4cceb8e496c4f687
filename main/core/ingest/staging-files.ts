/**
 * The private staging files an import writes beside the workspace before merging it in one
 * transaction (ingest/import.ts, and export/read-back.ts for our own exports). A process killed
 * mid-import leaves its staging file behind; it never touched the workspace, and the next import
 * removes it.
 */
import { existsSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../store/database';
import { openStaging } from '../store/imports';
import { processIsAlive } from '../util/process';

/** Where the staging file goes: beside the workspace, on the same disk, removed afterwards. */
export function stagingPathFor(workspacePath: string): string {
  return `${workspacePath}.import-${process.pid}-${Date.now()}.staging`;
}

export function removeStaging(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/** Opens a new staging file; a full disk is said as such, with nothing left behind. */
export function openStagingOrExplain(stagingPath: string, workspacePath: string): Db {
  try {
    return openStaging(stagingPath);
  } catch (error) {
    removeStaging(stagingPath);
    throw describeImportWriteError(error, workspacePath);
  }
}

/** Staging files left by an import whose process was killed (they never touched the workspace). */
export function removeOrphanedStaging(workspacePath: string): void {
  const dir = dirname(workspacePath);
  const prefix = `${basename(workspacePath)}.import-`;
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const match = name.startsWith(prefix) ? /^(\d+)-\d+\.staging(?:-wal|-shm|-journal)?$/.exec(name.slice(prefix.length)) : null;
    if (match && Number(match[1]) !== process.pid && !processIsAlive(Number(match[1]))) rmSync(join(dir, name), { force: true });
  }
}

/** Below this much free space, a write that failed is taken to have failed for want of room. */
const NEARLY_FULL_BYTES = 8 * 1024 * 1024;

function nearlyFull(dir: string): boolean {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}

/**
 * An import's write error as a person should read it. SQLite reports a full disk as SQLITE_FULL,
 * but after it has rolled the transaction back itself, better-sqlite3's own ROLLBACK fails with
 * "cannot rollback - no transaction is active" and hides the cause; the free space tells.
 */
export function describeImportWriteError(error: unknown, workspacePath: string): unknown {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const full =
    code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full/.test(message) ||
    ((/cannot rollback - no transaction is active/.test(message) || code.startsWith('SQLITE_IOERR')) && nearlyFull(dirname(workspacePath)));
  if (!full) return error;
  return Object.assign(new Error(`disk full while importing into ${workspacePath}: nothing was imported and the staging file was removed; free some space on ${dirname(workspacePath)} and import again`), { code: 'ENOSPC' });
}
