import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';
import { modelOfOutputName, splitBenchmarkFolder, splitBenchmarkModel, splitRunTime, stepInName, withoutStagePrefix } from './names';

/** A VLM-R1 click log of one training step (real-files/README.md: 14 of its 334 records, its accuracy as written). */
const CHECKPOINT_FOLDER = 'qwen2.5-vl-7b-grpo-screenspot-desktop-click-majorityvoting-temp0.3-checkpoint-90';
const CLICK_LOG = join(__dirname, 'real-files', 'vlm-r1', CHECKPOINT_FOLDER, 'click_results_screenspot_desktop.json');

describe('benchmark and model from an R1-V-style file name', () => {
  it.each([
    ['geoqa_test_qwen2vl_7b', { benchmark: 'geoqa_test', model: 'qwen2vl_7b', step: null }],
    // R1-V's own: "grpo" after the model's family word is part of the model's name.
    ['geoqa_test_qwen2vl_7b_grpo_2epochs_legacy', { benchmark: 'geoqa_test', model: 'qwen2vl_7b_grpo_2epochs_legacy', step: null }],
    // VisionZero's logs: `counting_results_<benchmark>_<model>`.
    ['counting_results_superclevr_200_januspro_1b', { benchmark: 'counting_superclevr_200', model: 'januspro_1b', step: null }],
    // Ocean-R1's eval logs (fengzi258/Ocean-R1 src/eval/logs/eval/): `<dataset>_<split>_grpo_<last parts of the checkpoint path>`.
    ['mathvision_testmini_grpo_minglingfeng_models_Qwen2.5-VL-3B-Instruct', { benchmark: 'mathvision_testmini', model: 'Qwen2.5-VL-3B-Instruct', step: null }],
    ['geoqa_grpo_minglingfeng_models_Qwen2.5-VL-7B-Instruct', { benchmark: 'geoqa', model: 'Qwen2.5-VL-7B-Instruct', step: null }],
    ['MathVision_testmini_grpo_r1-v-3b-concat-v2_checkpoint-2800', { benchmark: 'MathVision_testmini', model: 'r1-v-3b-concat-v2@2800', step: 2800 }],
    ['superclevr_results', null],
  ])('%s', (stem, split) => {
    expect(splitBenchmarkModel(stem)).toEqual(split);
  });
});

