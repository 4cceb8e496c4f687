import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp';
import { GRADER_VERSION } from './grading';
import { seedDemoWorkspace } from './demo/seed';
import { regradeRuns } from './regrade';
import { upsertBenchmark, upsertCheckpoint, upsertSample } from './store/catalog';
import { openWorkspace } from './store/database';
import { findOrCreateRun, recordPrediction } from './store/runs';
import { predictionDetail } from './store/predictions';
import { runSummaries } from './store/summaries';
import { CLI_ENTRY as CLI } from '../test-support/cli';


describe('re-grading stored runs', () => {
  const tempDir = useTempDir();

  it('adds versioned verdicts beside the earlier ones and makes the new one current', async () => {
    const db = openWorkspace(join(tempDir(), 'w.sqlite'));
    await seedDemoWorkspace(db, { count: 40 });
    const before = runSummaries(db);
    const runId = before[0]!.runId;
    // Grading the demo's counting questions as short free text instead of numbers changes verdicts:
    // "3 objects" style answers no longer count, so accuracy can only fall.
    const outcome = await regradeRuns(db, { runIds: [runId], scorer: 'text' });
    expect(outcome.regraded).toBe(40);
    const after = runSummaries(db).find((run) => run.runId === runId)!;
    expect(after.n).toBe(40);
    const gradesPerAnswer = db.prepare('SELECT prediction_id, COUNT(*) AS n FROM grades GROUP BY prediction_id').all() as Array<{ n: number }>;
    expect(new Set(gradesPerAnswer.map((row) => row.n))).toEqual(new Set([1, 2]));
    const someId = (db.prepare('SELECT id FROM predictions WHERE run_id = ? LIMIT 1').get(runId) as { id: number }).id;
    const detail = predictionDetail(db, someId)!;
    expect(detail.grades.map((grade) => grade.scorer)).toContain('text');
    expect(detail.grades[0]!.scorer).toBe('text');
    // Running it again finds nothing left to do.
    expect((await regradeRuns(db, { runIds: [runId], scorer: 'text' })).regraded).toBe(0);
    // Other runs keep their verdicts.
    expect(runSummaries(db).find((run) => run.runId === before[1]!.runId)).toEqual(before[1]);
    db.close();
  });

  it('names the forced scorer beside ours, and a re-grade with auto makes the benchmark’s own verdicts current again', async () => {
    const db = openWorkspace(join(tempDir(), 'w.sqlite'));
    await seedDemoWorkspace(db, { count: 40 });
    const original = runSummaries(db);
    const runIds = original.map((run) => run.runId);
    await regradeRuns(db, { runIds, scorer: 'numeric' });
    const forced = runSummaries(db);
    expect(forced.some((run, i) => run.correct !== original[i]!.correct)).toBe(true);
    expect(forced[0]!.provenance.oursRule).toMatch(/^workbench grader: numeric scorer for every answer, made current by `regrade --scorer numeric`/);
    const back = await regradeRuns(db, { runIds, scorer: 'auto' });
    expect(back.regraded).toBe(40 * runIds.length);
    expect(runSummaries(db)).toEqual(original);
    const someId = (db.prepare('SELECT id FROM predictions WHERE run_id = ? LIMIT 1').get(runIds[0]) as { id: number }).id;
    // The numeric verdict stays in the history; auto's, given again, is the newest.
    const requested = db.prepare('SELECT requested_scorer AS requested FROM grades WHERE prediction_id = ? ORDER BY id DESC').all(someId) as Array<{ requested: string }>;
    expect(requested.map((row) => row.requested)).toEqual(['auto', 'numeric']);
    db.close();
  });

  it('resumes after cancellation without regrading finished answers', async () => {
    const db = openWorkspace(join(tempDir(), 'w.sqlite'));
    await seedDemoWorkspace(db, { count: 120 });
    const runIds = runSummaries(db).map((run) => run.runId);
    const controller = new AbortController();
    const first = await regradeRuns(db, {
      runIds,
      scorer: 'numeric',
      signal: controller.signal,
      onProgress: (done) => done >= 500 && controller.abort(),
    });
    expect(first.regraded).toBeGreaterThanOrEqual(500);
    expect(first.regraded).toBeLessThan(960);
    const second = await regradeRuns(db, { runIds, scorer: 'numeric' });
    expect(first.regraded + second.regraded).toBe(960);
    const doubled = db.prepare("SELECT COUNT(*) AS n FROM grades WHERE requested_scorer = 'numeric' GROUP BY prediction_id HAVING COUNT(*) > 1").all();
    expect(doubled).toEqual([]);
    db.close();
  });

  /** A benchmark of parity questions and a run per name, answered "yes" throughout and seeded as right (the text scorer grades that right for even numbers only). */
  function parityRuns(db: ReturnType<typeof openWorkspace>, names: string[]) {
    const benchmarkId = upsertBenchmark(db, { name: 'Parity' });
    const runIds = names.map((name) => findOrCreateRun(db, { checkpointId: upsertCheckpoint(db, { name }), benchmarkId, runKey: `eval:${name}`, config: {}, backend: 'test' }).run.id);
    const verdict = { scorer: 'text', graderVersion: 'earlier', correct: true, score: 1, extracted: 'yes', reason: 'seeded' };
    /** Answers questions from..to-1, each run's answer to a question written before the next run's (their ids interleave). */
    const answer = (from: number, to: number) =>
      db.transaction(() => {
        for (let i = from; i < to; i++) {
          const sampleId = upsertSample(db, { benchmarkId, externalId: `n${i}`, question: `Is ${i} even? Answer yes or no.`, answer: i % 2 === 0 ? 'yes' : 'no' });
          for (const runId of runIds) {
            recordPrediction(db, { runId, sampleId, sampleIndex: 0, rawOutput: '<think>parity</think> \\boxed{yes}', thinkStart: 7, thinkEnd: 13, answerPart: 'yes', formatOk: true, verdict });
          }
        }
      })();
    const correctOf = (runId: number) => (db.prepare('SELECT COUNT(*) AS n FROM predictions WHERE run_id = ? AND correct = 1').get(runId) as { n: number }).n;
    const regradedOf = (runId: number) =>
      (db.prepare("SELECT COUNT(*) AS n FROM grades g JOIN predictions p ON p.id = g.prediction_id WHERE p.run_id = ? AND g.requested_scorer = 'text' AND g.grader_version = ?").get(runId, GRADER_VERSION) as { n: number }).n;
    return { runIds, answer, correctOf, regradedOf };
  }

  it("re-grades exactly the named run where its answers' ids interleave with another run's, over several batches", async () => {
    // Two evaluations running at once write their answers turn about: ids 1, 3, 5, … are run A's.
    const db = openWorkspace(join(tempDir(), 'w.sqlite'));
    const { runIds: [runA, runB], answer, correctOf, regradedOf } = parityRuns(db, ['model-a', 'model-b']);
    const ANSWERS = 1_300; // three of the re-grade's batches of 500
    answer(0, ANSWERS);
    const outcome = await regradeRuns(db, { runIds: [runA!], scorer: 'text' });
    expect(outcome).toMatchObject({ regraded: ANSWERS, changed: ANSWERS / 2 });
    expect([correctOf(runA!), correctOf(runB!)]).toEqual([ANSWERS / 2, ANSWERS]);
    expect([regradedOf(runA!), regradedOf(runB!)]).toEqual([ANSWERS, 0]);
    // An unchanged verdict is recorded too, and the answer keeps its columns.
    expect(db.prepare('SELECT correct, score, extracted, format_ok AS formatOk FROM predictions WHERE run_id = ? ORDER BY id LIMIT 1').get(runA)).toEqual({ correct: 1, score: 1, extracted: 'yes', formatOk: 1 });
    expect((await regradeRuns(db, { runIds: [runA!], scorer: 'text' })).regraded).toBe(0);
    db.close();
  });

  it('grades the answers a run gains while it is re-graded (an evaluation still writing it)', async () => {
    const db = openWorkspace(join(tempDir(), 'w.sqlite'));
    const { runIds: [run], answer, regradedOf } = parityRuns(db, ['model-a']);
    answer(0, 600);
    let gained = false;
    const outcome = await regradeRuns(db, {
      runIds: [run!],
      scorer: 'text',
      onProgress: (done) => {
        if (done === 0 || gained) return;
        gained = true;
        answer(600, 700);
      },
    });
    expect(gained).toBe(true);
    expect(outcome.regraded).toBe(700);
    expect(regradedOf(run!)).toBe(700);
    db.close();
  });

  it('regrade and stats --grader on the CLI: the earlier verdicts stay answerable', () => {
    const db = join(tempDir(), 'w.sqlite');
    expect(spawnSync(process.execPath, [CLI, 'demo', '--db', db, '--samples', '30']).status).toBe(0);
    const stats = (args: string[]) => JSON.parse(spawnSync(process.execPath, [CLI, 'stats', '--db', db, '--json', ...args], { encoding: 'utf8' }).stdout) as Array<{ correct: number; n: number }>;
    const original = stats([]);
    const regrade = spawnSync(process.execPath, [CLI, 'regrade', '--db', db, '--scorer', 'text', '--run', '1', '--json'], { encoding: 'utf8' });
    expect(regrade.status, regrade.stderr).toBe(0);
    expect(JSON.parse(regrade.stdout)).toMatchObject({ run_ids: [1], scorer: 'text', regraded: 30 });
    const underAuto = stats(['--grader', `${GRADER_VERSION}:auto`]);
    expect(underAuto[0]!.correct).toBe(original[0]!.correct);
    expect(stats([]).slice(1)).toEqual(original.slice(1));
  });
});

describe('re-grading through the API', () => {
  const tempDir = useTempDir();

  it('starts a job that answers at once and reports completion as an event', async () => {
    const { openWorkbench } = await import('./workbench');
    const { dispatch } = await import('./api/dispatch');
    const workbench = openWorkbench(join(tempDir(), 'w.sqlite'));
    await seedDemoWorkspace(workbench.db, { count: 20 });
    const finished = new Promise<string>((resolve) =>
      workbench.jobs.events.on('event', (event) => {
        if (event.type === 'job' && event.job.kind === 'regrade' && event.job.status !== 'running') resolve(event.job.status);
      }),
    );
    const job = (await dispatch(workbench.handlers, 'startRegrade', { runIds: [1, 2] })) as { status: string; kind: string };
    expect(job).toMatchObject({ status: 'running', kind: 'regrade' });
    expect(await finished).toBe('completed');
    await expect(dispatch(workbench.handlers, 'startRegrade', { runIds: [999] })).rejects.toThrow(/run 999 does not exist/);
    workbench.close();
  });
});
