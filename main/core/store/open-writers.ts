/**
 * Which live processes have a workspace open for writing: one small marker file beside it per
 * connection (`.NAME.open-PID-N`), made once the connection has read the file and removed when it
 * closes. The integrity guard (integrity.ts) uses it to tell a WAL that holds frames because a
 * writer of ours is at work (the app, `serve`, an import) from one a crash left behind: without
 * it, every command run while the app had written anything read the whole file through first
 * (10 s on a million predictions). A marker whose process is gone (killed) counts for nothing and
 * is removed when seen; a process id reused since is the one case this trusts wrongly, and it
 * costs only the early warning of a file damaged behind our back.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processIsAlive } from '../util/process';

const markerPrefix = (path: string): string => `.${basename(path)}.open-`;
let connectionsMarked = 0;

/** Records that this process holds `path` open for writing; returns what removes the record. */
export function markOpenWriter(path: string): () => void {
  const marker = join(dirname(path), `${markerPrefix(path)}${process.pid}-${++connectionsMarked}`);
  try {
    writeFileSync(marker, '');
  } catch {
    return () => undefined; // a read-only folder: others check the file on open, nothing worse
  }
  return () => rmSync(marker, { force: true });
}

/** Process ids of the live writers that hold `path` open (this process's own connections included). */
export function liveWriters(path: string): number[] {
  const prefix = markerPrefix(path);
  let names: string[];
  try {
    names = readdirSync(dirname(path)).filter((name) => name.startsWith(prefix));
  } catch {
    return [];
  }
  const live = new Set<number>();
  for (const name of names) {
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && processIsAlive(pid)) live.add(pid);
    else rmSync(join(dirname(path), name), { force: true });
  }
  return [...live];
}

/** Waits until process `pid` holds `path` open; false when it did not within `timeoutMs` (or ended). */
export async function waitForWriter(path: string, pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline && processIsAlive(pid)) {
    if (liveWriters(path).includes(pid)) return true;
    await sleep(10);
  }
  return false;
}
