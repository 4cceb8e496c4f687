/**
 * A stand-in for the `vllm` executable in tests (no GPU, no weights here). Called as vLLM is,
 * `fake-vllm serve PATH --host H --port P --served-model-name N [more args]`, it serves the
 * SIMULATED demo model over the same OpenAI-compatible protocol (standin-server.ts) and logs
 * like a server does. Extra flags, passed with `--vllm-arg`, steer it:
 *   --demo-samples N     demo questions it knows (default 120)
 *   --latency-ms N       per-answer latency
 *   --startup-delay-ms N "loads the model" this long before listening
 *   --crash-after N      dies (exit 1, CUDA-style error) after N answers
 *   --slow-after N       after N answers every answer takes an hour (a job that will hit its time limit)
 *   --exit-at-start      dies before listening
 *   --never-ready        never listens
 *   --ignore-sigterm     needs SIGKILL to stop
 *   --spawn-worker       starts a child process, as vLLM's engine workers are
 * Anything else (--tensor-parallel-size=2, …) is accepted and logged.
 */
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { DEMO_CHECKPOINTS, DEMO_RELEASE_CHECKPOINT, generateDemoBenchmark, SimulatedVlm } from '../core/demo';
import { startStandinServer } from '../core/eval/standin-server';

const argv = process.argv.slice(2);
const flags = new Map<string, string | true>();
const unknown: string[] = [];
const known = new Set(['--host', '--port', '--served-model-name', '--demo-samples', '--latency-ms', '--startup-delay-ms', '--crash-after', '--slow-after', '--exit-at-start', '--never-ready', '--ignore-sigterm', '--spawn-worker']);
const takesValue = new Set(['--host', '--port', '--served-model-name', '--demo-samples', '--latency-ms', '--startup-delay-ms', '--crash-after', '--slow-after']);
if (argv[0] !== 'serve' || !argv[1]) {
  process.stderr.write('usage: fake-vllm serve PATH --port P --served-model-name N\n');
  process.exit(2);
}
const checkpointPath = argv[1];
for (let i = 2; i < argv.length; i++) {
  const arg = argv[i]!;
  if (!known.has(arg)) unknown.push(arg);
  else if (takesValue.has(arg)) flags.set(arg, argv[++i] ?? '');
  else flags.set(arg, true);
}
const number = (flag: string, fallback: number): number => (flags.has(flag) ? Number(flags.get(flag)) : fallback);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

log(`INFO (fake vLLM, SIMULATED) vllm serve ${checkpointPath}`);
log(`INFO server pid ${process.pid}`);
log(`INFO non-default args: ${JSON.stringify(unknown)}`);
if (flags.has('--spawn-worker')) {
  const worker = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  log(`INFO worker pid ${worker.pid}`);
}
process.on('SIGTERM', () => {
  if (flags.has('--ignore-sigterm')) {
    log('INFO ignoring SIGTERM');
    return;
  }
  log('INFO Shutting down');
  process.exit(0);
});
if (flags.has('--exit-at-start')) {
  log('ERROR ValueError: the checkpoint has no config.json');
  process.exit(1);
}
if (flags.has('--never-ready')) {
  log('INFO loading weights forever');
  setInterval(() => undefined, 1000);
} else {
  await new Promise((resolve) => setTimeout(resolve, number('--startup-delay-ms', 0)));
  const profile = DEMO_CHECKPOINTS.some((c) => c.name === basename(checkpointPath)) ? basename(checkpointPath) : DEMO_RELEASE_CHECKPOINT;
  const model = new SimulatedVlm(generateDemoBenchmark({ count: number('--demo-samples', 120) }), DEMO_CHECKPOINTS);
  const serverOptions = {
    model,
    checkpoint: profile,
    modelName: String(flags.get('--served-model-name') ?? profile),
    host: String(flags.get('--host') ?? '127.0.0.1'),
    port: number('--port', 8000),
    latencyMs: number('--latency-ms', 0),
  };
  const server = await startStandinServer(serverOptions);
  log(`INFO Uvicorn running on ${server.url} (Press CTRL+C to quit)`);
  const slowAfter = number('--slow-after', 0);
  if (slowAfter > 0) {
    // The stand-in reads its latency per request: from here on it answers too slowly to finish.
    const timer = setInterval(() => {
      if (server.stats.answered < slowAfter) return;
      serverOptions.latencyMs = 3_600_000;
      log(`INFO slowing down after ${server.stats.answered} answers`);
      clearInterval(timer);
    }, 5);
  }
  const crashAfter = number('--crash-after', 0);
  if (crashAfter > 0) {
    setInterval(() => {
      if (server.stats.answered < crashAfter) return;
      log('ERROR RuntimeError: CUDA error: an illegal memory access was encountered');
      log('ERROR Engine core proc died unexpectedly, shutting down');
      process.exit(1);
    }, 5);
  }
}
