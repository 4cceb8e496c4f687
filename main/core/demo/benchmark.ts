/**
 * Assembles the demo benchmark: scene -> question -> PNG -> caption.
 */
import { describeScene } from './caption';
import { type AnswerType, type Category, generateQuestion } from './questions';
import { renderScene } from './render';
import { Rng } from './rng';
import { type Scene, generateScene } from './scene';

export const DEMO_BENCHMARK_NAME = 'CLEVR-Sim (simulated demo)';
export const DEFAULT_DEMO_COUNT = 120;
export const DEFAULT_DEMO_SEED = 20250601;

export interface DemoSample {
  /** Stable id, e.g. 'clevr-sim-0001'. */
  id: string;
  question: string;
  /** Letter -> option text for MCQ questions, else null. */
  choices: Record<string, string> | null;
  /** Gold answer: a number as text, an MCQ letter, or 'yes'/'no'. */
  answer: string;
  answerType: AnswerType;
  category: Category;
  skills: string[];
  scene: Scene;
  /** PNG bytes rendered from `scene`. */
  image: Buffer;
  /** What a perfect captioner would write about the image. */
  caption: string;
}

export function demoSampleId(index: number): string {
  return `clevr-sim-${String(index + 1).padStart(4, '0')}`;
}

/**
 * Deterministic benchmark for a seed. Each sample draws from its own stream
 * keyed by (seed, index), so the first N samples are the same whatever
 * `count` is, and ids stay stable when the demo grows.
 * Categories alternate perception / reasoning for an exact 50/50 split.
 */
export function generateDemoBenchmark(opts: { count?: number; seed?: number } = {}): DemoSample[] {
  const count = opts.count ?? DEFAULT_DEMO_COUNT;
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const samples: DemoSample[] = [];
  for (let i = 0; i < count; i++) {
    const id = demoSampleId(i);
    const rng = new Rng(`clevr-sim|${seed}|${i}`);
    const category: Category = i % 2 === 0 ? 'perception' : 'reasoning';
    // A scene may offer no valid question of the wanted category (e.g. no
    // uniquely nameable object); draw another scene from the same stream.
    for (let attempt = 0; ; attempt++) {
      const scene = generateScene(rng, id);
      const q = generateQuestion(rng, scene, category);
      if (q) {
        samples.push({
          id,
          question: q.question,
          choices: q.choices,
          answer: q.answer,
          answerType: q.answerType,
          category: q.category,
          skills: q.skills,
          scene,
          image: renderScene(scene),
          caption: describeScene(scene),
        });
        break;
      }
      if (attempt > 100) throw new Error(`demo benchmark: no question could be generated for ${id}`);
    }
  }
  return samples;
}
