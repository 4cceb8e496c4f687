/**
 * lmms-eval tasks whose results.json is not the plain mean of a 0/1 per-sample metric: each
 * output is written here line for line as lmms-eval's `process_results` returns it (the task's
 * utils.py, EvolvingLMMs-Lab/lmms-eval, cited per test) and its aggregation reports it. No public
 * repository the index holds commits such outputs for these tasks (only MME, kept as real files).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import type { RunSummary } from '../types/records';
import { importFiles } from './import';

type Line = Record<string, unknown>;

describe('lmms-eval tasks with their own aggregation', () => {
  const tempDir = useTempDir();

  /** Writes `<model>/<date>_samples_<task>.jsonl` and `<date>_results.json`, imports the folder, returns its one run. */
  async function importTask(task: string, lines: Line[], metrics: Record<string, unknown> | null): Promise<RunSummary> {
    const dir = tempDir();
    const model = join(dir, 'logs', 'org__model');
    mkdirSync(model, { recursive: true });
    writeFileSync(join(model, `20250601_101500_samples_${task}.jsonl`), lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    if (metrics) {
      // lmms-eval counts documents; a task with several filters logs each document once per filter.
      const documents = new Set(lines.map((line) => (line as { doc_id?: unknown }).doc_id)).size;
      const results = { results: { [task]: { alias: task, ...metrics } }, 'n-samples': { [task]: { original: documents, effective: documents } }, config: { model_args: 'pretrained=org/model' } };
      writeFileSync(join(model, '20250601_101500_results.json'), JSON.stringify(results));
    }
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'logs')]);
      const runs = runSummaries(db);
      expect(runs).toHaveLength(1);
      return runs[0]!;
    } finally {
      db.close();
    }
  }

  it('mathvista: results.json writes a percentage; read as 75%, equal to the `true_false` verdicts, not "not an accuracy"', async () => {
    // mathvista/utils.py mathvista_process_results: {"llm_as_judge_eval": result, "submission": result}.
    const answers = [
      { answer: '3', extraction: '3', correct: true },
      { answer: '(B)', extraction: 'B', correct: true },
      { answer: '1.5', extraction: '2', correct: false },
      { answer: '12', extraction: '12', correct: true },
    ];
    const lines = answers.map((a, i) => {
      const result = { question_id: `pid${i}`, query: 'q', choices: null, answer: a.answer, extraction: a.extraction, prediction: a.extraction, true_false: a.correct, question_type: 'free_form', answer_type: 'integer', precision: null };
      return { doc_id: i, doc: { pid: `pid${i}`, question: `Question ${i}?`, answer: a.answer }, target: a.answer, filtered_resps: [`The answer is ${a.extraction}.`], llm_as_judge_eval: result, submission: result };
    });
    const run = await importTask('mathvista_testmini_cot', lines, { 'llm_as_judge_eval,none': 75.0, 'llm_as_judge_eval_stderr,none': 'N/A' });
    expect([run.officialCorrect, run.officialN]).toEqual([3, 4]);
    expect(run.provenance.official).toMatchObject({ value: 0.75, metric: 'llm_as_judge_eval,none', source: '20250601_101500_results.json' });
    expect(run.provenance.officialRule).toMatch(/^lmms-eval mathvista: a GPT extractor/);
    expect(run.provenance.notes).toEqual([]);
  });

  it("mmstar: the headline is `average`, a macro average over sub-categories, recomputed and said to equal results.json, beside the verdicts' share", async () => {
    // mmstar/utils.py: {category: {question_id, l2_category, score}, "average": {…same}}; the aggregation averages per l2_category.
    const scored = [
      ['coarse perception', 'image emotion', 1],
      ['coarse perception', 'image emotion', 1],
      ['coarse perception', 'image emotion', 0],
      ['math', 'geometry', 0],
      ['math', 'geometry', 1],
      ['math', 'statistical reasoning', 0],
    ] as const;
    const lines = scored.map(([category, l2, score], i) => {
      const entry = { question_id: i, l2_category: l2, score: score * 1.0 };
      return { doc_id: i, doc: { index: i, question: `Q${i}? A. x B. y`, answer: 'A', category, l2_category: l2 }, target: 'A', filtered_resps: [score ? 'A' : 'B'], [category]: entry, average: entry };
    });
    // image emotion 2/3, geometry 1/2, statistical reasoning 0/1: (0.6667 + 0.5 + 0) / 3.
    const average = (2 / 3 + 1 / 2 + 0) / 3;
    const run = await importTask('mmstar', lines, { 'coarse perception,none': 2 / 3, 'coarse perception_stderr,none': 'N/A', 'average,none': average, 'math,none': 0.25 });
    expect(run.provenance.official).toMatchObject({ metric: 'average,none', source: '20250601_101500_results.json' });
    expect(run.provenance.official!.value).toBeCloseTo(average, 12);
    expect(run.provenance.officialRule).toMatch(/macro average/);
    expect(run.provenance.notes).toEqual([
      "lmms-eval mmstar rule over 20250601_101500_samples_mmstar.jsonl (the mean of the accuracies of 3 l2_category groups, 6 samples) (our port) gives 38.89%, equal to what 20250601_101500_results.json reports; the per-sample verdicts give 50.00% of all samples",
    ]);
    // Ours counts all samples: 3/6 against the macro 38.9%, said to differ.
    expect(run.accuracy).toBe(0.5);
    expect(run.provenance.differs).toBe(true);
  });

  it('hallusion_bench_image: no verdict in the file (a judge decides at aggregation), aAcc read as a percentage, the gold is yes/no', async () => {
    // hallusion_bench/evaluate_hb.py hb_process_results: the doc (no image) plus model_prediction, under aAcc, fAcc and qAcc.
    const lines = [
      ['1', 'Yes, it is.'],
      ['0', 'No.'],
      ['0', 'Yes'],
    ].map(([gt, said], i) => {
      const doc = { category: 'VD', subcategory: 'chart', set_id: '0', figure_id: String(i), question_id: '0', question: `Is the bar ${i} the tallest?`, gt_answer: gt, gt_answer_details: 'The bar is the tallest one.' };
      const entry = { ...doc, model_prediction: said };
      return { doc_id: i, doc, target: doc.gt_answer_details, filtered_resps: [said], aAcc: entry, fAcc: entry, qAcc: entry };
    });
    const run = await importTask('hallusion_bench_image', lines, { 'aAcc,none': 66.6667, 'aAcc_stderr,none': 'N/A', 'qAcc,none': 0.0, 'fAcc,none': 33.3333 });
    expect(run.officialN).toBe(0);
    expect(run.provenance.official).toMatchObject({ metric: 'aAcc,none' });
    expect(run.provenance.official!.value).toBeCloseTo(0.666667, 6);
    // Graded against "Yes"/"No" from `gt_answer`, not the explanation lmms-eval uses as its target.
    expect(run.correct).toBe(2);
    expect(run.provenance.differs).toBe(false);
    // Its figure and question-pair accuracies are said beside aAcc.
    expect(run.provenance.notes).toEqual(['20250601_101500_results.json also reports qAcc,none = 0.00%', '20250601_101500_results.json also reports fAcc,none = 33.33%']);
  });

  it('hallusion_bench_image logged without its docs (a predict-only run): refused, not graded against the explanation in `target`', async () => {
    // DevkarPrasad/Blindness-Quantization-Correlation-in-VLMs @ 5bbb333, logs/hallusion/…/samples_hallusion_bench_image.jsonl, line 1.
    const line = {
      doc_id: '0',
      target: 'Switzerland is the leading importing country of gold, silverware, and jewelry with the highest import value in 2018?',
      filtered_resps: '["Yes, that\'s correct. China, Hong Kong SAR is the leading importing country of gold, silverware, and jewelry with the highest import value in 2018."]',
      input: 'Is China, Hongkong SAR, the leading importing country of gold, silverware, and jewelry with the highest import value in 2018?',
    };
    await expect(importTask('hallusion_bench_image', [line], { 'bypass,none': 999 })).rejects.toThrow(/field "doc\.gt_answer": .*no doc .*explanation/);
  });

  it('mathvision: the verdict is the first of `scores`; results.json writes a percentage', async () => {
    // mathvision/utils.py: {"mathvision_standard_eval": {"response": results, "scores": correct_list}}.
    const lines = [true, false, true, true, false].map((right, i) => ({
      doc_id: i,
      doc: { id: String(i), question: `Q${i}`, answer: String(i) },
      target: String(i),
      filtered_resps: [right ? `\\boxed{${i}}` : '\\boxed{99}'],
      mathvision_standard_eval: { response: [right ? `\\boxed{${i}}` : '\\boxed{99}'], scores: [right] },
    }));
    const run = await importTask('mathvision_testmini', lines, { 'mathvision_standard_eval,none': 60.0, 'mathvision_standard_eval_stderr,none': 'N/A' });
    expect([run.officialCorrect, run.officialN]).toEqual([3, 5]);
    expect(run.provenance.official).toMatchObject({ value: 0.6, metric: 'mathvision_standard_eval,none' });
    expect(run.provenance.notes).toEqual([]);
  });

  it("mathvision's judged variants: a plain 0/1 under `llm_as_judge_eval` is the verdict, and its mean a fraction", async () => {
    // mathvision/utils.py mathvision_gpt_eval_process_results: {"llm_as_judge_eval": avg_score}.
    const lines = [1, 0, 0, 1].map((score, i) => ({ doc_id: i, doc: { id: String(i), question: `Q${i}`, answer: String(i) }, target: String(i), filtered_resps: [`\\boxed{${score ? i : 99}}`], llm_as_judge_eval: score }));
    const run = await importTask('mathvision_reason_testmini', lines, { 'llm_as_judge_eval,none': 0.5, 'llm_as_judge_eval_stderr,none': 0.29 });
    expect([run.officialCorrect, run.officialN]).toEqual([2, 4]);
    expect(run.provenance.official).toMatchObject({ value: 0.5, metric: 'llm_as_judge_eval,none' });
  });

  it("seedbench: right when the answer's first character equals the gold letter, as the aggregation counts", async () => {
    // seedbench/utils.py seed_process_result: {"seed_image": {pred, answer, question_id}, "seed_all": {…same}}.
    const lines = ['A', 'C', 'B', 'D'].map((pred, i) => {
      const entry = { pred, answer: ['A', 'B', 'B', 'D'][i], question_id: String(i) };
      return { doc_id: i, doc: { question: `Q${i}`, answer: entry.answer, data_type: 'image' }, target: entry.answer, filtered_resps: [pred], seed_image: entry, seed_all: entry };
    });
    const run = await importTask('seedbench', lines, { 'seed_image,none': 0.75, 'seed_all,none': 0.75 });
    expect([run.officialCorrect, run.officialN]).toEqual([3, 4]);
    expect(run.provenance.official).toMatchObject({ value: 0.75, metric: 'seed_all,none' });
  });

  it('textvqa: the per-sample VQA score is partial credit, never read as a verdict (not even its 0s and 1s)', async () => {
    // textvqa/utils.py: {"exact_match": mean VQA score, "submission": {...}}.
    const lines = [1.0, 0.3, 0.0, 1.0].map((score, i) => ({
      doc_id: i,
      doc: { question_id: i, question: `Q${i}`, answers: ['cat', 'cat', 'cat'] },
      target: 'cat',
      filtered_resps: [score > 0 ? 'cat' : 'dog'],
      exact_match: score,
      submission: { question_id: i, answer: score > 0 ? 'cat' : 'dog' },
    }));
    const run = await importTask('textvqa_val', lines, { 'exact_match,none': 0.575, 'exact_match_stderr,none': 0.2 });
    expect(run.officialN).toBe(0);
    expect(run.provenance.official).toMatchObject({ value: 0.575, metric: 'exact_match,none' });
    expect(run.provenance.officialRule).toMatch(/partial credit/);
  });

  it('docvqa: ANLS is not an accuracy: shown as written, never compared with ours', async () => {
    const lines = [1.0, 0.8, 0.0].map((anls, i) => ({ doc_id: i, doc: { question: `Q${i}`, answers: ['total'] }, target: ['total'], filtered_resps: [anls > 0 ? 'total' : 'sum'], anls }));
    const run = await importTask('docvqa_val', lines, { 'anls,none': 0.6, 'anls_stderr,none': 0.3 });
    expect(run.officialN).toBe(0);
    expect(run.provenance.official).toBeNull();
    expect(run.provenance.differs).toBeNull();
    expect(run.provenance.notes).toEqual(['20250601_101500_results.json reports anls,none = 0.6 (not an accuracy)']);
  });

  it('a reasoning task: `acc_score` is the verdict, `format_score` never', async () => {
    // logicvista/reasoning/utils.py: {"acc_score": …, "format_score": …}, here a mean over two generations where wrong.
    const lines = [
      { acc: 1.0, format: 1.0 },
      { acc: 0.5, format: 1.0 },
      { acc: 0.0, format: 1.0 },
    ].map(({ acc, format }, i) => ({ doc_id: i, doc: { question: `Q${i}`, answer: 'A' }, target: 'A', filtered_resps: ['<think>…</think>\\boxed{A}'], format_score: format, acc_score: acc }));
    const run = await importTask('logicvista_reasoning', lines, { 'acc_score,none': 0.5, 'format_score,none': 1.0 });
    // The 0.5 is no verdict; before, format_score's 1.0 was taken for one.
    expect([run.officialCorrect, run.officialN]).toEqual([1, 2]);
    expect(run.provenance.official).toMatchObject({ value: 0.5, metric: 'acc_score,none' });
  });

  it("MME results of older lmms-eval versions (`mme_percetion_score`, their spelling) are MME points, recomputed and never an accuracy", async () => {
    const lines = [
      [1, 1],
      [1, 0],
    ].flatMap((scores, image) =>
      scores.map((score, j) => ({
        doc_id: image * 2 + j,
        doc: { question_id: `artwork/${image}.jpg`, question: `Is it? ${j}`, answer: 'Yes', category: 'artwork' },
        target: 'Yes',
        filtered_resps: [score ? 'Yes' : 'No'],
        mme_percetion_score: { question_id: `artwork/${image}.jpg`, category: 'artwork', score },
      })),
    );
    const run = await importTask('mme', lines, { 'mme_percetion_score,none': 125.0 });
    expect(run.provenance.official).toMatchObject({ metric: 'accuracy', rule: 'the per-sample verdicts the file carries' });
    expect(run.provenance.notes.join('\n')).toMatch(/\(our port\) gives mme_percetion_score,none = 125 \(not an accuracy\), equal to what 20250601_101500_results.json reports/);
  });

  it("mmmu_val of lmms-eval versions that log several generations: any generation's parsed answer decides; an open answer is walked character by character, as evaluate_mmmu does", async () => {
    // mmmu/utils.py (lmms-eval @161c7a17): "parsed_pred": parsed_preds, one entry per generation; `mmmu_acc_pass_at_k` beside it.
    const docs = [
      { id: 'validation_Art_1', question_type: 'multiple-choice', answer: 'B', said: 'The answer is (B).', parsed: ['B'] },
      { id: 'validation_Art_2', question_type: 'multiple-choice', answer: 'A', said: 'C', parsed: ['C'] },
      { id: 'validation_Math_3', question_type: 'open', answer: '60', said: 'So the total is 60.0 dollars.', parsed: ['60.0'] },
    ];
    const lines = docs.map((doc, i) => {
      const entry = { id: doc.id, subdomain: doc.id.split('_')[1], question_type: doc.question_type, answer: doc.answer, parsed_pred: doc.parsed };
      return { doc_id: i, doc: { id: doc.id, question: `Question ${i}`, options: "['x', 'y', 'z']", answer: doc.answer, question_type: doc.question_type }, target: doc.answer, filtered_resps: [doc.said], mmmu_acc: entry, mmmu_acc_pass_at_k: entry, submission: { [doc.id]: doc.parsed[0] } };
    });
    const run = await importTask('mmmu_val', lines, { 'mmmu_acc,none': 0.33333, 'mmmu_acc_stderr,none': 'N/A' });
    // B right, C wrong, and "60.0" wrong: eval_open looks for "60" inside each of its characters.
    expect([run.officialCorrect, run.officialN]).toEqual([1, 3]);
    expect(run.provenance.official).toMatchObject({ value: 0.33333, metric: 'mmmu_acc,none' });
    expect(run.provenance.notes).toEqual([]);
    // Ours reads 60.0 as 60: the difference is shown, not hidden.
    expect(run.correct).toBe(2);
    expect(run.provenance.differs).toBe(true);
  });

  it("a task with two filters logs each document twice: the first filter's answers make the run, its figure the headline, the others are said to be left out", async () => {
    // lmms-eval's evaluator writes one line per document and filter, with "filter" and "metrics" (filter by filter, in filter_list order).
    const answers = [
      ['(A)', 'A', 1],
      ['(B)', 'C', 0],
      ['(C)', 'C', 1],
    ] as const;
    const lines = ['strict-match', 'flexible-extract'].flatMap((filter) =>
      answers.map(([target, said, strict], i) => ({
        doc_id: i,
        doc: { question: `Q${i}? (A) x (B) y (C) z`, answer: target },
        target,
        filtered_resps: [filter === 'strict-match' ? `(${said})` : said],
        resps: [[`The answer is (${said}).`]],
        filter,
        metrics: ['exact_match'],
        exact_match: filter === 'strict-match' ? strict : 0,
      })),
    );
    const run = await importTask('realworldqa', lines, { 'exact_match,flexible-extract': 0.0, 'exact_match_stderr,flexible-extract': 0, 'exact_match,strict-match': 2 / 3 });
    expect([run.officialCorrect, run.officialN]).toEqual([2, 3]);
    expect(run.provenance.official).toMatchObject({ metric: 'exact_match,strict-match' });
    expect(run.provenance.notes).toEqual([]);
  });
});
