/**
 * Step-by-step reasoning text of the simulated model.
 *
 * The trace is written from what the model *perceived* (possibly a
 * misperceived scene) and the arithmetic it *did* (possibly with a slip), so a
 * reader of a wrong answer can see where it went wrong: "I count 4 red
 * objects: ..." lists a hallucinated object, or "5 - 2 = 4" shows a slip.
 */
import { type Arithmetic, type QuestionSpec } from './questions';
import { type Scene, type SceneObject, describeObject, joinList, leftToRight, locationPhrase, pluralShape } from './scene';

/** Where the model's facts come from: the image, or a text description given instead of it. */
export type Evidence = 'image' | 'caption';

export interface TraceInput {
  spec: QuestionSpec;
  /** The scene as the model perceived it. */
  scene: Scene;
  choices: Record<string, string> | null;
  evidence: Evidence;
  /** The answer the model commits to. */
  answer: string;
  /** For reasoning questions: the final step as the model computed it (result may be wrong). */
  arithmetic?: Arithmetic & { result: number };
}

const objectsWord = (n: number): string => (n === 1 ? 'object' : 'objects');

function listObjects(objs: readonly SceneObject[], scene: Scene): string {
  return joinList(leftToRight(objs).map((o) => describeObject(o, scene)));
}

function intro(evidence: Evidence): string {
  return evidence === 'image' ? 'Looking at the image' : 'According to the description';
}

function seeAll(input: TraceInput): string {
  const objs = input.scene.objects;
  const verb = input.evidence === 'image' ? 'I see' : objs.length === 1 ? 'there is' : 'there are';
  return `${intro(input.evidence)}, ${verb} ${objs.length} ${objectsWord(objs.length)}: ${listObjects(objs, input.scene)}.`;
}

function equation(a: Arithmetic & { result: number }): string {
  return `${a.left} ${a.op} ${a.right} = ${a.result}`;
}

/** "the large red cube" / "none" style listing for a subset. */
function subset(objs: readonly SceneObject[], scene: Scene): string {
  return objs.length === 0 ? 'none' : listObjects(objs, scene);
}

