import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CHECKPOINTS, DEMO_RELEASE_CHECKPOINT, SimulatedVlm } from '../demo';
import { seedDemoBenchmark, demoSamples } from '../../test-support/demo-benchmark';
import { useTempDir } from '../../test-support/temp';
import { upsertCheckpoint } from '../store/catalog';
import { openWorkspace, type Db } from '../store/database';
import { countPredictions, getRun } from '../store/runs';
import { explorerPage } from '../store/explorer';
import { parseQuery } from '../query/filter';
import { FatalBackendError } from './backend';
import { EndpointPool } from './endpoint-pool';
import { evaluate } from './evaluate';
import { freePort } from './managed-server';
import { normaliseBaseUrl, OpenAiBackend } from './openai-backend';
import { DEFAULT_PROMPT } from './prompt';
import { fractionOf, startStandinServer, type FailureRule, type RunningStandin } from './standin-server';

const SAMPLES = 24;
const SAMPLING = { temperature: 0, topP: 1, maxTokens: 512 };

describe('OpenAI-compatible backend against the simulated server over real HTTP', () => {
  const tempDir = useTempDir();
  const servers: RunningStandin[] = [];
  const dbs: Db[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    for (const db of dbs.splice(0)) db.close();
  });

  async function standin(options: { failures?: FailureRule[]; latencyMs?: number; maxConcurrency?: number } = {}): Promise<RunningStandin> {
    const server = await startStandinServer({
      model: new SimulatedVlm(demoSamples(SAMPLES), DEMO_CHECKPOINTS),
      checkpoint: DEMO_RELEASE_CHECKPOINT,
      modelName: 'served-model',
      ...options,
    });
    servers.push(server);
    return server;
  }

  function workspace(): { db: Db; checkpointId: number; benchmarkId: number; path: string } {
    const path = join(tempDir(), 'w.sqlite');
    const db = openWorkspace(path);
    dbs.push(db);
    const { benchmarkId } = seedDemoBenchmark(db, SAMPLES);
    const checkpointId = upsertCheckpoint(db, { name: 'ckpt' });
    return { db, checkpointId, benchmarkId, path };
  }

  const run = (db: Db, ids: { checkpointId: number; benchmarkId: number }, backend: OpenAiBackend, extra: { signal?: AbortSignal; concurrency?: number } = {}) =>
    evaluate(db, { ...ids, backend, prompt: DEFAULT_PROMPT, sampling: SAMPLING, samplesPerQuestion: 1, concurrency: extra.concurrency ?? 4, ...(extra.signal ? { signal: extra.signal } : {}) });

  it('stores and grades every answer with tokens, latency and finish reason', async () => {
    const server = await standin();
    const ws = workspace();
    const outcome = await run(ws.db, ws, new OpenAiBackend({ endpoints: [server.baseUrl], model: 'served-model' }));
    expect(outcome).toMatchObject({ status: 'completed', answered: SAMPLES, failed: 0 });
    const page = explorerPage(ws.db, { filter: parseQuery(`run:${outcome.runId}`), offset: 0, limit: 100 });
    expect(page.total).toBe(SAMPLES);
    expect(page.rows.every((row) => row.correct !== null && row.latencyMs !== null && row.finishReason !== null)).toBe(true);
    expect(page.rows.filter((row) => row.correct).length).toBeGreaterThan(SAMPLES / 2);
    expect(getRun(ws.db, outcome.runId)).toMatchObject({ backend: 'openai', source: `${server.baseUrl} model=served-model` });
  });

  it('retries 429 and 5xx (and garbage) with backoff, then succeeds', async () => {
    const server = await standin({
      failures: [
        { kind: '429', first: 3 },
        { kind: '503', first: 2 },
        { kind: '500', first: 2 },
        { kind: 'garbage', first: 1 },
        { kind: 'reset', first: 1 },
      ],
    });
    const ws = workspace();
    const backend = new OpenAiBackend({ endpoints: [server.baseUrl], model: 'served-model', retry: { retries: 9, backoffMs: 5, maxBackoffMs: 20 } });
    const outcome = await run(ws.db, ws, backend, { concurrency: 1 });
    expect(outcome).toMatchObject({ status: 'completed', answered: SAMPLES, failed: 0 });
    expect(server.stats.injectedFailures).toBe(9);
    expect(server.stats.answered).toBe(SAMPLES);
  });

  it('records a request that keeps failing with its error, and the run goes on; a rerun asks only it again', async () => {
    const question = demoSamples(SAMPLES)[3]!.question;
    const server = await standin({ failures: [{ kind: '500', matching: question }] });
    const ws = workspace();
    const backend = new OpenAiBackend({ endpoints: [server.baseUrl], model: 'served-model', retry: { retries: 2, backoffMs: 1 } });
    const outcome = await run(ws.db, ws, backend);
    expect(outcome).toMatchObject({ status: 'completed', answered: SAMPLES - 1, failed: 1 });
    const failed = explorerPage(ws.db, { filter: parseQuery(`run:${outcome.runId} error:true`), offset: 0, limit: 10 }).rows;
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(/HTTP 500.*after 3 attempts/);
    expect(failed[0]!.question).toBe(question);
    // The server recovers; the same evaluation asks only the failed one again.
    await server.close();
    servers.splice(0);
    const healthy = await standin();
    const again = await run(ws.db, ws, new OpenAiBackend({ endpoints: [healthy.baseUrl], model: 'served-model' }));
    expect(again).toMatchObject({ runId: outcome.runId, answered: 1, failed: 0, skippedAsDone: SAMPLES - 1 });
    expect(healthy.stats.requests).toBe(1);
    expect(countPredictions(ws.db, outcome.runId)).toEqual({ total: SAMPLES, errors: 0 });
  });

  it('times out a hanging request, records it as failed, and finishes the others', async () => {
    const question = demoSamples(SAMPLES)[5]!.question;
    const server = await standin({ failures: [{ kind: 'hang', matching: question }] });
    const ws = workspace();
    const backend = new OpenAiBackend({ endpoints: [server.baseUrl], model: 'served-model', timeoutMs: 300, retry: { retries: 1, backoffMs: 1 } });
    const started = Date.now();
    const outcome = await run(ws.db, ws, backend);
    expect(outcome).toMatchObject({ status: 'completed', answered: SAMPLES - 1, failed: 1 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const [failed] = explorerPage(ws.db, { filter: parseQuery(`run:${outcome.runId} error:true`), offset: 0, limit: 10 }).rows;
    expect(failed!.error).toMatch(/timed out.*after 2 attempts/i);
  });

  it('does not retry what the server rejects (unknown model name)', async () => {
    const server = await standin();
    const backend = new OpenAiBackend({ endpoints: [server.baseUrl], model: 'no-such-model', retry: { retries: 5, backoffMs: 1 } });
    await expect(
      backend.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 8, temperature: 0, topP: 1, sampleIndex: 0 }, new AbortController().signal),
    ).rejects.toThrow(/HTTP 404.*does not exist/);
    expect(server.stats.requests).toBe(1);
  });

  it('spreads the load over several endpoints, and a dead one is routed around', async () => {
    const [a, b] = [await standin({ latencyMs: 20 }), await standin({ latencyMs: 20 })];
    const dead = `http://127.0.0.1:${await freePort()}/v1`;
    const ws = workspace();
    const backend = new OpenAiBackend({ endpoints: [a.baseUrl, b.baseUrl, dead], model: 'served-model', retry: { retries: 3, backoffMs: 1 } });
    const outcome = await run(ws.db, ws, backend, { concurrency: 6 });
    expect(outcome).toMatchObject({ status: 'completed', answered: SAMPLES, failed: 0 });
    expect(a.stats.answered).toBeGreaterThan(SAMPLES / 4);
    expect(b.stats.answered).toBeGreaterThan(SAMPLES / 4);
    expect(a.stats.answered + b.stats.answered).toBe(SAMPLES);
  });

  it('stops the run (failed, nothing recorded) when no endpoint can be reached at all', async () => {
    const dead = `http://127.0.0.1:${await freePort()}/v1`;
    const ws = workspace();
    const backend = new OpenAiBackend({ endpoints: [dead], model: 'served-model', retry: { retries: 2, backoffMs: 1 } });
    const outcome = await run(ws.db, ws, backend);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/cannot connect to .* is the server running/);
    expect(countPredictions(ws.db, outcome.runId).total).toBeLessThan(SAMPLES);
  });

  it('cancels with an AbortSignal mid-run; the same evaluation resumes without duplicates', async () => {
    const server = await standin({ latencyMs: 40 });
    const ws = workspace();
    const controller = new AbortController();
    const backend = new OpenAiBackend({ endpoints: [server.baseUrl], model: 'served-model' });
    const first = evaluate(ws.db, { ...ws, backend, prompt: DEFAULT_PROMPT, sampling: SAMPLING, samplesPerQuestion: 2, concurrency: 3, signal: controller.signal, onProgress: ({ done }) => done >= 10 && controller.abort() });
    const cancelled = await first;
    expect(cancelled.status).toBe('cancelled');
    expect(getRun(ws.db, cancelled.runId)!.status).toBe('cancelled');
    const stored = countPredictions(ws.db, cancelled.runId).total;
    expect(stored).toBeGreaterThanOrEqual(10);
    expect(stored).toBeLessThan(2 * SAMPLES);
    const resumed = await evaluate(ws.db, { ...ws, backend, prompt: DEFAULT_PROMPT, sampling: SAMPLING, samplesPerQuestion: 2, concurrency: 3 });
    expect(resumed).toMatchObject({ runId: cancelled.runId, status: 'completed', skippedAsDone: stored, answered: 2 * SAMPLES - stored });
    expect(countPredictions(ws.db, cancelled.runId)).toEqual({ total: 2 * SAMPLES, errors: 0 });
  });

  it('sends the API key but never stores it in the workspace', async () => {
    const secret = 'sk-test-secret-never-stored-0123456789';
    const server = await standin();
    const ws = workspace();
    const outcome = await run(ws.db, ws, new OpenAiBackend({ endpoints: [server.baseUrl], model: 'served-model', apiKey: secret }));
    expect(outcome.status).toBe('completed');
    expect(JSON.stringify(getRun(ws.db, outcome.runId))).not.toContain(secret);
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(ws.path).includes(secret)).toBe(false);
  });
});

