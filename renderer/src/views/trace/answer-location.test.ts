import { describe, expect, it } from 'vitest';
import { answerLocation } from './answer-location';

describe('where the trace view marks the extracted answer', () => {
  it('in the response after a closed think part', () => {
    expect(answerLocation('<think>so</think> \\boxed{A}', 'so', '\\boxed{A}', 'A')).toEqual({ where: 'response', unclosed: false });
  });
  it("inside a think part the model never closed (Ocean-R1's MathVision id 33)", () => {
    const raw = '<think>The ant gets to the butterfly.\n<answer>\nA\n</answer>';
    const think = 'The ant gets to the butterfly.\n<answer>\nA\n</answer>';
    expect(answerLocation(raw, think, '', 'A')).toEqual({ where: 'think', unclosed: true });
  });
  it('nowhere verbatim where the grader normalised it', () => {
    expect(answerLocation('<think>x</think> one half', 'x', 'one half', '1/2')).toEqual({ where: null, unclosed: false });
  });
});
