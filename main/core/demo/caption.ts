/**
 * The "perfect captioner": an exhaustive, accurate text description of a scene.
 *
 * It is the text given INSTEAD of the image in the caption counterfactual, so
 * it must carry every fact any demo question needs: each object's size,
 * colour, shape and rough location, the left-to-right order (relative
 * position questions) and the totals per shape, colour and size (counting).
 */
import {
  COLORS,
  type Scene,
  type SceneObject,
  SHAPES,
  SIZES,
  describeObject,
  joinList,
  leftToRight,
  pluralShape,
} from './scene';

function tally<T extends string>(objects: readonly SceneObject[], key: (o: SceneObject) => T, order: readonly T[], noun: (v: T, n: number) => string): string {
  const parts: string[] = [];
  for (const value of order) {
    const n = objects.filter((o) => key(o) === value).length;
    if (n > 0) parts.push(`${n} ${noun(value, n)}`);
  }
  return joinList(parts);
}

export function describeScene(scene: Scene): string {
  const objs = leftToRight(scene.objects);
  const n = objs.length;
  const listing = objs.map((o, i) => `(${i + 1}) ${describeObject(o, scene)}`).join('; ');
  const shapes = tally(objs, (o) => o.shape, SHAPES, (s, k) => pluralShape(s, k));
  const colors = tally(objs, (o) => o.color, COLORS, (c, k) => `${c} ${k === 1 ? 'object' : 'objects'}`);
  const sizes = tally(objs, (o) => o.size, SIZES, (s, k) => `${s} ${k === 1 ? 'object' : 'objects'}`);
  return (
    `A synthetic rendered scene on a plain light-gray background containing ${n} ${n === 1 ? 'object' : 'objects'}, ` +
    `none of them overlapping. From left to right: ${listing}. ` +
    `In total there ${n === 1 ? 'is' : 'are'} ${shapes}; by color: ${colors}; by size: ${sizes}.`
  );
}
