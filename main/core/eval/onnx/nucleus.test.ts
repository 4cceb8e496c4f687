import { describe, expect, it } from 'vitest';
import { keepNucleus } from './nucleus';

describe('keepNucleus (top-p)', () => {
  it('keeps the fewest most probable tokens reaching top_p, per row, and drops the rest', () => {
    // Row 1 probabilities ≈ 0.64, 0.24, 0.09, 0.03; row 2 has the same values in another order.
    const logits = Float32Array.from([3, 2, 1, 0, 0, 1, 3, 2]);
    keepNucleus(logits, 4, 0.85);
    expect(Array.from(logits)).toEqual([3, 2, -Infinity, -Infinity, -Infinity, -Infinity, 3, 2]);
  });

  it('always keeps the most probable token, and top_p 1 keeps everything', () => {
    const logits = Float32Array.from([0.5, 4, 0.1]);
    keepNucleus(logits, 3, 0.01);
    expect(Array.from(logits)).toEqual([-Infinity, 4, -Infinity]);
    const all = Float32Array.from([1, 2, 3]);
    keepNucleus(all, 3, 1);
    expect(Array.from(all)).toEqual([1, 2, 3]);
  });
});
