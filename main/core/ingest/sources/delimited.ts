/**
 * Streams rows of a TSV or CSV file with Papa Parse, a chunk of the file's rows in memory at a
 * time whatever its size (a VLMEvalKit TSV with base64 images can be many GB). Papa Parse finds
 * quotes and delimiters with indexOf, so a 200 KB base64 cell costs a few scans rather than a
 * loop over its characters: 0.7 s for a 256 MB TSV of images where csv-parse took 6.6 s.
 * Quoting is pandas': a quoted cell may hold delimiters, line breaks and "" for a quote; a quote
 * inside an unquoted cell is text. A row whose field count differs from the header's, or a
 * malformed quoted cell, aborts with its line number.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
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

const CHUNK_BYTES = 1 << 20;
/** Chunks of parsed rows waiting for the reader before parsing (and reading) pauses. */
const MAX_WAITING_CHUNKS = 4;

interface ParsedChunk {
  rows: string[][];
  errors: Papa.ParseError[];
}

/** The file as text, decoded as UTF-8 (a character split between two reads stays whole), without a byte-order mark. */
async function* textOf(path: string, bytes: ByteCounter): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES })) {
    const text = chunk as string;
    bytes.add(Buffer.byteLength(text));
    yield first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    first = false;
  }
}

/** The file's rows a chunk at a time, from Papa Parse's callbacks; it pauses while the reader is behind. */
async function* parsedChunks(path: string, delimiter: '\t' | ',', bytes: ByteCounter): AsyncGenerator<ParsedChunk> {
  const input = Readable.from(textOf(path, bytes));
  const waiting: ParsedChunk[] = [];
  let parser: Papa.Parser | undefined;
  let paused = false;
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  // Papa Parse reads any readable stream; its types only name the browser's inputs.
  Papa.parse<string[]>(input as unknown as File, {
    delimiter,
    quoteChar: '"',
    // Empty lines come through as [''] and are skipped below, after their line is counted.
    skipEmptyLines: false,
    chunk(results, handle) {
      parser = handle;
      waiting.push({ rows: results.data, errors: results.errors });
      if (waiting.length >= MAX_WAITING_CHUNKS) {
        // Pausing the parser leaves the file flowing into its queue: the file is paused too.
        paused = true;
        handle.pause();
        input.pause();
      }
      notify();
    },
    complete() {
      finished = true;
      notify();
    },
    error(error: Error) {
      failure = error;
      notify();
    },
  });
  input.on('error', (error) => {
    failure = error;
    notify();
  });
  try {
    for (;;) {
      if (failure) throw failure;
      const next = waiting.shift();
      if (next) {
        if (paused && waiting.length < MAX_WAITING_CHUNKS) {
          paused = false;
          parser!.resume();
          input.resume();
        }
        yield next;
      } else if (finished) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!finished) parser?.abort();
    input.destroy();
  }
}

/**
 * A copy of a cell that does not keep the text it was cut from alive. Papa Parse cuts cells out
 * of the chunk of the file they were read in, and V8 keeps a cut as a view of the whole chunk:
 * the import holds a couple of thousand rows (its grading batches), and a short cell kept from
 * each pinned its ~1 MB chunk of base64 images (peak RSS 265 → 554 MB on a 256 MB file). The
 * concatenation is flattened into a string of its own by slice.
 */
const detached = (cell: string): string => (cell.length < 13 ? cell : ` ${cell}`.slice(1));

/** Lines a row spans: one, plus the line breaks inside its quoted cells. */
function linesIn(cells: readonly string[]): number {
  let lines = 1;
  for (const cell of cells) for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** Every row but empty lines, with the line it ends on; a malformed quoted cell stops the read, naming its row's first line. */
async function* numberedRows(path: string, displayPath: string, delimiter: '\t' | ',', bytes: ByteCounter): AsyncGenerator<DelimitedRow> {
  let line = 0;
  for await (const { rows, errors } of parsedChunks(path, delimiter, bytes)) {
    const errorOfRow = new Map(errors.map((error) => [error.row, error]));
    for (let index = 0; index < rows.length; index++) {
      const cells = rows[index]!;
      const startLine = line + 1;
      line += linesIn(cells);
      const error = errorOfRow.get(index);
      // Named by the line the row starts on: an unclosed quote makes its row run to the end of the file.
      if (error) throw new ImportError(displayPath, `line ${startLine}`, null, `${error.message} (${error.code}): a quoted cell of the row that starts here is not closed properly`);
      if (cells.length === 1 && cells[0] === '') continue;
      yield { cells: cells.map(detached), line };
    }
  }
}

export async function openDelimited(path: string, displayPath: string, delimiter: '\t' | ',', bytes: ByteCounter): Promise<DelimitedTable> {
  const all = numberedRows(path, displayPath, delimiter, bytes);
  const first = await all.next();
  if (first.done) throw new ImportError(displayPath, null, null, 'the file is empty (no header row)');
  const header = first.value.cells.map((name) => name.trim());
  async function* rows(): AsyncGenerator<DelimitedRow> {
    try {
      for await (const row of all) {
        if (row.cells.length !== header.length) {
          throw new ImportError(displayPath, `line ${row.line}`, null, `${row.cells.length} fields where the header has ${header.length}`);
        }
        yield row;
      }
    } finally {
      await all.return(undefined);
    }
  }
  return { header, rows: rows() };
}
