/**
 * MathVista's calculate_score.py rule (normalize_extracted_answer, safe_equal), and a real output
 * file whose extractions were written but never scored (real-files/README.md: neilkale/crossmodal-eval,
 * Qwen on pids 1-7 of testmini): calculate_score.py's verdicts follow from `extraction` alone.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';
import { mathvistaNormalize, mathvistaOfficialVerdict, pythonFloatRepr, pythonRound } from './mathvista-rule';

const OUTPUT = join(__dirname, 'real-files', 'mathvista', 'crossmodal-qwen', 'output_qwen.json');

const problem = (fields: Partial<Parameters<typeof mathvistaNormalize>[0]>) => ({ extraction: '', choices: null, question_type: 'free_form', answer_type: 'integer', precision: null, answer: '', ...fields });

describe("MathVista's calculate_score.py rule", () => {
  it('prints floats as Python does and rounds exact ties to even', () => {
    expect([1.2, 3, 0.0001, 0.00001, 1e16, 123456789.5, -2.5].map(pythonFloatRepr)).toEqual(['1.2', '3.0', '0.0001', '1e-05', '1e+16', '123456789.5', '-2.5']);
    // round(2.5) == 2, round(0.125, 2) == 0.12 (an exact tie), round(0.15, 1) == 0.1 (0.15 is below .15 in binary), round(2.675, 2) == 2.67.
    expect([pythonRound(2.5, 0), pythonRound(3.5, 0), pythonRound(0.125, 2), pythonRound(0.375, 2), pythonRound(0.15, 1), pythonRound(2.675, 2), pythonRound(-0.125, 2)]).toEqual([2, 4, 0.12, 0.38, 0.1, 2.67, -0.12]);
  });

  it('normalises as normalize_extracted_answer does', () => {
    const choices = ['135°', '140°', '145°', '150°'];
    expect(mathvistaNormalize(problem({ question_type: 'multi_choice', answer_type: 'text', choices, extraction: 'C' }))).toBe('145°');
    expect(mathvistaNormalize(problem({ question_type: 'multi_choice', answer_type: 'text', choices, extraction: ' (b) 140 ' }))).toBe('140°');
    // Not a letter: the closest option by edit distance, the first of equals.
    expect(mathvistaNormalize(problem({ question_type: 'multi_choice', answer_type: 'text', choices, extraction: '150' }))).toBe('150°');
    expect(mathvistaNormalize(problem({ question_type: 'multi_choice', answer_type: 'text', choices, extraction: null }))).toBe('135°');
    expect(mathvistaNormalize(problem({ question_type: 'multi_choice', answer_type: 'text', choices: null, extraction: 'A' }))).toBeUndefined();
    expect([' 12.9 ', '1e3', 'twelve', null, 7].map((extraction) => mathvistaNormalize(problem({ extraction })))).toEqual(['12', '1000', null, null, '7']);
    // int(precision): precision 1.0 is one place; no precision raises, so None.
    expect(mathvistaNormalize(problem({ answer_type: 'float', precision: 1.0, extraction: '0.25' }))).toBe('0.2');
    expect(mathvistaNormalize(problem({ answer_type: 'float', precision: 2, extraction: '3' }))).toBe('3.0');
    expect(mathvistaNormalize(problem({ answer_type: 'float', precision: null, extraction: '3' }))).toBeNull();
    expect(mathvistaNormalize(problem({ answer_type: 'list', extraction: '[1, 2]' }))).toBe('[1, 2]');
  });

  it('decides with safe_equal: the prediction as text against the answer as written', () => {
    expect(mathvistaOfficialVerdict(problem({ answer_type: 'float', precision: 1, extraction: '1.20', answer: '1.2' }))).toEqual({ correct: true, prediction: '1.2' });
    expect(mathvistaOfficialVerdict(problem({ answer_type: 'float', precision: 2, extraction: '1.2', answer: '1.2' }))).toEqual({ correct: true, prediction: '1.2' });
    expect(mathvistaOfficialVerdict(problem({ extraction: '', answer: '0' }))).toEqual({ correct: false, prediction: null });
  });

  const tempDir = useTempDir();

  it('gives a real extracted-but-unscored output file the verdicts calculate_score.py would write (pids 2, 3, 4, 6 right)', async () => {
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [OUTPUT]);
      expect(summary.runs[0]).toMatchObject({ checkpoint: 'qwen', benchmark: 'MathVista_MINI', predictions: 7 });
      const [run] = runSummaries(db);
      expect([run!.officialCorrect, run!.officialN]).toEqual([4, 7]);
      const verdicts = db
        .prepare('SELECT s.external_id AS pid, p.official_correct AS correct, t.official_extracted AS extracted FROM predictions p JOIN samples s ON s.id = p.sample_id JOIN prediction_texts t ON t.prediction_id = p.id ORDER BY CAST(s.external_id AS INTEGER)')
        .all() as Array<{ pid: string; correct: number; extracted: string }>;
      expect(verdicts.map((v) => [v.pid, v.correct, v.extracted])).toEqual([
        ['1', 0, '0.1'],
        ['2', 1, '1000'],
        ['3', 1, '145°'],
        ['4', 1, '4'],
        ['5', 0, '107'],
        ['6', 1, '6cm'],
        ['7', 0, 'quarter past'],
      ]);
      expect(summary.warnings.join('\n')).toMatch(/extractions but no true_false .*calculate_score\.py's rule .* applied by us/);
      // scores_qwen.json is over all 1000 problems: the slice's own verdicts are its official figure, the summary said beside them.
      expect(run!.provenance.official).toMatchObject({ value: 4 / 7, source: "the file's per-sample verdicts" });
      expect(run!.provenance.notes.join('\n')).toMatch(/its summary scores_qwen\.json says 27\.10% \(over 1000 samples; the file has 7\)/);
      expect(run!.provenance.officialRule).toMatch(/in a file not yet scored, calculate_score\.py's rule applied to `extraction` by our port/);
    } finally {
      db.close();
    }
  }, 60_000);
});
