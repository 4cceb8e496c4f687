/** A file named for import, with what every reader needs to know about it. */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { FormatName, IngestEvent, ImportKind, ImportOptions } from './types';
import type { ByteCounter } from './sources/progress';
import { stemOf } from './names';
import { TextEncodingCheck } from './encoding';
import type { ImportError } from './errors';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** The path as the user gave it, for messages and provenance. */
  displayPath: string;
  dir: string;
  name: string;
  stem: string;
  size: number;
  sha256: string;
  /** Why its bytes are not UTF-8 text, when they are not (thrown by `checkTextEncoding`). */
  encodingProblem: ImportError | null;
}

const READ_CHUNK = 1 << 22;

/** Room before each chunk for a UTF-8 sequence (at most 3 bytes) cut by the read before it. */
const CARRY_ROOM = 3;

/**
 * Reads the file once, asynchronously (the app's event loop keeps answering): its SHA-256 and
 * its encoding check from the same bytes (a second read cost a 210 MB import ~75 ms). Two 4 MiB
 * buffers take turns: the next chunk is read (in libuv's thread pool) while this one is hashed,
 * where one buffer left the thread waiting for each read (210 MB: 0.23 s → 0.17 s); a read
 * stream, which allocates a buffer and an event per chunk, took 0.41 s.
 */
async function hashAndCheck(path: string, encoding: TextEncodingCheck): Promise<string> {
  const hash = createHash('sha256');
  const buffers = [Buffer.allocUnsafe(CARRY_ROOM + READ_CHUNK), Buffer.allocUnsafe(CARRY_ROOM + READ_CHUNK)] as const;
  const handle = await open(path, 'r');
  // Each read continues where the one before ended (position null); only one is ever in flight.
  const readInto = (buffer: Buffer): Promise<number> => handle.read(buffer, CARRY_ROOM, READ_CHUNK, null).then(({ bytesRead }) => bytesRead);
  let reading = readInto(buffers[0]);
  try {
    let turn = 0;
    let carried = 0;
    for (;;) {
      const buffer = buffers[turn]!;
      const next = buffers[1 - turn]!;
      const bytesRead = await reading;
      if (bytesRead > 0) reading = readInto(next);
      hash.update(buffer.subarray(CARRY_ROOM, CARRY_ROOM + bytesRead));
      const chunk = buffer.subarray(CARRY_ROOM - carried, CARRY_ROOM + bytesRead);
      carried = encoding.feed(chunk, bytesRead);
      if (bytesRead === 0) break;
      chunk.copy(next, CARRY_ROOM - carried, chunk.length - carried);
      turn = 1 - turn;
    }
  } finally {
    // Never close the file under a read still in flight (a failure between two reads).
    await reading.catch(() => 0);
    await handle.close();
  }
  return hash.digest('hex');
}

export async function describeFile(path: string, displayPath = path): Promise<SourceFile> {
  const absolute = resolve(path);
  const name = basename(absolute);
  const encoding = new TextEncodingCheck({ displayPath, name });
  const sha256 = await hashAndCheck(absolute, encoding);
  return {
    path: absolute,
    displayPath,
    dir: dirname(absolute),
    name,
    stem: stemOf(absolute),
    size: statSync(absolute).size,
    sha256,
    encodingProblem: encoding.problem,
  };
}

/** What a format reader may ask of the import it runs in. */
export interface ReadContext {
  options: ImportOptions;
  bytes: ByteCounter;
  /** The parsed JSON document, when sniffing had to read it whole anyway. */
  document?: unknown;
  /** Whether a benchmark exists, in the workspace or earlier in this import. */
  hasBenchmark(name: string): boolean;
  /** Names of the benchmarks in the workspace and earlier in this import. */
  benchmarkNames(): string[];
}

export type FormatReader = (file: SourceFile, ctx: ReadContext) => AsyncGenerator<IngestEvent | IncludeEvent>;

/** A reader's request to import another file first (e.g. MATH-V's annotations for its outputs). */
export interface IncludeEvent {
  type: 'include';
  path: string;
  format: FormatName;
  kind?: ImportKind;
}
