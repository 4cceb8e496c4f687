/**
 * Evaluation scripts whose files say what they hold in their own way. LLaVA's eval_science_qa.py
 * sorts its records into `correct` and `incorrect` lists. InternVL's
 * evaluate_*.py write the model's answer as `answer` and the gold as `gt_answers`
 * (internvl_chat/eval/mmmu/evaluate_mmmu.py: `{question, answer: pred, gt_answers, data_id}`).
 * Read by the usual names, the prediction was stored as the gold and every answer graded right.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
      // Its folder, as a researcher names it: the record lists are results, not a summary to pass over.
      const summary = await importFiles(db, workspace, [dirname(LLAVA_SCIENCEQA)], { checkpoint: 'llava-v1.5-13b', benchmark: 'ScienceQA-LLaVA' });
      expect(summary.warnings.join('\n')).not.toMatch(/object of figures/);
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

  it("OpenVLThinker's outputs: `response` is the gold, `reasoning` the output (think tags kept once), options read from the question", async () => {
    const dir = tempDir();
    const folder = join(dir, 'greedy');
    mkdirSync(folder);
    const path = join(folder, 'mathvista_Qwen2.5-VL-3B-Instruct.json');
    const question = (choices: string): string => `Hint: Please answer the question and provide the correct option letter, e.g., A, B, C, D, at the end.\nQuestion: Find the angle.\nChoices:\n${choices}`;
    writeFileSync(
      path,
      JSON.stringify([
        { instruction: question('(A) 135°\n(B) 140°\n(C) 145°\n(D) 150°'), response: '145°', reasoning: '<think>\nHalf of 110 is 55.\n</think>\n\\boxed{C}', answer: 'C', correct: 1 },
        { instruction: question('(A) 97\n(B) 102\n(C) 107\n(D) 122'), response: '97', reasoning: 'So angle H is 112 degrees.\n\nAnswer: D', answer: 'None', correct: 0 },
        { instruction: 'Question: How many objects are left?', response: '4', reasoning: '<think>\nFour remain.\n</think>\n\\boxed{4}', answer: '4', correct: 1 },
      ]),
    );
    // The repository's summary beside it: figures, passed over in a folder import.
    writeFileSync(join(folder, 'scores.json'), JSON.stringify({ accuracy: 0.667, n: 3 }));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      // Named `<benchmark>_<model>`: both read from the file's name.
      const summary = await importFiles(db, workspace, [folder]);
      expect(summary.warnings.join('\n')).toMatch(/benchmark "mathvista" and checkpoint "Qwen2.5-VL-3B-Instruct" read from the file's name/);
      expect(summary.warnings.join('\n')).toMatch(/read as OpenVLThinker's evaluation output/);
      expect(summary.warnings.join('\n')).toMatch(/scores\.json: an object of figures \(accuracy, n\), not per-sample records, in no format this tool reads; skipped/);
      const [run] = runSummaries(db);
      expect([run!.correct, run!.officialCorrect, run!.n, run!.agreement]).toEqual([2, 2, 3, 1]);
      expect(run!.provenance.officialRule).toBe('the per-sample verdicts the file carries');
      const sample = findSampleByExternalId(db, 'mathvista', '1')!;
      expect([sample.answer, sample.choices]).toEqual(['145°', { A: '135°', B: '140°', C: '145°', D: '150°' }]);
      const output = db.prepare('SELECT raw_output AS text FROM prediction_texts ORDER BY prediction_id LIMIT 1').get() as { text: string };
      expect(output.text).toBe('<think>\nHalf of 110 is 55.\n</think>\n\\boxed{C}');
    } finally {
      db.close();
    }
  }, 60_000);

  it('a gold named gt_answer beside `answer` and a response: `answer` is the extracted choice, not the gold', async () => {
    const dir = tempDir();
    const path = join(dir, 'test_problems.jsonl');
    // As an evaluation script writes them: `response` the model's text, `answer` its choice, `gt_answer` the gold.
    writeFileSync(
      path,
      jsonl([
        { index: '0', prompt: 'Which is red?\nA. cube\nB. ball', response: 'The red one is the cube, so A.', answer: 'A', gt_answer: 'A' },
        { index: '1', prompt: 'Which is blue?\nA. cube\nB. ball', response: 'The blue one is the cube, so A.', answer: 'A', gt_answer: 'B' },
      ]),
    );
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [path], { checkpoint: 'm', benchmark: 'colours' });
      expect(summary.warnings.join('\n')).toMatch(/read as a gold named `gt_answer` beside `answer`/);
      expect(runSummaries(db).map((run) => [run.correct, run.n])).toEqual([[1, 2]]);
      expect(findSampleByExternalId(db, 'colours', '1')!.answer).toBe('B');
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
