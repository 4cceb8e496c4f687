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

const DEEPEYES = join(__dirname, 'real-files', 'deepeyes', 'eval_results', 'vlagent_think_mh', 'multiturn_all21k_0.8acc_-0.2format_0.4tool_4node_ds4', 'global_step_48', 'result_relative_position_tmp_acc.jsonl');

const jsonl = (rows: object[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

describe('fields read by what the tool that wrote them means', () => {
  const tempDir = useTempDir();

  it("We-Math's output file: ID, options as one string, the letter gold, the response; benchmark WeMath, checkpoint from the file", async () => {
    // SnowNation101/We-Math (a We-Math fork) @ b6a4cb48 output/qwen2vl-base.json, three of its records (description left out).
    const base = { split: 'testmini', 'knowledge concept': 'Conversion Rates and Calculations Between Length Units', key: '2steps_1', 'knowledge concept description': '' };
    const records = [
      { ...base, ID: '2steps_1', 'question number': 1, question: 'According to the diagram and the length information provided: OA = ( ) m, AB = ( ) m', option: 'A. 300, 400;B. 400, 300;C. 3000, 4000;D. 4000, 3000; E. No correct answer', answer: 'C', image_path: '2steps/image/1-1.png', response: '<Thought process>: … the Pythagorean theorem.\n<Answer>:B. 400, 300' },
      { ...base, ID: '2steps_2', 'question number': 2, question: 'According to the diagram, observe the distances in the image, a = ( ) m, b = ( ) m, c = ( ) m.', option: 'A. 3, 5, 4; B. 3, 50, 40; C. 300, 50, 40; D. 30, 50, 40.; E. No correct answer', answer: 'A', image_path: '2steps/image/2-1.png', response: 'Thought process: … So, the correct answer is A. 3, 5, 4.\nAnswer:A. 3, 5, 4.' },
      { ...base, ID: '2steps_3', 'question number': 3, question: 'The cylinder with a base diameter of 5 cm is:', option: 'A. Cylinder ①; B. Cylinder ②; C. Cylinder ③; D. Cannot be determined; E. No correct answer', answer: 'A', image_path: '2steps/image/3-1.png', response: '<Thought process>: … Cylinder ③ has a base diameter of 5 cm.\n<Answer>:Cylinder ③.' },
    ];
    const dir = tempDir();
    const path = join(dir, 'output', 'qwen2vl-base.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(records, null, 4));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      await importFiles(db, workspace, [path]);
      const [run] = runSummaries(db);
      expect(run).toMatchObject({ checkpoint: 'qwen2vl-base', benchmark: 'WeMath', n: 3, correct: 1 });
      expect(findSampleByExternalId(db, 'WeMath', '2steps_3')!.choices).toEqual({ A: 'Cylinder ①', B: 'Cylinder ②', C: 'Cylinder ③', D: 'Cannot be determined', E: 'No correct answer' });
      const extracted = db.prepare('SELECT p.extracted AS e FROM predictions p ORDER BY p.id').all() as Array<{ e: string }>;
      expect(extracted.map((row) => row.e)).toEqual(['B', 'A', 'C']);
    } finally {
      db.close();
    }
  });

  it("DeepEyes' V* evaluation output: the chat's last turn is the answer, `acc` the verdict, the run and its step from the folders", async () => {
    const dir = tempDir();
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [DEEPEYES]);
      expect(summary.warnings.join('\n')).toMatch(/read as DeepEyes' evaluation output/);
      const [run, ...others] = runSummaries(db);
      expect(others).toEqual([]);
      expect(run).toMatchObject({ checkpoint: 'multiturn_all21k_0.8acc_-0.2format_0.4tool_4node_ds4@48', step: 48, benchmark: 'vstar_relative_position', n: 4, correct: 4, officialCorrect: 4, officialN: 4 });
      // The model's turns from its first, the tool's results between them, its <answer> last; never the system prompt.
      const outputs = db.prepare('SELECT raw_output AS o FROM prediction_texts ORDER BY prediction_id').all() as Array<{ o: string }>;
      for (const { o } of outputs) expect(o).toMatch(/<answer>[\s\S]*<\/answer>$/);
      expect(outputs[0]!.o).toMatch(/^<think>[\s\S]*<tool_call>[\s\S]*image_zoom_in_tool[\s\S]*<tool_response>\n\[image\]/);
      expect(outputs.map(({ o }) => o).join('\n')).not.toMatch(/You are a helpful assistant/);
    } finally {
      db.close();
    }
  });

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
  it("LogicVista's results table: gold `true answer` in lower case, the model from `<model> answer raw`, `match?` the official verdict", async () => {
    const dir = tempDir();
    // The shape of LogicVista's eval/results/<model>-accuracy-results.csv (rows written for this test).
    const path = join(dir, 'LLAVA7B-accuracy-results.csv');
    writeFileSync(
      path,
      [
        ',id,reasoning skill,capability,true answer,LLAVA7B answer extracted,LLAVA7B answer raw,match?',
        `0,v1_0,['inductive'],['diagram'],['c'],['b']," Based on the image, the correct choice would be B.",0`,
        `1,v1_1,['deductive'],['ocr'],['a'],['a']," A",1`,
        `2,v1_2,['mechanical'],['physics'],['d'],['d']," The best reason for the motion of the tank as it sinks is (D) Water replaces the air in the tank, which makes it heavier.",1`,
        `3,v1_3,['numerical'],['diagram'],"['a', 'c']","['a', 'c']"," A, C",1`,
      ].join('\n') + '\n',
    );
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [path]);
      expect(summary.warnings.join('\n')).toMatch(/read as LogicVista's results table/);
      const [run] = runSummaries(db);
      expect([run!.checkpoint, run!.benchmark]).toEqual(['LLAVA7B', 'LogicVista']);
      expect([run!.officialCorrect, run!.officialN]).toEqual([3, 4]);
      // " A" for gold "a" is option A, not an emptied article; "(D)" mid-sentence is the pick.
      expect([run!.correct, run!.agreement]).toEqual([3, 1]);
      // `['a', 'c']` is the set both of which a multi-select answer needs (not two alternatives), and the category its item.
      expect(db.prepare("SELECT answer, category FROM samples WHERE external_id = 'v1_3'").get()).toEqual({ answer: 'A, C', category: 'numerical' });
    } finally {
      db.close();
    }
  }, 60_000);

  it("BLINK's saved outputs: `full_prediction` is the model's answer, `prediction` the option read from it", async () => {
    const dir = tempDir();
    const path = join(dir, 'Counting.json');
    writeFileSync(
      path,
      JSON.stringify({
        val: [
          { idx: 'val_Counting_1', answer: '(D)', full_prediction: '(D) 1\n\nThere is one blue float in the image.', prediction: '(D)' },
          { idx: 'val_Counting_2', answer: '(D)', full_prediction: '(B) 1', prediction: '(B)' },
          { idx: 'val_Counting_3', answer: '(A)', full_prediction: 'The number of colored tiles above the sink is (A) 6.', prediction: '(A)' },
        ],
      }),
    );
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [path], { checkpoint: 'GPT4o', benchmark: 'BLINK_Counting' });
      expect(summary.warnings.join('\n')).toMatch(/read as BLINK's saved outputs/);
      const [run] = runSummaries(db);
      expect(run!.n).toBe(3);
      expect(run!.correct).toBe(2);
      const output = db.prepare("SELECT t.raw_output AS output FROM prediction_texts t JOIN predictions p ON p.id = t.prediction_id JOIN samples s ON s.id = p.sample_id WHERE s.external_id = 'val_Counting_1'").get() as { output: string };
      expect(output.output).toMatch(/^\(D\) 1\n\nThere is one blue float/);
    } finally {
      db.close();
    }
  }, 60_000);
  it("EvalScope's reviews folder: both review layouts read with their verdicts, the model from reviews/<model>/, its report passed over", async () => {
    const dir = tempDir();
    const reviews = join(dir, 'outputs', 'reviews', 'qwen2.5-7b-instruct');
    const reports = join(dir, 'outputs', 'reports', 'qwen2.5-7b-instruct');
    mkdirSync(reviews, { recursive: true });
    mkdirSync(reports, { recursive: true });
    // EvalScope >= 1.0: `sample_score.score` holds the answer, the extraction and `value.acc`.
    const review = (index: number, target: string, prediction: string, extracted: string, acc: number) => ({
      index,
      input: `Question ${index}: how many?`,
      target,
      sample_score: { score: { value: { acc }, extracted_prediction: extracted, prediction }, sample_id: index },
    });
    writeFileSync(join(reviews, 'gsm8k_main.jsonl'), jsonl([review(1, '18', 'She sells 16 - 3 - 4 = 9 eggs, 9 * 2 = 18.\nANSWER: 18', '18', 1), review(2, '3', 'It takes 2 + 1 = 4 bolts.\nANSWER: 4', '4', 0)]));
    writeFileSync(join(reports, 'gsm8k.json'), JSON.stringify({ name: 'qwen2.5-7b-instruct@gsm8k', dataset_name: 'gsm8k', model_name: 'qwen2.5-7b-instruct', score: 0.5, metrics: [{ name: 'mean_acc', num: 2, score: 0.5 }] }));
    // The earlier layout: an OpenAI chat completion with a `review` in its choice; its `choices` are completions, not options.
    const older = join(dir, 'arc_ARC-Challenge.jsonl');
    const completion = (id: string, content: string, gold: string, pred: string, result: number) => ({
      model: 'Qwen2.5-0.5B-Instruct',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', review: { gold, pred, result } }],
      raw_input: { id, question: 'Which is the most likely effect?', choices: { text: ['density falls', 'years lengthen', 'days shorten', 'gravity grows'], label: ['A', 'B', 'C', 'D'] }, answerKey: gold },
    });
    writeFileSync(older, jsonl([completion('q1', 'The most likely effect is:\n\nC. Planetary days will become shorter.', 'C', 'C', 1), completion('q2', 'D. the independent variable', 'D', 'D', 1), completion('q3', 'B. years lengthen', 'C', 'B', 0)]));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [join(dir, 'outputs'), older]);
      expect(summary.warnings.join('\n')).toMatch(/EvalScope's report of qwen2\.5-7b-instruct on gsm8k \(figures\).*skipped/);
      const runs = runSummaries(db);
      const byBenchmark = Object.fromEntries(runs.map((run) => [run.benchmark, run]));
      expect(byBenchmark.gsm8k_main).toMatchObject({ checkpoint: 'qwen2.5-7b-instruct', n: 2, correct: 1, officialCorrect: 1, officialN: 2, agreement: 1 });
      // "D. the independent variable" is option D: the options are raw_input's, not the completions.
      expect(byBenchmark['arc_ARC-Challenge']).toMatchObject({ checkpoint: 'Qwen2.5-0.5B-Instruct', n: 3, correct: 2, officialCorrect: 2, agreement: 1 });
    } finally {
      db.close();
    }
  }, 60_000);

  it('says what a JSON object holds where it holds no records this tool reads', async () => {
    const dir = tempDir();
    const cases: Array<[string, unknown, RegExp]> = [
      ['Counting.json', { val: [{ idx: 'v1', answer: '(A)', prediction: '(A)' }], test: [{ idx: 't1', answer: 'hidden', prediction: '(B)' }] }, /holds 2 lists of records \(val: 1, test: 1\); import one at a time, .*jq '\.val' Counting\.json > Counting_val\.json/],
      ['llava_13b.json', { v1_0: 'A red car.', v1_1: 'Two.', v1_2: '42' }, /an object of id -> text \(v1_0, v1_1, v1_2\): answers without their questions or gold answers/],
      ['final_test.json', { acc: 75.2, correct: 3, count: 4, results: { '4': 1, '5': 0 }, outputs: { '4': 'The answer is B.', '5': 'The answer is A.' } }, /holds per-sample values by id \(results, outputs\) beside figures/],
    ];
    for (const [name, document, message] of cases) {
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(document));
      const workspace = join(dir, `${name}.sqlite`);
      const db = openWorkspace(workspace);
      try {
        await expect(importFiles(db, workspace, [path], { checkpoint: 'm' })).rejects.toThrow(message);
      } finally {
        db.close();
      }
    }
  }, 60_000);
  it("says a file was read as a benchmark where it found no prediction field (a tool's answers under a name of its own)", async () => {
    const dir = tempDir();
    const path = join(dir, 'geo_checklist_prediction.json');
    writeFileSync(path, JSON.stringify([{ id: 1, question: 'What is x?', answer: '3', model_prediction_text: 'x is 3' }]));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [path]);
      expect(summary.runs).toEqual([]);
      expect(summary.warnings.join('\n')).toMatch(/read as a benchmark \(questions and gold answers\): no prediction field was found .*the first record has id, question, answer, model_prediction_text.*--map prediction=FIELD/);
    } finally {
      db.close();
    }
  }, 60_000);
  it("reads JSON Lines whose lines end with a comma (SEED-Bench's evaluate_result files), and says so", async () => {
    const dir = tempDir();
    const path = join(dir, 'GPT-4V.json');
    const rows = [
      { question_id: '101669', prediction: 'A', gt_answer: 'A' },
      { question_id: '104933', prediction: 'C', gt_answer: 'C' },
      { question_id: '89257', prediction: 'A', gt_answer: 'C' },
    ];
    writeFileSync(path, rows.map((row) => `${JSON.stringify(row)},\n`).join(''));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [path], { checkpoint: 'GPT-4V', benchmark: 'SEEDBench_IMG' });
      expect(summary.notes?.join('\n')).toMatch(/JSON Lines\) \(a comma ending a line taken off\)/);
      const [run] = runSummaries(db);
      expect([run!.n, run!.correct]).toEqual([3, 2]);
    } finally {
      db.close();
    }
  }, 60_000);
  it('reads a .jsonl file whose lines end with a comma; a second file of the same bytes is said to be imported once', async () => {
    const dir = tempDir();
    const rows = [
      { question_id: '1', question: 'Q1?', prediction: 'A', gt_answer: 'A' },
      { question_id: '2', question: 'Q2?', prediction: 'B', gt_answer: 'C' },
    ];
    const text = rows.map((row) => `${JSON.stringify(row)},\n`).join('');
    writeFileSync(join(dir, 'seed.jsonl'), text);
    writeFileSync(join(dir, 'seed-copy.jsonl'), text);
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [join(dir, 'seed.jsonl'), join(dir, 'seed-copy.jsonl')], { checkpoint: 'm', benchmark: 'seed' });
      expect(summary.warnings.join('\n')).toMatch(/seed-copy\.jsonl: the same bytes as .*seed\.jsonl, imported once/);
      expect(runSummaries(db).map((run) => [run.n, run.correct])).toEqual([[2, 1]]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("LogicVista's table whatever its columns' case; EvalScope's one 0/1 metric of another name", async () => {
    const dir = tempDir();
    const table = join(dir, 'GPT4V-accuracy-results.csv');
    writeFileSync(table, [',ID,Reasoning Skill,True Answer,gpt4v answer extracted,GPT4V Answer Raw,Match?', `0,v1_0,['inductive'],['a'],['a'],A,1`, `1,v1_1,['deductive'],['b'],['c'],(C) the dog,0`].join('\n') + '\n');
    const reviews = join(dir, 'reviews', 'qwen2.5-7b');
    mkdirSync(reviews, { recursive: true });
    const review = (index: number, target: string, prediction: string, match: number) => ({ index, input: `Q${index}`, target, sample_score: { score: { value: { exact_match: match }, prediction } } });
    writeFileSync(join(reviews, 'ifeval_default.jsonl'), jsonl([review(0, '7', 'The answer is 7', 1), review(1, '9', 'The answer is 8', 0)]));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      await importFiles(db, workspace, [table, join(dir, 'reviews')]);
      const runs = Object.fromEntries(runSummaries(db).map((run) => [run.benchmark, run]));
      expect(runs.LogicVista).toMatchObject({ checkpoint: 'GPT4V', n: 2, correct: 1, officialCorrect: 1, officialN: 2 });
      expect(runs.ifeval_default).toMatchObject({ checkpoint: 'qwen2.5-7b', n: 2, officialCorrect: 1, officialN: 2 });
    } finally {
      db.close();
    }
  }, 60_000);
  it('a true/false field under a gold answer\'s name is refused as verdicts; mapped to `correct`, it is no longer the gold (HALC\'s outputs)', async () => {
    const dir = tempDir();
    const path = join(dir, 'minigpt4_generated_answers.json');
    writeFileSync(path, JSON.stringify([
      { ground_truth: 'house', image_id: 1, caption: 'There is a house behind the hydrant.', answer: true },
      { ground_truth: 'red', image_id: 2, caption: 'The bus is blue.', answer: false },
    ]));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      await expect(importFiles(db, workspace, [path], { checkpoint: 'minigpt4', map: { prediction: 'caption' } })).rejects.toThrow(
        /field "answer": holds true\/false: verdicts, not gold answers; .*--map correct=answer and the gold with --map answer=FIELD/,
      );
      await importFiles(db, workspace, [path], { checkpoint: 'minigpt4', map: { prediction: 'caption', correct: 'answer' } });
      const [run] = runSummaries(db);
      expect([run!.officialCorrect, run!.officialN]).toEqual([1, 2]);
      expect(db.prepare('SELECT answer FROM samples ORDER BY id').all()).toEqual([{ answer: 'house' }, { answer: 'red' }]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("finds the usual fields written in another case or with spaces (MME-RealWorld's `Question_id`, `Ground truth`, `Output`)", async () => {
    const dir = tempDir();
    const path = join(dir, 'output_test_template.json');
    writeFileSync(path, JSON.stringify([
      { Question_id: 'perception/1', Text: 'What color is the car?', 'Answer choices': ['(A) red', '(B) blue'], 'Ground truth': 'A', Output: '(A)' },
      { Question_id: 'perception/2', Text: 'How many people?', 'Answer choices': ['(A) 1', '(B) 2'], 'Ground truth': 'B', Output: 'A' },
    ]));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      await importFiles(db, workspace, [path], { checkpoint: 'qwen2-vl-7b', benchmark: 'MME-RealWorld' });
      const [run] = runSummaries(db);
      expect([run!.n, run!.correct]).toEqual([2, 1]);
      expect(db.prepare('SELECT external_id AS id FROM samples ORDER BY id').all()).toEqual([{ id: 'perception/1' }, { id: 'perception/2' }]);
    } finally {
      db.close();
    }
  }, 60_000);
  it("URSA-MATH's inference table: `model_answer` is the whole answer where `extraction` holds the answer read from it", async () => {
    const dir = tempDir();
    const path = join(dir, 'infer_mathvision.csv');
    writeFileSync(path, [
      ',id,question,options,answer,solution,level,subject,image,model_answer,extraction,match',
      '0,1,"Which number replaces the question mark?",[],60,,2,arithmetic,images/1.jpg,"Step 1: Each step is 10.\n†Answer: 60",Answer: 60,0',
      `1,3,"Which kite has the longest string? A. A B. B C. C","['A', 'B', 'C']",C,,1,metric,images/3.jpg,"Step 1: Kite A.\n†Answer: A",Answer: A,1`,
    ].join('\n') + '\n');
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      await importFiles(db, workspace, [path], { checkpoint: 'URSA-8B', benchmark: 'MathVision' });
      const [run] = runSummaries(db);
      expect([run!.n, run!.correct]).toEqual([2, 1]);
      const outputs = db.prepare('SELECT t.raw_output AS output FROM prediction_texts t ORDER BY t.prediction_id').all() as Array<{ output: string }>;
      expect(outputs[0]!.output).toMatch(/^Step 1: Each step is 10\./);
    } finally {
      db.close();
    }
  }, 60_000);
});
