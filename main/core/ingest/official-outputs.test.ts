/**
 * Benchmarks' own output files land in the right benchmark and are scored as their own scripts
 * score them: EMMA (a fork of MathVista's scripts) is never taken for MathVista, a null response
 * is counted wrong instead of aborting, MMMU-Pro rows are not MATH-V's, MMMU's open answers are
 * parsed by MMMU's parse_open_response.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';
import { mmmuOpenCorrect, mmmuParseOpenResponse } from './official-rules';
import { sniffFormat } from './sniff';
import { describeFile } from './source-file';

const emmaProblem = (pid: string, answer: string, response: string | null, subject = 'Math') => ({
  pid,
  question: `Question ${pid}`,
  options: ['1', '2', '3', '4'],
  answer,
  subject,
  task: 'Pattern Inference',
  category: 'Pattern Inference',
  source: 'EMMA',
  type: 'Multiple Choice',
  context: '',
  response,
});

describe('official benchmark outputs', () => {
  const tempDir = useTempDir();

  it('imports EMMA outputs into EMMA (never MathVista), a null response counted wrong as EMMA counts it', async () => {
    const dir = tempDir();
    const folder = join(dir, 'results', 'EMMA-mini');
    mkdirSync(folder, { recursive: true });
    const outputs = {
      math_1: emmaProblem('math_1', 'A', 'The answer is \\boxed{A}'),
      math_2: emmaProblem('math_2', 'B', null),
      phys_1: emmaProblem('phys_1', 'C', 'So the answer is \\boxed{C}', 'Physics'),
      chem_1: emmaProblem('chem_1', 'D', 'I choose \\boxed{A}', 'Chemistry'),
    };
    writeFileSync(join(folder, 'm_Math_Physics_Chemistry_CoT.json'), JSON.stringify(outputs));
    // EMMA's evaluator writes true_false into the outputs and this summary beside them.
    writeFileSync(join(folder, 'm_Math_Physics_Chemistry_CoT_result.json'), JSON.stringify({ average: { accuracy: 0.5, correct: 2, total: 4 }, subject: { Math: { accuracy: 0.5, correct: 1, total: 2 } }, question_type: {} }));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [folder]);
      const [run] = runSummaries(db);
      expect(run!.benchmark).toBe('EMMA-mini');
      expect(run!.n + run!.errors).toBe(4);
      expect(run!.provenance.official).toMatchObject({ value: 0.5, source: 'm_Math_Physics_Chemistry_CoT_result.json' });
      expect(summary.warnings.join('\n')).toMatch(/1 problem\(s\) without a response \(null\).*counted wrong/);
    } finally {
      db.close();
    }
  });

  it('stops on a MathVista-shaped file it cannot place, naming the candidates', async () => {
    const dir = tempDir();
    const path = join(dir, 'outputs.json');
    writeFileSync(path, JSON.stringify({ 1: { pid: '1', question: 'q', answer: '2', response: '2' } }));
    await expect(sniffFormat(await describeFile(path))).rejects.toThrow(/candidates: MathVista_MINI, EMMA, EMMA-mini; pass --benchmark/);
    expect((await sniffFormat(await describeFile(path), undefined, 'MyBench')).format).toBe('mathvista');
  });

  it('does not take MMMU-Pro rows for MATH-V', async () => {
    const dir = tempDir();
    const path = join(dir, 'gpt4o_standard_cot.jsonl');
    const row = { id: 'test_Accounting_1', question: 'q', options: "['a', 'b']", explanation: '', img_type: "['Tables']", answer: 'A', topic_difficulty: 'Medium', subject: 'Accounting', response: 'Answer: A' };
    writeFileSync(path, `${JSON.stringify(row)}\n`);
    expect((await sniffFormat(await describeFile(path))).format).not.toBe('math-v');
  });

  it("parses MMMU's open answers as MMMU's eval script does", () => {
    expect(mmmuOpenCorrect('60', mmmuParseOpenResponse('60.0'))).toBe(true);
    expect(mmmuOpenCorrect('60', mmmuParseOpenResponse('So the total is 60.0 dollars.'))).toBe(true);
    expect(mmmuOpenCorrect('1,500', mmmuParseOpenResponse('The answer is 1500'))).toBe(true);
    expect(mmmuOpenCorrect('60', mmmuParseOpenResponse('The answer is 61'))).toBe(false);
    expect(mmmuOpenCorrect('60', mmmuParseOpenResponse('I cannot determine the value from the image.'))).toBe(false);
  });
});

describe('our grader and refusals', () => {
  it('does not credit a refusal because its last number matches the gold', async () => {
    const { grade } = await import('../grading');
    expect(grade({ prediction: 'I cannot determine the length from the image; the figure shows 3 lines and 12 points.', answer: '12', answerType: 'numeric' }).correct).toBe(false);
    expect(grade({ prediction: 'The answer is 12.', answer: '12', answerType: 'numeric' }).correct).toBe(true);
    expect(grade({ prediction: 'I cannot be sure, but \\boxed{12}', answer: '12', answerType: 'numeric' }).correct).toBe(true);
  });
});
