/**
 * How the importer stages a file's samples (ingest/writer.ts, `stageSample`): a sample without
 * images is written at once and found again by its key when the insert meets it; one with images
 * is looked up first. Either way a benchmark row given twice, or a cell over the length limit,
 * stops the import, naming the line and field, and the workspace is as it was.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { dumpWorkspace, tinyPng } from '../../test-support/workspace-dump';
import { openWorkspace } from '../store/database';
import { findSampleByExternalId } from '../store/imports';
import { importFiles } from './import';
import { MAX_TEXT_CHARS } from './staged-cells';

const jsonl = (records: unknown[]): string => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;

describe('staging samples', () => {
  const tempDir = useTempDir();

  async function importInto(records: unknown[], files: Record<string, Buffer> = {}) {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
    const file = join(dir, 'bench.jsonl');
    writeFileSync(file, jsonl(records));
    const db = openWorkspace(path);
    // Something there before, which a failed import must leave exactly as it was.
    const before = join(dir, 'before.jsonl');
    writeFileSync(before, jsonl([{ id: 'kept', question: 'Kept?', answer: 'yes', prediction: 'yes' }]));
    await importFiles(db, path, [before], { benchmark: 'Earlier', checkpoint: 'earlier-model' });
    const dump = dumpWorkspace(db);
    const outcome = await importFiles(db, path, [file], { benchmark: 'Toy' }).then(
      (summary) => ({ summary, error: null }),
      (error: unknown) => ({ summary: null, error: error as Error }),
    );
    return { db, dump, ...outcome, close: () => db.close() };
  }

  it('keeps each benchmark row once, with its own fields', async () => {
    const run = await importInto([
      { id: 'a', question: 'What is 1+1?', answer: '2', category: 'sum' },
      { id: 'b', question: 'What is 2+2?', answer: '4', category: 'sum' },
    ]);
    try {
      expect(run.error).toBeNull();
      expect(run.summary!.samples).toBe(2);
      expect(findSampleByExternalId(run.db, 'Toy', 'b')).toMatchObject({ question: 'What is 2+2?', answer: '4', category: 'sum', images: [] });
    } finally {
      run.close();
    }
  });

  /** The import of `records` fails with `message`, and the workspace is exactly as before it. */
  async function expectRefused(records: unknown[], message: RegExp, files: Record<string, Buffer> = {}): Promise<void> {
    const run = await importInto(records, files);
    try {
      expect(run.error?.message).toMatch(message);
      expect(dumpWorkspace(run.db)).toEqual(run.dump);
    } finally {
      run.close();
    }
  }

  it('stops at a benchmark row given twice, naming its line and id; nothing is imported', async () => {
    await expectRefused(
      [
        { id: 'a', question: 'What is 1+1?', answer: '2' },
        { id: 'b', question: 'What is 2+2?', answer: '4' },
        { id: 'a', question: 'What is 3+3?', answer: '6' },
      ],
      /bench\.jsonl, line 3, field "id": sample id "a" appears twice/,
    );
  });

  it('stops at a row with images given twice the same way, before staging its images again', async () => {
    const twice = { id: 'a', question: 'Which colour?', answer: 'grey', image: 'a.png' };
    await expectRefused([twice, twice], /bench\.jsonl, line 2, field "id": sample id "a" appears twice/, { 'a.png': tinyPng(2, 2, [9, 9, 9]) });
  });

  it('stops at a question over the length limit, naming its line and field; nothing is imported', async () => {
    await expectRefused(
      [
        { id: 'a', question: 'What is 1+1?', answer: '2' },
        { id: 'b', question: 'x'.repeat(MAX_TEXT_CHARS + 1), answer: '4' },
      ],
      /bench\.jsonl, line 2, field "question": 4,000,001 characters; a cell may hold at most 4,000,000/,
    );
  });
});
