/**
 * The store's fast paths (0007_performance.sql, store/explorer/, store/analysis.ts) must give
 * exactly what the straightforward queries give: summary counts equal recounts after inserts,
 * re-grades, category changes and deletes; explorer pages and totals equal a plain
 * filter-sort-page over predictions; flip counts equal a full pairing. Timing is the bench's
 * business (bench/), not these tests'.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import type { ExplorerSortField } from '../types/records';
import { parseQuery } from '../query/filter';
import { upsertBenchmark, upsertCheckpoint, upsertSample } from './catalog';
import { openWorkspace, type Db } from './database';
import { EXACT_COUNT_LIMIT, EXPLORER_COLUMNS, countMatching, explorerPage, filterToSql, toExplorerRow, type ExplorerRowSql } from './explorer';
import { addAnnotation } from './predictions';
import { deleteRuns } from './imports';
import { findOrCreateRun, recordPrediction } from './runs';
import { flipCounts, flipPairs, runAccuracy } from './analysis';
import { setRunPurpose } from './attribution';
import { listBenchmarks, runSummaries } from './summaries';
import { mulberry32 } from '../util/random';

const WORDS = ['angle', 'cube', 'sphere', 'therefore', 'count', 'red', 'blue', 'parallel', 'chart', 'bar'];
const CATEGORIES = ['geometry', 'counting', 'charts', null];

/**
 * Three benchmarks, four checkpoints (one run each per benchmark, one with two answers per
 * question), a counterfactual run, verdicts of every kind (right, wrong, ungraded, errors,
 * official verdicts, format flags), categories (some missing), searchable text and labels.
 */
function seed(db: Db, samplesPerBenchmark = 60): { runs: number[]; counterfactual: number } {
  // Seeded, so that a failure can be reproduced.
  const random = mulberry32(7);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const runs: number[] = [];
  const checkpoints = ['base', 'stage1@100', 'stage2@200', 'stage3@300'].map((name, i) =>
    upsertCheckpoint(db, { name, stage: ['base', 'stage1', 'stage2', 'stage3'][i]!, step: i * 100 }),
  );
  let counterfactual = 0;
  for (const benchmark of ['MMStar', 'MathVista_MINI', 'POPE']) {
    const benchmarkId = upsertBenchmark(db, { name: benchmark });
    const samples = Array.from({ length: samplesPerBenchmark }, (_, i) =>
      upsertSample(db, {
        benchmarkId,
        externalId: `${benchmark}-${i}`,
        question: `Question ${i}: what about the ${pick(WORDS)} and the ${pick(WORDS)}?`,
        answer: 'A',
        category: pick(CATEGORIES),
      }),
    );
    checkpoints.forEach((checkpointId, c) => {
      const k = c === 2 ? 2 : 1;
      const run = findOrCreateRun(db, { checkpointId, benchmarkId, runKey: `${benchmark}-${c}`, config: {}, backend: 'test', samplesPerQuestion: k }).run.id;
      runs.push(run);
      for (const sampleId of samples) {
        for (let index = 0; index < k; index++) {
          if (random() < 0.03) continue; // not answered (a partial run)
          const roll = random();
          const error = roll < 0.04 ? 'timeout' : null;
          const graded = error === null && roll > 0.08;
          const correct = random() < 0.3 + 0.15 * c;
          recordPrediction(db, {
            runId: run,
            sampleId,
            sampleIndex: index,
            rawOutput: `<think>${pick(WORDS)} ${pick(WORDS)} ${'x'.repeat(Math.floor(random() * 200))}</think> \\boxed{${correct ? 'A' : 'B'}}`,
            thinkStart: 7,
            thinkEnd: 20,
            answerPart: correct ? 'A' : 'B',
            formatOk: random() < 0.1 ? null : random() < 0.8,
            verdict: graded ? { scorer: 'mcq', graderVersion: 't', correct, score: correct ? 1 : 0, extracted: correct ? 'A' : 'B', reason: 'test' } : null,
            latencyMs: random() < 0.5 ? null : Math.floor(random() * 1000),
            error,
            officialCorrect: random() < 0.5 ? null : random() < 0.5,
          });
        }
      }
    });
    if (benchmark === 'MMStar') {
      // A counterfactual run: read only when named (run:ID), never counted as an evaluation.
      counterfactual = findOrCreateRun(db, { checkpointId: checkpoints[0]!, benchmarkId, runKey: 'cf', config: {}, backend: 'test' }).run.id;
      setRunPurpose(db, counterfactual, 'counterfactual');
      for (const sampleId of samples.slice(0, 20)) {
        recordPrediction(db, {
          runId: counterfactual,
          sampleId,
          sampleIndex: 0,
          rawOutput: 'angle \\boxed{A}',
          thinkStart: null,
          thinkEnd: null,
          answerPart: 'A',
          formatOk: false,
          verdict: { scorer: 'mcq', graderVersion: 't', correct: true, score: 1, extracted: 'A', reason: 'test' },
        });
      }
    }
  }
  const failures = db.prepare('SELECT id FROM predictions WHERE correct = 0 ORDER BY id').all() as Array<{ id: number }>;
  const label = (predictionId: number, name: string, source: string): unknown => addAnnotation(db, { predictionId, label: name, note: '', source, author: source });
  failures.forEach(({ id }, i) => {
    if (i % 4 === 0) label(id, i % 8 === 0 ? 'perception' : 'reasoning', 'manual');
    // Two machine sources agreeing: two current labels of one prediction, which counts once.
    if (i % 4 === 1) {
      label(id, 'perception', 'judge');
      label(id, 'perception', 'counterfactual');
    }
    // A source that changed its mind (its newest label counts), overruled by a person on some.
    if (i % 4 === 2) {
      label(id, 'reasoning', 'judge');
      label(id, 'perception', 'judge');
      if (i % 12 === 2) label(id, 'reasoning', 'manual');
    }
  });
  return { runs, counterfactual };
}

