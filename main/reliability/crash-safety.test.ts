/**
 * Crash safety: `kill -9` of the real CLI in the middle of an import, a read-back of one of our
 * exports, an export, a re-grade and an evaluation. Afterwards the workspace passes
 * `PRAGMA integrity_check` (and `foreign_key_check`), nothing committed is lost, an import is
 * either entirely there or absent, and running the same command again finishes the work.
 *
 * The evaluation's full kill -9 test (2,000 samples, exactly one prediction each after the resume,
 * the killed job marked interrupted) is the eval engineer's, in main/cli/commands/eval.test.ts;
 * the one here only adds the integrity check on a smaller run.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BENCHMARK_NAME } from '../core/demo';
import { importFiles } from '../core/ingest/import';
import { openWorkspace } from '../core/store/database';
import { getJob } from '../core/store/jobs';
import { openWorkbench } from '../core/workbench';
import { runCli, spawnCli, startSimulateServerProcess, waitForExit, waitUntil } from '../test-support/cli';
import { seedDemoBenchmark } from '../test-support/demo-benchmark';
import { useTempDir } from '../test-support/temp';
import { integrityOf, rowCounts, stagingFiles } from './support';

/** Predictions in the fixture: enough that every operation takes a few batches and a kill lands inside. */
const ROWS = 20_000;
const jsonlRow = (i: number): string =>
  `${JSON.stringify({ id: `q${i}`, question: `How many objects are in scene ${i}?`, answer: String(i % 7), prediction: `<think>${'count '.repeat(12)}</think> \\boxed{${i % 5}}` })}\n`;

function writeRows(path: string, from: number, count: number): void {
  writeFileSync(path, Array.from({ length: count }, (_, i) => jsonlRow(from + i)).join(''));
}

/** The workspace is sound: every page checks, every foreign key resolves. */
function expectSound(path: string): void {
  expect(integrityOf(path)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
}

/** Counts without the jobs and job log tables (the killed command's job row is expected there). */
function dataCounts(path: string): Record<string, number> {
  const counts = rowCounts(path);
  delete counts.jobs;
  delete counts.job_logs;
  return counts;
}

const walSize = (path: string): number => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);

