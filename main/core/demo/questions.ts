/**
 * Question templates for the demo benchmark: generation, text round-trip and
 * solving against a scene.
 *
 * Every question is a structured QuestionSpec rendered through a fixed
 * template. `parseQuestion` inverts the template, so consumers (the simulated
 * model, tests) only need the stored question text plus the scene, never a
 * private side channel; this keeps DemoSample serialisable as-is.
 *
 * `solveQuestion` is used both for gold answers (on the true scene) and by the
 * simulated model (on a misperceived scene), so a misperception flows into
 * the answer exactly as it would for a real solver.
 */
import { type Rng } from './rng';
import { COLORS, type Scene, type SceneObject, SHAPES, SIZES, type Shape, type Size, pluralShape } from './scene';

export type QuestionSpec =
  // --- perception ---
  | { kind: 'count-color'; color: string }
  | { kind: 'count-shape'; shape: Shape }
  | { kind: 'color-of'; size: Size; shape: Shape }
  | { kind: 'relative-position'; a: Referent; side: 'left' | 'right'; b: Referent }
  // --- reasoning (CLEVR-Math style) ---
  | { kind: 'subtract-color'; color: string }
  | { kind: 'add-shape'; count: number; size: Size; shape: Shape }
  | { kind: 'more-than'; more: Shape; fewer: Shape }
  | { kind: 'subtract-two'; shape: Shape; color: string };

export type QuestionKind = QuestionSpec['kind'];

/** An object named by colour and shape ("the red cube"). Only asked where unique. */
export interface Referent {
  color: string;
  shape: Shape;
}

export type Category = 'perception' | 'reasoning';
export type AnswerType = 'numeric' | 'mcq' | 'yesno';

export interface GeneratedQuestion {
  spec: QuestionSpec;
  question: string;
  choices: Record<string, string> | null;
  answer: string;
  answerType: AnswerType;
  category: Category;
  skills: string[];
}

/** The final arithmetic step of a reasoning question: answer = left op right. */
export interface Arithmetic {
  left: number;
  op: '+' | '-';
  right: number;
}

export interface Solution {
  answer: string;
  /** Present for reasoning questions; the simulated model's arithmetic slips perturb it. */
  arithmetic?: Arithmetic;
}

export const MCQ_LETTERS = ['A', 'B', 'C', 'D'] as const;

export function answerTypeOf(kind: QuestionKind): AnswerType {
  if (kind === 'color-of') return 'mcq';
  if (kind === 'relative-position') return 'yesno';
  return 'numeric';
}

export function skillsOf(kind: QuestionKind): string[] {
  switch (kind) {
    case 'count-color':
    case 'count-shape':
      return ['counting'];
    case 'color-of':
      return ['color'];
    case 'relative-position':
      return ['relative-position'];
    case 'subtract-color':
    case 'add-shape':
    case 'more-than':
      return ['counting', 'arithmetic'];
    case 'subtract-two':
      return ['counting', 'arithmetic', 'multi-step'];
  }
}

// ---------------------------------------------------------------------------
// Text round-trip

export function formatQuestion(spec: QuestionSpec): string {
  switch (spec.kind) {
    case 'count-color':
      return `How many ${spec.color} objects are there?`;
    case 'count-shape':
      return `How many ${pluralShape(spec.shape)} are there?`;
    case 'color-of':
      return `What color is the ${spec.size} ${spec.shape}?`;
    case 'relative-position':
      return `Is the ${spec.a.color} ${spec.a.shape} to the ${spec.side} of the ${spec.b.color} ${spec.b.shape}?`;
    case 'subtract-color':
      return `Subtract all ${spec.color} objects. How many objects are left?`;
    case 'add-shape':
      return `Add ${spec.count} ${spec.size} ${pluralShape(spec.shape, spec.count)}. How many ${pluralShape(spec.shape)} are there?`;
    case 'more-than':
      return `How many more ${pluralShape(spec.more)} than ${pluralShape(spec.fewer)} are there?`;
    case 'subtract-two':
      return `Subtract all ${pluralShape(spec.shape)}. Subtract all ${spec.color} objects. How many objects are left?`;
  }
}

const C = `(${COLORS.join('|')})`;
const S = `(${SHAPES.join('|')})`;
const SS = `(${SHAPES.join('|')})s`;
const Z = `(${SIZES.join('|')})`;

const PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => QuestionSpec]> = [
  [new RegExp(`^How many more ${SS} than ${SS} are there\\?$`), (m) => ({ kind: 'more-than', more: m[1] as Shape, fewer: m[2] as Shape })],
  [new RegExp(`^How many ${C} objects are there\\?$`), (m) => ({ kind: 'count-color', color: m[1]! })],
  [new RegExp(`^How many ${SS} are there\\?$`), (m) => ({ kind: 'count-shape', shape: m[1] as Shape })],
  [new RegExp(`^What color is the ${Z} ${S}\\?$`), (m) => ({ kind: 'color-of', size: m[1] as Size, shape: m[2] as Shape })],
  [
    new RegExp(`^Is the ${C} ${S} to the (left|right) of the ${C} ${S}\\?$`),
    (m) => ({
      kind: 'relative-position',
      a: { color: m[1]!, shape: m[2] as Shape },
      side: m[3] as 'left' | 'right',
      b: { color: m[4]!, shape: m[5] as Shape },
    }),
  ],
  [new RegExp(`^Subtract all ${C} objects\\. How many objects are left\\?$`), (m) => ({ kind: 'subtract-color', color: m[1]! })],
  [
    new RegExp(`^Add (\\d+) ${Z} ${S}s?\\. How many ${SS} are there\\?$`),
    (m) => ({ kind: 'add-shape', count: Number(m[1]), size: m[2] as Size, shape: m[3] as Shape }),
  ],
  [
    new RegExp(`^Subtract all ${SS}\\. Subtract all ${C} objects\\. How many objects are left\\?$`),
    (m) => ({ kind: 'subtract-two', shape: m[1] as Shape, color: m[2]! }),
  ],
];

/** Inverse of formatQuestion; null for text that no template produced. */
export function parseQuestion(text: string): QuestionSpec | null {
  const t = text.trim().replace(/\s+/g, ' ');
  for (const [re, build] of PATTERNS) {
    const m = t.match(re);
    if (m) return build(m);
  }
  return null;
}

// ---------------------------------------------------------------------------
// Solving

const count = (objs: readonly SceneObject[], pred: (o: SceneObject) => boolean): number => objs.filter(pred).length;

function uniqueMatch(objs: readonly SceneObject[], pred: (o: SceneObject) => boolean): SceneObject | null {
  const found = objs.filter(pred);
  return found.length === 1 ? found[0]! : null;
}

function arithmetic(left: number, op: '+' | '-', right: number): Solution {
  return { answer: String(op === '+' ? left + right : left - right), arithmetic: { left, op, right } };
}

/**
 * Answer a question from a scene. Returns null when the question is not
 * answerable from that scene: a referent is missing or ambiguous, the seen
 * colour is not among the MCQ options, or "how many more" would be negative.
 */
export function solveQuestion(spec: QuestionSpec, scene: Scene, choices: Record<string, string> | null): Solution | null {
  const objs = scene.objects;
  switch (spec.kind) {
    case 'count-color':
      return { answer: String(count(objs, (o) => o.color === spec.color)) };
    case 'count-shape':
      return { answer: String(count(objs, (o) => o.shape === spec.shape)) };
    case 'color-of': {
      const target = uniqueMatch(objs, (o) => o.size === spec.size && o.shape === spec.shape);
      if (!target || !choices) return null;
      const letter = Object.keys(choices).find((k) => choices[k] === target.color);
      return letter ? { answer: letter } : null;
    }
    case 'relative-position': {
      const a = uniqueMatch(objs, (o) => o.color === spec.a.color && o.shape === spec.a.shape);
      const b = uniqueMatch(objs, (o) => o.color === spec.b.color && o.shape === spec.b.shape);
      if (!a || !b || a.x === b.x) return null;
      const isLeft = a.x < b.x;
      return { answer: (spec.side === 'left') === isLeft ? 'yes' : 'no' };
    }
    case 'subtract-color':
      return arithmetic(objs.length, '-', count(objs, (o) => o.color === spec.color));
    case 'add-shape':
      return arithmetic(count(objs, (o) => o.shape === spec.shape), '+', spec.count);
    case 'more-than': {
      const more = count(objs, (o) => o.shape === spec.more);
      const fewer = count(objs, (o) => o.shape === spec.fewer);
      return more >= fewer ? arithmetic(more, '-', fewer) : null;
    }
    case 'subtract-two':
      return arithmetic(objs.length, '-', count(objs, (o) => o.shape === spec.shape || o.color === spec.color));
  }
}

// ---------------------------------------------------------------------------
// Generation

/** Minimum horizontal gap for relative-position questions, so "left of" is never a judgement call. */
export const MIN_RELATIVE_DX = 24;

type Builder = (rng: Rng, scene: Scene) => { spec: QuestionSpec; choices: Record<string, string> | null } | null;

