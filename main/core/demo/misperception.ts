/**
 * Concrete misperceptions for the simulated model.
 *
 * A perception error is modelled as the model seeing a slightly different
 * scene: one object missed, one hallucinated, one recoloured or reshaped (a
 * plausible confusion such as red/brown or cube/cylinder), or, for left/right
 * questions, one referent seen on the other side. The question is then solved
 * on that perceived scene, so the error flows into the trace and the answer
 * exactly like a real misreading (counts end up off by one, the wrong colour
 * is named, the wrong side is reported).
 */
import { type QuestionSpec, solveQuestion } from './questions';
import { type Rng } from './rng';
import { type Scene, type SceneObject, type Shape, COLORS, SHAPES, SIZES, randomPosition } from './scene';

/** Colours a model plausibly mistakes for each other. */
const CONFUSABLE_COLORS: Readonly<Record<string, readonly string[]>> = {
  gray: ['brown', 'blue'],
  red: ['brown', 'purple'],
  blue: ['cyan', 'purple'],
  green: ['cyan', 'gray'],
  brown: ['red', 'gray', 'yellow'],
  purple: ['blue', 'red'],
  cyan: ['blue', 'green'],
  yellow: ['brown', 'green'],
};

const CONFUSABLE_SHAPES: Readonly<Record<Shape, readonly Shape[]>> = {
  cube: ['cylinder'],
  sphere: ['cylinder'],
  cylinder: ['cube', 'sphere'],
};

function mentioned(spec: QuestionSpec, choices: Record<string, string> | null): { colors: string[]; shapes: Shape[] } {
  switch (spec.kind) {
    case 'count-color':
    case 'subtract-color':
      return { colors: [spec.color], shapes: [] };
    case 'count-shape':
    case 'add-shape':
      return { colors: [], shapes: [spec.shape] };
    case 'color-of':
      return { colors: Object.values(choices ?? {}), shapes: [spec.shape] };
    case 'relative-position':
      return { colors: [spec.a.color, spec.b.color], shapes: [spec.a.shape, spec.b.shape] };
    case 'more-than':
      return { colors: [], shapes: [spec.more, spec.fewer] };
    case 'subtract-two':
      return { colors: [spec.color], shapes: [spec.shape] };
  }
}

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function withObjects(scene: Scene, objects: SceneObject[]): Scene {
  return { ...scene, objects };
}

/** All single-fact misreadings worth considering for this question, in a fixed order. */
function candidates(spec: QuestionSpec, scene: Scene, choices: Record<string, string> | null, rng: Rng): Scene[] {
  const { colors, shapes } = mentioned(spec, choices);
  const out: Scene[] = [];
  const objs = scene.objects;
  objs.forEach((obj, i) => {
    const replace = (o: SceneObject): Scene => withObjects(scene, objs.map((p, j) => (j === i ? o : p)));
    out.push(withObjects(scene, objs.filter((_, j) => j !== i))); // missed
    for (const color of uniq([...colors, ...(CONFUSABLE_COLORS[obj.color] ?? [])])) {
      if (color !== obj.color) out.push(replace({ ...obj, color }));
    }
    for (const shape of uniq([...shapes, ...CONFUSABLE_SHAPES[obj.shape]])) {
      if (shape !== obj.shape) out.push(replace({ ...obj, shape }));
    }
  });
  // Hallucinated objects carrying the attributes the question is about.
  const hallucinate = (color: string, shape: Shape): void => {
    const size = rng.pick(SIZES);
    out.push(withObjects(scene, [...objs, { color, shape, size, ...randomPosition(rng, size, scene.width, scene.height) }]));
  };
  for (const color of colors) hallucinate(color, shapes.length > 0 ? rng.pick(shapes) : rng.pick(SHAPES));
  for (const shape of shapes) hallucinate(colors.length > 0 ? rng.pick(colors) : rng.pick(COLORS), shape);
  // Left/right confusion: one referent seen mirrored across the other.
  if (spec.kind === 'relative-position') {
    const find = (r: { color: string; shape: Shape }): number => objs.findIndex((o) => o.color === r.color && o.shape === r.shape);
    const ia = find(spec.a);
    const ib = find(spec.b);
    if (ia >= 0 && ib >= 0) {
      for (const [moved, pivot] of [
        [ia, ib],
        [ib, ia],
      ] as const) {
        const m = objs[moved]!;
        const x = Math.min(scene.width - 4, Math.max(4, 2 * objs[pivot]!.x - m.x));
        out.push(withObjects(scene, objs.map((p, j) => (j === moved ? { ...p, x } : p))));
      }
    }
  }
  return out;
}

/**
 * A perceived scene on which the question's answer differs from `gold`, or
 * null if no single misreading changes it (not expected for demo questions).
 * `rng` should be keyed by the sample, not the checkpoint, so a sample that
 * is misread tends to be misread the same way at every checkpoint.
 */
export function misperceive(
  spec: QuestionSpec,
  scene: Scene,
  choices: Record<string, string> | null,
  gold: string,
  rng: Rng,
): Scene | null {
  const wrong = candidates(spec, scene, choices, rng).filter((s) => {
    const sol = solveQuestion(spec, s, choices);
    return sol !== null && sol.answer !== gold;
  });
  return wrong.length > 0 ? rng.pick(wrong) : null;
}
