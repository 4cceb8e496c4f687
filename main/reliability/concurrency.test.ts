/**
 * The app and the CLI on one workspace at the same time: `serve` (the app's core, answering the
 * UI's API over HTTP) takes label writes, reads and a re-grade while separate CLI processes
 * import a file, re-grade the same run, and build the demo into the same workspace. SQLite in WAL
 * mode lets readers run beside the one writer; the busy timeout makes writers wait their turn.
 * Afterwards every process succeeded, no request failed, no write was lost or doubled, and the
 * counts add up.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { importFiles } from '../core/ingest/import';
import { openWorkspace } from '../core/store/database';
import { runCli, spawnCli, waitForExit, waitUntil } from '../test-support/cli';
import { useTempDir } from '../test-support/temp';
import { integrityOf } from './support';

const rows = (prefix: string, count: number): string =>
  Array.from({ length: count }, (_, i) => `${JSON.stringify({ id: `${prefix}${i}`, question: `Question ${prefix}${i}: how many?`, answer: String(i % 4), prediction: `<think>count</think> \\boxed{${i % 3}}` })}\n`).join('');

describe('serve and the CLI on the same workspace at once', () => {
  const tempDir = useTempDir();
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('import, regrade (CLI and API), demo and API label writes together: no errors, no lost or doubled writes', async () => {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    const first = join(dir, 'a.jsonl');
    const second = join(dir, 'b.jsonl');
    writeFileSync(first, rows('a', 3000));
    writeFileSync(second, rows('b', 8000));
    const db = openWorkspace(path);
    await importFiles(db, path, [first], { benchmark: 'A', checkpoint: 'model-a' }); // run 1, predictions 1..3000
    db.close();

    const serve = spawnCli(['serve', '--db', path, '--port', '0']);
    cleanup.push(async () => {
      serve.kill('SIGTERM');
      await waitForExit(serve);
    });
    await waitUntil(() => /at (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.test(serve.output.stdout) || serve.exitCode !== null, 'serve to listen', 60_000);
    const [, base, token] = /at (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(serve.output.stdout)!;
    const failures: string[] = [];
    const call = async (method: string, input: unknown): Promise<unknown> => {
      const response = await fetch(`${base}/api/call/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await response.json()) as unknown;
      if (response.status !== 200) failures.push(`${method} ${response.status}: ${JSON.stringify(body)}`);
      return body;
    };

    // Everything at once.
    const cliRuns = Promise.all([
      runCli(['import', '--db', path, '--benchmark', 'B', '--checkpoint', 'model-b', '--json', second]),
      runCli(['regrade', '--db', path, '--run', '1', '--scorer', 'text', '--json']),
      runCli(['demo', '--db', path, '--samples', '30', '--json']),
    ]);
    const apiRegrade = (await call('startRegrade', { runIds: [1], scorer: 'text' })) as { id: number };
    const LABELS = 300;
    const labelWrites = (async () => {
      for (let start = 1; start <= LABELS; start += 10) {
        await Promise.all(
          Array.from({ length: 10 }, (_, k) => call('addAnnotation', { predictionId: start + k, label: k % 2 ? 'perception' : 'reasoning', note: `concurrent ${start + k}`, author: 'reliability-test' })),
        );
        await call('explore', { query: 'correct:false', limit: 20 });
      }
    })();
    const [[imported, regraded, demo]] = await Promise.all([cliRuns, labelWrites]);
    for (const [name, result] of Object.entries({ imported, regraded, demo })) {
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      expect(result.stderr, name).not.toMatch(/SQLITE_BUSY|database is locked/i);
    }
    await waitUntil(async () => {
      const jobs = (await call('listJobs', { limit: 50 })) as Array<{ id: number; status: string }>;
      return jobs.find((job) => job.id === apiRegrade.id)?.status === 'completed';
    }, 'the API re-grade to complete', 60_000, 100);
    expect(failures).toEqual([]);
    expect(serve.output.stderr).not.toMatch(/SQLITE_BUSY|database is locked/i);

    // The counts add up.
    expect(integrityOf(path)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
    const reader = new Database(path, { readonly: true });
    cleanup.push(() => reader.close());
    const one = (sql: string) => reader.prepare(sql).pluck().get() as number;
    expect(JSON.parse(demo.stdout)).toMatchObject({ predictions: 240 });
    expect(one('SELECT COUNT(*) FROM predictions')).toBe(3000 + 8000 + 240);
    expect(one("SELECT COUNT(*) FROM runs WHERE backend LIKE 'import:%'")).toBe(2);
    expect(one("SELECT COUNT(*) FROM annotations WHERE author = 'reliability-test'")).toBe(LABELS);
    expect(one("SELECT COUNT(DISTINCT prediction_id) FROM annotations WHERE author = 'reliability-test'")).toBe(LABELS);
    // Two re-grades of the same run at once: every answer graded once with 'text', none twice.
    expect(one("SELECT COUNT(*) FROM grades g JOIN predictions p ON p.id = g.prediction_id WHERE p.run_id = 1 AND g.requested_scorer = 'text'")).toBe(3000);
    expect(JSON.parse(regraded.stdout).regraded).toBeLessThanOrEqual(3000);
    // Every prediction still has its original verdict, and the imported and demo ones theirs.
    expect(one("SELECT COUNT(*) FROM grades WHERE requested_scorer = 'auto'")).toBe(3000 + 8000 + 240);
    expect(one('SELECT COUNT(*) FROM outputs_fts')).toBe(3000 + 8000 + 240);
  }, 180_000);
});
