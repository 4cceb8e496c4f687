/** Streams the records of a JSON Lines file; a line that is not JSON aborts with its number. */
import { createReadStream } from 'node:fs';
import { ImportError } from '../errors';
import { checkJsonDepth } from './bounds';
import type { ByteCounter } from './progress';

export interface JsonlRecord {
  value: unknown;
  line: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The file's lines as text, split on the raw bytes: a newline byte never occurs inside a UTF-8
 * sequence, so each line is decoded once, whole. (readline over a decoded stream cost a third
 * of the reading time of a 2 KB-per-line file.) `\r\n` and a lone `\r` end a line too, as in
 * readline.
 */
async function* linesOf(path: string, bytes: ByteCounter): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let carried: Buffer | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes.add(chunk.length);
      // One search of the chunk for \r instead of one per line (most files have none): a line
      // of a chunk without one is decoded straight from the chunk.
      const returns = chunk.indexOf(CARRIAGE_RETURN) !== -1;
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
        if (!carried && !returns) {
          yield chunk.toString('utf8', start, end);
          start = end + 1;
          continue;
        }
        const piece = carried ? Buffer.concat([carried, chunk.subarray(start, end)]) : chunk.subarray(start, end);
        carried = null;
        yield* splitCarriageReturns(piece);
        start = end + 1;
      }
      if (start < chunk.length) carried = carried ? Buffer.concat([carried, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
    }
    if (carried) yield* splitCarriageReturns(carried);
  } finally {
    stream.destroy();
  }
}

function* splitCarriageReturns(line: Buffer): Generator<string> {
  let end = line.length;
  if (end > 0 && line[end - 1] === CARRIAGE_RETURN) end--;
  const text = line.toString('utf8', 0, end);
  const firstReturn = line.indexOf(CARRIAGE_RETURN);
  if (firstReturn === -1 || firstReturn === end) {
    yield text;
    return;
  }
  // Old Mac line ends (a lone \r) inside what the newline split kept as one line.
  yield* text.split('\r');
}

/** The JSON value of a text, or undefined where it is not JSON. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function* readJsonl(path: string, displayPath: string, bytes: ByteCounter): AsyncGenerator<JsonlRecord> {
  let line = 0;
  for await (const text of linesOf(path, bytes)) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    checkJsonDepth(text, displayPath, `line ${line}`);
    try {
      value = JSON.parse(text);
    } catch (error) {
      // `{…},` on every line (SEED-Bench's evaluate_result files): a list's items, one per line.
      const withoutComma = text.trimEnd().endsWith(',') ? parsed(text.trimEnd().slice(0, -1)) : undefined;
      if (withoutComma === undefined) throw new ImportError(displayPath, `line ${line}`, null, `not JSON: ${(error as Error).message}`);
      value = withoutComma;
    }
    yield { value, line };
  }
}