describe('benchmark from the file name, model and step from its folder (VLM-R1)', () => {
  it.each([
    ['click_results_screenspot_desktop', CHECKPOINT_FOLDER, { benchmark: 'click_screenspot_desktop', model: 'qwen2.5-vl-7b-grpo-screenspot-desktop-click-majorityvoting-temp0.3@90', step: 90 }],
    // As a baseline's `rec_results_refcocog_val_<model>.json` names it, so both are one benchmark.
    ['rec_results_refcocog_val', 'qwen2.5-vl-7b-grpo-rec-lora-checkpoint-1000', { benchmark: 'rec_refcocog_val', model: 'qwen2.5-vl-7b-grpo-rec-lora@1000', step: 1000 }],
    ['rec_results_refcocog_val', 'my_model', { benchmark: 'rec_refcocog_val', model: 'my_model', step: null }],
    ['rec_results_refcocog_val', 'logs', null],
  ])('%s in %s', (stem, folder, names) => {
    expect(splitBenchmarkFolder(stem, folder)).toEqual(names);
  });

  const tempDir = useTempDir();

  it('imports the real click log as the checkpoint of its folder at step 90, its correct 0/1 as the official verdicts', async () => {
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [CLICK_LOG]);
      expect(summary.warnings.join('\n')).toMatch(/checkpoint named "qwen2\.5-vl-7b-grpo-screenspot-desktop-click-majorityvoting-temp0\.3@90" after the folder .*checkpoint-90 \(step 90\).*--checkpoint/);
      const [run] = runSummaries(db);
      expect(run).toMatchObject({ checkpoint: 'qwen2.5-vl-7b-grpo-screenspot-desktop-click-majorityvoting-temp0.3@90', step: 90, benchmark: 'click_screenspot_desktop', n: 14, officialCorrect: 9, officialN: 14 });
      // Ours: the click is right when it lies in the gold box, as ScreenSpot counts it; every verdict is the file's.
      expect([run!.correct, run!.agreement]).toEqual([9, 1]);
      // The file's accuracy is of all its 334 records, no share of these 14: kept as written in a
      // note, the 14 records' own verdicts being the official figure.
      expect(run!.provenance.official).toMatchObject({ source: "the file's per-sample verdicts", value: 9 / 14 });
      expect(run!.provenance.notes.join('\n')).toMatch(/click_results_screenspot_desktop\.json says 85\.93%/);
      const first = db.prepare("SELECT question FROM samples WHERE external_id LIKE 'pc_85012b9e%' ORDER BY id LIMIT 1").get();
      expect(first).toEqual({ question: 'change adapter options' });
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('the model of an output_<model>.json', () => {
  it.each([
    ['output_bard', 'bard'],
    ['output_modelname', 'modelname'],
    ['output_testmini', null],
    ['output_test', null],
    ['output', null],
    ['testmini', null],
    // InternVL's eval scripts write `<dataset>_<yymmddHHMMSS>.json`: the data's name, not a model's.
    ['MathVista_testmini_241204093012', null],
    // MultiMath's `pred_<checkpoint>.json`, SmolVLM's `extraction_<model>.json`: a stage's word before the model.
    ['pred_checkpoints_release', 'checkpoints_release'],
    ['extraction_smollvlm', 'smollvlm'],
  ])('%s', (stem, model) => {
    expect(modelOfOutputName(stem)).toBe(model);
  });
});

describe('the run time a script appends to a result file name', () => {
  it.each([
    ['textvqa_val_240813074844', 'textvqa_val', '240813074844'],
    ['mmbench_dev_en_20241204093012', 'mmbench_dev_en', '20241204093012'],
    ['chartqa_20241204_093012', 'chartqa', '20241204_093012'],
    // Digits that are part of a name stay: a year, a step, a size.
    ['mmbench_2024', 'mmbench_2024', null],
    ['qwen2-vl-7b_step_000001200', 'qwen2-vl-7b_step_000001200', null],
    ['240813074844', '240813074844', null],
  ])('%s', (stem, name, time) => {
    expect(splitRunTime(stem)).toEqual({ name, time });
  });
});

describe('a script output named <dataset>_<run time> (InternVL)', () => {
  const tempDir = useTempDir();

  it('names the benchmark after the dataset, the run time left out and said so', async () => {
    const dir = tempDir();
    const file = join(dir, 'textvqa_val_240813074844.json');
    const records = [
      { question_id: 1, question: 'what is written on the sign?', answer: 'stop', response: 'stop' },
      { question_id: 2, question: 'what brand is the phone?', answer: 'nokia', response: 'samsung' },
    ];
    writeFileSync(file, JSON.stringify(records));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [file], { checkpoint: 'internvl2-8b' });
      expect(summary.warnings.join('\n')).toContain('benchmark named "textvqa_val" after the file, without the run time 240813074844 at its end');
      expect(runSummaries(db).map((run) => [run.checkpoint, run.benchmark, run.n])).toEqual([['internvl2-8b', 'textvqa_val', 2]]);
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('the step of a checkpoint named <run>@<step>', () => {
  it.each([
    ['r1-v-3b-135k-v2@2800', 2800],
    ['curriculum-stage1@400', 400],
    ['qwen2.5-vl-7b', null],
    ['user@example', null],
  ])('%s', (name, step) => {
    expect(stepInName(name)).toBe(step);
  });
});

describe('a summary beside its per-sample file in a folder, named another way (MathVista forks)', () => {
  const tempDir = useTempDir();
  const problem = (pid: string, answer: string, response: string, correct: boolean) => ({
    question: `Question ${pid}?`, answer, response, question_type: 'free_form', answer_type: 'integer', precision: null, metadata: { split: 'testmini' }, pid, extraction: response, true_false: correct,
  });
  const scores = (correct: number, total: number) => ({
    average: { accuracy: ((100 * correct) / total).toFixed(2), correct, total },
    question_type: { free_form: { accuracy: ((100 * correct) / total).toFixed(2), correct, total } },
  });

  it.each([
    // LCL-1729/MathVista-InternVL: the model's name in another case.
    ['output_internVL2-1b-mini.json', 'scores_InternVL2-1b-mini.json', 'internVL2-1b-mini'],
    // pengshuai-rin/MultiMath: `pred_<checkpoint>.json` beside `score_pred_<checkpoint>.json`.
    ['pred_checkpoints_release.json', 'score_pred_checkpoints_release.json', 'checkpoints_release'],
  ])('%s with %s', async (output, summary, checkpoint) => {
    const dir = tempDir();
    const folder = join(dir, 'results');
    mkdirSync(folder);
    writeFileSync(join(folder, output), JSON.stringify({ '1': problem('1', '3', '3', true), '2': problem('2', '5', '4', false) }));
    writeFileSync(join(folder, summary), JSON.stringify(scores(114, 312)));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const result = await importFiles(db, join(dir, 'w.sqlite'), [folder]);
      expect(result.warnings.join('\n')).not.toMatch(/no run yet/);
      const [run] = result.runs;
      expect(run!.checkpoint).toBe(checkpoint);
      expect(run!.reported.map((figure) => [figure.source, figure.correct, figure.total])).toContainEqual([summary, 114, 312]);
    } finally {
      db.close();
    }
  }, 60_000);
});

describe('stage words before a model in a file name', () => {
  it.each([
    ['score_pred_checkpoints_release', 'checkpoints_release'],
    ['scores_bard', 'bard'],
    ['output_bard', 'bard'],
    ['pred', 'pred'],
    ['predator_7b', 'predator_7b'],
  ])('%s', (stem, name) => {
    expect(withoutStagePrefix(stem)).toBe(name);
  });
});
