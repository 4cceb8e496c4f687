import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { parseQuery } from '../query/filter';
import { putImage, upsertBenchmark, upsertCheckpoint, upsertSample } from './catalog';
import { openWorkspace, type Db } from './database';
import { explorerPage } from './explorer';
import { addAnnotation, annotationsOf, predictionDetail } from './predictions';
import { findOrCreateRun, pendingWork, recordPrediction, type PredictionInput } from './runs';
import { runSummaries } from './summaries';

function answer(runId: number, sampleId: number, correct: boolean, raw: string, extra: Partial<PredictionInput> = {}): PredictionInput {
  return {
    runId,
    sampleId,
    sampleIndex: 0,
    rawOutput: raw,
    thinkStart: raw.indexOf('<think>') >= 0 ? raw.indexOf('<think>') + 7 : null,
    thinkEnd: raw.indexOf('</think>') >= 0 ? raw.indexOf('</think>') : null,
    answerPart: raw.slice(raw.lastIndexOf('}') - 1),
    formatOk: true,
    verdict: { scorer: 'numeric', graderVersion: 'test', correct, score: correct ? 1 : 0, extracted: 'x', reason: 'test' },
    ...extra,
  };
}

/** Two checkpoints on a three-question benchmark, with known verdicts. */
function buildWorkspace(db: Db) {
  const benchmarkId = upsertBenchmark(db, { name: 'MathVista_MINI' });
  const image = putImage(db, { bytes: Buffer.from('not really a png'), mime: 'image/png' });
  const again = putImage(db, { bytes: Buffer.from('not really a png'), mime: 'image/png' });
  expect(again).toBe(image);
  const samples = [
    upsertSample(db, { benchmarkId, externalId: '1', question: 'Find the vertical angle x.', answer: '40', images: [{ sha256: image }] }),
    upsertSample(db, { benchmarkId, externalId: '2', question: 'How many cubes?', answer: '3', images: [{ missing: 'imgs/2.png' }] }),
    upsertSample(db, { benchmarkId, externalId: '3', question: 'Which bar is tallest?', answer: 'B', choices: { A: 'red', B: 'blue' } }),
  ];
  const stage1 = upsertCheckpoint(db, { name: 'stage1@100', stage: 'stage1', step: 100 });
  const stage3 = upsertCheckpoint(db, { name: 'stage3@279', stage: 'stage3', step: 279 });
  const run1 = findOrCreateRun(db, { checkpointId: stage1, benchmarkId, runKey: 'a', config: {}, backend: 'test' }).run.id;
  const run3 = findOrCreateRun(db, { checkpointId: stage3, benchmarkId, runKey: 'b', config: {}, backend: 'test' }).run.id;
  recordPrediction(db, answer(run1, samples[0]!, false, '<think>the angle looks like 50</think> \\boxed{50}'));
  recordPrediction(db, answer(run1, samples[1]!, true, '<think>three cubes</think> \\boxed{3}', { officialCorrect: true }));
  recordPrediction(db, answer(run1, samples[2]!, false, '<think>red is tallest</think> \\boxed{A}', { officialCorrect: true }));
  recordPrediction(db, answer(run3, samples[0]!, true, '<think>vertical angles are equal</think> \\boxed{40}'));
  recordPrediction(db, answer(run3, samples[1]!, true, '<think>3</think> \\boxed{3}'));
  recordPrediction(db, answer(run3, samples[2]!, true, '<think>blue</think> \\boxed{B}'));
  return { benchmarkId, samples, run1, run3 };
}

