/** VLMEvalKit summaries of every shape give their headline, or their numbers as written, never an error. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figuresOfJson, figuresOfTable, readSummaryLoose, summariesBeside } from './vlmevalkit-summaries';

const LAUNCH = join(__dirname, 'real-files', 'vlmevalkit-outputs', 'VLM-R1', 'T20250426_Ga32ffdf2');

describe('VLMEvalKit summaries', () => {
  it("finds a judge's summary beside the predictions, not another dataset's", () => {
    expect(summariesBeside(LAUNCH, 'VLM-R1', 'LogicVista').map((p) => p.split('/').at(-1))).toEqual(['VLM-R1_LogicVista_gpt4o-mini_score.csv']);
    expect(summariesBeside(LAUNCH, 'VLM-R1', 'TextVQA_VAL').map((p) => p.split('/').at(-1))).toEqual(['VLM-R1_TextVQA_VAL_acc.csv']);
  });

  it("reads LogicVista's Overall row with its hit/tot (a real _score.csv)", async () => {
    const { figures, notes } = await readSummaryLoose(join(LAUNCH, 'VLM-R1_LogicVista_gpt4o-mini_score.csv'));
    expect(notes).toEqual([]);
    expect(figures).toEqual([{ metric: 'acc', value: 170 / 447, correct: 170, total: 447, source: 'VLM-R1_LogicVista_gpt4o-mini_score.csv' }].map((f) => ({ ...f, value: expect.closeTo(f.value, 10) })));
  });

  it("takes OCRBench's Final Score Norm as the headline and keeps COCO's BLEU/CIDEr as written", () => {
    const ocr = figuresOfJson({ 'Text Recognition': 180, 'Scene Text-centric VQA': 120, 'Final Score': 438, 'Final Score Norm': 43.8 }, 'm_OCRBench_score.json');
    expect(ocr.figures).toEqual([{ metric: 'Final Score Norm', value: expect.closeTo(0.438, 10), correct: 438, total: 1000, source: 'm_OCRBench_score.json' }]);
    const coco = figuresOfJson({ Bleu_1: 0.71, Bleu_4: 0.28, CIDEr: 0.95 }, 'm_COCO_VAL_score.json');
    expect(coco.figures.map((f) => f.metric)).toEqual(['Bleu_1', 'Bleu_4', 'CIDEr']);
    expect(coco.notes.join()).toMatch(/no Overall figure/);
    // As VLMEvalKit dumps it: BLEU as one list, kept under the names it prints.
    const dumped = figuresOfJson({ Bleu: [71.2, 54.1, 40.3, 29.9], ROUGE_L: 55.5, CIDEr: 98.7 }, 'm_COCO_VAL_score.json');
    expect(dumped.figures.map((f) => [f.metric, f.value])).toEqual([['Bleu_1', 71.2], ['Bleu_2', 54.1], ['Bleu_3', 40.3], ['Bleu_4', 29.9], ['ROUGE_L', 55.5], ['CIDEr', 98.7]]);
  });

  it("keeps every column of a real MME _score.csv and HallusionBench's fAcc/qAcc beside aAcc", async () => {
    const real = join(__dirname, 'real-files', 'vlmevalkit-outputs', 'Qwen2-VL-7B-Instruct');
    const mme = await readSummaryLoose(join(real, 'Qwen2-VL-7B-Instruct_MME_score.csv'));
    expect(mme.figures).toHaveLength(16);
    expect(mme.figures.slice(-4).map((f) => [f.metric, f.value])).toEqual([['position', 155], ['posters', 182.99319727891157], ['scene', 162.25], ['text_translation', 200]]);
    expect(mme.notes.join()).toMatch(/kept 16 figure\(s\) as written, none taken as the accuracy/);
    const hallusion = await readSummaryLoose(join(real, 'Qwen2-VL-7B-Instruct_HallusionBench_score.csv'));
    expect(hallusion.figures.map((f) => [f.metric, f.value])).toEqual([
      ['aAcc', expect.closeTo(0.6834910620399579, 12)],
      ['fAcc', expect.closeTo(0.384393063583815, 12)],
      ['qAcc', expect.closeTo(0.43956043956043956, 12)],
      // The leaderboard's HallusionBench figure, the mean of the three: 50.25.
      ['mean of aAcc, fAcc and qAcc (the leaderboard figure)', expect.closeTo(0.5024815217, 9)],
    ]);
    const pope = await readSummaryLoose(join(real, 'Qwen2-VL-7B-Instruct_POPE_score.csv'));
    expect(pope.figures.map((f) => [f.metric, f.value])).toEqual([
      ['acc', expect.closeTo(0.873888888888889, 12)],
      ['Overall (F1)', expect.closeTo(0.8613317043372021, 12)],
    ]);
  });

  it('keeps MME and MTVQA tables without an Overall column as written', () => {
    const mme = figuresOfTable(['perception', 'reasoning', 'OCR'], [['1500.2', '320.5', '140.0']], 'm_MME_score.csv');
    expect(mme.figures.map((f) => [f.metric, f.value])).toEqual([['perception', 1500.2], ['reasoning', 320.5], ['OCR', 140]]);
    const mtvqa = figuresOfTable(['AR', 'DE', 'FR'], [['0.12', '0.25', '0.31']], 'm_MTVQA_TEST_acc.csv');
    expect(mtvqa.notes.join()).toMatch(/none taken as the accuracy/);
  });
});
