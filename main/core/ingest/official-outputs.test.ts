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
    // EMMA's evaluator writes true_false into the outputs (none for the null response) and this summary beside them.
    const outputs = {
      math_1: { ...emmaProblem('math_1', 'A', 'The answer is \\boxed{A}'), true_false: true },
      math_2: emmaProblem('math_2', 'B', null),
      phys_1: { ...emmaProblem('phys_1', 'C', 'So the answer is \\boxed{C}', 'Physics'), true_false: true },
      chem_1: { ...emmaProblem('chem_1', 'D', 'I choose \\boxed{A}', 'Chemistry'), true_false: false },
    };
    writeFileSync(join(folder, 'm_Math_Physics_Chemistry_CoT.json'), JSON.stringify(outputs));
    writeFileSync(join(folder, 'm_Math_Physics_Chemistry_CoT_result.json'), JSON.stringify({ average: { accuracy: 0.5, correct: 2, total: 4 }, subject: { Math: { accuracy: 0.5, correct: 1, total: 2 } }, question_type: {} }));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [folder]);
      const [run] = runSummaries(db);
      expect(run!.benchmark).toBe('EMMA-mini');
      expect(run!.n + run!.errors).toBe(4);
      expect(run!.provenance.official).toMatchObject({ value: 0.5, source: 'm_Math_Physics_Chemistry_CoT_result.json' });
      expect(summary.warnings.join('\n')).toMatch(/1 problem\(s\) without a response \(null\).*counted wrong/);
      expect(run).toMatchObject({ officialN: 4, officialCorrect: 2 });
    } finally {
      db.close();
    }
  });

  it("reads EMMA's later summary (`type` for `question_type`) beside its outputs, and skips a folder's summary that has no outputs", async () => {
    const dir = tempDir();
    const folder = join(dir, 'results');
    mkdirSync(join(folder, 'Math'), { recursive: true });
    const outputs = { math_1: { ...emmaProblem('math_1', 'A', '\\boxed{A}'), true_false: true }, math_2: { ...emmaProblem('math_2', 'B', '\\boxed{C}'), true_false: false } };
    writeFileSync(join(folder, 'Math', 'm_Math_Directly.json'), JSON.stringify(outputs));
    const result = (correct: number, total: number) => ({ average: { accuracy: correct / total, correct, total }, subject: { Math: { accuracy: correct / total, correct, total } }, type: { 'multiple choice': { accuracy: correct / total, correct, total } } });
    writeFileSync(join(folder, 'Math', 'm_Math_Directly_result.json'), JSON.stringify(result(1, 2)));
    // EMMA's results/ keeps summaries whose outputs it does not publish.
    writeFileSync(join(folder, 'random_choice_result.json'), JSON.stringify(result(504, 2002)));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [folder]);
      const [run] = runSummaries(db);
      expect(runSummaries(db)).toHaveLength(1);
      expect(run!.provenance.official).toMatchObject({ value: 0.5, source: 'm_Math_Directly_result.json' });
      expect(summary.warnings.join('\n')).toMatch(/random_choice_result\.json: a summary of random_choice on EMMA, which has no run yet \(no per-sample file in this folder\); skipped/);
      // Named by itself, the orphan is still refused.
      await expect(importFiles(db, join(dir, 'w.sqlite'), [join(folder, 'random_choice_result.json')])).rejects.toThrow(/which has no run yet; import its per-sample file first/);
    } finally {
      db.close();
    }
  });

  it('gives an EMMA file never scored no official verdicts, not even for its null responses', async () => {
    const dir = tempDir();
    const path = join(dir, 'results', 'test-claude.json');
    mkdirSync(join(dir, 'results'));
    // As EMMA's generator writes it: responses (one null), no true_false yet.
    writeFileSync(path, JSON.stringify({ math_1: emmaProblem('math_1', 'A', 'The answer is \\boxed{A}'), math_2: emmaProblem('math_2', 'B', null) }));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [path]);
      const [run] = runSummaries(db);
      // Before, the null response's "false" alone made an official 0% "from the file's per-sample verdicts".
      expect(run).toMatchObject({ benchmark: 'EMMA', officialN: 0, correct: 1 });
      expect(run!.provenance.official).toBeNull();
      expect(run!.provenance.officialRule).toMatch(/not in this file/);
      expect(summary.warnings.join('\n')).toMatch(/1 problem\(s\) without a response \(null\).*the file is not scored/);
    } finally {
      db.close();
    }
  });

  it("takes VLM-R1's `correct` (its IoU test on boxes) as the official verdict, and compares list answers by their items", async () => {
    const dir = tempDir();
    const box = (x: number) => [x, 10, x + 50, 60];
    const rec = (i: number, correct: number) => ({ image: `${i}.jpg`, question: `Where is thing ${i}?`, ground_truth: box(i), model_output: `<answer>${JSON.stringify(box(i + 3))}</answer>`, extracted_answer: box(i + 3), correct });
    writeFileSync(join(dir, 'rec_results_refcocop_val_qwen2_5vl_7b.json'), JSON.stringify({ accuracy: 66.67, results: [rec(1, 1), rec(2, 1), rec(3, 0)] }));
    // No verdict field: R1-V's `extracted_answer == ground_truth`, a list equal item by item.
    const counting = (i: number, extracted: number[]) => ({ question: { image_path: `c${i}.png`, question: 'Count?', ground_truth: [2, 3] }, ground_truth: [2, 3], model_output: 'x', extracted_answer: extracted });
    writeFileSync(join(dir, 'pairs_results_toy_qwen2vl_2b.json'), JSON.stringify({ accuracy: 50, results: [counting(1, [2, 3]), counting(2, [3, 2])] }));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'rec_results_refcocop_val_qwen2_5vl_7b.json'), join(dir, 'pairs_results_toy_qwen2vl_2b.json')]);
      const runs = runSummaries(db);
      expect(runs.find((run) => run.benchmark.startsWith('rec'))).toMatchObject({ officialN: 3, officialCorrect: 2 });
      expect(runs.find((run) => run.benchmark.startsWith('pairs'))).toMatchObject({ officialN: 2, officialCorrect: 1 });
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

  it("finds MATH-V's data/test.jsonl at the repository's root for outputs kept in outputs/closed-source/<vendor>/", async () => {
    const repo = tempDir();
    mkdirSync(join(repo, 'data'), { recursive: true });
    // mathllm/MATH-V data/test.jsonl and outputs/closed-source/Gemini/Gemini-Pro-CoT.jsonl, their first two lines.
    const problems = [
      { id: '1', question: 'Which number should be written in place of the question mark?\n<image1>', options: [], answer: '60', solution: null, level: 2, subject: 'arithmetic', image: 'images/1.jpg' },
      { id: '2', question: 'Which bike is most expensive?\n<image1>', options: ['A', 'B', 'C', 'D', 'E'], answer: 'A', solution: null, level: 2, subject: 'arithmetic', image: 'images/2.jpg' },
    ];
    writeFileSync(join(repo, 'data', 'test.jsonl'), problems.map((p) => JSON.stringify(p)).join('\n') + '\n');
    const outputs = join(repo, 'outputs', 'closed-source', 'Gemini');
    mkdirSync(outputs, { recursive: true });
    const answers = [
      { id: '1', model: 'gemini-pro-vision', response: 'The answer is 60.\n\n\\boxed{60}', model_answer: '60', correct: true },
      { id: '2', model: 'gemini-pro-vision', response: 'The bike with the highest price is bike A.\n\\boxed{A}', model_answer: 'a', correct: true },
    ];
    writeFileSync(join(outputs, 'Gemini-Pro-CoT.jsonl'), answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const workspace = join(tempDir(), 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      await importFiles(db, workspace, [join(outputs, 'Gemini-Pro-CoT.jsonl')]);
      expect(runSummaries(db).map((r) => [r.benchmark, r.correct, r.officialCorrect, r.n])).toEqual([['MathVision', 2, 2, 2]]);
    } finally {
      db.close();
    }
  });

  it("joins MMMU predictions to another tool's question file of the same ids when --benchmark names it, and says so when it does not", async () => {
    // InternLM/InternLM-XComposer IXC-2.0/evaluation/MMMU: mmmu_val.json (its questions) and the model's prediction dict.
    const dir = tempDir();
    const questions = {
      validation_Accounting_1: { id: 'validation_Accounting_1', text: 'Question: per unit overhead?\nOptions: (A) $6\n(B) $7\n(C) $8\n(D) $9', answer: 'B', answer_type: 'choice' },
      validation_Accounting_3: { id: 'validation_Accounting_3', text: 'Question: which costs?\nOptions: (A) 1\n(B) 2', answer: 'B', answer_type: 'choice' },
    };
    writeFileSync(join(dir, 'mmmu_val.json'), JSON.stringify(questions));
    writeFileSync(join(dir, 'MMMU_val_InternLM_XComposer_VL.json'), JSON.stringify({ validation_Accounting_1: 'A', validation_Accounting_3: 'B' }));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const files = [join(dir, 'mmmu_val.json'), join(dir, 'MMMU_val_InternLM_XComposer_VL.json')];
      await expect(importFiles(db, workspace, files)).rejects.toThrow(/as benchmark MMMU_validation; .*name the benchmark that holds these ids with --benchmark \(here: mmmu_val\)/);
      await importFiles(db, workspace, files, { benchmark: 'mmmu_val' });
      expect(runSummaries(db).map((r) => [r.benchmark, r.correct, r.officialCorrect, r.n])).toEqual([['mmmu_val', 1, 1, 2]]);
    } finally {
      db.close();
    }
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
