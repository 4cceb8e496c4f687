import { describe, expect, it } from 'vitest';
import { COLORS, DEMO_BENCHMARK_NAME, type DemoSample, describeScene, generateDemoBenchmark, parseQuestion } from './index';
import { formatQuestion } from './questions';
import { type SceneObject, boundingRadius } from './scene';

const bench = generateDemoBenchmark();

/**
 * Independent re-implementation of the gold answers, written directly from
 * the question wording (not via solveQuestion), so a bug in the solver or a
 * template cannot hide itself.
 */
function recount(s: DemoSample): string {
  const objs = s.scene.objects;
  const n = (pred: (o: SceneObject) => boolean): number => objs.reduce((acc, o) => acc + (pred(o) ? 1 : 0), 0);
  const q = s.question;
  let m: RegExpMatchArray | null;
  if ((m = q.match(/^How many more (\w+)s than (\w+)s are there\?$/))) return String(n((o) => o.shape === m![1]) - n((o) => o.shape === m![2]));
  if ((m = q.match(/^How many (\w+) objects are there\?$/))) return String(n((o) => o.color === m![1]));
  if ((m = q.match(/^How many (\w+)s are there\?$/))) return String(n((o) => o.shape === m![1]));
  if ((m = q.match(/^What color is the (\w+) (\w+)\?$/))) {
    const hits = objs.filter((o) => o.size === m![1] && o.shape === m![2]);
    expect(hits, `${s.id}: referent must be unique`).toHaveLength(1);
    const letter = Object.entries(s.choices ?? {}).find(([, v]) => v === hits[0]!.color)?.[0];
    return letter ?? 'missing';
  }
  if ((m = q.match(/^Is the (\w+) (\w+) to the (left|right) of the (\w+) (\w+)\?$/))) {
    const a = objs.filter((o) => o.color === m![1] && o.shape === m![2]);
    const b = objs.filter((o) => o.color === m![4] && o.shape === m![5]);
    expect(a, `${s.id}: first referent unique`).toHaveLength(1);
    expect(b, `${s.id}: second referent unique`).toHaveLength(1);
    const left = a[0]!.x < b[0]!.x;
    return (m[3] === 'left') === left ? 'yes' : 'no';
  }
  if ((m = q.match(/^Subtract all (\w+) objects\. How many objects are left\?$/))) return String(objs.length - n((o) => o.color === m![1]));
  if ((m = q.match(/^Add (\d+) (\w+) (\w+?)s?\. How many (\w+)s are there\?$/))) return String(n((o) => o.shape === m![4]) + Number(m[1]));
  if ((m = q.match(/^Subtract all (\w+)s\. Subtract all (\w+) objects\. How many objects are left\?$/)))
    return String(objs.length - n((o) => o.shape === m![1] || o.color === m![2]));
  throw new Error(`unrecognised question: ${q}`);
}

describe('generateDemoBenchmark', () => {
  it('has the documented name, size and id format', () => {
    expect(DEMO_BENCHMARK_NAME).toBe('CLEVR-Sim (simulated demo)');
    expect(bench).toHaveLength(120);
    expect(bench[0]!.id).toBe('clevr-sim-0001');
    expect(bench[119]!.id).toBe('clevr-sim-0120');
    expect(new Set(bench.map((s) => s.id)).size).toBe(120);
  });

  it('is deterministic for a seed (same PNG bytes, questions and answers)', () => {
    const again = generateDemoBenchmark();
    expect(again.map((s) => s.question)).toEqual(bench.map((s) => s.question));
    expect(again.map((s) => s.answer)).toEqual(bench.map((s) => s.answer));
    again.forEach((s, i) => expect(s.image.equals(bench[i]!.image)).toBe(true));
  });

  it('keeps earlier samples stable when count changes, and differs across seeds', () => {
    const small = generateDemoBenchmark({ count: 10 });
    small.forEach((s, i) => {
      expect(s.question).toBe(bench[i]!.question);
      expect(s.image.equals(bench[i]!.image)).toBe(true);
    });
    const other = generateDemoBenchmark({ count: 10, seed: 7 });
    expect(other.filter((s, i) => s.image.equals(bench[i]!.image))).toHaveLength(0);
  });

  it('is fast', () => {
    const t0 = performance.now();
    generateDemoBenchmark({ seed: 99 });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('builds valid scenes: 3-9 objects, CLEVR colours, non-overlapping, inside the canvas', () => {
    for (const s of bench) {
      const objs = s.scene.objects;
      expect(objs.length).toBeGreaterThanOrEqual(3);
      expect(objs.length).toBeLessThanOrEqual(9);
      for (const [i, a] of objs.entries()) {
        expect(COLORS).toContain(a.color);
        const r = boundingRadius(a.size);
        expect(a.x - r).toBeGreaterThanOrEqual(0);
        expect(a.y - r).toBeGreaterThanOrEqual(0);
        expect(a.x + r).toBeLessThanOrEqual(s.scene.width);
        expect(a.y + r).toBeLessThanOrEqual(s.scene.height);
        for (const b of objs.slice(i + 1)) {
          expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(r + boundingRadius(b.size));
        }
      }
    }
  });

  it('splits perception and reasoning 50/50 and covers every question type', () => {
    expect(bench.filter((s) => s.category === 'perception')).toHaveLength(60);
    const kinds = new Set(bench.map((s) => parseQuestion(s.question)?.kind));
    expect([...kinds].sort()).toEqual(
      ['add-shape', 'color-of', 'count-color', 'count-shape', 'more-than', 'relative-position', 'subtract-color', 'subtract-two'].sort(),
    );
    for (const s of bench) {
      if (s.category === 'reasoning') expect(s.skills).toEqual(expect.arrayContaining(['counting', 'arithmetic']));
      else expect(s.skills.length).toBeGreaterThan(0);
    }
  });

  it('has gold answers that match an independent recount of the scene', () => {
    for (const s of bench) expect(recount(s), `${s.id}: ${s.question}`).toBe(s.answer);
  });

  it('gives MCQ questions four options A-D containing the gold colour once, and typed answers', () => {
    for (const s of bench) {
      if (s.answerType === 'mcq') {
        expect(Object.keys(s.choices!)).toEqual(['A', 'B', 'C', 'D']);
        expect(new Set(Object.values(s.choices!)).size).toBe(4);
        expect(Object.keys(s.choices!)).toContain(s.answer);
      } else {
        expect(s.choices).toBeNull();
      }
      if (s.answerType === 'yesno') expect(['yes', 'no']).toContain(s.answer);
      if (s.answerType === 'numeric') expect(s.answer).toMatch(/^\d+$/);
    }
  });

  it('round-trips every question through parseQuestion/formatQuestion', () => {
    for (const s of bench) {
      const spec = parseQuestion(s.question);
      expect(spec, s.question).not.toBeNull();
      expect(formatQuestion(spec!)).toBe(s.question);
    }
    expect(parseQuestion('What is the airspeed of a swallow?')).toBeNull();
  });

  it('captions describe every object and the totals', () => {
    for (const s of bench) {
      expect(s.caption).toBe(describeScene(s.scene));
      for (const o of s.scene.objects) expect(s.caption).toContain(`${o.size} ${o.color} ${o.shape}`);
      expect(s.caption).toContain(`containing ${s.scene.objects.length} objects`);
    }
  });
});
