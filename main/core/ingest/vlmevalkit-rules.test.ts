/**
 * VLMEvalKit's per-benchmark rules, as ported: each case is a behaviour of the official Python
 * code (vlmeval/dataset/utils/*.py) a user would see in its _acc.csv / _score.csv.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';
import { canInfer, mathvistaPostCheck, mtvqaHit, ocrbenchHit, vqaScore } from './vlmevalkit-rules';

const tsv = (rows: string[][]) => rows.map((r) => r.join('\t')).join('\n') + '\n';

describe("VLMEvalKit's official rules", () => {
  const tempDir = useTempDir();

  it('can_infer reads one option letter or one option text, as VLMEvalKit does', () => {
    const choices = { A: '500 gallons', B: '1,500 gallons', C: '2,000 gallons' };
    expect(canInfer('(B) 1,500 gallons.', choices)).toBe('B');
    expect(canInfer('The tank holds 2,000 gallons', choices)).toBe('C');
    expect(canInfer('A or B', choices)).toBe(false);
    expect(canInfer('Cannot determine the answer', choices)).toBe('Z');
  });

  it("MathVista post_check grades the judge's extraction: MC through can_infer and answer_option, numbers as numbers, text never", () => {
    const mc = { questionType: 'multi_choice', answerType: 'text', answer: '1,500 gallons', answerOption: 'B', choices: { A: '500 gallons', B: '1,500 gallons' } };
    expect(mathvistaPostCheck({ ...mc, res: '(B) 1,500 gallons.' })).toBe(true);
    // "500 gallons" is inside "1,500 gallons": can_infer_text finds two options and gives up, as VLMEvalKit does.
    expect(mathvistaPostCheck({ ...mc, res: '1,500 gallons' })).toBe(false);
    expect(mathvistaPostCheck({ ...mc, res: 'B' })).toBe(true);
    expect(mathvistaPostCheck({ ...mc, res: 'A' })).toBe(false);
    const integer = { questionType: 'free_form', answerType: 'integer', answer: '12', answerOption: null, choices: null };
    expect(mathvistaPostCheck({ ...integer, res: 12 })).toBe(true);
    expect(mathvistaPostCheck({ ...integer, res: '12.5' })).toBe(false);
    expect(mathvistaPostCheck({ questionType: 'free_form', answerType: 'float', answer: '1.5', answerOption: null, choices: null, res: '1.50' })).toBe(true);
    expect(mathvistaPostCheck({ questionType: 'free_form', answerType: 'text', answer: 'cat', answerOption: null, choices: null, res: 'cat' })).toBe(false);
  });

  it('TextVQA VQA score averages over leave-one-out subsets of the ten answers; OCRBench is a substring match', () => {
    const answers = "['dakota', 'dakota', 'dakota digital', 'dakota', 'nous', 'dakota', 'dakota digital', 'dakota digital', 'dakota', 'dakota']";
    expect(vqaScore(answers, 'Dakota')).toBe(1);
    expect(vqaScore(answers, 'Dakota Digital')).toBeCloseTo(0.9, 10);
    // One annotator of ten: 1/3 in the nine subsets that keep it, 0 in the one that drops it.
    expect(vqaScore(answers, 'nous')).toBeCloseTo(0.3, 10);
    expect(vqaScore(answers, 'tokyo')).toBe(0);
    expect(ocrbenchHit("['Stop']", 'The sign says STOP.', 'Regular Text Recognition')).toBe(true);
    expect(ocrbenchHit("['x^{2}+1']", 'x ^ { 2 } + 1', 'Handwritten Mathematical Expression Recognition')).toBe(true);
  });

  it('MMVet judge scores are partial credit: their mean is the figure, never a verdict', async () => {
    const dir = tempDir();
    const path = join(dir, 'm_MMVet_gpt-4-turbo.xlsx'.replace('.xlsx', '.tsv'));
    writeFileSync(path, tsv([['index', 'question', 'answer', 'prediction', 'score'], ['0', 'q0', 'a', 'a', '1.0'], ['1', 'q1', 'b', 'c', '0.5'], ['2', 'q2', 'c', 'd', '0.0']]));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [path], { checkpoint: 'm', benchmark: 'MMVet' });
      const [run] = runSummaries(db);
      expect(run!.officialN).toBe(0);
      expect(run!.provenance.official?.value).toBeCloseTo(0.5, 10);
    } finally {
      db.close();
    }
  });

  it('MMBench without judge verdicts: one verdict per question over its rotations (circular evaluation)', async () => {
    const dir = tempDir();
    const path = join(dir, 'm_MMBench_DEV_EN.tsv');
    writeFileSync(
      path,
      tsv([
        ['index', 'question', 'A', 'B', 'answer', 'prediction'],
        ['1', 'q1', 'cat', 'dog', 'A', 'A'],
        ['1000001', 'q1', 'dog', 'cat', 'B', 'B'],
        ['2', 'q2', 'red', 'blue', 'B', 'B'],
        ['1000002', 'q2', 'blue', 'red', 'A', 'B'],
      ]),
    );
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [path]);
      const [run] = runSummaries(db);
      expect(run!.provenance.official).toMatchObject({ value: 0.5, source: 'VLMEvalKit circular evaluation' });
      // Ours grades each rotation on its own, and says so beside the figure it differs from.
      expect(run!.provenance.oursRule).toMatch(/each row \(each rotation of a question's options\) graded on its own/);
    } finally {
      db.close();
    }
  });

  it("SEEDBench2's repeated indices are kept and counted, not refused", async () => {
    const dir = tempDir();
    const path = join(dir, 'm_SEEDBench2.tsv');
    writeFileSync(path, tsv([['index', 'question', 'A', 'B', 'answer', 'prediction'], ['7', 'q', 'x', 'y', 'A', 'A'], ['7', 'q', 'x', 'y', 'A', 'B']]));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [path]);
      expect(summary.predictions).toBe(2);
      expect(summary.warnings.join('\n')).toMatch(/1 index value\(s\) appear more than once/);
    } finally {
      db.close();
    }
  });

  it("MTVQA: the gold answer inside the prediction without its full stops, the answer's own full stops kept (the official quirk)", () => {
    expect(mtvqaHit('Bahnhof', 'Der Text lautet: BAHNHOF.')).toBe(true);
    expect(mtvqaHit('U.S.A', 'It says U.S.A.')).toBe(false);
    expect(mtvqaHit('東京', '看板には「東京」と書いてあります。')).toBe(true);
    expect(mtvqaHit('Paris', 'Lyon')).toBe(false);
  });

  it("an MTVQA file gets per-sample official verdicts by VLMEvalKit's rule, and its per-language _acc.csv is kept as written", async () => {
    const dir = tempDir();
    const path = join(dir, 'm_MTVQA_TEST.tsv');
    writeFileSync(
      path,
      tsv([
        ['index', 'question', 'answer', 'category', 'prediction'],
        ['0', 'What does the sign say?', 'Bahnhof', 'DE', 'BAHNHOF.'],
        ['1', 'What is written?', 'Ausgang', 'DE', 'Eingang'],
        ['2', 'What is the title?', 'Le Monde', 'FR', 'The title is Le Monde.'],
        ['3', 'What is the date?', '1.5.2020', 'FR', '1.5.2020'],
      ]),
    );
    writeFileSync(join(dir, 'm_MTVQA_TEST_acc.csv'), 'DE,FR\n0.5,0.5\n');
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [path]);
      const [run] = runSummaries(db);
      // Two of four by the official rule: "1.5.2020" loses its full stops in the prediction only.
      expect(run).toMatchObject({ benchmark: 'MTVQA_TEST', officialN: 4, officialCorrect: 2 });
      expect(summary.warnings.join('\n')).toMatch(/MTVQA rule/);
      expect(summary.warnings.join('\n')).toMatch(/none taken as the accuracy/);
    } finally {
      db.close();
    }
  });
});
