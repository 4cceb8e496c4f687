/**
 * `vs:CHECKPOINT:right|wrong` (a flip cell's other side) matches what it says, read either way:
 * with the filter's runs named (the checkpoint's answers read once, on those runs' benchmarks)
 * and without (a lookup per prediction). Checked against a plain join over every run, checkpoint
 * and side of a seeded workspace with a second answer per sample, ungraded answers and a
 * counterfactual run, which is not the checkpoint's evaluation.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp';
import { mulberry32 } from '../../util/random';
import { parseQuery } from '../../query/filter';
import { setRunPurpose } from '../attribution';
import { upsertBenchmark, upsertCheckpoint, upsertSample } from '../catalog';
import { openWorkspace, type Db } from '../database';
import { findOrCreateRun, recordPrediction } from '../runs';
import { countMatching, explorerPage } from './index';

const CHECKPOINTS = ['base', 'stage1', 'stage2'];

function seed(db: Db): Array<{ id: number; benchmark: string }> {
  const random = mulberry32(11);
  const runs: Array<{ id: number; benchmark: string }> = [];
  const checkpointIds = CHECKPOINTS.map((name) => upsertCheckpoint(db, { name }));
  for (const benchmark of ['MMStar', 'POPE']) {
    const benchmarkId = upsertBenchmark(db, { name: benchmark });
    const samples = Array.from({ length: 40 }, (_, i) => upsertSample(db, { benchmarkId, externalId: `${benchmark}-${i}`, question: `q${i}`, answer: 'A' }));
    const record = (runId: number, sampleId: number, sampleIndex: number, correct: boolean | null): void => {
      recordPrediction(db, {
        runId,
        sampleId,
        sampleIndex,
        rawOutput: 'x',
        thinkStart: null,
        thinkEnd: null,
        answerPart: 'x',
        formatOk: true,
        verdict: correct === null ? null : { scorer: 'mcq', graderVersion: 't', correct, score: correct ? 1 : 0, extracted: 'x', reason: 'r' },
      });
    };
    checkpointIds.forEach((checkpointId, c) => {
      const answers = c === 1 ? 2 : 1;
      const run = findOrCreateRun(db, { checkpointId, benchmarkId, runKey: `${benchmark}-${c}`, config: {}, backend: 'test', samplesPerQuestion: answers }).run.id;
      runs.push({ id: run, benchmark });
      for (const sampleId of samples) {
        if (random() < 0.1) continue; // a sample this run did not answer
        for (let index = 0; index < answers; index++) record(run, sampleId, index, random() < 0.1 ? null : random() < 0.5);
      }
    });
    // The base checkpoint's counterfactual run answers everything right: never its evaluation's verdict.
    const counterfactual = findOrCreateRun(db, { checkpointId: checkpointIds[0]!, benchmarkId, runKey: `${benchmark}-cf`, config: {}, backend: 'test' }).run.id;
    setRunPurpose(db, counterfactual, 'counterfactual');
    for (const sampleId of samples) record(counterfactual, sampleId, 0, true);
  }
  return runs;
}

/** The ids `vs:` should match, by a plain join: the checkpoint's first answer in its evaluation runs. */
function expectedIds(db: Db, scope: { runs?: number[]; benchmark?: string }, checkpoint: string, right: boolean, correct: boolean): number[] {
  const where = scope.runs ? `p.run_id IN (${scope.runs.join(', ')})` : 'b.name = @benchmark AND r.purpose = \'eval\'';
  return (
    db
      .prepare(
        `SELECT p.id FROM predictions p JOIN runs r ON r.id = p.run_id JOIN benchmarks b ON b.id = r.benchmark_id
         WHERE ${where} AND p.correct = @correct AND EXISTS (
           SELECT 1 FROM predictions q JOIN runs rq ON rq.id = q.run_id JOIN checkpoints cq ON cq.id = rq.checkpoint_id
           WHERE q.sample_id = p.sample_id AND q.sample_index = 0 AND q.correct = @right AND rq.purpose = 'eval' AND cq.name = @checkpoint)
         ORDER BY p.id`,
      )
      .all({ benchmark: scope.benchmark ?? null, correct: correct ? 1 : 0, right: right ? 1 : 0, checkpoint }) as Array<{ id: number }>
  ).map((row) => row.id);
}

function explorerIds(db: Db, query: string): number[] {
  const filter = parseQuery(query);
  const page = explorerPage(db, { filter, offset: 0, limit: 10_000 });
  expect(page.total, query).toBe(page.rows.length);
  expect(countMatching(db, filter), query).toBe(page.rows.length);
  return page.rows.map((row) => row.predictionId);
}

describe('vs: terms', () => {
  const tempDir = useTempDir();

  it("match the checkpoint's first answer in its evaluation runs, with the runs named or not", () => {
    const db = openWorkspace(join(tempDir(), 'w.sqlite'));
    const runs = seed(db);
    let matched = 0;
    for (const checkpoint of CHECKPOINTS) {
      for (const right of [true, false]) {
        for (const correct of [true, false]) {
          const terms = `vs:${checkpoint}:${right ? 'right' : 'wrong'} correct:${correct}`;
          for (const run of runs) {
            const expected = expectedIds(db, { runs: [run.id] }, checkpoint, right, correct);
            expect(explorerIds(db, `run:${run.id} ${terms}`), `run:${run.id} ${terms}`).toEqual(expected);
            matched += expected.length;
          }
          // Two named runs on different benchmarks: each run's samples are found on its own benchmark.
          const pair = [runs[1]!.id, runs[runs.length - 1]!.id];
          expect(explorerIds(db, `run:${pair[0]} run:${pair[1]} ${terms}`)).toEqual(expectedIds(db, { runs: pair }, checkpoint, right, correct));
          for (const benchmark of ['MMStar', 'POPE']) {
            expect(explorerIds(db, `benchmark:${benchmark} ${terms}`)).toEqual(expectedIds(db, { benchmark }, checkpoint, right, correct));
          }
        }
      }
    }
    expect(matched).toBeGreaterThan(200);
    db.close();
  });
});
