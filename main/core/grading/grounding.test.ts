import { describe, expect, it } from 'vitest';
import { grade } from './index';
import { goldBox, iou } from './grounding';

const GOLD = '[14.67, 133.56, 121.84, 469.68]';
const ground = (prediction: string, answer = GOLD) => grade({ prediction, answer, answerType: 'grounding' });

describe('grounding: boxes by IoU, clicks by the gold box', () => {
  it('reads the last box in its usual spellings and counts IoU above 0.5 right', () => {
    for (const prediction of ['<think>the man on the left</think><answer>[15, 134, 137, 469]</answer>', '{"bbox_2d": [15, 134, 120, 470]}', '<|box_start|>(15,134),(120,470)<|box_end|>']) {
      const r = ground(prediction);
      expect(r.correct, prediction).toBe(true);
      expect(r.scorer).toBe('grounding');
    }
    const far = ground('<answer>[300, 20, 400, 90]</answer>');
    expect(far.correct).toBe(false);
    expect(far.reason).toMatch(/IoU 0 with the gold box/);
  });

  it('is strict at one half, as VLM-R1 counts it (iou > 0.5)', () => {
    // [0,0,10,10] against [0,0,10,20]: IoU exactly 0.5.
    expect(iou([0, 0, 10, 10], [0, 0, 10, 20])).toBe(0.5);
    expect(ground('[0, 0, 10, 10]', '[0, 0, 10, 20]').correct).toBe(false);
    expect(ground('[0, 0, 10, 11]', '[0, 0, 10, 20]').correct).toBe(true);
  });

  it('counts a click right when it lies in the gold box', () => {
    expect(ground('click at (50, 200)').correct).toBe(true);
    expect(ground('[500, 200]').correct).toBe(false);
  });

  it('says so when there is no box to compare', () => {
    expect(ground('the man on the left').reason).toMatch(/no box or point found/);
    expect(ground('[1, 2]', 'the man').reason).toMatch(/is not one box/);
    expect(goldBox('[10, 10, 5, 20]')).toBeNull();
    expect(goldBox('[1, 2, 3, 4] and [5, 6, 7, 8]')).toBeNull();
  });

  it('reads a gold written as Qwen2-VL corners or Qwen2.5-VL bbox_2d records, as the models write their answers', () => {
    // R1-V's REC data keeps Qwen2-VL's corners; LLaMA-Factory's Qwen2.5-VL fine-tunes write `[{"bbox_2d": …, "label": …}]`.
    expect(ground('(519,608),(986,768)', '(519,608),(986,768)').correct).toBe(true);
    expect(ground('<|box_start|>(519,608),(986,768)<|box_end|>', '<|object_ref_start|>the dog<|object_ref_end|><|box_start|>(519,608),(986,768)<|box_end|>').correct).toBe(true);
    const qwen25Gold = '<answer>\n[\n  {\n    "bbox_2d": [386, 558, 779, 716],\n    "label": "Cardiomegaly"\n  }\n]\n</answer>';
    expect(ground('<answer>[{"bbox_2d": [390, 560, 780, 716], "label": "Cardiomegaly"}]</answer>', qwen25Gold).correct).toBe(true);
    expect(goldBox('{"bbox_2d": [1, 2, 30, 40]}')).toEqual([1, 2, 30, 40]);
  });

  it('grades a bbox_2d gold as a box without being told, never by the last of its numbers', () => {
    const gold = '[{"bbox_2d": [386, 558, 779, 716], "label": "Cardiomegaly"}]';
    // The same last coordinate, 716, and no overlap: wrong.
    const far = grade({ prediction: '[{"bbox_2d": [10, 20, 30, 716], "label": "Cardiomegaly"}]', answer: gold });
    expect(far.scorer).toBe('grounding');
    expect(far.correct).toBe(false);
    expect(far.reason).toMatch(/IoU 0 .*not above 0\.5/);
    expect(grade({ prediction: '[{"bbox_2d": [386, 560, 779, 716]}]', answer: gold }).correct).toBe(true);
    // Four numbers in brackets, or two points, may be a list: boxes only where the file says so.
    expect(grade({ prediction: '\\boxed{[2, 3, 5, 7]}', answer: '[2, 3, 5, 7]' }).scorer).not.toBe('grounding');
  });
});
