/**
 * The synthetic million-prediction workspace's source files: one JSONL prediction file per
 * checkpoint and benchmark (10 benchmarks × 5 checkpoints × 20,000 samples by default), in the
 * shape the generic importer reads with `--map` (main/core/ingest/formats/generic.ts).
 *
 * Everything is deterministic (seeded). Samples have a latent difficulty, and each curriculum
 * stage a skill per benchmark family (perception / reasoning / hallucination), so accuracy
 * climbs stage by stage while individual samples are both fixed and broken between stages, as
 * in real curricula. Traces are `<think>…</think>` reasoning of varied length (about 2 KB on
 * average, longer for later stages) ending in `\boxed{…}`; a few are truncated or skip the
 * think tags. Bump GENERATOR_VERSION whenever the output changes: it is part of the cache key.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { mulberry32 } from '../../main/core/util/random';

export const GENERATOR_VERSION = 1;

export interface BenchScale {
  benchmarks: number;
  checkpoints: number;
  samples: number;
}

export const FULL_SCALE: BenchScale = { benchmarks: 10, checkpoints: 5, samples: 20_000 };

type Kind = 'mcq' | 'yesno' | 'numeric' | 'mixed' | 'relaxed';
type Family = 'perception' | 'reasoning' | 'hallucination';

export interface BenchmarkSpec {
  name: string;
  kind: Kind;
  family: Family;
  /** Added to every checkpoint's skill on this benchmark. */
  offset: number;
  categories: string[];
  /** Whether the file carries an official verdict (`hit`), as VLMEvalKit's judged files do. */
  official: boolean;
}

export const BENCHMARKS: BenchmarkSpec[] = [
  { name: 'MMStar', kind: 'mcq', family: 'perception', offset: 0, categories: ['coarse perception', 'fine-grained perception', 'instance reasoning', 'logical reasoning', 'math', 'science & technology'], official: true },
  { name: 'MathVista_MINI', kind: 'mixed', family: 'reasoning', offset: -0.05, categories: ['geometry reasoning', 'algebraic reasoning', 'statistical reasoning', 'arithmetic reasoning', 'numeric commonsense', 'scientific reasoning'], official: false },
  { name: 'POPE', kind: 'yesno', family: 'hallucination', offset: 0.25, categories: ['random', 'popular', 'adversarial'], official: false },
  { name: 'RealWorldQA', kind: 'mcq', family: 'perception', offset: 0.05, categories: ['driving', 'spatial', 'counting'], official: false },
  { name: 'DynaMath', kind: 'numeric', family: 'reasoning', offset: -0.12, categories: ['plane geometry', 'solid geometry', 'algebra', 'statistics', 'arithmetic', 'graph theory'], official: false },
  { name: 'HallusionBench', kind: 'yesno', family: 'hallucination', offset: 0.1, categories: ['visual dependent', 'visual supplement'], official: true },
  { name: 'BLINK', kind: 'mcq', family: 'perception', offset: -0.08, categories: ['relative depth', 'counting', 'spatial relation', 'visual correspondence', 'jigsaw'], official: false },
  { name: 'ChartQA_TEST', kind: 'relaxed', family: 'reasoning', offset: 0.08, categories: ['human', 'augmented'], official: false },
  { name: 'CV-Bench-2D', kind: 'mcq', family: 'perception', offset: 0.02, categories: ['count', 'relation'], official: false },
  { name: 'A-OKVQA', kind: 'mcq', family: 'reasoning', offset: 0.12, categories: ['commonsense', 'knowledge', 'visual'], official: false },
];

export interface CheckpointSpec {
  name: string;
  stage: string;
  step: number;
  skill: Record<Family, number>;
  /** Mean think length in characters. */
  thinkChars: number;
}

export const CHECKPOINTS: CheckpointSpec[] = [
  { name: 'qwen-vl-7b-base', stage: 'base', step: 0, skill: { perception: 0.42, reasoning: 0.36, hallucination: 0.5 }, thinkChars: 1100 },
  { name: 'curriculum-stage1@400', stage: 'stage1', step: 400, skill: { perception: 0.55, reasoning: 0.4, hallucination: 0.55 }, thinkChars: 1500 },
  { name: 'curriculum-stage2@800', stage: 'stage2', step: 800, skill: { perception: 0.56, reasoning: 0.52, hallucination: 0.55 }, thinkChars: 2000 },
  { name: 'curriculum-stage3@1200', stage: 'stage3', step: 1200, skill: { perception: 0.63, reasoning: 0.58, hallucination: 0.6 }, thinkChars: 2400 },
  { name: 'curriculum-stage3@1600', stage: 'stage3', step: 1600, skill: { perception: 0.66, reasoning: 0.62, hallucination: 0.63 }, thinkChars: 2700 },
];