const presentColors = (scene: Scene): string[] => COLORS.filter((c) => scene.objects.some((o) => o.color === c));
const presentShapes = (scene: Scene): Shape[] => SHAPES.filter((s) => scene.objects.some((o) => o.shape === s));

const BUILDERS: Record<QuestionKind, Builder> = {
  'count-color': (rng, scene) => {
    // Mostly colours that are present; sometimes an absent one so "0" is a real answer.
    const color = rng.chance(0.85) ? rng.pick(presentColors(scene)) : rng.pick(COLORS);
    return { spec: { kind: 'count-color', color }, choices: null };
  },
  'count-shape': (rng) => ({ spec: { kind: 'count-shape', shape: rng.pick(SHAPES) }, choices: null }),
  'color-of': (rng, scene) => {
    const unique = scene.objects.filter(
      (o) => count(scene.objects, (p) => p.size === o.size && p.shape === o.shape) === 1,
    );
    if (unique.length === 0) return null;
    const target = rng.pick(unique);
    const options = rng.shuffle([target.color, ...rng.shuffle(COLORS.filter((c) => c !== target.color)).slice(0, 3)]);
    const choices: Record<string, string> = {};
    MCQ_LETTERS.forEach((letter, i) => (choices[letter] = options[i]!));
    return { spec: { kind: 'color-of', size: target.size, shape: target.shape }, choices };
  },
  'relative-position': (rng, scene) => {
    const unique = scene.objects.filter(
      (o) => count(scene.objects, (p) => p.color === o.color && p.shape === o.shape) === 1,
    );
    const pairs: Array<[SceneObject, SceneObject]> = [];
    for (const a of unique) for (const b of unique) if (a !== b && Math.abs(a.x - b.x) >= MIN_RELATIVE_DX) pairs.push([a, b]);
    if (pairs.length === 0) return null;
    const [a, b] = rng.pick(pairs);
    const side = rng.pick(['left', 'right'] as const);
    return {
      spec: { kind: 'relative-position', a: { color: a.color, shape: a.shape }, side, b: { color: b.color, shape: b.shape } },
      choices: null,
    };
  },
  'subtract-color': (rng, scene) => ({ spec: { kind: 'subtract-color', color: rng.pick(presentColors(scene)) }, choices: null }),
  'add-shape': (rng) => ({
    spec: { kind: 'add-shape', count: rng.int(1, 3), size: rng.pick(SIZES), shape: rng.pick(SHAPES) },
    choices: null,
  }),
  'more-than': (rng, scene) => {
    const pairs: Array<[Shape, Shape]> = [];
    for (const a of SHAPES)
      for (const b of SHAPES)
        if (count(scene.objects, (o) => o.shape === a) > count(scene.objects, (o) => o.shape === b)) pairs.push([a, b]);
    if (pairs.length === 0) return null;
    const [more, fewer] = rng.pick(pairs);
    return { spec: { kind: 'more-than', more, fewer }, choices: null };
  },
  'subtract-two': (rng, scene) => ({
    spec: { kind: 'subtract-two', shape: rng.pick(presentShapes(scene)), color: rng.pick(presentColors(scene)) },
    choices: null,
  }),
};

const KIND_WEIGHTS: Record<Category, Array<[QuestionKind, number]>> = {
  perception: [
    ['count-color', 0.3],
    ['count-shape', 0.2],
    ['color-of', 0.25],
    ['relative-position', 0.25],
  ],
  reasoning: [
    ['subtract-color', 0.25],
    ['add-shape', 0.25],
    ['more-than', 0.25],
    ['subtract-two', 0.25],
  ],
};

/**
 * A question of the given category about the scene, or null when no template
 * applies (e.g. no uniquely nameable object); callers then draw a new scene.
 */
export function generateQuestion(rng: Rng, scene: Scene, category: Category): GeneratedQuestion | null {
  const table = KIND_WEIGHTS[category];
  const first = rng.weighted(table.map(([, w]) => w));
  // Try the drawn template first, then the others in table order.
  const order = [table[first]![0], ...table.map(([k]) => k).filter((_, i) => i !== first)];
  for (const kind of order) {
    const built = BUILDERS[kind](rng, scene);
    if (!built) continue;
    const solution = solveQuestion(built.spec, scene, built.choices);
    if (!solution) continue;
    return {
      spec: built.spec,
      question: formatQuestion(built.spec),
      choices: built.choices,
      answer: solution.answer,
      answerType: answerTypeOf(kind),
      category,
      skills: skillsOf(kind),
    };
  }
  return null;
}
