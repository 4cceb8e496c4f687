/**
 * API keys for model endpoints and judges come from the environment (VLM_WORKBENCH_API_KEY,
 * else OPENAI_API_KEY; no OS keychain is used) and are never written anywhere: an evaluation
 * and a judge pass run against a stand-in server that refuses any request without
 * `Authorization: Bearer <secret>`, then the workspace's bytes (main file and WAL), its job logs,
 * every export format and everything the commands printed are searched for the secret.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BENCHMARK_NAME } from '../core/demo';
import { openWorkspace } from '../core/store/database';
import { startHttpServer } from '../core/transport/http-server';
import { openWorkbench } from '../core/workbench';
import { runCli, startSimulateServerProcess } from '../test-support/cli';
import { seedDemoBenchmark } from '../test-support/demo-benchmark';
import { useTempDir } from '../test-support/temp';

const SECRET = 'sk-reliability-7f3a9c1e-never-store-me-0042';

/** Every file under a path (a file, or a folder's files, recursively). */
function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/**
 * A gate in front of the simulated model: 401 without the bearer secret. Requests for the model
 * named "judge" are answered here with a judge's JSON verdict, so the judge pass writes labels.
 */
async function keyedGate(upstream: string): Promise<{ url: string; seen: { authorised: number; refused: number }; server: Server }> {
  const seen = { authorised: 0, refused: 0 };
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${SECRET}`) {
        seen.refused++;
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'invalid api key', type: 'invalid_request_error' } }));
        return;
      }
      seen.authorised++;
      const body = Buffer.concat(chunks);
      if (req.url?.endsWith('/chat/completions') && (JSON.parse(body.toString('utf8')) as { model?: string }).model === 'judge') {
        const content = JSON.stringify({ label: 'perception', first_wrong_step: 1, rationale: 'misread the image' });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'j', object: 'chat.completion', created: 0, model: 'judge', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
        return;
      }
      const forward = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen, server };
}

describe('API keys come from the environment and are never stored', () => {
  const tempDir = useTempDir();
  let stopUpstream: () => Promise<void>;
  let gate: Awaited<ReturnType<typeof keyedGate>>;
  let modelName: string;
  beforeAll(async () => {
    const upstream = await startSimulateServerProcess(['--samples', '40']);
    stopUpstream = upstream.stop;
    modelName = upstream.modelName;
    gate = await keyedGate(upstream.baseUrl);
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => gate.server.close(resolve));
    await stopUpstream();
  });

  it('eval and a judge pass authenticate with the key; it is in none of the workspace, its job logs, any export or the output', async () => {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    const db = openWorkspace(path);
    seedDemoBenchmark(db, 40);
    db.close();
    const env = { VLM_WORKBENCH_API_KEY: SECRET, OPENAI_API_KEY: '' };
    const printed: string[] = [];
    const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = env) => {
      const result = await runCli(args, extraEnv);
      printed.push(result.stdout, result.stderr);
      return result;
    };

    // Without the key the gate refuses every request: the check below is not vacuous.
    const refused = await cli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'no-key', '--endpoint', gate.url, '--model', modelName, '--limit', '2', '--retries', '0', '--json'], { VLM_WORKBENCH_API_KEY: '', OPENAI_API_KEY: '' });
    expect(gate.seen.refused).toBeGreaterThan(0);
    expect(refused.stdout + refused.stderr).toMatch(/401|invalid api key|failed/i);

    const evaluated = await cli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'keyed', '--endpoint', gate.url, '--model', modelName, '--verbose', '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ status: 'completed', answered: 40, failed: 0 });
    const judged = await cli(['attribute', '--db', path, '--checkpoint', 'keyed', '--method', 'judge', '--judge-endpoint', gate.url, '--judge-model', 'judge', '--json']);
    expect(judged.code, judged.stderr).toBe(0);
    const judge = JSON.parse(judged.stdout) as { job: { labelled: number; errors: number } };
    expect(judge.job.labelled).toBeGreaterThan(0);
    expect(judge.job.errors).toBe(0);
    expect(gate.seen.authorised).toBeGreaterThan(40);

    // Exports of the labelled failures, in every format.
    const exports: string[] = [];
    for (const format of ['jsonl', 'zip', 'csv', 'parquet', 'vlmevalkit', 'easyr1']) {
      const out = join(dir, 'exports', format === 'zip' ? 'set.zip' : format === 'csv' ? 'set.csv' : format === 'parquet' ? 'set.parquet' : format === 'vlmevalkit' ? 'set.tsv' : format);
      const made = await cli(['export', '--db', path, '--filter', 'checkpoint:keyed', '--format', format, '--out', out, '--json']);
      expect(made.code, made.stderr).toBe(0);
      exports.push(out);
    }

    // The job logs hold the runs' stories (URLs, progress), never the key.
    const reader = new Database(path, { readonly: true });
    const logs = (reader.prepare('SELECT line FROM job_logs').pluck().all() as string[]).join('\n');
    const jobs = JSON.stringify(reader.prepare('SELECT * FROM jobs').all());
    const runs = JSON.stringify(reader.prepare('SELECT * FROM runs').all());
    const labels = reader.prepare("SELECT COUNT(*) FROM annotations WHERE source = 'judge'").pluck().get() as number;
    reader.close();
    expect(labels).toBeGreaterThan(0);
    expect(logs.length).toBeGreaterThan(0);
    for (const [what, text] of Object.entries({ logs, jobs, runs, printed: printed.join('\n') })) expect(text.includes(SECRET), what).toBe(false);

    // Byte for byte: the workspace (checkpointed, and its WAL as it was), the exports, any staging leftovers.
    const checkpoint = new Database(path);
    checkpoint.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint.close();
    const files = [...filesUnder(dir)];
    expect(files.some((file) => file.endsWith('.parquet'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes(SECRET), file).toBe(false);
      expect(bytes.includes(Buffer.from(SECRET, 'utf16le')), `${file} (UTF-16)`).toBe(false);
      expect(bytes.includes(Buffer.from(SECRET).toString('base64').slice(0, 24)), `${file} (base64)`).toBe(false);
    }
  }, 180_000);

  it('an endpoint that echoes the key in its error bodies leaves it in no workspace byte, WAL, export, API response or output', async () => {
    const OTHER_KEY = 'sk-proj-echoed0123456789abcdef';
    // Answers every chat request with a 400 whose body repeats the request's headers, as some proxies do.
    const echo = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        // The model list answers normally (the evaluation's preflight), so the chat requests are made.
        if (req.method === 'GET' && req.url === '/v1/models') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] }));
          return;
        }
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `bad request; you sent Authorization: ${req.headers.authorization ?? ''}, api_key=${SECRET}, and a stray ${OTHER_KEY}`, type: 'invalid_request_error' } }));
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
    try {
      const dir = tempDir();
      const path = join(dir, 'w.sqlite');
      const db = openWorkspace(path);
      seedDemoBenchmark(db, 6);
      db.close();
      // Held open so the WAL the eval writes stays on disk (the last connection to close removes it).
      const holder = new Database(path);
      holder.prepare('SELECT COUNT(*) FROM samples').get();
      const env = { VLM_WORKBENCH_API_KEY: SECRET, OPENAI_API_KEY: '' };
      const printed: string[] = [];
      const evaluated = await runCli(['eval', '--db', path, '--benchmark', DEMO_BENCHMARK_NAME, '--checkpoint', 'echoed', '--endpoint', echoUrl, '--model', 'm', '--retries', '0', '--verbose', '--json'], env);
      printed.push(evaluated.stdout, evaluated.stderr);
      const exported = await runCli(['export', '--db', path, '--filter', 'checkpoint:echoed', '--format', 'csv', '--out', join(dir, 'exports', 'set.csv'), '--json'], env);
      printed.push(exported.stdout, exported.stderr);
      expect(exported.code, exported.stderr).toBe(0);

      // The errors were stored, with the credentials replaced (so the check below is not vacuous).
      const reader = new Database(path, { readonly: true });
      const errors = reader.prepare('SELECT error FROM predictions WHERE error IS NOT NULL').pluck().all() as string[];
      reader.close();
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]).toContain('[redacted]');
      expect(errors[0]).toContain('bad request');

      // What the API answers (over HTTP, as the UI reads it) carries no key either.
      const workbench = openWorkbench(path);
      const server = await startHttpServer(workbench, { host: '127.0.0.1', port: 0 });
      const answers: string[] = [];
      try {
        const call = async (method: string, input: unknown) => {
          const response = await fetch(`${server.url}/api/call/${method}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: JSON.stringify(input) });
          const text = await response.text();
          answers.push(text);
          return JSON.parse(text) as unknown;
        };
        const page = (await call('explore', { query: 'checkpoint:echoed', limit: 10 })) as { rows: Array<{ predictionId: number }> };
        for (const row of page.rows) await call('getPrediction', { predictionId: row.predictionId });
        const jobs = (await call('listJobs', {})) as Array<{ id: number }>;
        for (const job of jobs) await call('jobLog', { jobId: job.id });
      } finally {
        await server.close();
        workbench.close();
      }
      expect(answers.join('\n')).toContain('[redacted]');

      // Byte for byte, the WAL as it is now, then the checkpointed workspace, the exports and all output.
      const everything = () => filesUnder(dir).map((file) => ({ file, bytes: readFileSync(file) }));
      const beforeCheckpoint = everything();
      holder.close();
      expect(beforeCheckpoint.find(({ file }) => file.endsWith('-wal'))?.bytes.length).toBeGreaterThan(0);
      const checkpoint = new Database(path);
      checkpoint.pragma('wal_checkpoint(TRUNCATE)');
      checkpoint.close();
      for (const { file, bytes } of [...beforeCheckpoint, ...everything(), { file: 'API responses', bytes: Buffer.from(answers.join('\n')) }, { file: 'CLI output', bytes: Buffer.from(printed.join('\n')) }]) {
        for (const key of [SECRET, OTHER_KEY]) {
          expect(bytes.includes(key), `${key} in ${file}`).toBe(false);
          expect(bytes.includes(Buffer.from(key, 'utf16le')), `${key} in ${file} (UTF-16)`).toBe(false);
        }
      }
    } finally {
      await new Promise((resolve) => echo.close(resolve));
    }
  }, 120_000);
});
