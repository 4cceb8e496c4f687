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
    expect(ground('[1, 2]', 'the man').reason).toMatch(/is not a box/);
    expect(goldBox('[10, 10, 5, 20]')).toBeNull();
  });
});
