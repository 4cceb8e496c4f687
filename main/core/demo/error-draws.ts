/**
 * The uniform draws that decide whether the simulated model makes an error.
 *
 * An error of some kind happens when draw < the checkpoint's rate for it.
 * Three properties matter for the demo:
 *
 * 1. Cross-checkpoint structure. Each sample has a checkpoint-independent
 *    difficulty per error kind; each checkpoint adds a small independent
 *    jitter of its own (CHECKPOINT_SPREAD). Lowering a rate therefore mostly
 *    FIXES samples (the hardest stay wrong), while the jitter lets some
 *    samples near the threshold BREAK between checkpoints, as they do in
 *    real training runs.
 * 2. pass@k realism. For sampleIndex k > 0 a further, smaller per-k jitter
 *    (PASS_K_SPREAD) is added on top of the same difficulty and checkpoint
 *    jitter, so repeated samples differ but hard samples stay hard and pass@k
 *    rises gradually (about 0.78 -> 0.94 from pass@1 to pass@8 at release).
 * 3. Faithful rates on a small benchmark. The jittered scores are converted
 *    to draws by rank over the eligible samples (one draw per 1/n slice of
 *    [0, 1)). Independent draws on 120 samples would land measured rates
 *    several points off the profile; ranked draws land within one sample.
 *
 * Draws therefore depend on the whole benchmark the model was built from,
 * and are deterministic for a given benchmark.
 */
import { uniform } from './rng';

export type ErrorKind = 'perception' | 'reasoning' | 'format' | 'truncation';

/** Width of each checkpoint's jitter on the difficulty scale [0, 1): the source of "broken" samples. */
export const CHECKPOINT_SPREAD = 0.2;
/** Width of the extra jitter for sampleIndex k > 0 (larger = pass@k climbs faster). */
export const PASS_K_SPREAD = 0.2;

export interface DrawSubject {
  /** Content-derived sample key (stable for a given benchmark). */
  key: string;
  /** Whether the sample takes part in draws of this kind (reasoning draws only apply to reasoning questions). */
  eligible: (kind: ErrorKind) => boolean;
}

/** Symmetric triangular noise in [-width, width], peaked at 0. */
function jitter(key: string, width: number): number {
  return width * (uniform(`${key}|a`) + uniform(`${key}|b`) - 1);
}

export class ErrorDraws {
  private readonly subjects: readonly DrawSubject[];
  /** `${kind}|${checkpoint}|k${k}` -> sample key -> draw in [0, 1). */
  private readonly tables = new Map<string, Map<string, number>>();

  constructor(subjects: readonly DrawSubject[]) {
    this.subjects = subjects;
  }

  draw(kind: ErrorKind, checkpoint: string, subject: DrawSubject, k: number): number {
    const slot = `${kind}|${checkpoint}|k${k}`;
    let table = this.tables.get(slot);
    if (!table) {
      table = this.rank(kind, checkpoint, k);
      this.tables.set(slot, table);
    }
    // A subject outside the benchmark (not expected) falls back to a plain draw.
    return table.get(subject.key) ?? uniform(`${subject.key}|${slot}`);
  }

  private rank(kind: ErrorKind, checkpoint: string, k: number): Map<string, number> {
    const scored = this.subjects
      .filter((s) => s.eligible(kind))
      .map((s) => {
        let score = uniform(`${s.key}|${kind}|difficulty`);
        if (k > 0) score += jitter(`${s.key}|${kind}|k${k}`, PASS_K_SPREAD);
        score += jitter(`${checkpoint}|${s.key}|${kind}`, CHECKPOINT_SPREAD);
        return { key: s.key, score };
      })
      .sort((a, b) => a.score - b.score || (a.key < b.key ? -1 : 1));
    const n = scored.length;
    const table = new Map<string, number>();
    // Low score = hard sample = low draw = error at more checkpoints.
    scored.forEach(({ key }, i) => table.set(key, (i + uniform(`${key}|${kind}|${checkpoint}|k${k}|slot`)) / n));
    return table;
  }
}