function recount(db: Db): unknown[] {
  return db
    .prepare(
      `SELECT p.run_id, COALESCE(s.category, '') AS category, s.category IS NOT NULL AS category_known, p.sample_index = 0 AS first,
         COALESCE(p.correct, -1) AS correct, COALESCE(p.official_correct, -1) AS official_correct, COALESCE(p.format_ok, -1) AS format_ok,
         p.error IS NOT NULL AS has_error, COUNT(*) AS n
       FROM predictions p JOIN samples s ON s.id = p.sample_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
    )
    .all();
}

function summary(db: Db): unknown[] {
  return db
    .prepare(
      `SELECT run_id, category, category_known, first, correct, official_correct, format_ok, has_error, n
       FROM prediction_counts WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
    )
    .all();
}

const benchmarkRecount = (db: Db): unknown[] =>
  db.prepare('SELECT benchmark_id, COUNT(*) AS samples FROM samples GROUP BY 1 ORDER BY 1').all();
const benchmarkSummary = (db: Db): unknown[] =>
  db.prepare('SELECT benchmark_id, samples FROM benchmark_counts WHERE samples > 0 ORDER BY 1').all();

/** The reference: the whole filter as one plain query, sorted and paged by SQLite, counted by COUNT(*). */
function plainPage(db: Db, query: string, sort: { field: ExplorerSortField; direction: 'asc' | 'desc' } | undefined, offset: number, limit: number) {
  const { where, params } = filterToSql(parseQuery(query));
  const column: Record<ExplorerSortField, string> = {
    id: 'p.id',
    benchmark: 'b.name',
    checkpoint: 'c.name',
    correct: 'p.correct',
    thinkChars: 'p.think_chars',
    latencyMs: 'p.latency_ms',
    extracted: 'p.extracted',
    category: 's.category',
  };
  const direction = sort?.direction === 'desc' ? 'DESC' : 'ASC';
  const order = sort ? `${column[sort.field]} ${direction}, p.id ${direction}` : 'p.id';
  const from = `FROM predictions p JOIN runs r ON r.id = p.run_id JOIN samples s ON s.id = p.sample_id
    JOIN benchmarks b ON b.id = r.benchmark_id JOIN checkpoints c ON c.id = r.checkpoint_id`;
  const rows = db
    .prepare(`SELECT ${EXPLORER_COLUMNS}, substr(s.question, 1, 300) AS question ${from} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, limit, offset) as ExplorerRowSql[];
  const { total } = db.prepare(`SELECT COUNT(*) AS total ${from} ${where}`).get(...params) as { total: number };
  return { rows: rows.map(toExplorerRow), total };
}

describe('summary tables and fast reads', () => {
  const tempDir = useTempDir();
  const open = () => openWorkspace(join(tempDir(), 'w.sqlite'));

  it('keeps the summary counts equal to recounts after inserts, re-grades, category changes and deletes', () => {
    const db = open();
    const { runs } = seed(db, 40);
    expect(summary(db)).toEqual(recount(db));
    expect(benchmarkSummary(db)).toEqual(benchmarkRecount(db));

    // Re-grades, new official verdicts, errors cleared, format flags: every counted column.
    db.exec(`UPDATE predictions SET correct = 1 - correct WHERE correct IS NOT NULL AND id % 3 = 0`);
    db.exec(`UPDATE predictions SET correct = 1, error = NULL WHERE error IS NOT NULL AND id % 2 = 0`);
    db.exec(`UPDATE predictions SET official_correct = NULL, format_ok = 0 WHERE id % 5 = 0`);
    db.exec(`UPDATE predictions SET sample_index = 0 WHERE sample_index = 1 AND id % 2 = 1 AND NOT EXISTS (
      SELECT 1 FROM predictions q WHERE q.run_id = predictions.run_id AND q.sample_id = predictions.sample_id AND q.sample_index = 0)`);
    expect(summary(db)).toEqual(recount(db));

    // A sample moved to another category (or to none) moves its predictions' counts.
    db.exec(`UPDATE samples SET category = 'renamed' WHERE id % 7 = 0`);
    db.exec(`UPDATE samples SET category = NULL WHERE id % 11 = 0`);
    db.exec(`UPDATE samples SET category = 'geometry' WHERE category IS NULL AND id % 13 = 0`);
    expect(summary(db)).toEqual(recount(db));

    // A re-answered failure (recordPrediction replaces a failed attempt), then whole runs deleted.
    const failed = db.prepare('SELECT run_id, sample_id, sample_index FROM predictions WHERE error IS NOT NULL LIMIT 1').get() as
      | { run_id: number; sample_id: number; sample_index: number }
      | undefined;
    if (failed) {
      recordPrediction(db, {
        runId: failed.run_id,
        sampleId: failed.sample_id,
        sampleIndex: failed.sample_index,
        rawOutput: 'A',
        thinkStart: null,
        thinkEnd: null,
        answerPart: 'A',
        formatOk: false,
        verdict: { scorer: 'mcq', graderVersion: 't', correct: true, score: 1, extracted: 'A', reason: 'r' },
      });
    }
    db.exec('DELETE FROM annotations');
    db.transaction(() => deleteRuns(db, runs.slice(0, 3)))();
    expect(summary(db)).toEqual(recount(db));
    expect(db.prepare('SELECT COUNT(*) AS n FROM prediction_counts WHERE n <= 0').get()).toEqual({ n: 0 });

    // What the overview and the progression read from them matches a recount.
    for (const run of runSummaries(db)) {
      const counted = db
        .prepare(
          `SELECT COUNT(correct) AS n, COALESCE(SUM(correct), 0) AS correct, COUNT(error) AS errors, COUNT(official_correct) AS officialN,
             COALESCE(SUM(official_correct), 0) AS officialCorrect FROM predictions WHERE run_id = ?`,
        )
        .get(run.runId);
      expect({ n: run.n, correct: run.correct, errors: run.errors, officialN: run.officialN, officialCorrect: run.officialCorrect }).toEqual(counted);
      expect(runAccuracy(db, run.runId)).toEqual({ n: run.n, correct: run.correct });
    }
    for (const benchmark of listBenchmarks(db)) {
      expect(benchmark.samples).toBe((db.prepare('SELECT COUNT(*) AS n FROM samples WHERE benchmark_id = ?').get(benchmark.id) as { n: number }).n);
    }
  });

  it('fills the summary tables from what a workspace already holds when the migration runs', () => {
    // A workspace with data but without 0007_performance.sql's summary tables (nor 0008, built on
    // them), then opened by this version. The later migrations stay, so today's writers work.
    const here = dirname(fileURLToPath(import.meta.url));
    const before = join(tempDir(), 'migrations-without-0007');
    mkdirSync(before);
    const withoutSummaries = (file: string) => !file.startsWith('0007') && !file.startsWith('0008');
    for (const name of readdirSync(join(here, 'migrations')).filter(withoutSummaries)) copyFileSync(join(here, 'migrations', name), join(before, name));
    const path = join(tempDir(), 'old.sqlite');
    const old = openWorkspace(path, { migrationsDir: before });
    old.transaction(() => seed(old, 15))();
    old.close();
    const db = openWorkspace(path);
    expect(summary(db)).toEqual(recount(db));
    expect(benchmarkSummary(db)).toEqual(benchmarkRecount(db));
  });

  it('gives the same pages and totals as a plain query, whichever way a page is read', () => {
    const db = open();
    const { runs, counterfactual } = seed(db);
    const queries = [
      '',
      `run:${runs[1]}`,
      `run:${runs[5]} correct:false`,
      `run:${counterfactual}`,
      'benchmark:MMStar',
      'benchmark:Math checkpoint:stage3',
      'checkpoint:base correct:true official:false',
      'agrees:false',
      `run:${runs[5]} agrees:true`,
      'checkpoint:stage3 agrees:false correct:false',
      'stage:stage2 format:violation',
      'error:true',
      'error:false correct:false',
      'category:geometry',
      'category:counting checkpoint:stage1@100 correct:false',
      'label:perception',
      'label:reasoning checkpoint:base',
      'label:perception benchmark:MMStar',
      `label:perception run:${runs[1]} run:${runs[6]}`,
      'label:perception category:geometry',
      'label:reasoning checkpoint:stage3 official:false',
      'labelled:true',
      'labelled:true checkpoint:stage3 correct:false',
      'correct:false labelled:false',
      'checkpoint:stage3 correct:false labelled:false',
      `run:${runs[7]} vs:base:right correct:false`,
      `run:${runs[7]} vs:base:wrong correct:true`,
      'angle',
      'therefore benchmark:POPE',
      '"the cube" correct:false',
      'angle sphere',
      // A second full-text term is read within the runs in scope: one run, a checkpoint's, a benchmark's.
      `run:${runs[2]} angle sphere`,
      'angle sphere checkpoint:stage3',
      'sphere angle benchmark:MMStar correct:false',
      // One term in the output, the other in the question.
      'angle Question checkpoint:stage1',
      // Words no question holds: one full-text query of them all, over the outputs (`a`: the answers boxed as A).
      'think a',
      `run:${runs[4]} b think correct:false`,
      'boxed "the cube" benchmark:POPE',
      'Question checkpoint:stage1',
      'sample:MMStar-3',
      'nomatchword',
      'benchmark:NoSuchBenchmark',
    ];
    const sorts: Array<{ field: ExplorerSortField; direction: 'asc' | 'desc' } | undefined> = [
      undefined,
      { field: 'id', direction: 'desc' },
      { field: 'thinkChars', direction: 'desc' },
      { field: 'thinkChars', direction: 'asc' },
      { field: 'latencyMs', direction: 'desc' },
      { field: 'benchmark', direction: 'asc' },
      { field: 'category', direction: 'desc' },
      { field: 'correct', direction: 'asc' },
    ];
    for (const query of queries) {
      for (const sort of sorts) {
        for (const [offset, limit] of [
          [0, 7],
          [0, 100],
          [5, 7],
          [60, 25],
          [400, 50],
        ] as const) {
          const expected = plainPage(db, query, sort, offset, limit);
          const got = explorerPage(db, { filter: parseQuery(query), ...(sort ? { sort } : {}), offset, limit });
          const what = `${query} ${JSON.stringify(sort)} ${offset}+${limit}`;
          expect(got.rows, what).toEqual(expected.rows);
          expect(got.totalExact, what).toBe(true);
          expect(got.total, what).toBe(expected.total);
          expect(countMatching(db, parseQuery(query)), what).toBe(expected.total);
        }
      }
    }
  });

  it('estimates a total past the exact-count limit, and never ends a list before its last full page', () => {
    const db = open();
    db.transaction(() => seed(db, Math.ceil(EXACT_COUNT_LIMIT / 9)))();
    const query = 'think';
    const exact = countMatching(db, parseQuery(query));
    expect(exact).toBeGreaterThan(EXACT_COUNT_LIMIT);
    const page = explorerPage(db, { filter: parseQuery(query), offset: 0, limit: 100 });
    expect(page.totalExact).toBe(false);
    expect(Math.abs(page.total - exact) / exact).toBeLessThan(0.25);
    const deep = explorerPage(db, { filter: parseQuery(query), offset: exact - 100, limit: 100 });
    expect(deep.rows.length).toBe(100);
    expect(deep.total).toBeGreaterThan(exact - 100);
    const last = explorerPage(db, { filter: parseQuery(query), offset: exact - 40, limit: 100 });
    expect(last).toMatchObject({ total: exact, totalExact: true });
    expect(last.rows.length).toBe(40);
  });

  it('counts flips as a full pairing does, for complete and partial runs', () => {
    const db = open();
    const { runs } = seed(db);
    const byBenchmark = db.prepare('SELECT id, benchmark_id AS benchmarkId, samples_per_question AS k FROM runs WHERE purpose = ? ORDER BY id').all('eval') as Array<{
      id: number;
      benchmarkId: number;
      k: number;
    }>;
    // Make three runs complete (every sample answered and graded), so both paths are taken; their
    // accuracies make one pair count its shared right answers and another its shared wrong ones.
    const complete = byBenchmark.filter((run) => run.k === 1 && run.benchmarkId === byBenchmark[0]!.benchmarkId).slice(0, 3);
    expect(complete).toHaveLength(3);
    const accuracies = [0.2, 0.3, 0.9];
    const ids = complete.map((run) => run.id).join(', ');
    db.exec(`DELETE FROM grades WHERE prediction_id IN (SELECT id FROM predictions WHERE run_id IN (${ids}));
      DELETE FROM prediction_texts WHERE prediction_id IN (SELECT id FROM predictions WHERE run_id IN (${ids}));
      DELETE FROM annotations WHERE prediction_id IN (SELECT id FROM predictions WHERE run_id IN (${ids}));
      DELETE FROM predictions WHERE run_id IN (${ids});`);
    const random = mulberry32(3);
    for (const [i, run] of complete.entries()) {
      for (const { id: sampleId } of db.prepare('SELECT id FROM samples WHERE benchmark_id = ?').all(run.benchmarkId) as Array<{ id: number }>) {
        const correct = random() < accuracies[i]!;
        recordPrediction(db, {
          runId: run.id,
          sampleId,
          sampleIndex: 0,
          rawOutput: 'x',
          thinkStart: null,
          thinkEnd: null,
          answerPart: 'x',
          formatOk: true,
          verdict: { scorer: 'mcq', graderVersion: 't', correct, score: correct ? 1 : 0, extracted: 'x', reason: 'r' },
        });
      }
    }
    expect(runs.length).toBeGreaterThan(0);
    for (const a of byBenchmark) {
      for (const b of byBenchmark) {
        if (a.id === b.id || a.benchmarkId !== b.benchmarkId) continue;
        const expected = db
          .prepare(
            `SELECT COUNT(*) AS n, COALESCE(SUM(a.correct), 0) AS aCorrect, COALESCE(SUM(b.correct), 0) AS bCorrect,
               COALESCE(SUM(a.correct > b.correct), 0) AS aRightBWrong, COALESCE(SUM(a.correct < b.correct), 0) AS aWrongBRight
             FROM predictions a JOIN predictions b ON b.sample_id = a.sample_id AND b.run_id = ? AND b.sample_index = 0 AND b.correct IS NOT NULL
             WHERE a.run_id = ? AND a.sample_index = 0 AND a.correct IS NOT NULL`,
          )
          .get(b.id, a.id);
        const counts = flipCounts(db, a.id, b.id, b.k > 1);
        expect(counts, `${a.id} vs ${b.id}`).toEqual(expected);
        for (const aCorrect of [true, false]) {
          const cell = aCorrect ? counts.aRightBWrong : counts.aWrongBRight;
          expect(flipPairs(db, a.id, b.id, aCorrect, 3, { cell, answers: counts.n })).toEqual(flipPairs(db, a.id, b.id, aCorrect, 3));
        }
      }
    }
  });
});
