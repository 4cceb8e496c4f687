/**
 * Text result files must be UTF-8 (with or without a byte-order mark). A file saved as UTF-16,
 * Latin-1 or Windows-1252 would otherwise be read with replacement characters in place of what it
 * says, silently, or fail later with a confusing parse error; instead the import stops with the
 * file, the line and what to do. Binary formats (Parquet, xlsx) are not checked here.
 */
import { isUtf8 } from 'node:buffer';
import { ImportError } from './errors';

/**
 * Where the valid UTF-8 in `bytes` ends: the offset of the first invalid sequence, or of an
 * incomplete sequence cut by the end of the buffer (`incomplete`), or `bytes.length`.
 */
function validUtf8Prefix(bytes: Uint8Array): { end: number; incomplete: boolean } {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no UTF-16 surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return { end: i, incomplete: false };
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return { end: i, incomplete: true };
      const b = bytes[i + k]!;
      if (k === 1 ? b < lo || b > hi : b < 0x80 || b > 0xbf) return { end: i, incomplete: false };
    }
    i += need + 1;
  }
  return { end: n, incomplete: false };
}

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at >= 0 && at < end; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

const isBinaryFormat = (head: Buffer): boolean =>
  head.subarray(0, 4).toString('latin1') === 'PAR1' || head.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004';

/**
 * Checks a file's bytes for UTF-8 as they are read (`describeFile` reads each file once, for
 * its hash and this): the first problem is kept as an ImportError naming the file and line, and
 * `checkTextEncoding` throws it where the import asks.
 */
export class TextEncodingCheck {
  problem: ImportError | null = null;
  /** Decided: a problem found, or a binary format that is not checked. */
  private settled: boolean;
  private lines = 1;
  /** The file offset of the chunk `feed` is given next. */
  private chunkStart = 0;
  private first = true;

  constructor(private readonly file: { displayPath: string; name: string }) {
    this.settled = /\.(?:parquet|xlsx)$/i.test(file.name);
  }

  /**
   * `chunk`: the bytes carried from the last call, then `bytesRead` new ones (0 at the end of the
   * file). Returns how many bytes at its end (a sequence cut by the read) must start the next chunk.
   */
  feed(chunk: Buffer, bytesRead: number): number {
    if (this.settled) return 0;
    const length = chunk.length;
    if (this.first) {
      this.first = false;
      if (isBinaryFormat(chunk)) return this.settle(null);
      if (chunk[0] === 0x1f && chunk[1] === 0x8b) {
        return this.settle(new ImportError(this.file.displayPath, null, null, 'gzip-compressed; decompress it first (gunzip -k FILE) and import the file it gives'));
      }
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        return this.settle(new ImportError(this.file.displayPath, null, null, 'the file is UTF-16 encoded; save it as UTF-8 and import it again'));
      }
    }
    const nul = chunk.indexOf(0);
    // The native check decides a whole chunk at once; the byte loop runs only where it fails (or a sequence is cut).
    const { end, incomplete } = isUtf8(chunk) ? { end: length, incomplete: false } : validUtf8Prefix(chunk);
    const bad = incomplete && bytesRead > 0 ? -1 : end < length ? end : -1;
    if (nul >= 0 && (bad < 0 || nul < bad)) {
      return this.settle(
        new ImportError(
          this.file.displayPath,
          `line ${this.lines + countNewlines(chunk, nul)}`,
          null,
          'a NUL byte: this is not a UTF-8 text file (UTF-16 without a byte-order mark, or binary); save it as UTF-8',
        ),
      );
    }
    if (bad >= 0) {
      return this.settle(
        new ImportError(
          this.file.displayPath,
          `line ${this.lines + countNewlines(chunk, bad)}`,
          null,
          `not valid UTF-8 (byte 0x${chunk[bad]!.toString(16).padStart(2, '0')} at offset ${this.chunkStart + bad}); ` +
            'the file is probably Latin-1 or Windows-1252 encoded: save it as UTF-8 and import it again',
        ),
      );
    }
    if (bytesRead === 0) return this.settle(null);
    this.lines += countNewlines(chunk, end);
    this.chunkStart += end;
    return length - end;
  }

  private settle(problem: ImportError | null): number {
    this.problem = problem;
    this.settled = true;
    return 0;
  }
}

/** Throws an ImportError naming the file and line when a text file is not UTF-8 (found as `describeFile` read it). */
export function checkTextEncoding(file: { encodingProblem: ImportError | null }): void {
  if (file.encodingProblem) throw file.encodingProblem;
}
