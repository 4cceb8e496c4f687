/** Small file helpers shared by the writers: backpressure, atomic placement, clean-up. */
import { once } from 'node:events';
import { existsSync, readdirSync, statSync, type WriteStream } from 'node:fs';
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

/** A sibling temporary name: same folder, so the final rename never crosses file systems. */
export function partialPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial-${randomBytes(4).toString('hex')}`);
}

/** Refuses to replace an existing file unless asked to. */
export function checkFileTarget(path: string, overwrite: boolean): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) throw new Error(`${path} is a folder; this format writes one file`);
  if (!overwrite) throw new Error(`${path} already exists (pass --overwrite to replace it)`);
}

/** A folder target must be new, empty, or (with overwrite) a folder we may add our files to. */
export function checkFolderTarget(path: string, overwrite: boolean): { existed: boolean } {
  if (!existsSync(path)) return { existed: false };
  if (!statSync(path).isDirectory()) throw new Error(`${path} is a file; this format writes a folder`);
  if (readdirSync(path).length > 0 && !overwrite) throw new Error(`${path} is not empty (pass --overwrite to write into it)`);
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
