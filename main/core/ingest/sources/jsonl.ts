/** Streams the records of a JSON Lines file; a line that is not JSON aborts with its number. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ImportError } from '../errors';
import { checkJsonDepth } from './bounds';
import type { ByteCounter } from './progress';

export interface JsonlRecord {
  value: unknown;
  line: number;
}

export async function* readJsonl(path: string, displayPath: string, bytes: ByteCounter): AsyncGenerator<JsonlRecord> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      bytes.add(text.length + 1);
      if (text.trim() === '') continue;
      let value: unknown;
      checkJsonDepth(text, displayPath, `line ${line}`);
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new ImportError(displayPath, `line ${line}`, null, `not JSON: ${(error as Error).message}`);
      }
      yield { value, line };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
