/**
 * Export and read-back on real data: MATH-V's annotations (JPEG images for the first 400
 * problems, missing ones after) and Gemini-Pro's real outputs with their official verdicts,
 * imported with our importer, then exported in every format and read back field by field.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../ingest/import';
import { parseQuery } from '../query/filter';
import { openWorkspace, type Db } from '../store/database';
import { createFailureSet } from '../store/failure-sets';
import { runSummaries } from '../store/summaries';
import { EXPORT_FORMATS } from './api-contract';
import { EXPORT_EXTENSIONS, exportRecords } from './export';
import { importWorkbenchExport } from './read-back';
import type { ExportRecord } from './record';
import { asCsvKeepsIt, comparable, recordsOfExport, workspaceRecords } from '../../test-support/export-records';
import { requireFixturesInCi } from '../../test-support/fixtures';

const FIXTURES = resolve('..', 'shared', 'fixtures', 'real', 'math-v');
const available = existsSync(join(FIXTURES, 'test.jsonl'));

requireFixturesInCi(available, 'exporting real MATH-V results', join(FIXTURES, 'test.jsonl'));

describe.skipIf(!available)('exporting real MATH-V results (Gemini-Pro CoT) and reading them back', () => {
  let dir: string;
  let db: Db;
  let setId: number;
  let originals: ExportRecord[];

  beforeAll(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-real-export-'));
    const workspace = join(dir, 'w.sqlite');
    db = openWorkspace(workspace);
    await importFiles(db, workspace, [join(FIXTURES, 'test.jsonl'), join(FIXTURES, 'outputs', 'Gemini-Pro-CoT.jsonl')]);
    // The failures where our grader and MATH-V's disagree, and every failure on a problem with an image.
    const set = createFailureSet(db, {
      name: 'math-v disagreements',
      description: 'ours vs official',
      filter: { query: 'benchmark:MathVision official:true correct:false', parsed: parseQuery('benchmark:MathVision official:true correct:false') },
      predictionIds: workspaceRecords(db, 'benchmark:MathVision correct:false')
        .filter((record) => record.sample.images.some((image) => 'sha256' in image))
        .slice(0, 150)
        .map((record) => record.source_prediction_id),
    });
    setId = set.id;
    originals = workspaceRecords(db, 'set:"math-v disagreements"');
  }, 120_000);

  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has official verdicts, JPEG images and missing image references to carry', () => {
    expect(originals.length).toBeGreaterThan(150);
    expect(originals.every((record) => record.official !== null)).toBe(true);
    expect(originals.some((record) => record.sample.images.some((image) => 'sha256' in image && image.mime === 'image/jpeg'))).toBe(true);
  });

  for (const format of EXPORT_FORMATS) {
    it(`${format}: round trip, field by field`, async () => {
      const out = join(dir, `real-${format}${EXPORT_EXTENSIONS[format]}`);
      await exportRecords(db, { source: { setId }, format, outPath: out });
      const expected = format === 'csv' ? originals.map(asCsvKeepsIt) : originals;
      const read = await recordsOfExport(out);
      expect(read).toHaveLength(expected.length);
      for (let i = 0; i < read.length; i++) expect(read[i], read[i]!.record_id).toEqual(expected[i]);
      const copy = openWorkspace(join(dir, `copy-${format}.sqlite`));
      try {
        await importWorkbenchExport(copy, out);
        const restored = comparable(workspaceRecords(copy));
        expect(restored.size).toBe(expected.length);
        for (const [id, record] of comparable(expected)) expect(restored.get(id), id).toEqual(record);
        // The run holds the set's failures only: its figures say so, never passing for the model's accuracy.
        for (const run of runSummaries(copy)) expect(run.provenance.notes.join('\n')).toMatch(/read back from an export of failure set "math-v disagreements": the run holds the \d+ predictions it chose/);
      } finally {
        copy.close();
      }
    }, 60_000);
  }
});
