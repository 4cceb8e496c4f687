/**
 * Small deterministic randomness for the demo workspace.
 *
 * Everything in the demo (scenes, questions, simulated model errors) must be
 * reproducible from a seed or a string key, on every platform and Node
 * version, so we use a tiny self-contained PRNG instead of Math.random.
 * FNV-1a turns a string key into 32 bits, a murmur-style finaliser spreads
 * those bits (FNV alone leaves similar keys with similar hashes), and
 * mulberry32 (util/random.ts) produces the stream.
 */
import { mulberry32 } from '../util/random';

/** 32-bit hash of a string: FNV-1a followed by the murmur3 avalanche step. */
export function hashString(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}


/** One uniform draw in [0, 1) fully determined by `key`. */
export function uniform(key: string): number {
  return mulberry32(hashString(key))();
}

/** A seeded stream with the handful of helpers the generators need. */
export class Rng {
  private readonly next: () => number;

  constructor(seed: number | string) {
    this.next = mulberry32(typeof seed === 'number' ? hashString(`seed:${seed}`) : hashString(seed));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index drawn proportionally to `weights`. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher-Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}
