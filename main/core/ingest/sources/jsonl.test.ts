/**
 * JSON Lines as the importer reads them (sources/jsonl.ts): lines split on the raw bytes of 1 MiB
 * reads, `\r\n` and a lone `\r` ending a line as in readline, empty lines skipped but counted,
 * and a line that is not JSON named by its number, wherever the reads cut the file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp';
import { readJsonl, type JsonlRecord } from './jsonl';

const READ = 1 << 20;

describe('reading JSON Lines', () => {
  const tempDir = useTempDir();

  async function read(content: string | Buffer): Promise<{ records: JsonlRecord[]; bytes: number }> {
    const file = join(tempDir(), 'rows.jsonl');
    writeFileSync(file, content);
    let bytes = 0;
    const records: JsonlRecord[] = [];
    for await (const record of readJsonl(file, 'rows.jsonl', { add: (n) => (bytes += n) })) records.push(record);
    return { records, bytes };
  }

  it('splits on \\n, \\r\\n and a lone \\r, skipping empty lines but counting them', async () => {
    const { records, bytes } = await read('{"a":1}\n{"a":2}\r\n\n{"a":3}\r{"a":4}\r\n{"a":5}');
    expect(records).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { a: 2 }, line: 2 },
      { value: { a: 3 }, line: 4 },
      { value: { a: 4 }, line: 5 },
      { value: { a: 5 }, line: 6 },
    ]);
    expect(bytes).toBe(Buffer.byteLength('{"a":1}\n{"a":2}\r\n\n{"a":3}\r{"a":4}\r\n{"a":5}'));
  });

  it('keeps lines and characters whole across reads, in reads with and without a \\r', async () => {
    // Line 1 ends 3 bytes before the first read does; line 2's "é" (2 bytes) is cut by it.
    const first = `{"t":"${'x'.repeat(READ - 12)}"}\n`;
    const second = `{"t":"ab${'é'.repeat(10)}"}\r\n`;
    const rest = Array.from({ length: 3000 }, (_, i) => `{"i":${i},"t":"${'y'.repeat(700)}"}\n`).join('');
    const { records } = await read(first + second + rest + '{"last":"no newline"}');
    expect(records).toHaveLength(3003);
    expect((records[0]!.value as { t: string }).t).toHaveLength(READ - 12);
    expect(records[1]).toEqual({ value: { t: `ab${'é'.repeat(10)}` }, line: 2 });
    expect(records[2]).toEqual({ value: { i: 0, t: 'y'.repeat(700) }, line: 3 });
    expect(records.at(-2)).toEqual({ value: { i: 2999, t: 'y'.repeat(700) }, line: 3002 });
    expect(records.at(-1)).toEqual({ value: { last: 'no newline' }, line: 3003 });
  });

  it('names the line that is not JSON, past a read with no \\r in it', async () => {
    const good = Array.from({ length: 2000 }, (_, i) => `{"i":${i},"pad":"${'z'.repeat(1000)}"}\n`).join('');
    await expect(read(`${good}{"i": oops}\n`)).rejects.toThrow(/rows\.jsonl, line 2001: not JSON/);
    // A lone \r ends a line here too: the broken line after it is line 2002.
    await expect(read(`${good}{"ok":1}\r{"i": oops}\n`)).rejects.toThrow(/rows\.jsonl, line 2002: not JSON/);
  });
});
