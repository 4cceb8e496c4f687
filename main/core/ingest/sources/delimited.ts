/**
 * Streams rows of a TSV or CSV file with csv-parse: one row in memory at a time, whatever the
 * file's size (a VLMEvalKit TSV with base64 images can be many GB). A row whose field count
 * differs from the header aborts with its line number.
 */
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { ImportError } from '../errors';
import type { ByteCounter } from './progress';

export interface DelimitedRow {
  cells: string[];
  /** 1-based line where the row ends (the header is line 1). */
  line: number;
}

export interface DelimitedTable {
  header: string[];
  rows: AsyncGenerator<DelimitedRow>;
}

export async function openDelimited(path: string, displayPath: string, delimiter: '\t' | ',', bytes: ByteCounter): Promise<DelimitedTable> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => bytes.add(chunk.length));
  const parser = stream.pipe(
    parse({
      delimiter,
      bom: true,
      // Like pandas' reader: a quote inside an unquoted field is text, not an error.
      relax_quotes: true,
      skip_empty_lines: true,
      // Field counts are checked below, with a message that says which line and how many.
      relax_column_count: true,
      info: true,
    }),
  );
  stream.on('error', (error) => parser.destroy(error));
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const translate = (error: unknown): never => {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ImportError(displayPath, line ? `line ${line}` : null, null, error.message);
    }
    throw error;
  };
  const first = await records.next().catch(translate);
  if (first.done) throw new ImportError(displayPath, null, null, 'the file is empty (no header row)');
  const header = first.value.record.map((name) => name.trim());
  async function* rows(): AsyncGenerator<DelimitedRow> {
    try {
      for (;;) {
        const next = await records.next().catch(translate);
        if (next.done) return;
        const { record, info } = next.value;
        if (record.length !== header.length) {
          throw new ImportError(displayPath, `line ${info.lines}`, null, `${record.length} fields where the header has ${header.length}`);
        }
        yield { cells: record, line: info.lines };
      }
    } finally {
      stream.destroy();
    }
  }
  return { header, rows: rows() };
}
