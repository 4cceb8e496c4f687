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
});