/** The text inside <think>...</think>. */
export function buildThinking(input: TraceInput): string {
  const { spec, scene, choices, answer } = input;
  const objs = scene.objects;
  const arith = input.arithmetic;
  switch (spec.kind) {
    case 'count-color': {
      const hits = objs.filter((o) => o.color === spec.color);
      const tail =
        hits.length === 0
          ? `None of them is ${spec.color}, so I count 0 ${spec.color} objects.`
          : `The ${spec.color} ${hits.length === 1 ? 'one is' : 'ones are'} ${listObjects(hits, scene)}. So I count ${hits.length} ${spec.color} ${objectsWord(hits.length)}.`;
      return `The question asks how many ${spec.color} objects there are. ${seeAll(input)} ${tail}`;
    }
    case 'count-shape': {
      const hits = objs.filter((o) => o.shape === spec.shape);
      const plural = pluralShape(spec.shape);
      const tail =
        hits.length === 0
          ? `None of them is a ${spec.shape}, so I count 0 ${plural}.`
          : `The ${pluralShape(spec.shape, hits.length)} ${hits.length === 1 ? 'is' : 'are'} ${listObjects(hits, scene)}. So I count ${hits.length} ${pluralShape(spec.shape, hits.length)}.`;
      return `The question asks how many ${plural} there are. ${seeAll(input)} ${tail}`;
    }
    case 'color-of': {
      const target = objs.find((o) => o.size === spec.size && o.shape === spec.shape);
      const options = joinList(Object.entries(choices ?? {}).map(([k, v]) => `${k}. ${v}`));
      const color = target?.color ?? 'unknown';
      const where = target ? ` ${locationPhrase(target, scene)},` : '';
      return (
        `I need the color of the ${spec.size} ${spec.shape}. ${intro(input.evidence)}, there is exactly one ${spec.size} ${spec.shape},${where} and it is ${color}. ` +
        `The options are ${options}. ${color[0]!.toUpperCase()}${color.slice(1)} is option ${answer}.`
      );
    }
    case 'relative-position': {
      const a = objs.find((o) => o.color === spec.a.color && o.shape === spec.a.shape);
      const b = objs.find((o) => o.color === spec.b.color && o.shape === spec.b.shape);
      const nameA = `the ${spec.a.color} ${spec.a.shape}`;
      const nameB = `the ${spec.b.color} ${spec.b.shape}`;
      if (!a || !b) return `I cannot locate both ${nameA} and ${nameB}.`;
      const side = a.x < b.x ? 'left' : 'right';
      return (
        `I need to compare the horizontal positions of ${nameA} and ${nameB}. ${intro(input.evidence)}, ${nameA} is ${locationPhrase(a, scene)} and ${nameB} is ${locationPhrase(b, scene)}. ` +
        `${nameA[0]!.toUpperCase()}${nameA.slice(1)} is further ${side} than ${nameB}, so it ${side === spec.side ? 'is' : 'is not'} to the ${spec.side} of it. The answer is ${answer}.`
      );
    }
    case 'subtract-color': {
      const hits = objs.filter((o) => o.color === spec.color);
      return (
        `First I count all objects. ${seeAll(input)} ` +
        `Next, the ${spec.color} objects to subtract: ${subset(hits, scene)}, that is ${hits.length}. ` +
        `Removing them leaves ${arith ? equation(arith) : answer} ${objectsWord(Number(answer))}.`
      );
    }
    case 'add-shape': {
      const hits = objs.filter((o) => o.shape === spec.shape);
      const have =
        hits.length === 0
          ? `there are no ${pluralShape(spec.shape)} yet`
          : `there ${hits.length === 1 ? 'is' : 'are'} ${hits.length} ${pluralShape(spec.shape, hits.length)}: ${listObjects(hits, scene)}`;
      return (
        `First I count the ${pluralShape(spec.shape)} already in the scene. ${intro(input.evidence)}, ${have}. ` +
        `Adding ${spec.count} ${spec.size} ${pluralShape(spec.shape, spec.count)} gives ${arith ? equation(arith) : answer} ${pluralShape(spec.shape)}.`
      );
    }
    case 'more-than': {
      const more = objs.filter((o) => o.shape === spec.more);
      const fewer = objs.filter((o) => o.shape === spec.fewer);
      return (
        `${intro(input.evidence)}, I count ${more.length} ${pluralShape(spec.more, more.length)} (${subset(more, scene)}) ` +
        `and ${fewer.length} ${pluralShape(spec.fewer, fewer.length)} (${subset(fewer, scene)}). ` +
        `The difference is ${arith ? equation(arith) : answer}, so there ${answer === '1' ? 'is' : 'are'} ${answer} more ${pluralShape(spec.more, Number(answer))} than ${pluralShape(spec.fewer)}.`
      );
    }
    case 'subtract-two': {
      const first = objs.filter((o) => o.shape === spec.shape);
      const second = objs.filter((o) => o.shape !== spec.shape && o.color === spec.color);
      const removed = first.length + second.length;
      return (
        `${seeAll(input)} First, subtract all ${pluralShape(spec.shape)}: ${subset(first, scene)}, that is ${first.length}. ` +
        `Then subtract all ${spec.color} objects among the rest: ${subset(second, scene)}, that is ${second.length}. ` +
        `That removes ${first.length} + ${second.length} = ${removed} objects, so ${arith ? equation(arith) : answer} ${objectsWord(Number(answer))} are left.`
      );
    }
  }
}

/**
 * Filler for an answer that runs out of tokens: the model keeps re-checking
 * instead of committing. Returned text is at least `minChars` long.
 */
export function buildRambling(input: TraceInput, minChars: number): string {
  const base = buildThinking(input);
  const loops = [
    'Wait, let me double-check that by going over the scene again.',
    `Hmm, I should be careful. ${seeAll(input)}`,
    'Let me re-verify each object one by one before answering, in case I missed something partially hidden.',
  ];
  let text = base;
  for (let i = 0; text.length < minChars; i++) text += ` ${loops[i % loops.length]}`;
  return text;
}
