import { createHash } from 'node:crypto';
import { mulberry32 } from '../../util/random';

export interface SamplingParams {
  /** 0 picks the most likely token (greedy); above 0 samples from the softened distribution. */
  temperature: number;
  /** Nucleus sampling: only the most likely tokens whose probabilities add up to top_p take part. */
  topP: number;
}

/** A small seeded generator (mulberry32): the same prompt and sample index give the same answer. */
export function seededRandom(seedText: string): () => number {
  return mulberry32(createHash('sha256').update(seedText).digest().readUInt32LE(0));
}

export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/** The next token from one position's logits, greedy or by temperature and top-p sampling. */
export function pickToken(logits: ArrayLike<number>, params: SamplingParams, random: () => number): number {
  if (params.temperature <= 0) return argmax(logits);
  const n = logits.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i]!);
  const probabilities = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    probabilities[i] = Math.exp((logits[i]! - max) / params.temperature);
    sum += probabilities[i]!;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probabilities[b]! - probabilities[a]!);
  // Keep the smallest set of most likely tokens reaching top_p (always at least one).
  const topP = params.topP > 0 && params.topP < 1 ? params.topP : 1;
  let kept = 0;
  let mass = 0;
  while (kept < n && (kept === 0 || mass / sum < topP)) mass += probabilities[order[kept++]!]!;
  let draw = random() * mass;
  for (let k = 0; k < kept; k++) {
    draw -= probabilities[order[k]!]!;
    if (draw <= 0) return order[k]!;
  }
  return order[kept - 1]!;
}