/** The demo's PRNG (mulberry32), seeded per (benchmark, checkpoint, sample) by the hash below. */
const rng = mulberry32;
const hash = (...parts: number[]): number => parts.reduce((h, p) => Math.imul(h ^ p, 2654435761) >>> 0, 0x811c9dc5);

const OBJECTS = ['cube', 'sphere', 'cylinder', 'triangle', 'bar', 'line', 'car', 'person', 'sign', 'tree', 'building', 'chart', 'axis', 'label', 'circle', 'angle'];
const COLOURS = ['red', 'blue', 'green', 'yellow', 'gray', 'purple', 'brown', 'cyan'];
const RELATIONS = ['left of', 'right of', 'behind', 'in front of', 'above', 'below', 'next to'];
/** Words that occur with known rarity, so that full-text searches have a realistic selectivity. */
export const SEARCH_TERMS = { rare: 'parallelogram', phrase: 'vertical angle', common: 'therefore' } as const;

const STEP_TEMPLATES: Array<(r: () => number) => string> = [
  (r) => `First, I look at the image carefully: there is a ${pick(r, COLOURS)} ${pick(r, OBJECTS)} ${pick(r, RELATIONS)} the ${pick(r, COLOURS)} ${pick(r, OBJECTS)}.`,
  (r) => `The question asks about the ${pick(r, OBJECTS)}, so I need to read its value from the figure, which looks like ${Math.floor(r() * 100)}.`,
  (r) => `Counting the ${pick(r, COLOURS)} ${pick(r, OBJECTS)}s one by one gives ${1 + Math.floor(r() * 9)}.`,
  (r) => `Wait, let me re-check the ${pick(r, OBJECTS)} on the ${pick(r, ['left', 'right', 'top', 'bottom'])} side; it is partly hidden.`,
  (r) => `The two lines meet at a point, and the angle between them is ${10 * (1 + Math.floor(r() * 17))} degrees.`,
  (r) => `So the difference is ${Math.floor(r() * 50)} - ${Math.floor(r() * 50)}, and I keep track of the sign.`,
  (r) => `Hmm, the ${pick(r, ['legend', 'caption', 'axis title', 'tick labels'])} say the units are ${pick(r, ['cm', 'percent', 'millions', 'degrees', 'seconds'])}.`,
  (r) => `Therefore the ${pick(r, OBJECTS)} must be ${pick(r, RELATIONS)} the ${pick(r, OBJECTS)}, which rules out option ${pick(r, ['A', 'B', 'C', 'D'])}.`,
  (r) => `Using the ratio ${1 + Math.floor(r() * 9)}:${1 + Math.floor(r() * 9)} from the similar triangles, the missing side follows.`,
  (r) => `The ${pick(r, COLOURS)} ${pick(r, OBJECTS)} is the largest object in the scene, roughly ${Math.floor(r() * 300)} pixels wide.`,
];
const RARE_STEPS = [
  () => 'The shape with two pairs of parallel sides is a parallelogram, so opposite angles are equal.',
  () => 'Since they are vertical angles, the vertical angle opposite to it has the same measure.',
];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

export interface SampleTruth {
  externalId: string;
  question: string;
  choices: Record<string, string> | null;
  answer: string;
  answerType: string;
  category: string;
  difficulty: number;
}

function sampleOf(benchmark: BenchmarkSpec, b: number, index: number): SampleTruth {
  const r = rng(hash(17, b, index));
  const difficulty = r();
  const category = pick(r, benchmark.categories);
  const externalId = `${benchmark.name}-${String(index).padStart(6, '0')}`;
  const scene = `a ${pick(r, COLOURS)} ${pick(r, OBJECTS)} ${pick(r, RELATIONS)} a ${pick(r, COLOURS)} ${pick(r, OBJECTS)}`;
  const kind = benchmark.kind === 'mixed' ? (r() < 0.5 ? 'mcq' : 'numeric') : benchmark.kind;
  switch (kind) {
    case 'mcq': {
      const letters = ['A', 'B', 'C', 'D'];
      const base = 1 + Math.floor(r() * 90);
      const choices = Object.fromEntries(letters.map((letter, i) => [letter, `${base + i * 3} ${pick(r, ['cm', 'degrees', 'objects', 'units'])}`]));
      return { externalId, question: `The image shows ${scene}. ${pick(r, ['What is the length of the marked side?', 'Which option matches the measured value?', 'How many objects satisfy the condition?', 'Which value is shown in the highlighted region?'])} Choose one option.`, choices, answer: pick(r, letters), answerType: 'mcq', category, difficulty };
    }
    case 'yesno':
      return { externalId, question: `Is there ${scene} in the image? Please answer yes or no.`, choices: null, answer: r() < 0.5 ? 'yes' : 'no', answerType: 'yesno', category, difficulty };
    case 'numeric':
    case 'relaxed': {
      const value = r() < 0.6 ? String(Math.floor(r() * 500)) : (Math.floor(r() * 5000) / 10).toFixed(1);
      return { externalId, question: `The figure shows ${scene}. What is the value of the ${pick(r, ['highlighted bar', 'marked angle', 'missing side', 'total count', 'difference between the two largest bars'])}? Answer with a number.`, choices: null, answer: value, answerType: kind === 'relaxed' ? 'relaxed' : 'numeric', category, difficulty };
    }
  }
}

