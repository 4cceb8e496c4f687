/**
 * CLEVR-style scenes: a flat list of coloured shapes on a canvas.
 *
 * Scenes are the single source of truth of the demo: the PNG, the caption,
 * the gold answers and the simulated model's (mis)perceptions are all derived
 * from them, so they can never disagree with each other.
 */
import { Rng } from './rng';

export type Shape = 'cube' | 'sphere' | 'cylinder';
export type Size = 'small' | 'large';

export interface SceneObject {
  shape: Shape;
  color: string;
  size: Size;
  /** Centre of the object in pixels (origin top-left, y grows downwards). */
  x: number;
  y: number;
}

export interface Scene {
  id: string;
  width: number;
  height: number;
  objects: SceneObject[];
}

export const SHAPES: readonly Shape[] = ['cube', 'sphere', 'cylinder'];
export const SIZES: readonly Size[] = ['small', 'large'];
/** CLEVR's eight colours. */
export const COLORS: readonly string[] = ['gray', 'red', 'blue', 'green', 'brown', 'purple', 'cyan', 'yellow'];

export const SCENE_WIDTH = 320;
export const SCENE_HEIGHT = 240;
export const MIN_OBJECTS = 3;
export const MAX_OBJECTS = 9;

/** Half-extent in pixels of an object's nominal footprint (see render.ts for per-shape geometry). */
export function halfSize(size: Size): number {
  return size === 'large' ? 22 : 13;
}

/**
 * Radius of a circle that contains the drawn shape including its outline.
 * Placement keeps these circles apart, which guarantees no overlap.
 */
export function boundingRadius(size: Size): number {
  return Math.ceil(halfSize(size) * 1.3) + 2;
}

/** Gap kept between bounding circles so objects never visually touch. */
const OBJECT_GAP = 4;
/** Canvas border kept free of objects. */
const BORDER = 6;

function fits(candidate: SceneObject, placed: readonly SceneObject[]): boolean {
  const r = boundingRadius(candidate.size);
  for (const o of placed) {
    const min = r + boundingRadius(o.size) + OBJECT_GAP;
    if ((o.x - candidate.x) ** 2 + (o.y - candidate.y) ** 2 < min * min) return false;
  }
  return true;
}

/** Random position for an object of this size that stays inside the canvas border. */
export function randomPosition(rng: Rng, size: Size, width: number, height: number): { x: number; y: number } {
  const r = boundingRadius(size) + BORDER;
  return { x: rng.int(r, width - r), y: rng.int(r, height - r) };
}

/**
 * Random scene with MIN..MAX objects at non-overlapping positions.
 * Rejection sampling; if a large object cannot be placed we retry it small,
 * and if that fails too the object is skipped (scenes stay >= MIN_OBJECTS in
 * practice because the canvas has room for far more than nine objects).
 */
export function generateScene(rng: Rng, id: string, width = SCENE_WIDTH, height = SCENE_HEIGHT): Scene {
  const target = rng.int(MIN_OBJECTS, MAX_OBJECTS);
  const objects: SceneObject[] = [];
  for (let i = 0; i < target; i++) {
    const shape = rng.pick(SHAPES);
    const color = rng.pick(COLORS);
    const preferred = rng.pick(SIZES);
    const sizes: Size[] = preferred === 'large' ? ['large', 'small'] : ['small'];
    placing: for (const size of sizes) {
      for (let attempt = 0; attempt < 200; attempt++) {
        const obj: SceneObject = { shape, color, size, ...randomPosition(rng, size, width, height) };
        if (fits(obj, objects)) {
          objects.push(obj);
          break placing;
        }
      }
    }
  }
  // Belt and braces: top up with small objects if placement ever fell short.
  for (let attempt = 0; objects.length < MIN_OBJECTS && attempt < 1000; attempt++) {
    const obj: SceneObject = {
      shape: rng.pick(SHAPES),
      color: rng.pick(COLORS),
      size: 'small',
      ...randomPosition(rng, 'small', width, height),
    };
    if (fits(obj, objects)) objects.push(obj);
  }
  return { id, width, height, objects };
}

// ---------------------------------------------------------------------------
// Wording shared by captions, questions and simulated reasoning traces, so a
// caption and a trace describe the same object with the same words.

export function pluralShape(shape: Shape, n = 2): string {
  return n === 1 ? shape : `${shape}s`;
}

/** "on the left" / "in the center" / "on the right" for an x coordinate. */
export function horizontalPhrase(x: number, width: number): string {
  if (x < width / 3) return 'left';
  if (x > (2 * width) / 3) return 'right';
  return 'center';
}

/** Coarse 3x3 location, e.g. "at the upper left", "in the center", "at the bottom". */
export function locationPhrase(obj: Pick<SceneObject, 'x' | 'y'>, scene: Pick<Scene, 'width' | 'height'>): string {
  const h = horizontalPhrase(obj.x, scene.width);
  const v = obj.y < scene.height / 3 ? 'upper' : obj.y > (2 * scene.height) / 3 ? 'lower' : 'middle';
  if (v === 'middle') return h === 'center' ? 'in the center' : `on the ${h}`;
  if (h === 'center') return v === 'upper' ? 'at the top' : 'at the bottom';
  return `at the ${v} ${h}`;
}

/** "a large red cube at the upper left" */
export function describeObject(obj: SceneObject, scene: Pick<Scene, 'width' | 'height'>): string {
  return `a ${obj.size} ${obj.color} ${obj.shape} ${locationPhrase(obj, scene)}`;
}

/** English list: "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Objects ordered left to right (ties broken top to bottom) for stable listings. */
export function leftToRight(objects: readonly SceneObject[]): SceneObject[] {
  return objects.slice().sort((a, b) => a.x - b.x || a.y - b.y);
}
