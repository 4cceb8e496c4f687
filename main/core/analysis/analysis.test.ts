import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BENCHMARK_NAME, DEMO_CHECKPOINTS } from '../demo';
import { seedDemoWorkspace } from '../demo/seed';
import { parseQuery, QueryError } from '../query/filter';
import { upsertBenchmark, upsertCheckpoint, upsertSample } from '../store/catalog';
import { openWorkspace, type Db } from '../store/database';
import { explorerPage } from '../store/explorer';
import { findOrCreateRun, recordPrediction } from '../store/runs';
import { runSummaries } from '../store/summaries';
import { compareCheckpoints } from './compare';
import { learningDynamics } from './learning';
import { passAtK } from './passk';
import { stageProgression } from './progression';
import { passAtKReport } from './sampling';
import { suiteAverages } from './suites';
import { traceStats } from './traces';

let dir: string;
let demo: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-analysis-'));
  demo = openWorkspace(join(dir, 'demo.sqlite'));
  await seedDemoWorkspace(demo);
});

afterAll(() => {
  demo.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every prediction a query matches, through the explorer (an independent path to the data). */
function explore(db: Db, query: string) {
  const rows = [];
  for (let offset = 0; ; offset += 500) {
    const page = explorerPage(db, { filter: parseQuery(query), offset, limit: 500 });
    rows.push(...page.rows);
    if (offset + 500 >= page.total) return { rows, total: page.total };
  }
}

const runOf = (db: Db, checkpoint: string) => runSummaries(db).find((run) => run.checkpoint === checkpoint)!;

/** First-answer verdicts of a checkpoint by sample, read through the explorer. */
function verdicts(db: Db, checkpoint: string): Map<number, boolean> {
  return new Map(explore(db, `run:${runOf(db, checkpoint).runId}`).rows.map((row) => [row.sampleId, row.correct === true]));
}

describe('paired comparison on the demo workspace', () => {
  it('counts flips as an independent pairing of the two runs does, with McNemar and a bootstrap interval', () => {
    const a = 'stage1-perception@200';
    const b = 'stage2-text-reasoning@100';
    const result = compareCheckpoints(demo, { a, b, replicates: 2000, seed: 5, includeIds: true });
    const va = verdicts(demo, a);
    const vb = verdicts(demo, b);
    let aRightBWrong = 0;
    let aWrongBRight = 0;
    for (const [sample, right] of va) {
      if (right && vb.get(sample) === false) aRightBWrong++;
      if (!right && vb.get(sample) === true) aWrongBRight++;
    }
    const row = result.benchmarks[0]!;
    expect(result.benchmarks).toHaveLength(1);
    expect(row).toMatchObject({ benchmark: DEMO_BENCHMARK_NAME, n: va.size, aRightBWrong, aWrongBRight });
    expect(row.aCorrect).toBe([...va.values()].filter(Boolean).length);
    expect(row.bCorrect).toBe([...vb.values()].filter(Boolean).length);
    expect(row.bothRight + row.bothWrong + row.aRightBWrong + row.aWrongBRight).toBe(row.n);
    expect(row.diff).toBeCloseTo((row.bCorrect - row.aCorrect) / row.n, 12);
    expect(row.diffCi![0]).toBeLessThanOrEqual(row.diff!);
    expect(row.diffCi![1]).toBeGreaterThanOrEqual(row.diff!);
    expect(row.mcnemarP).toBeGreaterThan(0);
    expect(result.overall).toMatchObject({ n: row.n, aRightBWrong, aWrongBRight, mcnemarP: row.mcnemarP });
    // Deterministic: the same seed gives the same interval.
    expect(compareCheckpoints(demo, { a, b, replicates: 2000, seed: 5 }).overall.diffCi).toEqual(result.overall.diffCi);

    // The ids behind each cell, and the explorer query that opens it, list the same samples.
    expect(row.ids!.aRightBWrong).toHaveLength(aRightBWrong);
    expect(row.ids!.aWrongBRight).toHaveLength(aWrongBRight);
    const cell = explore(demo, row.queries.aRightBWrong);
    expect(cell.total).toBe(aRightBWrong);
    expect(new Set(cell.rows.map((r) => r.predictionId))).toEqual(new Set(row.ids!.aRightBWrong.map((pair) => pair.bPredictionId)));
    expect(explore(demo, row.queries.aWrongBRight).total).toBe(aWrongBRight);
    expect(() => parseQuery('vs:base')).toThrow(QueryError);
  });

  it('refuses unknown checkpoints and benchmarks by name', () => {
    expect(() => compareCheckpoints(demo, { a: 'nope', b: 'base', replicates: 100, seed: 1 })).toThrow(/checkpoint "nope" does not exist in this workspace; it has "/);
    // A part of a name is met with the names that contain it.
    expect(() => compareCheckpoints(demo, { a: 'stage3', b: 'base', replicates: 100, seed: 1 })).toThrow(/checkpoint "stage3" does not exist in this workspace; did you mean "stage3-/);
    expect(() => compareCheckpoints(demo, { a: 'base', b: 'base', benchmark: 'POPE', replicates: 100, seed: 1 })).toThrow(/POPE/);
  });
});

describe('stage progression, trace statistics and learning dynamics on the demo workspace', () => {
  it('orders checkpoints by stage and step, with the accuracies the run summaries give', () => {
    const progression = stageProgression(demo);
    expect(progression.checkpoints.map((c) => c.checkpoint)).toEqual(DEMO_CHECKPOINTS.map((c) => c.name));
    const points = progression.benchmarks[0]!.points;
    for (const point of points) {
      const run = runOf(demo, point.checkpoint);
      expect(point).toMatchObject({ n: run.n, correct: run.correct, runId: run.runId });
      expect(point.ci).toEqual(run.ci);
    }
    expect(points.at(-1)!.accuracy! - points[0]!.accuracy!).toBeGreaterThan(0.2);
  });

  it('counts format violations, truncations and extraction failures as the explorer finds them', () => {
    const rows = traceStats(demo);
    const base = rows.find((row) => row.checkpoint === 'base' && row.benchmark === null)!;
    const runId = runOf(demo, 'base').runId;
    expect(base.formatCompliance.count).toBe(explore(demo, `run:${runId} format:ok`).total);
    expect(base.formatCompliance.n).toBe(explore(demo, `run:${runId}`).total);
    expect(base.truncations.count).toBe(explore(demo, `run:${runId} finish:length`).total);
    expect(base.truncations.count).toBeGreaterThan(0);
    const extracted = explore(demo, `run:${runId}`).rows.filter((row) => row.correct !== null && row.extracted === null).length;
    expect(base.extractionFailures.count).toBe(extracted);
    expect(base.thinkLengthBins.reduce((sum, bin) => sum + bin.n, 0)).toBe(base.graded);
    expect(base.meanThinkChars.correct).toBeGreaterThan(0);
    // Per benchmark and overall agree for a one-benchmark workspace.
    const perBenchmark = rows.find((row) => row.checkpoint === 'base' && row.benchmark === DEMO_BENCHMARK_NAME)!;
    expect(perBenchmark.formatCompliance).toEqual(base.formatCompliance);
    // The base model breaks the format more often than the release.
    const release = rows.find((row) => row.checkpoint === 'stage3-visual-reasoning@279' && row.benchmark === null)!;
    expect(release.formatCompliance.share!).toBeGreaterThan(base.formatCompliance.share!);
  });

  it('finds when samples are learned for good, forgotten, or never learned', () => {
    const all = learningDynamics(demo, { offset: 0, limit: 1000 });
    const series = all.checkpoints.map((c) => c.checkpoint);
    expect(series).toEqual(DEMO_CHECKPOINTS.map((c) => c.name));
    const byCheckpoint = series.map((name) => verdicts(demo, name));
    let events = 0;
    let never = 0;
    for (const sample of all.samples) {
      const expected = byCheckpoint.map((v) => v.get(sample.sampleId) ?? null);
      expect(sample.outcomes).toEqual(expected);
      for (let i = 1; i < expected.length; i++) if (expected[i - 1] && expected[i] === false) events++;
      if (expected.every((value) => value === false)) never++;
    }
    expect(all.totals.samples).toBe(120);
    expect(all.totals.forgettingEvents).toBe(events);
    expect(all.totals['never-learned']).toBe(never);
    expect(all.totals['always-correct'] + all.totals.learned + all.totals.forgotten + all.totals['never-learned']).toBe(120);
    expect(all.learnedAt.reduce((sum, entry) => sum + entry.count, 0)).toBe(all.totals['always-correct'] + all.totals.learned);
    expect(all.forgettingByTransition.reduce((sum, entry) => sum + entry.count, 0)).toBe(events);
    expect(events).toBeGreaterThan(0); // the demo breaks some samples between stages

    const stage3 = learningDynamics(demo, { stage: 'stage3', status: 'forgotten', offset: 0, limit: 10 });
    expect(stage3.checkpoints.map((c) => c.step)).toEqual([100, 200, 279]);
    expect(stage3.samples.every((sample) => sample.status === 'forgotten' && sample.outcomes.length === 3)).toBe(true);
    expect(stage3.matching).toBe(stage3.totals.forgotten);
  });
});

/**
 * A small real-benchmark workspace: two checkpoints on two suite members (one stored under an
 * alias), and a run with four answers per question.
 */
function buildSuiteWorkspace(db: Db) {
  const mathvista = upsertBenchmark(db, { name: 'MathVista testmini' });
  const pope = upsertBenchmark(db, { name: 'POPE' });
  const a = upsertCheckpoint(db, { name: 'ck-a', stage: 'stage1', step: 10 });
  const b = upsertCheckpoint(db, { name: 'ck-b', stage: 'stage2', step: 20 });
  const samples = (benchmarkId: number, count: number) =>
    Array.from({ length: count }, (_, i) => upsertSample(db, { benchmarkId, externalId: String(i), question: `q${i}`, answer: 'x' }));
  const mv = samples(mathvista, 40);
  const pp = samples(pope, 60);
  const answer = (runId: number, sampleId: number, sampleIndex: number, correct: boolean, extracted: string | null = correct ? 'x' : 'y') =>
    recordPrediction(db, {
      runId,
      sampleId,
      sampleIndex,
      rawOutput: `<think>t</think> \\boxed{${extracted ?? ''}}`,
      thinkStart: 7,
      thinkEnd: 8,
      answerPart: '',
      formatOk: true,
      verdict: { scorer: 'text', graderVersion: 'test', correct, score: correct ? 1 : 0, extracted, reason: 'test' },
    });
  const run = (checkpointId: number, benchmarkId: number, key: string, k = 1) =>
    findOrCreateRun(db, { checkpointId, benchmarkId, runKey: key, config: {}, backend: 'test', samplesPerQuestion: k }).run.id;
  // ck-a: 20/40 on MathVista, 30/60 on POPE; ck-b: 30/40 and 45/60.
  const aMv = run(a, mathvista, 'a-mv');
  const aPp = run(a, pope, 'a-pp');
  const bMv = run(b, mathvista, 'b-mv');
  const bPp = run(b, pope, 'b-pp');
  mv.forEach((s, i) => answer(aMv, s, 0, i < 20));
  mv.forEach((s, i) => answer(bMv, s, 0, i >= 10));
  pp.forEach((s, i) => answer(aPp, s, 0, i < 30));
  pp.forEach((s, i) => answer(bPp, s, 0, i >= 15));
  // ck-b drew 4 answers per POPE question in another run: question i has i % 5 correct answers (capped at 4).
  const sampled = upsertCheckpoint(db, { name: 'ck-b-k4', stage: 'stage2', step: 21 });
  const k4 = run(sampled, pope, 'b-pp-k4', 4);
  pp.forEach((s, i) => {
    const c = Math.min(4, i % 5);
    for (let j = 0; j < 4; j++) answer(k4, s, j, j < c, j < c ? 'x' : j === 3 ? null : 'y');
  });
  return { pp };
}

describe('suites, aliases and pass@k on a small real-benchmark workspace', () => {
  let db: Db;
  beforeAll(() => {
    db = openWorkspace(join(dir, 'suite.sqlite'));
    buildSuiteWorkspace(db);
  });
  afterAll(() => db.close());

  it('macro-averages the main suite over the members present, mapping aliases to suite names', () => {
    const result = suiteAverages(db, { suite: 'main', replicates: 2000, seed: 1 });
    expect(result.members).toHaveLength(8);
    const a = result.checkpoints.find((c) => c.checkpoint === 'ck-a')!;
    const b = result.checkpoints.find((c) => c.checkpoint === 'ck-b')!;
    expect(a.benchmarks.map((m) => [m.benchmark, m.workspaceBenchmark])).toEqual([
      ['MathVista_MINI', 'MathVista testmini'],
      ['POPE', 'POPE'],
    ]);
    expect(a.average).toBeCloseTo((20 / 40 + 30 / 60) / 2, 12);
    expect(b.average).toBeCloseTo((30 / 40 + 45 / 60) / 2, 12);
    expect(a.complete).toBe(false);
    expect(a.missing).toHaveLength(6);
    expect(a.ci![0]).toBeLessThan(a.average!);
    expect(a.ci![1]).toBeGreaterThan(a.average!);
    const custom = suiteAverages(db, { suite: 'custom', benchmarks: ['mathvista'], replicates: 500, seed: 1 });
    expect(custom.members).toEqual(['MathVista_MINI']);
    expect(custom.checkpoints.find((c) => c.checkpoint === 'ck-b')).toMatchObject({ average: 0.75, complete: true });
    // One benchmark: the average's interval is that benchmark's own Wilson interval, not a second one from a bootstrap.
    const sole = custom.checkpoints.find((c) => c.checkpoint === 'ck-b')!;
    expect(sole.ci).toEqual(sole.benchmarks[0]!.ci);
  });

  it('compares by alias', () => {
    const result = compareCheckpoints(db, { a: 'ck-a', b: 'ck-b', benchmark: 'MathVista_MINI', replicates: 500, seed: 1 });
    expect(result.benchmarks).toHaveLength(1);
    // ck-a right on 0..19, ck-b right on 10..39.
    expect(result.overall).toMatchObject({ n: 40, aRightBWrong: 10, aWrongBRight: 20, bothRight: 10, bothWrong: 0 });
    const both = compareCheckpoints(db, { a: 'ck-a', b: 'ck-b', replicates: 500, seed: 1 });
    expect(both.overall).toMatchObject({ n: 100, aRightBWrong: 10 + 15, aWrongBRight: 20 + 30 });
  });

  it('computes the unbiased pass@k, answer consistency and majority accuracy of a k = 4 run', () => {
    const [row] = passAtKReport(db, { checkpoint: 'ck-b-k4' });
    expect(row!.samplesPerQuestion).toBe(4);
    expect(row!.samples).toBe(60);
    const counts = Array.from({ length: 60 }, (_, i) => Math.min(4, i % 5));
    for (const { k, value } of row!.passAtK) {
      const expected = counts.reduce((sum, c) => sum + passAtK(4, c, k), 0) / 60;
      expect(value).toBeCloseTo(expected, 12);
    }
    expect(row!.passAtK.map((p) => p.k)).toEqual([1, 2, 4]);
    expect(row!.passAtK[0]!.value).toBeCloseTo(counts.reduce((s, c) => s + c, 0) / 240, 12);
    // Answers: c times 'x', then 'y's, with the fourth unextracted when wrong.
    const consistency = counts.map((c) => (c === 4 ? 1 : Math.max(c, 3 - c) / 4));
    expect(row!.consistency).toBeCloseTo(consistency.reduce((s, v) => s + v, 0) / 60, 12);
    const majorityRight = counts.filter((c) => c >= 2).length;
    expect(row!.majorityAccuracy).toBeCloseTo(majorityRight / 60, 12);
  });
});
