/**
 * Grounding scorer (referring expressions, GUI clicks): the gold is a box (`goldBox`).
 * A predicted box is right when its IoU with the gold is above 0.5, as VLM-R1's REC evaluation
 * counts it (`iou > 0.5`); a predicted point `[x, y]` is right when it lies in the gold box, as
 * ScreenSpot's does. The prediction's last box or point is its answer, written as a list
 * (`[15, 134, 137, 469]`, `{"bbox_2d": [...]}`) or as Qwen2-VL's corners `(x1,y1),(x2,y2)`.
 * Coordinates are compared as written: a model answering in another frame (0-1000 when the gold
 * is in pixels) is wrong here, and the reason gives the IoU.
 */
import type { ScoreContext, ScoreOutcome } from './types';

type Box = [number, number, number, number];
type Point = [number, number];

const NUMBER = String.raw`\s*(-?\d+(?:\.\d+)?)\s*`;
const BOX = new RegExp(String.raw`\[${NUMBER},${NUMBER},${NUMBER},${NUMBER}\]|\(${NUMBER},${NUMBER}\)\s*,?\s*\(${NUMBER},${NUMBER}\)`, 'g');
const POINT = new RegExp(String.raw`[[(]${NUMBER},${NUMBER}[\])]`, 'g');
/** Golds longer than this are no one box (a list of findings, a caption). */
const MAX_GOLD_BOX_CHARS = 400;

/**
 * A gold box: the one box the gold writes, as `[x1, y1, x2, y2]`, Qwen2-VL's `(x1,y1),(x2,y2)`
 * (inside its `<|box_start|>…<|box_end|>` or not) or Qwen2.5-VL's `{"bbox_2d": […]}` (alone or
 * as a list of one), corners in order. A gold of several boxes is none.
 */
export function goldBox(gold: string): Box | null {
  if (gold.length > MAX_GOLD_BOX_CHARS) return null;
  const boxes = [...gold.matchAll(BOX)];
  if (boxes.length !== 1) return null;
  const box = boxes[0]!.slice(1).filter((n) => n !== undefined).map(Number) as Box;
  return box[2] >= box[0] && box[3] >= box[1] ? box : null;
}

/**
 * A gold written in a box notation: Qwen2.5-VL's `bbox_2d` or Qwen2-VL's box tokens, one box or
 * several (several are no answer the grounding scorer compares, and it says so, rather than a
 * scorer of numbers comparing their last coordinate). Four numbers in brackets may be a list,
 * and two pairs two points: those are boxes only where the file or the benchmark says so.
 */
export function writtenAsBoxes(gold: string): boolean {
  return /"bbox_2d"\s*:|<\|box_start\|>/.test(gold);
}

/** The last box the text writes, else its last point. */
function lastBoxOrPoint(text: string): { box: Box } | { point: Point } | null {
  const boxes = [...text.matchAll(BOX)];
  const box = boxes.at(-1);
  if (box) return { box: box.slice(1).filter((n) => n !== undefined).map(Number) as Box };
  const point = [...text.matchAll(POINT)].at(-1);
  return point ? { point: [Number(point[1]), Number(point[2])] } : null;
}

export function iou(a: Box, b: Box): number {
  const width = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const height = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const overlap = width * height;
  const area = (box: Box): number => Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
  const union = area(a) + area(b) - overlap;
  return union > 0 ? overlap / union : 0;
}

const round = (n: number): string => String(Math.round(n * 1000) / 1000);

export function scoreGrounding(ctx: ScoreContext): ScoreOutcome {
  const gold = ctx.golds.map(goldBox).find((box): box is Box => box !== null);
  if (!gold) return { correct: false, score: 0, extracted: null, reason: `grounding: gold ${JSON.stringify(ctx.golds[0] ?? '')} is not one box ([x1, y1, x2, y2], (x1,y1),(x2,y2) or {"bbox_2d": […]})` };
  const answer = lastBoxOrPoint(ctx.span.text) ?? lastBoxOrPoint(ctx.fullText);
  const goldText = `[${gold.join(', ')}]`;
  if (!answer) return { correct: false, score: 0, extracted: null, reason: `grounding: no box or point found in ${ctx.span.source}; gold ${goldText}` };
  if ('point' in answer) {
    const [x, y] = answer.point;
    const inside = gold[0] <= x && x <= gold[2] && gold[1] <= y && y <= gold[3];
    return {
      correct: inside,
      score: inside ? 1 : 0,
      extracted: `[${x}, ${y}]`,
      reason: `grounding: point [${x}, ${y}] is ${inside ? 'inside' : 'outside'} the gold box ${goldText}`,
    };
  }
  const overlap = iou(answer.box, gold);
  const right = overlap > 0.5;
  return {
    correct: right,
    score: right ? 1 : 0,
    extracted: `[${answer.box.join(', ')}]`,
    reason: `grounding: box [${answer.box.join(', ')}] has IoU ${round(overlap)} with the gold box ${goldText} (${right ? 'above' : 'not above'} 0.5, the threshold for right)`,
  };
}