describe('the run store', () => {
  const tempDir = useTempDir();
  const open = () => openWorkspace(join(tempDir(), 'w.sqlite'));

  it('summarises accuracy per run with a Wilson interval, and official accuracy and agreement where present', () => {
    const db = open();
    const { run1, run3 } = buildWorkspace(db);
    const summaries = runSummaries(db);
    const first = summaries.find((s) => s.runId === run1)!;
    expect(first).toMatchObject({ n: 3, correct: 1, checkpoint: 'stage1@100', officialN: 2, officialCorrect: 2, agreement: 0.5 });
    expect(first.accuracy).toBeCloseTo(1 / 3);
    expect(first.ci![0]).toBeLessThan(1 / 3);
    expect(first.ci![1]).toBeGreaterThan(1 / 3);
    expect(summaries.find((s) => s.runId === run3)).toMatchObject({ n: 3, correct: 3, accuracy: 1, officialN: 0, agreement: null });
    // Curriculum order: stage 1 before stage 3.
    expect(summaries.map((s) => s.stage)).toEqual(['stage1', 'stage3']);
  });

  it('resumes: only unanswered and failed items are pending, and a finished answer is never overwritten', () => {
    const db = open();
    const { samples, run1 } = buildWorkspace(db);
    const extra = upsertSample(db, { benchmarkId: 1, externalId: '4', question: 'new', answer: '1' });
    expect(pendingWork(db, run1)).toEqual([{ sampleId: extra, sampleIndex: 0 }]);
    recordPrediction(db, { ...answer(run1, extra, false, ''), verdict: null, error: 'HTTP 503' });
    expect(pendingWork(db, run1)).toEqual([{ sampleId: extra, sampleIndex: 0 }]);
    recordPrediction(db, answer(run1, extra, true, '<think>one</think> \\boxed{1}'));
    expect(pendingWork(db, run1)).toEqual([]);
    const firstId = recordPrediction(db, answer(run1, samples[0]!, true, 'a different answer'));
    expect(predictionDetail(db, firstId)!.rawOutput).toBe('<think>the angle looks like 50</think> \\boxed{50}');
    expect(db.prepare('SELECT COUNT(*) AS n FROM predictions WHERE run_id = ?').get(run1)).toEqual({ n: 4 });
  });

  it('filters, sorts and pages in SQL with the shared query language, including full-text search', () => {
    const db = open();
    buildWorkspace(db);
    const page = (query: string) => explorerPage(db, { filter: parseQuery(query), offset: 0, limit: 50 });
    expect(page('').total).toBe(6);
    expect(page('checkpoint:stage1 correct:false').rows.map((r) => r.externalId)).toEqual(['1', '3']);
    expect(page('checkpoint:stage3@279').total).toBe(3);
    expect(page('benchmark:MathVista').total).toBe(6);
    // Named whole (quoted, or after "="), a name is no prefix: LogicVista is not LogicVista_Rationale.
    expect(page('benchmark:"MathVista"').total).toBe(0);
    expect(page('benchmark:=MathVista').total).toBe(0);
    expect(page('benchmark:"MathVista_MINI"').total).toBe(6);
    expect(page('checkpoint:"stage3"').total).toBe(0);
    expect(page('checkpoint:=stage3@279').total).toBe(3);
    expect(page('"vertical angle"').rows.map((r) => `${r.checkpoint}:${r.externalId}`)).toEqual(['stage1@100:1', 'stage3@279:1']);
    expect(page('tallest checkpoint:stage1').rows.map((r) => r.externalId)).toEqual(['3']);
    const sorted = explorerPage(db, { filter: parseQuery(''), sort: { field: 'correct', direction: 'asc' }, offset: 0, limit: 2 });
    expect(sorted.rows.map((r) => r.correct)).toEqual([false, false]);
    expect(sorted.total).toBe(6);
    expect(() => parseQuery('colour:red')).toThrow(/unknown filter key "colour"/);
    // A key left empty is an error, not a search for its name; a word with a colon in text is still text.
    expect(() => parseQuery('checkpoint:base label:')).toThrow(/label: needs a value \(e\.g\. label:perception\)/);
    expect(parseQuery('"Answer:"').text).toEqual(['Answer:']);
  });

  it('keeps labels beside predictions and finds them with label:', () => {
    const db = open();
    const { run1 } = buildWorkspace(db);
    const wrong = explorerPage(db, { filter: parseQuery(`run:${run1} correct:false`), offset: 0, limit: 10 }).rows[0]!;
    addAnnotation(db, { predictionId: wrong.predictionId, label: 'perception', note: 'misread the angle', source: 'manual', author: 'ana' });
    expect(() => addAnnotation(db, { predictionId: wrong.predictionId, label: 'vibes', note: '', source: 'manual', author: 'ana' })).toThrow(
      /label "vibes" is not in this workspace's taxonomy/,
    );
    const labelled = explorerPage(db, { filter: parseQuery('label:perception'), offset: 0, limit: 10 });
    expect(labelled.rows.map((r) => r.predictionId)).toEqual([wrong.predictionId]);
    expect(labelled.rows[0]!.labels).toEqual(['perception']);
    const detail = predictionDetail(db, wrong.predictionId)!;
    expect(detail.annotations[0]).toMatchObject({ label: 'perception', note: 'misread the angle', author: 'ana' });
    expect(detail.think).toBe('the angle looks like 50');
    expect(detail.images).toHaveLength(1);
  });

  it('label: finds current labels: a person overrides a machine, and a newer label of a source its older one', () => {
    const db = open();
    const { run1 } = buildWorkspace(db);
    const [first, second] = explorerPage(db, { filter: parseQuery(`run:${run1}`), offset: 0, limit: 2 }).rows;
    const find = (query: string) => explorerPage(db, { filter: parseQuery(query), offset: 0, limit: 10 }).rows.map((r) => r.predictionId);
    // A machine said perception for both; a person says reasoning for the first.
    for (const row of [first!, second!]) addAnnotation(db, { predictionId: row.predictionId, label: 'perception', note: '', source: 'counterfactual:dataset', author: 'counterfactual' });
    addAnnotation(db, { predictionId: first!.predictionId, label: 'reasoning', note: '', source: 'manual', author: 'ana' });
    expect(find('label:perception')).toEqual([second!.predictionId]);
    expect(find('label:reasoning')).toEqual([first!.predictionId]);
    expect(explorerPage(db, { filter: parseQuery(`label:reasoning`), offset: 0, limit: 1 }).rows[0]!.labels).toEqual(['reasoning']);
    // The person changes their mind: only the newest of their labels counts; another person's stands beside it.
    addAnnotation(db, { predictionId: first!.predictionId, label: 'knowledge', note: '', source: 'manual', author: 'ana' });
    expect(find('label:reasoning')).toEqual([]);
    expect(find('label:knowledge')).toEqual([first!.predictionId]);
    addAnnotation(db, { predictionId: first!.predictionId, label: 'format', note: '', source: 'manual', author: 'ben' });
    expect(find('label:knowledge')).toEqual([first!.predictionId]);
    expect(find('label:format')).toEqual([first!.predictionId]);
    // The trace view shows the whole history, each label saying whether it still counts.
    expect(annotationsOf(db, first!.predictionId).map((a) => [a.label, a.current])).toEqual([
      ['perception', false],
      ['reasoning', false],
      ['knowledge', true],
      ['format', true],
    ]);
    expect(annotationsOf(db, second!.predictionId).map((a) => [a.label, a.current])).toEqual([['perception', true]]);
  });
});
