/**
 * Model servers that misbehave. What the eval engineer's tests already cover is referenced, not
 * repeated:
 * - a launched vLLM that dies mid-run or while loading is reported with its last log lines and the
 *   run resumes later; stop() escalates to SIGKILL, workers included; cancelling stops it:
 *   main/core/eval/managed-server.test.ts
 * - `kill -9` of the CLI leaves no launched server or worker behind: main/cli/commands/eval.test.ts
 * - 429/5xx/garbage retried then answered, a failing request stored with its error while the run
 *   goes on, a hanging request timed out, a dead endpoint routed around, no endpoint at all stops
 *   the run: main/core/eval/openai-backend.test.ts
 * Added here: every kind of failure at once, through the real CLI against the simulated server,
 * with some questions that never get an answer (hang, garbage, 503, reset) beside transient ones.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_BENCHMARK_NAME } from '../core/demo';
import { openWorkspace } from '../core/store/database';
import { runCli, startSimulateServerProcess } from '../test-support/cli';
import { seedDemoBenchmark } from '../test-support/demo-benchmark';
import { useTempDir } from '../test-support/temp';
import { integrityOf } from './support';

describe('endpoints that hang, garble, fail or drop the connection', () => {
  const tempDir = useTempDir();
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('retries, then records the ones that never answer as failed with their reason; the run completes and the rest are answered', async () => {
    const path = join(tempDir(), 'w.sqlite');
    const db = openWorkspace(path);
    seedDemoBenchmark(db, 30);
    db.close();
    const always = {
      hang: 'Is the gray cube to the left of the gray sphere?',
      garbage: 'Add 3 large spheres.',
      503: 'Is the red sphere to the right of the brown cylinder?',
      reset: 'How many more spheres than cylinders are there?',
    };
    const server = await startSimulateServerProcess([
      '--samples', '30',
      ...Object.entries(always).flatMap(([kind, text]) => ['--fail', `${kind},match=${text}`]),
      // Transient trouble on other questions: retried, then answered.
      '--fail', '500,first=5', '--fail', '429,first=3', '--fail', 'garbage,first=2',
    ]);
    cleanup.push(() => server.stop());
    const result = await runCli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'flaky', '--endpoint', server.baseUrl, '--model', server.modelName, '--retries', '3', '--backoff-ms', '10', '--timeout', '2', '--concurrency', '8', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'completed', answered: 26, failed: 4, n: 26, errors: 4 });
    const reader = new Database(path, { readonly: true });
    cleanup.push(() => reader.close());
    const failed = reader.prepare('SELECT s.question, p.error FROM predictions p JOIN samples s ON s.id = p.sample_id WHERE p.error IS NOT NULL').all() as Array<{ question: string; error: string }>;
    expect(failed.map((row) => row.question).sort()).toEqual(
      Object.values(always)
        .map((text) => reader.prepare('SELECT question FROM samples WHERE question LIKE ?').pluck().get(`${text}%`) as string)
        .sort(),
    );
    // Each failure is stored with what went wrong and how often it was tried.
    const errorOf = (text: string) => failed.find((row) => row.question.startsWith(text))!.error;
    expect(errorOf(always.hang)).toMatch(/timed out\. \(after 4 attempts\)/);
    expect(errorOf(always.garbage)).toMatch(/not valid JSON \(after 4 attempts\)/);
    expect(errorOf(always[503])).toMatch(/HTTP 503.*\(after 4 attempts\)/);
    expect(errorOf(always.reset)).toMatch(/Connection error\. \(after 4 attempts\)/);
    expect(integrityOf(path)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  }, 120_000);
});
