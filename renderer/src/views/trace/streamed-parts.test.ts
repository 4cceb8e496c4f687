import { describe, expect, it } from 'vitest';
import { streamedParts } from './streamed-parts';

/**
 * The live view cuts a streaming answer at the offsets the core's trace parser found (the event
 * carries them; main/core/grading/trace.test.ts covers how they are found).
 */
describe('streamedParts', () => {
  it('shows an open think part as reasoning in progress, with no response yet', () => {
    const text = '<think>The bar for ';
    expect(streamedParts(text, { start: 7, end: text.length, closed: false, postStart: text.length })).toEqual({
      think: 'The bar for ',
      thinking: true,
      response: '',
    });
  });

  it('splits a closed think part from the response after it, without the blank line between', () => {
    const text = '<think>reads 42.</think>\n\nThe answer is \\boxed{42}.';
    expect(streamedParts(text, { start: 7, end: 16, closed: true, postStart: 24 })).toEqual({
      think: 'reads 42.',
      thinking: false,
      response: 'The answer is \\boxed{42}.',
    });
  });

  it('shows an answer without a think part as the response', () => {
    expect(streamedParts('B', null)).toEqual({ think: null, thinking: false, response: 'B' });
  });
});
