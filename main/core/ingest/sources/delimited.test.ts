import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/random';
import { useTempDir } from '../../../test-support/temp';
import { openDelimited, type DelimitedRow } from './delimited';

const tempDir = useTempDir();

async function readAll(text: string | Buffer, delimiter: '\t' | ',' = '\t'): Promise<{ header: string[]; rows: DelimitedRow[]; bytes: number }> {
  const path = join(tempDir(), delimiter === '\t' ? 'rows.tsv' : 'rows.csv');
  writeFileSync(path, text);
  let bytes = 0;
  const table = await openDelimited(path, 'rows.tsv', delimiter, { add: (n) => (bytes += n) });
  const rows: DelimitedRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return { header: table.header, rows, bytes };
}

/** A cell as pandas' to_csv writes it: quoted when it holds the delimiter, a quote or a line break. */
const pandasCell = (cell: string): string => (/[\t"\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
/** The same with csv.QUOTE_ALL, as VLMEvalKit's dump writes a TSV: every cell quoted. */
const quotedCell = (cell: string): string => `"${cell.replaceAll('"', '""')}"`;

describe('openDelimited (TSV and CSV as pandas writes them)', () => {
  it('reads the rows pandas wrote, the same as csv-parse, across chunk boundaries', async () => {
    const random = mulberry32(7);
    const pieces = ['plain', 'tab\there', 'two\nlines', 'say "yes"', 'crlf\r\nend', '数学 ∑ 😀', '', ' spaced ', 'A'];
    const header = ['index', 'image', 'question', 'prediction'];
    const rows: string[][] = [];
    for (let i = 0; i < 400; i++) {
      // Long cells (up to 60 KB, some past the reader's 1 MB chunks when summed) with multi-byte characters anywhere.
      const long = Array.from({ length: Math.floor(random() * 3000) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      rows.push([String(i), long, pieces[Math.floor(random() * pieces.length)]!, `<think>${[...long].slice(0, 50).join('')}</think> \\boxed{${i % 4}}`]);
    }
    for (const cell of [pandasCell, quotedCell]) {
      const text = [header, ...rows].map((row) => row.map(cell).join('\t')).join('\n') + '\n';
      const expected = parse(text, { delimiter: '\t', relax_quotes: true }) as string[][];
      const read = await readAll(text);
      expect(read.header).toEqual(header);
      expect(read.rows.map((row) => row.cells)).toEqual(expected.slice(1));
      expect(read.rows.map((row) => row.cells)).toEqual(rows);
      expect(read.bytes).toBe(Buffer.byteLength(text));
      // Each row names the line it ends on, counting the line breaks inside quoted cells.
      let line = 1;
      rows.forEach((row, index) => {
        line += 1 + row.join('').split('\n').length - 1;
        expect(read.rows[index]!.line).toBe(line);
      });
    }
  });

  it('drops a byte-order mark, keeps a quote inside an unquoted cell as text, skips empty lines and counts them', async () => {
    const read = await readAll('\uFEFF"index"\tanswer\r\n1\t5 "inch"\r\n\r\n\r\n2\t"a\tb"\r\n');
    expect(read.header).toEqual(['index', 'answer']);
    expect(read.rows).toEqual([
      { cells: ['1', '5 "inch"'], line: 2 },
      { cells: ['2', 'a\tb'], line: 5 },
    ]);
  });

  it('reads CSV with quoted commas', async () => {
    const read = await readAll('id,question,answer\n1,"quoted, with comma",b\n', ',');
    expect(read.rows).toEqual([{ cells: ['1', 'quoted, with comma', 'b'], line: 2 }]);
  });

  it('stops at a row with another number of fields than the header, naming its line', async () => {
    await expect(readAll('a\tb\n1\t2\n\n1\t2\t3\n')).rejects.toThrow(/rows\.tsv.*line 4.*3 fields where the header has 2/);
  });

  it('stops at a quoted cell that is never closed, naming the line its row starts on', async () => {
    await expect(readAll('a\tb\n1\t2\n"open\t3\n4\t5\n')).rejects.toThrow(/rows\.tsv.*line 3.*MissingQuotes/);
  });

  it('says a file without a header row is empty', async () => {
    await expect(readAll('\n\n')).rejects.toThrow(/rows\.tsv.*the file is empty/);
  });
});
