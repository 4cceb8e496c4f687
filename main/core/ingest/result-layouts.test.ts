/**
 * Result files whose names live in their folders, or whose tool writes them its own way, as
 * public repositories committed them (real-files/README.md): SEED-Bench's
 * `evaluate_result/<benchmark>/<model>.json`, LLaMA-Factory's `<run>/checkpoint-<step>/generated_predictions.jsonl`
 * (Qwen2.5-VL boxes), M3CoT's chat transcripts, MV-MATH's scored file with its summary appended,
 * EvalScope's LLM-judge reviews. Before, each was refused, named after the model, or graded wrong.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace, type Db } from '../store/database';
import { reportedFigures } from '../store/reported-figures';
import { listCheckpoints, runSummaries } from '../store/summaries';
import { importFiles } from './import';

const REAL = join(__dirname, 'real-files');

describe('names from the folders, and tools that write their files their own way', () => {
  const tempDir = useTempDir();
  const withWorkspace = async (paths: string[], check: (db: Db, warnings: string) => void): Promise<void> => {
    const workspace = join(tempDir(), 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, paths);
      check(db, summary.warnings.join('\n'));
    } finally {
      db.close();
    }
  };

  it("SEED-Bench's evaluate_result/SEED-Bench-1/GPT-4V.json: the benchmark from the folder, the model from the file", async () => {
    await withWorkspace([join(REAL, 'seed-bench', 'evaluate_result', 'SEED-Bench-1', 'GPT-4V.json')], (db, warnings) => {
      expect(runSummaries(db)).toMatchObject([{ checkpoint: 'GPT-4V', benchmark: 'SEED-Bench-1', n: 6, correct: 3 }]);
      expect(warnings).toMatch(/benchmark "SEED-Bench-1" and checkpoint "GPT-4V" read from the folders, <benchmark>\/<model>\.json/);
    });
  });

  it("LLaVA's eval/<benchmark>/answers/<model>_output.jsonl and BLINK's <model>/<task>.json: past the generic folder, either way round", async () => {
    const dir = tempDir();
    const llava = join(dir, 'eval', 'scienceqa', 'answers', 'llava-v1.5-13b_output.jsonl');
    mkdirSync(dirname(llava), { recursive: true });
    cpSync(join(REAL, 'llava-scienceqa', 'llava-v1.5-13b_output.jsonl'), llava);
    // BLINK's saved_outputs/GPT4o/Counting.json holds `val` and `test` lists; its val list, as the import asks it to be saved.
    const blink = join(dir, 'saved_outputs', 'GPT4o', 'Counting.json');
    mkdirSync(dirname(blink), { recursive: true });
    writeFileSync(blink, JSON.stringify([
      { idx: 'val_Counting_75', answer: '(A)', full_prediction: '(B) 1\n\nThe mirror reflects one person taking the photo.', prediction: '(B)' },
      { idx: 'val_Counting_76', answer: '(C)', full_prediction: '(B) 3', prediction: '(B)' },
      { idx: 'val_Counting_78', answer: '(C)', full_prediction: 'The image does not show anyone climbing on the wall. Therefore, the correct choice is:\n\n(C) 0', prediction: '(C)' },
    ]));
    await withWorkspace([llava, blink], (db) => {
      const runs = runSummaries(db);
      expect(runs.find((run) => run.benchmark === 'scienceqa')).toMatchObject({ checkpoint: 'llava-v1.5-13b', n: 18, correct: 7 });
      // BLINK's evaluate.py: the saved `prediction` equal to `answer`.
      expect(runs.find((run) => run.benchmark === 'Counting')).toMatchObject({ checkpoint: 'GPT4o', n: 3, officialN: 3, officialCorrect: 1 });
    });
  });

  it("LLaMA-Factory's checkpoint sweep: one checkpoint per checkpoint-<step> folder, its Qwen2.5-VL boxes graded by IoU", async () => {
    await withWorkspace([join(REAL, 'llama-factory', 'vindr_sft_def_qwen2_vl-3b')], (db) => {
      expect(listCheckpoints(db).map((c) => [c.name, c.step])).toEqual([
        ['vindr_sft_def_qwen2_vl-3b@63', 63],
        ['vindr_sft_def_qwen2_vl-3b@1260', 1260],
      ]);
      // Line 5's box overlaps its gold by IoU 0.74; line 4's gold holds three boxes, no one box to compare.
      expect(runSummaries(db).find((run) => run.checkpoint.endsWith('@63'))).toMatchObject({ n: 5, correct: 1 });
      const reasons = (db.prepare("SELECT g.reason FROM grades g JOIN predictions p ON p.id = g.prediction_id JOIN checkpoints c ON c.id = (SELECT checkpoint_id FROM runs WHERE id = p.run_id) WHERE c.step = 63 ORDER BY p.id").all() as Array<{ reason: string }>).map((row) => row.reason);
      expect(reasons[4]).toMatch(/^grounding: box \[.*\] has IoU 0\.74/);
      expect(reasons[3]).toMatch(/is not one box/);
    });
  });

  it("M3CoT's chat transcripts: the last turn is the answer (LLaVA's `B</s>` read as B)", async () => {
    await withWorkspace([join(REAL, 'm3cot', 'experiment', 'zero-shot', 'llava-7b', 'direct.jsonl')], (db, warnings) => {
      expect(warnings).toMatch(/read as M3CoT's experiment output/);
      expect(runSummaries(db)).toMatchObject([{ checkpoint: 'llava-7b-zero-shot-direct', benchmark: 'M3CoT', n: 3, correct: 1 }]);
    });
  });

  it("MV-MATH's scored file: the summary its script appends is the file's figure, not a record", async () => {
    await withWorkspace([join(REAL, 'mv-math', 'outputs', 'example_qwen.json')], (db) => {
      const [run] = runSummaries(db);
      expect(run).toMatchObject({ n: 3, correct: 1, officialN: 3, officialCorrect: 1 });
      expect(reportedFigures(db, run!.runId)).toMatchObject([{ metric: 'accuracy', value: 0.3333, correct: 1, total: 3 }]);
    });
  });

  it("EvalScope's LLM-judge reviews: the verdict is the score its main_score_name names", async () => {
    await withWorkspace([join(REAL, 'evalscope-judge', 'reviews', 'qwen-plus', 'chinese_simpleqa_社会.jsonl')], (db) => {
      expect(runSummaries(db)).toMatchObject([{ checkpoint: 'qwen-plus', n: 3, officialN: 3, officialCorrect: 3 }]);
    });
  });

  it("an EvalScope output folder: the predictions beside their reviews are passed over, not refused for want of a gold", async () => {
    const dir = tempDir();
    const review = join(dir, 'outputs', 'reviews', 'qwen-plus', 'chinese_simpleqa_社会.jsonl');
    const predictions = join(dir, 'outputs', 'predictions', 'qwen-plus', 'chinese_simpleqa_社会.jsonl');
    for (const path of [review, predictions]) mkdirSync(dirname(path), { recursive: true });
    cpSync(join(REAL, 'evalscope-judge', 'reviews', 'qwen-plus', 'chinese_simpleqa_社会.jsonl'), review);
    // EvalScope's predictions: the same answers, without `target` or scores.
    const rows = readFileSync(review, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { index: number; input: string; sample_score: { score: { prediction: string } } });
    writeFileSync(predictions, rows.map((row) => JSON.stringify({ index: row.index, model: 'qwen-plus', input: row.input, model_output: { choices: [{ message: { content: row.sample_score.score.prediction } }] } })).join('\n') + '\n');
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [join(dir, 'outputs')]);
      expect(runSummaries(db)).toMatchObject([{ checkpoint: 'qwen-plus', n: 3, officialCorrect: 3 }]);
      expect((summary.notes ?? []).join('\n')).toMatch(/not read: 1 predictions file\(s\) \(chinese_simpleqa_社会\.jsonl\) whose evaluated copy \(EvalScope's reviews\/ file/);
    } finally {
      db.close();
    }
  });

  it("Visual-RFT's classification outputs: the dataset above topk_accuracy/, the judge's verdicts, its raw answers beside them passed over", async () => {
    const tree = join(REAL, 'visual-rft', 'output');
    const workspace = join(tempDir(), 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [tree]);
      const [run] = runSummaries(db);
      // Two of the six are right by the judge (`heermann's gull` for Heermann Gull too); the header's 362/600 is of the whole file.
      expect(runSummaries(db)).toHaveLength(1);
      expect(run).toMatchObject({ checkpoint: 'Qwen2.5-VL-7B-Instruct_subsample_base_val_False_1_0.0', benchmark: 'CUB_200_2011', n: 6, officialN: 6, officialCorrect: 2 });
      expect(reportedFigures(db, run!.runId)).toMatchObject([{ metric: 'accuracy', correct: 362, total: 600 }]);
      expect(run!.provenance.notes.join('\n')).toMatch(/over 600 samples; the file has 6/);
      expect((summary.notes ?? []).join('\n')).toMatch(/not read: 1 predictions file\(s\) \(Qwen2\.5-VL-7B-Instruct_subsample_base_val_False_1_0\.0\.json\) whose evaluated copy .*Visual-RFT's _evaluation\.json/);
    } finally {
      db.close();
    }
  });

  it("Visual-RFT's header is no figure of verdicts the user maps from another field (--map correct=top5_correct)", async () => {
    const evaluation = join(REAL, 'visual-rft', 'output', 'CUB_200_2011', 'topk_accuracy', 'baseline', 'Qwen2.5-VL-7B-Instruct_subsample_base_val_False_1_0.0_evaluation.json');
    const workspace = join(tempDir(), 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      await importFiles(db, workspace, [evaluation], { map: { correct: 'top5_correct' } });
      const [run] = runSummaries(db);
      expect(reportedFigures(db, run!.runId)).toEqual([]);
      expect(run!.provenance.official).toMatchObject({ value: 2 / 6, source: "the file's per-sample verdicts" });
    } finally {
      db.close();
    }
  });

  it("Visual-RFT's raw answers alone are predictions (the first of `predictions`), not a benchmark of questions", async () => {
    const raw = join(REAL, 'visual-rft', 'output', 'CUB_200_2011', 'topk_accuracy', 'baseline', 'Qwen2.5-VL-7B-Instruct_subsample_base_val_False_1_0.0.json');
    await withWorkspace([raw], (db) => {
      expect(runSummaries(db)).toMatchObject([{ benchmark: 'CUB_200_2011', n: 6, officialN: 0 }]);
      expect(runSummaries(db)[0]!.correct).toBeGreaterThanOrEqual(1); // frigatebird
    });
  });

  it("MultimodalOCR's HME answers: a formula is graded whole, never by its last value", async () => {
    await withWorkspace([join(REAL, 'multimodalocr', 'LLaVA', 'HME.json')], (db) => {
      // Record 6's gold `y = 3 . y = - 1` against an answer ending "has a slope of -1" was right by its last value.
      expect(runSummaries(db)).toMatchObject([{ checkpoint: 'LLaVA', benchmark: 'HME', n: 7, correct: 0, officialN: 7, officialCorrect: 0 }]);
    });
  });

  it("OlympiadBench's inference output: graded against final_answer, not the worked solution; the model and the subset from the file", async () => {
    // stackupdown/OlympiadBench (an OpenBMB/OlympiadBench fork) @ 5ab8c24, inference/generated/OE_TO_maths_en_COMP/Qwen2-0.5B/Qwen2-0.5B_0_to_99.json:
    // its record 1606 with the proof and the reply shortened, and a second record written the same way.
    const dir = tempDir();
    const path = join(dir, 'generated', 'OE_TO_maths_en_COMP', 'Qwen2-0.5B', 'Qwen2-0.5B_0_to_99.json');
    mkdirSync(dirname(path), { recursive: true });
    const record = (id: string, final: string, reply: string) => ({
      id, subfield: 'Combinatorics', context: null, question: `Problem ${id}: how many moves does Sergey need?`,
      solution: ["Sergey can determine Xenia's number in 2 but not fewer moves.\n\nWe first show that 2 moves are sufficient. Let $b_{i}$ be …"],
      final_answer: [final], is_multiple_answer: false, unit: null, answer_type: 'Numerical', error: null,
      model_output: { 'Qwen2-0.5B': { raw_output: reply } },
    });
    writeFileSync(path, JSON.stringify([
      record('1606', '2', 'Based on the problem statement, the final answer is 400. … \\boxed{0} … \\boxed{9} … \\boxed{-3}'),
      record('1607', '2', 'Two moves suffice, so the final answer is \\boxed{2}.'),
    ], null, 4));
    await withWorkspace([path], (db, warnings) => {
      expect(warnings).toMatch(/read as OlympiadBench's inference output/);
      expect(runSummaries(db)).toMatchObject([{ checkpoint: 'Qwen2-0.5B', benchmark: 'OE_TO_maths_en_COMP', n: 2, correct: 1 }]);
    });
  });

  it("Ocean-R1's logs: a dataset's Hugging Face organisation and the spelling's case do not make a second benchmark; a slice's log accuracy is no figure of the slice", async () => {
    const dir = tempDir();
    const result = (id: string, correct: boolean) => ({ id, question: 'How many?', options: [], image: `images/${id}.jpg`, answer: '6', ground_truth: '6', model_output: `<think>count</think><answer>${correct ? 6 : 3}</answer>`, extracted_answer: correct ? '6' : '3', is_correct: correct });
    // 2 of the 304 answers the log's accuracy (17.43%) is of.
    writeFileSync(join(dir, 'mathvision_testmini_grpo_minglingfeng_models_Qwen2.5-VL-3B-Instruct.json'), JSON.stringify({ accuracy: 17.434210526315788, results: [result('4', false), result('5', true)] }));
    writeFileSync(join(dir, 'MathLLMs_MathVision_testmini_grpo_exp-Qwen2.5-VL-3B-orz_checkpoint-1600.json'), JSON.stringify({ accuracy: 50, results: [result('4', true), result('5', false)] }));
    await withWorkspace([dir], (db) => {
      const runs = runSummaries(db);
      // One benchmark, spelled as the first file read spells it.
      expect(new Set(runs.map((run) => run.benchmark))).toEqual(new Set(['MathVision_testmini']));
      const base = runs.find((run) => run.checkpoint === 'Qwen2.5-VL-3B-Instruct')!;
      // Half of 2 answers is the file's own verdicts, not the 17.43% of the whole log.
      expect(base.provenance.official).toMatchObject({ value: 0.5, source: "the file's per-sample verdicts" });
      expect(base.provenance.notes.join('\n')).toMatch(/17\.43%/);
    });
  });
});