function wrongAnswer(sample: SampleTruth, r: () => number): string {
  switch (sample.answerType) {
    case 'mcq':
      return pick(r, ['A', 'B', 'C', 'D'].filter((letter) => letter !== sample.answer));
    case 'yesno':
      return sample.answer === 'yes' ? 'no' : 'yes';
    default: {
      const value = Number(sample.answer);
      return String(Math.round((value + 7 + Math.floor(r() * 40)) * 10) / 10);
    }
  }
}

/** One model output: think steps, then the boxed answer (sometimes truncated or untagged). */
function traceOf(sample: SampleTruth, checkpoint: CheckpointSpec, correct: boolean, r: () => number): string {
  // Think lengths: a skewed draw around the checkpoint's mean (a few very long traces).
  const target = Math.max(120, Math.round(checkpoint.thinkChars * (0.35 + 1.3 * r() * r() + 0.6 * r())));
  const steps: string[] = [];
  let length = 0;
  while (length < target) {
    const roll = r();
    const step = roll < 0.006 ? RARE_STEPS[0]!() : roll < 0.012 ? RARE_STEPS[1]!() : pick(r, STEP_TEMPLATES)(r);
    steps.push(step);
    length += step.length + 1;
  }
  const think = steps.join(' ');
  const answer = correct ? sample.answer : wrongAnswer(sample, r);
  const style = r();
  if (style < 0.004) return `<think>${think}`; // cut off at the length limit: no answer
  if (style < 0.02) return `${think}\nThe answer is ${answer}.`; // no think tags
  return `<think>${think}</think>\nThe answer is \\boxed{${answer}}.`;
}

const FAMILY_NOISE = 0.45;

/** Whether a checkpoint answers a sample right: skill against difficulty, with per-pair noise. */
function isCorrect(sample: SampleTruth, benchmark: BenchmarkSpec, checkpoint: CheckpointSpec, r: () => number): boolean {
  const skill = checkpoint.skill[benchmark.family] + benchmark.offset;
  return sample.difficulty + FAMILY_NOISE * (r() - 0.5) < skill;
}

export interface GeneratedFile {
  benchmark: string;
  checkpoint: string;
  path: string;
  predictions: number;
  bytes: number;
}

/** Writes the prediction files of one checkpoint (one JSONL per benchmark) under `dir/<checkpoint index>/`. */
export async function writeCheckpointFiles(dir: string, scale: BenchScale, c: number): Promise<GeneratedFile[]> {
  const checkpoint = CHECKPOINTS[c]!;
  const folder = join(dir, `c${c}`);
  mkdirSync(folder, { recursive: true });
  const files: GeneratedFile[] = [];
  for (let b = 0; b < scale.benchmarks; b++) {
    const benchmark = BENCHMARKS[b]!;
    const path = join(folder, `${benchmark.name}.jsonl`);
    const out = createWriteStream(path, { highWaterMark: 1 << 20 });
    let bytes = 0;
    let chunk = '';
    for (let i = 0; i < scale.samples; i++) {
      const sample = sampleOf(benchmark, b, i);
      const r = rng(hash(29, b, c, i));
      const correct = isCorrect(sample, benchmark, checkpoint, r);
      const record: Record<string, unknown> = {
        id: sample.externalId,
        question: sample.question,
        choices: sample.choices,
        answer: sample.answer,
        answer_type: sample.answerType,
        category: sample.category,
        model: checkpoint.name,
        prediction: traceOf(sample, checkpoint, correct, r),
      };
      // The file's own (official) verdict agrees with ours on most samples, as a judge would.
      record.hit = benchmark.official ? (r() < 0.97 ? (correct ? 1 : 0) : correct ? 0 : 1) : null;
      chunk += `${JSON.stringify(record)}\n`;
      if (chunk.length > 1 << 20) {
        bytes += chunk.length;
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    bytes += chunk.length;
    out.end(chunk);
    await once(out, 'finish');
    files.push({ benchmark: benchmark.name, checkpoint: checkpoint.name, path, predictions: scale.samples, bytes });
  }
  return files;
}

/** The importer's field mapping for these files (`--map TARGET=SOURCE`). */
export const FIELD_MAP = {
  id: 'id',
  question: 'question',
  choices: 'choices',
  answer: 'answer',
  answer_type: 'answer_type',
  category: 'category',
  model: 'model',
  prediction: 'prediction',
  correct: 'hit',
} as const;
