/**
 * Benchmarks' own files that cannot be imported alone are refused by their name and what they
 * lack (real files, real-files/README.md: the first 12 records of HallusionBench's result sample,
 * the first 5 questions of a DynaMath verdict table), not as any file without a gold answer.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';

const HALLUSION = join(__dirname, 'real-files', 'hallusionbench', 'HallusionBench_result_sample.json');
const DYNAMATH = join(__dirname, 'real-files', 'dynamath', 'Qwen2-7B-result.csv');

describe('known files an import cannot use', () => {
  const tempDir = useTempDir();

  it.each([
    [HALLUSION, /HallusionBench's result file .*no yes\/no gold answer; that is gt_answer in HallusionBench\.json/],
    [DYNAMATH, /DynaMath's verdict table .*verdicts only, with neither the model's answers nor the gold answers/],
  ])('%s', async (path, message) => {
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const refusal = importFiles(db, join(dir, 'w.sqlite'), [path]);
      await expect(refusal).rejects.toThrow(message);
      await expect(importFiles(db, join(dir, 'w.sqlite'), [path])).rejects.not.toThrow(/no gold answer \(empty or missing\)/);
      expect(runSummaries(db)).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("captions by COCO image id (CHAIR's input, as OPERA keeps them) are said to be CHAIR's, not a file without a gold", async () => {
    const dir = tempDir();
    const path = join(dir, 'greedy.jsonl');
    writeFileSync(path, ['{"image_id": 139, "caption": "A living room with a couch and a television."}', '{"image_id": 285, "caption": "A brown bear sitting in the grass."}'].join('\n') + '\n');
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await expect(importFiles(db, join(dir, 'w.sqlite'), [path])).rejects.toThrow(/CHAIR's input\): CHAIR_s and CHAIR_i are computed from COCO's object annotations/);
    } finally {
      db.close();
    }
  }, 60_000);
});