describe('kill -9 in the middle of the work (real processes)', () => {
  const tempDir = useTempDir();
  let fixtureDir: string;
  let fixture: string;
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  beforeAll(async () => {
    // One workspace with a small image benchmark and a large imported run, copied into each test.
    fixtureDir = mkdtempSync(join(os.tmpdir(), 'vlmwb-crash-'));
    fixture = join(fixtureDir, 'fixture.sqlite');
    const db = openWorkspace(fixture);
    seedDemoBenchmark(db, 10);
    const rows = join(fixtureDir, 'rows.jsonl');
    writeRows(rows, 0, ROWS);
    await importFiles(db, fixture, [rows], { benchmark: 'Big', checkpoint: 'big-model' });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }, 120_000);
  afterAll(() => rmSync(fixtureDir, { recursive: true, force: true }));

  function workspaceCopy(): { dir: string; path: string } {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    copyFileSync(fixture, path);
    return { dir, path };
  }

  function spawnTracked(args: string[], env: NodeJS.ProcessEnv = {}) {
    const child = spawnCli(args, env);
    cleanup.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
    return child;
  }

  async function killNow(child: ReturnType<typeof spawnCli>, what: string): Promise<void> {
    expect(child.exitCode, `${what}: the command finished before it could be killed:\n${child.output.stderr}`).toBeNull();
    child.kill('SIGKILL');
    expect((await waitForExit(child)).signal).toBe('SIGKILL');
  }

  it('import: killed while staging and while merging, the workspace has all of it or none of it; the same command then imports it whole', async () => {
    const { dir, path } = workspaceCopy();
    const file = join(dir, 'more.jsonl');
    writeRows(file, ROWS, 15_000);
    const args = ['import', '--db', path, '--benchmark', 'More', '--checkpoint', 'more-model', '--json', file];
    const before = dataCounts(path);

    // 1. While the file is read into the staging file: the workspace is not even locked yet.
    const staging = spawnTracked(args);
    await waitUntil(() => stagingFiles(path).length > 0 || staging.exitCode !== null, 'the staging file', 60_000, 5);
    await killNow(staging, 'import (staging)');
    expectSound(path);
    expect(dataCounts(path)).toEqual(before);
    expect(stagingFiles(path).length).toBeGreaterThan(0); // left by the killed process ...

    // 2. While the staging file is merged in its one transaction (the workspace's WAL grows).
    const walBefore = walSize(path);
    const merging = spawnTracked(args);
    await waitUntil(() => walSize(path) > walBefore + 64 * 1024 || merging.exitCode !== null, 'the merge to start writing', 60_000, 2);
    await killNow(merging, 'import (merge)');
    expectSound(path);
    const afterMergeKill = dataCounts(path);
    // All or nothing: either the transaction committed (every prediction) or none of it is there.
    expect([before.predictions, before.predictions! + 15_000]).toContain(afterMergeKill.predictions);
    if (afterMergeKill.predictions === before.predictions) expect(afterMergeKill).toEqual(before);

    // 3. The same command completes it (or finds it already imported), and removes the orphans.
    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(stagingFiles(path)).toEqual([]);
    expectSound(path);
    const after = dataCounts(path);
    expect(after.predictions).toBe(before.predictions! + 15_000);
    expect(after.samples).toBe(before.samples! + 15_000);
    expect(after.runs).toBe(before.runs! + 1);
  }, 120_000);

  it('read-back of our own export: killed while reading and while writing, it is all or nothing (it used to be 200 records per transaction)', async () => {
    const { dir, path } = workspaceCopy();
    const exported = join(dir, 'export');
    const made = await runCli(['export', '--db', path, '--filter', 'benchmark:Big', '--format', 'jsonl', '--out', exported, '--json']);
    expect(made.code, made.stderr).toBe(0);
    const target = join(dir, 'target.sqlite');
    const prepare = openWorkspace(target);
    seedDemoBenchmark(prepare, 3);
    prepare.close();
    const before = dataCounts(target);
    const args = ['import', '--db', target, '--json', exported];

    const reading = spawnTracked(args);
    // (A staging journal can vanish between the listing and the stat: that file is simply not big yet.)
    const bigEnough = (file: string): boolean => (statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 256 * 1024;
    await waitUntil(() => stagingFiles(target).some(bigEnough) || reading.exitCode !== null, 'the export to be read', 60_000, 5);
    await killNow(reading, 'read-back (reading)');
    expectSound(target);
    expect(dataCounts(target)).toEqual(before);

    const walBefore = walSize(target);
    const writing = spawnTracked(args);
    await waitUntil(() => walSize(target) > walBefore + 64 * 1024 || writing.exitCode !== null, 'the read-back to start writing', 60_000, 2);
    await killNow(writing, 'read-back (writing)');
    expectSound(target);
    const afterWriteKill = dataCounts(target);
    expect([before.predictions, ROWS]).toContain(afterWriteKill.predictions);
    if (afterWriteKill.predictions === before.predictions) expect(afterWriteKill).toEqual(before);

    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expectSound(target);
    expect(stagingFiles(target)).toEqual([]);
    expect(dataCounts(target).predictions).toBe(ROWS);
    expect(dataCounts(target).grades).toBe(ROWS);
  }, 120_000);

  it('export: killed mid-write, no half-written target appears and the workspace is untouched; the export then completes', async () => {
    const { dir, path } = workspaceCopy();
    const before = dataCounts(path);
    const out = join(dir, 'out');
    mkdirSync(out);
    const target = join(out, 'big.jsonl.zip');
    const args = ['export', '--db', path, '--filter', 'benchmark:Big', '--format', 'zip', '--out', target, '--json'];
    const victim = spawnTracked(args);
    await waitUntil(() => readdirSync(out).some((name) => name.includes('.partial-')) || victim.exitCode !== null, 'the export to write', 60_000, 5);
    await killNow(victim, 'export');
    expect(existsSync(target)).toBe(false);
    expectSound(path);
    expect(dataCounts(path)).toEqual(before);
    // Its job is marked interrupted when the workspace is next opened.
    const workbench = openWorkbench(path);
    const job = getJob(workbench.db, 1)!;
    workbench.close();
    expect(job).toMatchObject({ kind: 'export', status: 'failed', message: expect.stringMatching(/interrupted/) });

    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ records: ROWS });
    // The killed process's hidden partial files were removed by the rerun: nothing else is left.
    expect(readdirSync(out)).toEqual(['big.jsonl.zip']);
  }, 120_000);

  it('regrade: killed between batches, committed verdicts stay (whole batches only); the same command resumes, no answer graded twice', async () => {
    const { path } = workspaceCopy();
    const before = dataCounts(path);
    const runId = 1;
    const args = ['regrade', '--db', path, '--run', String(runId), '--scorer', 'text', '--json'];
    const reader = new Database(path, { readonly: true });
    cleanup.push(() => reader.close());
    const regraded = reader.prepare("SELECT COUNT(*) FROM grades WHERE requested_scorer = 'text'").pluck();
    const victim = spawnTracked(args);
    await waitUntil(() => (regraded.get() as number) >= 1000 || victim.exitCode !== null, 'two batches of verdicts', 60_000, 5);
    await killNow(victim, 'regrade');
    expectSound(path);
    const kept = regraded.get() as number;
    expect(kept).toBeGreaterThanOrEqual(1000);
    expect(kept).toBeLessThan(ROWS);
    expect(kept % 500, 'a batch is one transaction: whole batches or nothing').toBe(0);
    // Nothing committed was lost: every original verdict is still there.
    expect(dataCounts(path).grades).toBe(before.grades! + kept);

    const resumed = await runCli(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ regraded: ROWS - kept });
    expectSound(path);
    expect(regraded.get()).toBe(ROWS);
    expect(reader.prepare("SELECT COUNT(*) FROM (SELECT prediction_id FROM grades WHERE requested_scorer = 'text' GROUP BY prediction_id HAVING COUNT(*) > 1)").pluck().get()).toBe(0);
  }, 120_000);

  it('eval: killed mid-run, the workspace checks and the same command completes the run (full test: main/cli/commands/eval.test.ts)', async () => {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    const db = openWorkspace(path);
    seedDemoBenchmark(db, 300);
    db.close();
    const server = await startSimulateServerProcess(['--samples', '300', '--latency-ms', '10']);
    cleanup.push(() => server.stop());
    const args = ['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'killed', '--endpoint', server.baseUrl, '--model', server.modelName, '--concurrency', '8', '--json'];
    const reader = new Database(path, { readonly: true });
    cleanup.push(() => reader.close());
    const answered = reader.prepare('SELECT COUNT(*) FROM predictions').pluck();
    const victim = spawnTracked(args);
    await waitUntil(() => (answered.get() as number) >= 40 || victim.exitCode !== null, 'answers', 60_000, 5);
    await killNow(victim, 'eval');
    expectSound(path);
    const kept = answered.get() as number;
    const resumed = await runCli(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', resumed: true, already_done: kept, answered: 300 - kept });
    expectSound(path);
    expect(answered.get()).toBe(300);
  }, 120_000);
});
