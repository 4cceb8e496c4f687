/**
 * The private staging files an import writes beside the workspace before merging it in one
 * transaction (ingest/import.ts, and export/read-back.ts for our own exports). A process killed
 * mid-import leaves its staging file behind; it never touched the workspace, and the next import
 * removes it.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processIsAlive } from '../util/process';

/** Where the staging file goes: beside the workspace, on the same disk, removed afterwards. */
export function stagingPathFor(workspacePath: string): string {
  return `${workspacePath}.import-${process.pid}-${Date.now()}.staging`;
}

export function removeStaging(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
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
