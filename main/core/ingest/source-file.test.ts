/**
 * describeFile reads a file once, in 4 MiB chunks, for its SHA-256 and its UTF-8 check: a
 * character cut by a read is whole, a bad byte is found in any chunk with its line and offset,
 * and the hash is the file's.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFile } from './source-file';

const CHUNK = 1 << 22;
const dir = mkdtempSync(join(tmpdir(), 'wb-source-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('describeFile', () => {
  it('takes a character cut by each read as whole, over several chunks, and hashes the whole file', async () => {
    // Lines of 99 bytes of two-byte characters: reads end inside a character again and again.
    const line = Buffer.from(`${'é'.repeat(49)}\n`);
    const bytes = Buffer.concat(Array<Buffer>(Math.ceil((2.5 * CHUNK) / line.length)).fill(line));
    const file = await describeFile(fileOf('cut.jsonl', bytes));
    expect(file.encodingProblem).toBeNull();
    expect(file.size).toBe(bytes.length);
    expect(file.sha256).toBe(sha256(bytes));
  });

  it('names the line and offset of a bad byte in a later chunk', async () => {
    const lines = 3 * Math.ceil(CHUNK / 100);
    const body = Buffer.concat(Array<Buffer>(lines).fill(Buffer.from(`${'a'.repeat(99)}\n`)));
    const bad = Buffer.concat([body, Buffer.from([0x78, 0xe9, 0x0a])]);
    const file = await describeFile(fileOf('latin1.jsonl', bad));
    expect(file.encodingProblem?.message).toContain(`line ${lines + 1}: not valid UTF-8 (byte 0xe9 at offset ${body.length + 1})`);
    expect(file.sha256).toBe(sha256(bad));
  });

  it('refuses a sequence left unfinished where a read ends', async () => {
    const bytes = Buffer.concat([Buffer.alloc(CHUNK - 2, 0x61), Buffer.from('€').subarray(0, 2), Buffer.from('\nmore\n')]);
    const file = await describeFile(fileOf('unfinished.jsonl', bytes));
    expect(file.encodingProblem?.message).toContain(`line 1: not valid UTF-8 (byte 0xe2 at offset ${CHUNK - 2})`);
  });
});