describe('endpoint URLs and the endpoint pool', () => {
  it('takes base URLs as OpenAI clients do, adding /v1 to a bare host', () => {
    expect(normaliseBaseUrl('http://gpu-box:8000/v1/')).toBe('http://gpu-box:8000/v1');
    expect(normaliseBaseUrl('http://gpu-box:8000')).toBe('http://gpu-box:8000/v1');
    expect(normaliseBaseUrl('https://api.example.org/openai/v1')).toBe('https://api.example.org/openai/v1');
    expect(() => normaliseBaseUrl('gpu-box:8000')).toThrow(/http or https|not a URL/);
  });

  it('hands out the least loaded endpoint and avoids the one that just failed', () => {
    const pool = new EndpointPool(['a', 'b', 'c']);
    const leases = [pool.acquire(), pool.acquire(), pool.acquire()];
    expect(leases.map((lease) => lease.endpoint).sort()).toEqual(['a', 'b', 'c']);
    leases[1]!.release();
    expect(pool.acquire().endpoint).toBe('b');
    expect(pool.acquire(0).index).not.toBe(0);
    expect(FatalBackendError.name).toBe('FatalBackendError');
  });
});

describe("the stand-in server's failure rates", () => {
  it('fails about the share of requests `rate=F` asks for: its fractions spread over [0, 1)', () => {
    const fractions = Array.from({ length: 2000 }, (_, i) => fractionOf(i + 1));
    expect(fractions.every((f) => f >= 0 && f < 1)).toBe(true);
    for (const rate of [0.1, 0.5, 0.9]) {
      const failing = fractions.filter((f) => f < rate).length / fractions.length;
      expect(Math.abs(failing - rate)).toBeLessThan(0.05);
    }
  });
});
