/**
 * Noticing a damaged workspace before writing into it. SQLite's `quick_check` reads every page
 * (seconds on a large file), so it runs only when the file may have changed behind our back:
 * when its size or modification time differ from what this code recorded the last time it
 * closed the file cleanly (a crash, another tool, a copy, bytes flipped on disk), and no live
 * writer of ours holds it open (open-writers.ts). The record is a small hidden file beside the
 * workspace.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { liveWriters, markOpenWriter } from './open-writers';

export class DamagedWorkspaceError extends Error {
  override name = 'DamagedWorkspaceError';
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(
      `the workspace ${path} is damaged (SQLite quick_check: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}). ` +
        'Nothing was written to it. To recover: restore a copy made with `vlm-workbench backup`, or salvage what is readable with ' +
        `\`sqlite3 "${path}" ".recover" | sqlite3 recovered.sqlite\` and open recovered.sqlite. \`vlm-workbench check --db FILE\` tells whether a file is sound.`,
    );
  }
}

/** The small hidden file beside a workspace that records its last clean close. */
export const stampPath = (path: string): string => join(dirname(path), `.${basename(path)}.checked`);

interface Stamp {
  size: number;
  mtimeMs: number;
}

function stampOf(path: string): Stamp {
  const stat = statSync(path);
  return { size: stat.size, mtimeMs: stat.mtimeMs };
}

/** `PRAGMA quick_check` (or the full `integrity_check`): the problems found, empty when sound. */
export function checkWorkspace(db: Database.Database, full = false): string[] {
  try {
    const rows = db.pragma(full ? 'integrity_check' : 'quick_check', { simple: false }) as Array<Record<string, string>>;
    const messages = rows.map((row) => Object.values(row)[0] ?? '');
    return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
  } catch (error) {
    // A damaged page can stop the check itself ("database disk image is malformed").
    return [error instanceof Error ? error.message : String(error)];
  }
}

function walHoldsFrames(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** Whether the file is as this code last left it (so the check can be skipped). */
function unchangedSinceCleanClose(path: string): boolean {
  // A live writer of ours holds it open: the WAL's frames are its work in progress, and the file
  // was checked (or found unchanged) when that writer opened it.
  if (liveWriters(path).length > 0) return true;
  const file = stampPath(path);
  // A WAL holding frames with no writer left is one that did not close cleanly. An empty one is
  // what a read-only connection leaves (it cannot remove it), and says nothing about the file.
  if (!existsSync(file) || walHoldsFrames(path)) return false;
  try {
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as Stamp;
    const now = stampOf(path);
    return recorded.size === now.size && recorded.mtimeMs === now.mtimeMs;
  } catch {
    return false;
  }
}

/**
 * Checks an existing workspace on open unless unchanged since our last clean close (or held open
 * by a live writer of ours), and refuses a damaged one for writing.
 */
export function guardWorkspaceIntegrity(db: Database.Database, path: string, options: { existed: boolean; readonly: boolean }): void {
  if (path === ':memory:') return;
  // A file created here has nothing to check, and its clean close is recorded like any other:
  // a workspace just built (an import into a new file) is not read through again on next open.
  if (options.existed && !unchangedSinceCleanClose(path)) {
    const problems = checkWorkspace(db);
    if (problems.length > 0 && !options.readonly) throw new DamagedWorkspaceError(path, problems);
  }
}

/**
 * For a connection open for writing, once it has read the file (it then holds SQLite's shared
 * lock, so no other connection's close takes the WAL away): marks it a live writer, and at its
 * close removes the mark and records the clean close.
 */
export function trackOpenWriter(db: Database.Database, path: string): void {
  if (path === ':memory:') return;
  const unmark = markOpenWriter(path);
  const close = db.close.bind(db);
  db.close = () => {
    close();
    unmark();
    recordCleanClose(path);
    return db;
  };
}

/** Records that the (closed) workspace file is as this code left it: the next open skips the check. */
export function recordCleanClose(path: string): void {
  try {
    writeFileSync(stampPath(path), JSON.stringify(stampOf(path)));
  } catch {
    // A read-only folder: the next open checks again, nothing worse.
  }
}
