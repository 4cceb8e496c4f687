/**
 * Evaluation scripts whose files say what they hold in their own way. LLaVA's eval_science_qa.py
 * sorts its records into `correct` and `incorrect` lists. InternVL's
 * evaluate_*.py write the model's answer as `answer` and the gold as `gt_answers`
 * (internvl_chat/eval/mmmu/evaluate_mmmu.py: `{question, answer: pred, gt_answers, data_id}`).
 * Read by the usual names, the prediction was stored as the gold and every answer graded right.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { findSampleByExternalId } from '../store/imports';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';

const LLAVA_SCIENCEQA = join(__dirname, 'real-files', 'llava-scienceqa', 'llava-v1.5-13b_output.jsonl');

const jsonl = (rows: object[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

describe('fields read by what the tool that wrote them means', () => {
  const tempDir = useTempDir();

  it("LLaVA's ScienceQA result (a JSON document under .jsonl: the list a record is in, correct or incorrect, is its verdict)", async () => {
    const dir = tempDir();
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [LLAVA_SCIENCEQA], { checkpoint: 'llava-v1.5-13b', benchmark: 'ScienceQA-LLaVA' });
      expect(summary.notes?.join('\n')).toMatch(/holds one JSON document, though named \.jsonl: read as JSON/);
      const [run] = runSummaries(db);
      expect([run!.officialCorrect, run!.officialN]).toEqual([7, 18]);
      expect(run!.provenance.official).toMatchObject({ value: 7 / 18 });
      // Ours reads the same letters (`pred` "D. The war would be over quickly." is D): every verdict agrees.
      expect(run!.agreement).toBe(1);
      expect(findSampleByExternalId(db, 'ScienceQA-LLaVA', '47')!.answer).toBe('D');
    } finally {
      db.close();
    }
  }, 60_000);

  it("InternVL's outputs: `answer` is the prediction, `gt_answers` the gold, `data_id` the id", async () => {
    const dir = tempDir();
    const path = join(dir, 'MMMU_validation_240601120000.jsonl');
    const question = "<image 1> Which is larger? Answer with the option's letter from the given choices directly.";
    writeFileSync(
      path,
      jsonl([
        { question, answer: 'B', gt_answers: 'B', data_id: 'validation_Accounting_1' },
        { question, answer: 'A', gt_answers: 'C', data_id: 'validation_Accounting_2' },
        { question, answer: 'D', gt_answers: 'D', data_id: 'validation_Accounting_3' },
      ]),
    );
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [path], { checkpoint: 'internvl2-8b', benchmark: 'MMMU_validation' });
      expect(summary.warnings.join('\n')).toMatch(/read as InternVL's evaluation output/);
      expect(runSummaries(db).map((run) => [run.checkpoint, run.correct, run.n])).toEqual([['internvl2-8b', 2, 3]]);
      expect(findSampleByExternalId(db, 'MMMU_validation', 'validation_Accounting_2')!.answer).toBe('C');
    } finally {
      db.close();
    }
  }, 60_000);
});
