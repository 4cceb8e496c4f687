import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { upsertCheckpoint } from '../../main/core/store/catalog';
import { openWorkspace, type Db } from '../../main/core/store/database';
import { evaluate } from '../../main/core/eval/evaluate';
import { OpenAiBackend } from '../../main/core/eval/openai-backend';
import { DEFAULT_PROMPT } from '../../main/core/eval/prompt';
import { startSimulateServerProcess } from '../../main/test-support/cli';
import { seedDemoBenchmark } from '../../main/test-support/demo-benchmark';
import type { BenchSection, Figure } from '../harness';

const LATENCY_MS = 200;
const SERVER_CONCURRENCY = 64;
const QUESTIONS = 400;
const SAMPLES_PER_QUESTION = 8;
const CEILING = SERVER_CONCURRENCY / (LATENCY_MS / 1000);

interface Pass {
  answersPerSecond: number;
  cpuMsPerAnswer: number;
}

async function pass(db: Db, server: { baseUrl: string; modelName: string }, benchmarkId: number, concurrency: number, samplesPerQuestion = SAMPLES_PER_QUESTION): Promise<Pass> {
  const checkpointId = upsertCheckpoint(db, { name: `bench-c${concurrency}-k${samplesPerQuestion}` });
  const backend = new OpenAiBackend({ endpoints: [server.baseUrl], model: server.modelName });
  const requests = QUESTIONS * samplesPerQuestion;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const outcome = await evaluate(db, {
    checkpointId,
    benchmarkId,
    backend,
    prompt: DEFAULT_PROMPT,
    sampling: { temperature: 0.7, topP: 0.95, maxTokens: 1024 },
    samplesPerQuestion,
    concurrency,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (outcome.answered !== requests) throw new Error(`bench run answered ${outcome.answered} of ${requests} (${outcome.failed} failed)`);
  return { answersPerSecond: requests / seconds, cpuMsPerAnswer: (cpu.user + cpu.system) / 1000 / requests };
}

/**
 * The runner against a server that takes L = 200 ms per answer and C = 64 answers at once (the
 * simulated server in its own process, over real HTTP, answers stored and graded as in any
 * run): no client can do better than C / L = 320 answers/s. The target figure runs the runner
 * as users should, with more requests in flight than the server's slots (2C), so the server
 * never waits for the client; the C-in-flight figure shows the cost of a client that merely
 * matches them (every answer's turnaround then leaves a slot idle). CPU time is this process's.
 */
export const runnerSection: BenchSection = {
  name: 'evaluation runner (OpenAI client vs simulated server, L=200 ms, C=64)',
  async run() {
    const dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-bench-runner-'));
    const server = await startSimulateServerProcess([
      '--samples', String(QUESTIONS),
      '--latency-ms', String(LATENCY_MS),
      '--max-concurrency', String(SERVER_CONCURRENCY),
    ]);
    const db = openWorkspace(join(dir, 'bench.sqlite'));
    try {
      const { benchmarkId } = seedDemoBenchmark(db, QUESTIONS);
      // Warm-up (JIT, connections, the server's first answers), not measured.
      await pass(db, server, benchmarkId, SERVER_CONCURRENCY, 1);
      const load = os.loadavg()[0]!.toFixed(1);
      const full = await pass(db, server, benchmarkId, 2 * SERVER_CONCURRENCY);
      const matched = await pass(db, server, benchmarkId, SERVER_CONCURRENCY);
      const answers = QUESTIONS * SAMPLES_PER_QUESTION;
      const figures: Figure[] = [
        { name: 'answers per second (2C in flight)', value: full.answersPerSecond, unit: 'answers/s', note: `${answers} answers, ceiling C/L = ${CEILING}/s, load average ${load}` },
        { name: 'throughput vs C/L (2C in flight)', value: (100 * full.answersPerSecond) / CEILING, unit: '%', target: { op: '>=', value: 95 } },
        { name: 'throughput vs C/L (C in flight)', value: (100 * matched.answersPerSecond) / CEILING, unit: '%', note: 'a slot idles during each answer\'s turnaround' },
        { name: 'client CPU time per answer', value: full.cpuMsPerAnswer, unit: 'ms', note: 'HTTP client, grading and storing, in this process' },
      ];
      return figures;
    } finally {
      db.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
