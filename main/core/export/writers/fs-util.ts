/** Small file helpers shared by the writers: backpressure, atomic placement, clean-up. */
import { once } from 'node:events';
import { existsSync, readdirSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/** A write error as a person should read it: a full disk says so, with the file it hit. */
export function describeWriteError(error: unknown, path: string): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && DISK_FULL_CODES.has(code)) {
    return Object.assign(new Error(`disk full while writing ${path} (${code}); the partial output was removed. Free some space and run the export again`), { code });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Listens for 'error' on every stream of a writer from the start: an unheard stream error
 * (ENOSPC mid-export) would otherwise crash the whole process. The first one is kept and thrown
 * by the next write, wait or finish, as a clear error naming `path`.
 */
export function guardStreams(path: string, ...streams: NodeJS.EventEmitter[]) {
  let failure: Error | undefined;
  const waiting = new Set<(error: Error) => void>();
  for (const stream of streams) {
    stream.on('error', (error: unknown) => {
      failure ??= describeWriteError(error, path);
      for (const reject of waiting) reject(failure);
    });
  }
  const throwIfFailed = (): void => {
    if (failure) throw failure;
  };
  /** Resolves on `event` of `stream`, rejects as soon as any guarded stream fails. */
  const waitFor = (stream: NodeJS.EventEmitter, event: string): Promise<void> => {
    throwIfFailed();
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        waiting.delete(reject);
        if (failure) reject(failure);
        else resolve();
      };
      waiting.add(reject);
      stream.once(event, done);
    });
  };
  return { throwIfFailed, waitFor };
}

/** Writes and waits for 'drain' when the stream's buffer is full, so memory stays bounded. */
export async function writeChunk(stream: NodeJS.WritableStream | WriteStream, chunk: string | Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

export async function endStream(stream: WriteStream): Promise<void> {
  if (stream.closed) return;
  const closed = once(stream, 'close');
  stream.end();
  await closed;
}

/**
 * A sibling temporary name: same folder, so the final rename never crosses file systems. It
 * carries the writing process's id, so a later run can tell a dead export's leftovers from a
 * live one's.
 */
export function partialPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
}

const PARTIAL_NAME = /^\..+\.partial-(?:(\d+)-)?[0-9a-f]{8}$/;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes partial files (and zip staging folders) that an interrupted export left in `dir`:
 * those of a process that no longer runs, or of the old name without a process id. `only` limits
 * it to the partials of one target name. Returns the names removed.
 */
export function removeStalePartials(dir: string, only?: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const match = PARTIAL_NAME.exec(name);
    if (!match || (only !== undefined && !name.startsWith(`.${only}.partial-`))) continue;
    const pid = match[1] === undefined ? undefined : Number(match[1]);
    if (pid !== undefined && (pid === process.pid || processIsAlive(pid))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Refuses to replace an existing file unless asked to. */
export function checkFileTarget(path: string, overwrite: boolean): void {
  removeStalePartials(dirname(path), basename(path));
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) throw new Error(`${path} is a folder; this format writes one file`);
  if (!overwrite) throw new Error(`${path} already exists (pass --overwrite to replace it)`);
}

/** A folder target must be new, empty, or (with overwrite) a folder we may add our files to. */
export function checkFolderTarget(path: string, overwrite: boolean): { existed: boolean } {
  if (!existsSync(path)) return { existed: false };
  if (!statSync(path).isDirectory()) throw new Error(`${path} is a file; this format writes a folder`);
  // An interrupted export's partial files are not content: they go, and never ship with the next one.
  removeStalePartials(path);
  removeStalePartials(join(path, 'images'));
  // What an interrupted export leaves once its partials are gone: only content-addressed images
  // (each complete, written atomically). Writing the export again there is safe.
  const leftOnlyImages = readdirSync(path).every((name) => name === 'images');
  if (!leftOnlyImages && !overwrite) throw new Error(`${path} is not empty (pass --overwrite to write into it)`);
  return { existed: true };
}

/** Writes a file under a temporary name and renames it, so a reader never sees half a file. */
export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  const temp = partialPath(path);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    // A full disk leaves half a temporary file: it goes, never the one a reader may be using.
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true }).catch(() => undefined);
}
