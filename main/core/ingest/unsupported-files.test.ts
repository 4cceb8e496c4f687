/**
 * Benchmarks' own files that cannot be imported alone are refused by their name and what they
 * lack (real files, real-files/README.md: the first 12 records of HallusionBench's result sample,
 * the first 5 questions of a DynaMath verdict table), not as any file without a gold answer.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
    [HALLUSION, /HallusionBench's result file holds no yes\/no gold answer; that is gt_answer in HallusionBench\.json: import it first/],
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

  it("HallusionBench's result file joins HallusionBench.json named in the same command, by its five-part key, its 1/0 golds read as yes/no", async () => {
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [HALLUSION, join(dirname(HALLUSION), 'HallusionBench.json')], { checkpoint: 'gpt4v-sample' });
      expect(summary.warnings.join('\n')).not.toMatch(/no prediction field was found/);
      const [run, ...others] = runSummaries(db);
      expect(others).toEqual([]);
      // By hand, from the answers' first words: 8 of the 12 (VD_illusion_0_0_2, 0_1_0, 1_1_1 and 1_1_2 wrong).
      expect(run).toMatchObject({ checkpoint: 'gpt4v-sample', benchmark: 'HallusionBench', n: 12, correct: 8 });
      const wrong = db.prepare('SELECT s.external_id AS id FROM predictions p JOIN samples s ON s.id = p.sample_id WHERE p.correct = 0 ORDER BY s.external_id').all() as Array<{ id: string }>;
      expect(wrong.map((row) => row.id)).toEqual(['VD_illusion_0_0_2', 'VD_illusion_0_1_0', 'VD_illusion_1_1_1', 'VD_illusion_1_1_2']);
      expect(summary.images.missing).toBe(12);
      // Its official figure is its own GPT-4 judge's, which the files do not hold: said, not VLMEvalKit's rule named.
      expect(run!.provenance.officialRule).toMatch(/^HallusionBench's own evaluation .*GPT-4 judge.* not in this file/);
    } finally {
      db.close();
    }
  }, 60_000);

  it("CharXiv's scores file is said to be CharXiv's, holding neither responses nor golds, not a file to --map", async () => {
    // alextong1010/CharXiv (a CharXiv fork) @ 86ea96f3 results/scores-gemma3-4b-it-descriptive_val.json, its first two entries.
    const dir = tempDir();
    const path = join(dir, 'scores-gemma3-4b-it-descriptive_val.json');
    writeFileSync(path, JSON.stringify({ '3_1': { resp_id: '3_1', extracted_answer: '(b) OPT', score: 1 }, '5_3': { resp_id: '5_3', extracted_answer: 'b', score: 0 } }, null, 4));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await expect(importFiles(db, join(dir, 'w.sqlite'), [path])).rejects.toThrow(/CharXiv's scores file .*neither the model's responses .* nor the gold answers/);
    } finally {
      db.close();
    }
  });

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
