/**
 * Per-sample outputs training frameworks write, read by the generic reader without a field map:
 * LLaMA-Factory's `generated_predictions.jsonl` (`prompt`, `predict`, `label`), verl's validation
 * dumps (`input`, `output`, `gts`). Every LLaMA-Factory run writes a file of that one name, so two
 * runs on different datasets must never be graded against each other's answers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';

const jsonl = (rows: object[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

/** LLaMA-Factory's do_predict output: the prompt as the chat template rendered it, the generation, the label. */
function llamaFactoryRun(dir: string, run: string, rows: Array<{ question: string; label: string; predict: string }>): string {
  const folder = join(dir, run);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'generated_predictions.jsonl');
  writeFileSync(path, jsonl(rows.map((row) => ({ prompt: `Human: ${row.question}\nAssistant:`, predict: row.predict, label: row.label }))));
  return path;
}

describe('training frameworks’ per-sample outputs', () => {
  const tempDir = useTempDir();

  it("reads LLaMA-Factory's generated_predictions.jsonl as a run without --map, and verl's input/output/gts", async () => {
    const dir = tempDir();
    const counting = llamaFactoryRun(dir, 'qwen2vl-counting', [
      { question: 'How many apples?', label: '3', predict: 'There are 3 apples.' },
      { question: 'How many pears?', label: '5', predict: 'I count 4 pears.' },
    ]);
    const verl = join(dir, 'val_generations_step50.jsonl');
    writeFileSync(verl, jsonl([{ input: 'What is 2+3?', output: '<think>2+3=5</think> \\boxed{5}', gts: '5', score: 1.0, step: 50 }]));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [counting], { checkpoint: 'qwen2vl-counting@1008', benchmark: 'counting-val' });
      await importFiles(db, join(dir, 'w.sqlite'), [verl], { checkpoint: 'grpo@50', benchmark: 'math-val' });
      const runs = runSummaries(db).map((run) => [run.checkpoint, run.benchmark, run.correct, run.n]);
      // Named `<run>@<step>`, the checkpoints are at steps 1008 and 50, and listed by step.
      expect(runs).toEqual([
        ['grpo@50', 'math-val', 1, 1],
        ['qwen2vl-counting@1008', 'counting-val', 1, 2],
      ]);
      expect(db.prepare('SELECT name, step FROM checkpoints ORDER BY step').all()).toEqual([
        { name: 'grpo@50', step: 50 },
        { name: 'qwen2vl-counting@1008', step: 1008 },
      ]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('refuses a second dataset under the same generated name instead of grading it against the first one’s answers', async () => {
    const dir = tempDir();
    const numbers = Array.from({ length: 6 }, (_, i) => ({ question: `How many dots in picture ${i}?`, label: String(i + 2), predict: String(i + 2) }));
    const boxes = Array.from({ length: 6 }, (_, i) => ({ question: `Where is the lesion in scan ${i}?`, label: `[${i}, 10, 50, 60]`, predict: `[${i}, 12, 48, 61]` }));
    const first = llamaFactoryRun(dir, 'counting', numbers);
    const second = llamaFactoryRun(dir, 'vindr', boxes);
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      // Both are named after the file, generated_predictions, and their samples after their line numbers.
      await importFiles(db, join(dir, 'w.sqlite'), [first], { checkpoint: 'counting@100' });
      await expect(importFiles(db, join(dir, 'w.sqlite'), [second], { checkpoint: 'vindr@1008' })).rejects.toThrow(
        /6 of the 6 samples joined to benchmark generated_predictions give a different gold answer .* pass --benchmark NAME/,
      );
      expect(runSummaries(db).map((run) => run.checkpoint)).toEqual(['counting@100']);
      await importFiles(db, join(dir, 'w.sqlite'), [second], { checkpoint: 'vindr@1008', benchmark: 'vindr-grounding' });
      expect(runSummaries(db).map((run) => `${run.checkpoint} on ${run.benchmark}`)).toEqual(['counting@100 on generated_predictions', 'vindr@1008 on vindr-grounding']);
    } finally {
      db.close();
    }
  }, 60_000);

  it("refuses files numbered by position joined to each other's questions, in one import or two, even two records each", async () => {
    // ZyQiu6/verl_dev @ 714890d7 / 761f73c1, dump/1.jsonl and dump/2.jsonl, shortened and without verl's `score` and `step`
    // (with them, verl's dump is read by its prompts, below): numbered 1, 2, … by position.
    const dir = tempDir();
    const file = (n: number, questions: string[]) => {
      const path = join(dir, 'dump', `${n}.jsonl`);
      mkdirSync(join(dir, 'dump'), { recursive: true });
      writeFileSync(path, jsonl(questions.map((q, i) => ({ input: `user\n${q}\nassistant\n`, output: `<think>…</think> #### ${i + 10}`, gts: String(i + 10) }))));
      return path;
    };
    const first = file(1, ['During one day, there are 4 boat trips through the lake. How many people in 2 days?', 'Harry has 50 books. How many does he have now?']);
    const second = file(2, ['Dan owns an ice cream shop and every sixth customer gets a free cone. How many?', 'Tim has 30 toads. How many does Jim have?']);
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await expect(importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'dump')], { checkpoint: 'verl_dev', benchmark: 'gsm8k-rollouts' })).rejects.toThrow(
        /2 of the 2 predictions joined by id to benchmark gsm8k-rollouts ask another question .*Dan owns an ice cream shop/,
      );
      await importFiles(db, join(dir, 'w.sqlite'), [first], { checkpoint: 'verl_dev@1', benchmark: 'gsm8k-val' });
      await expect(importFiles(db, join(dir, 'w.sqlite'), [second], { checkpoint: 'verl_dev@2', benchmark: 'gsm8k-val' })).rejects.toThrow(/2 of the 2 predictions .* ask another question/);
      expect(runSummaries(db).map((run) => run.checkpoint)).toEqual(['verl_dev@1']);
    } finally {
      db.close();
    }
  }, 60_000);

  it("reads verl's generation dumps: a checkpoint per step, a sample per prompt, a GRPO group's rollouts as answers to one prompt, the reward as the verdict", async () => {
    // verl's `_dump_generations` (ZyQiu6/verl_dev's dump/<step>.jsonl; bdsaglam/SDPO's rollouts with the reward's `acc`), shortened.
    const dir = tempDir();
    const dump = join(dir, 'qwen3-gsm8k-grpo', 'dump');
    mkdirSync(dump, { recursive: true });
    const boat = 'user\nDuring one day, there are 4 boat trips through the lake. How many people in 2 days?\nassistant\n';
    const harry = 'user\nHarry has 50 books. How many does he have now?\nassistant\n';
    writeFileSync(join(dump, '1.jsonl'), jsonl([
      { input: boat, output: '<think>4 trips of 12, twice</think> #### 96', gts: '96', score: 1.0, step: 1 },
      { input: boat, output: '<think>4 × 12</think> #### 48', gts: '96', score: 0.0, step: 1 },
      { input: harry, output: '<think>50 + 125</think> \\boxed{175}', gts: '175', score: 0.0, step: 1 },
    ]));
    // DAPO's reward: 1 or -1; the reward function's `acc` wins where it wrote one.
    writeFileSync(join(dump, '2.jsonl'), jsonl([
      { input: boat, output: '<think>…</think> #### 96', gts: '96', score: 1.0, step: 2 },
      { input: harry, output: '<think>…</think> #### 175', gts: '175', score: -1.0, acc: 1, step: 2 },
    ]));
    writeFileSync(join(dir, 'mixed.jsonl'), jsonl([
      { input: boat, output: '#### 96', gts: '96', score: 1.0, step: 1 },
      { input: harry, output: '#### 175', gts: '175', score: 1.0, step: 7 },
    ]));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [dump]);
      expect(summary.warnings.join('\n')).toMatch(/read as verl's generation dump/);
      const runs = runSummaries(db);
      expect(runs.map((run) => [run.checkpoint, run.step, run.benchmark, run.n, run.correct, run.officialCorrect])).toEqual([
        ['qwen3-gsm8k-grpo@1', 1, 'qwen3-gsm8k-grpo-dump', 3, 2, 1],
        ['qwen3-gsm8k-grpo@2', 2, 'qwen3-gsm8k-grpo-dump', 2, 2, 2],
      ]);
      // Two prompts, whatever the step: the same question at step 2 is the same sample.
      expect((db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n).toBe(2);
      await expect(importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'mixed.jsonl')])).rejects.toThrow(/field "step": step 7 after step 1: .*jq -c 'select\(\.step == 7\)'/);
    } finally {
      db.close();
    }
  }, 60_000);

  it("reads a verl dump's reward where it splits right from wrong: geo3k's 0.9 is a right answer out of format, 0.1 a wrong one in it, 0.5 no verdict", async () => {
    // verl's geo3k reward (examples/grpo_trainer, Qwen2.5-VL): 0.9 × accuracy + 0.1 × format.
    const dir = tempDir();
    const dump = join(dir, 'qwen2_5_vl_7b_geo3k', 'rollout');
    mkdirSync(dump, { recursive: true });
    const ask = (n: number): string => `user\n<image>Find x in triangle ${n}.\nassistant\n`;
    writeFileSync(join(dump, '20.jsonl'), jsonl([
      { input: ask(1), output: '<think>similar triangles</think> \\boxed{12}', gts: '12', score: 1.0, step: 20 },
      { input: ask(2), output: 'x = 7, so the answer is 7', gts: '7', score: 0.9, step: 20 },
      { input: ask(3), output: '<think>…</think> \\boxed{5}', gts: '8', score: 0.1, step: 20 },
      { input: ask(4), output: '<think>…</think> \\boxed{3}', gts: '3', score: 0.5, step: 20 },
    ]));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [dump]);
      // Before, a score of 1 or more was right: the unformatted right answer (0.9) counted wrong.
      expect(runSummaries(db).map((run) => [run.checkpoint, run.n, run.officialN, run.officialCorrect])).toEqual([['qwen2_5_vl_7b_geo3k@20', 4, 3, 2]]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("imports a LLaMA-Factory output folder: its predictions, not the Trainer's metrics and state beside them", async () => {
    const dir = tempDir();
    const predictions = llamaFactoryRun(dir, 'output', [{ question: 'How many apples?', label: '3', predict: '3' }]);
    writeFileSync(join(dir, 'output', 'all_results.json'), JSON.stringify({ epoch: 3, predict_bleu_4: 92.2, predict_rouge_l: 95.1 }));
    writeFileSync(join(dir, 'output', 'trainer_state.json'), JSON.stringify({ global_step: 1008, log_history: [] }));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'output')], { checkpoint: 'sft@1008', benchmark: 'apples' });
      expect(summary.files.map((file) => file.path)).toEqual([predictions]);
      expect((summary.notes ?? []).join('\n')).toMatch(/not read: 2 file\(s\) a training run writes .*all_results\.json, trainer_state\.json/);
      expect(runSummaries(db).map((run) => [run.checkpoint, run.correct, run.n])).toEqual([['sft@1008', 1, 1]]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('reads the records of a JSON object that holds them beside its figures (Visual-RFT\'s _evaluation.json)', async () => {
    const dir = tempDir();
    const path = join(dir, 'model_evaluation.json');
    const detailed = {
      Gray_Kingbird_0037: { groundtruth: 'Gray Kingbird', predictions: ['gray kingbird'], top1_correct: true },
      Least_Auklet_0004: { groundtruth: 'Least Auklet', predictions: ['crested auklet'], top1_correct: false },
    };
    writeFileSync(path, JSON.stringify({ top1_accuracy: 0.5, total_samples: 2, correct_top1: 1, detailed_results: detailed }));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [path], { checkpoint: 'qwen7b', benchmark: 'cub', map: { prediction: 'predictions.0', correct: 'top1_correct' } });
      expect(runSummaries(db).map((run) => [run.n, run.correct, run.officialCorrect])).toEqual([[2, 1, 1]]);
      expect((db.prepare('SELECT external_id AS id FROM samples ORDER BY id').all() as Array<{ id: string }>).map((row) => row.id)).toEqual(['Gray_Kingbird_0037', 'Least_Auklet_0004']);
    } finally {
      db.close();
    }
  }, 60_000);

  it('a file with no gold answer field says which fields it has', async () => {
    const dir = tempDir();
    const path = join(dir, 'outputs.jsonl');
    writeFileSync(path, jsonl([{ problem: 'q', predicted_response: 'x', true_response: undefined, reference_answer: 'y' }]));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await expect(importFiles(db, join(dir, 'w.sqlite'), [path], { checkpoint: 'm' })).rejects.toThrow(
        /no gold answer field \(tried answer, gt, .*\); the first record has problem, predicted_response, reference_answer: name it with --map answer=FIELD/,
      );
      // A row of figures (MM-Vet's gpt-4-cap-score csv, as LLaVA commits it) is said to be a summary.
      const figures = join(dir, 'llava-v1.5-13b_gpt-4-cap-score-1runs.csv');
      writeFileSync(figures, ',rec,ocr,know,gen,spat,math,total,std,runs\nllava-v1.5-13b,38.1,28.0,17.6,20.4,33.6,11.5,36.1,0.0,[36.1]\n');
      await expect(importFiles(db, join(dir, 'w.sqlite'), [figures], { checkpoint: 'm' })).rejects.toThrow(/the first record has , rec, ocr, .*: a table of figures \(a summary\), not per-sample records/);
    } finally {
      db.close();
    }
  });
});
