import type { Command } from 'commander';
import { DEMO_CHECKPOINTS, DEMO_RELEASE_CHECKPOINT } from '../../core/demo/checkpoints';
import { positiveInteger } from '../options';

interface SimulateServerOptions {
  port: number;
  host: string;
  samples?: number;
  checkpoint: string;
  modelName?: string;
  latencyMs: number;
  maxConcurrency?: number;
  fail: string[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * `vlm-workbench simulate-server`: the SIMULATED demo model behind an OpenAI-compatible HTTP
 * API, to try `eval --endpoint` without a GPU and to test and bench the runner against
 * latency, limited concurrency and injected failures.
 */
export function registerSimulateServer(program: Command): void {
  program
    .command('simulate-server')
    .description('Serve the SIMULATED demo model over an OpenAI-compatible API (/v1/chat/completions, /v1/models): for trying `eval --endpoint`, tests and the bench')
    .option('--port <n>', 'port (0 picks a free one)', positiveInteger('--port'), 8000)
    .option('--host <host>', 'address to bind (loopback only)', '127.0.0.1')
    .option('--samples <n>', "demo questions it knows (as many as the workspace's demo benchmark, or more; default: the demo's count)", positiveInteger('--samples'))
    .option('--checkpoint <name>', `simulated checkpoint that answers: ${DEMO_CHECKPOINTS.map((c) => c.name).join(', ')}`, DEMO_RELEASE_CHECKPOINT)
    .option('--model-name <name>', 'served model name clients ask for (default: the checkpoint name)')
    .option('--latency-ms <n>', 'each answer takes at least this long', positiveInteger('--latency-ms'), 0)
    .option('--max-concurrency <n>', 'answer at most this many requests at once; the rest queue', positiveInteger('--max-concurrency'))
    .option(
      '--fail <spec>',
      'inject failures, repeatable: KIND[,first=N|,rate=F][,match=TEXT], KIND one of 429, 500, 503, garbage, hang, reset',
      (spec: string, specs: string[]) => [...specs, spec],
      [] as string[],
    )
    .action(async (options: SimulateServerOptions) => {
      if (!LOOPBACK.has(options.host)) throw new Error('simulate-server binds loopback addresses only');
      if (!DEMO_CHECKPOINTS.some((c) => c.name === options.checkpoint)) {
        throw new Error(`--checkpoint must be one of ${DEMO_CHECKPOINTS.map((c) => c.name).join(', ')}`);
      }
      const [{ DEFAULT_DEMO_COUNT, generateDemoBenchmark, SimulatedVlm }, { parseFailureRule, startStandinServer }] = await Promise.all([
        import('../../core/demo'),
        import('../../core/eval/standin-server'),
      ]);
      const failures = options.fail.map((spec) => parseFailureRule(spec));
      const model = new SimulatedVlm(generateDemoBenchmark({ count: options.samples ?? DEFAULT_DEMO_COUNT }), DEMO_CHECKPOINTS);
      const server = await startStandinServer({
        model,
        checkpoint: options.checkpoint,
        ...(options.modelName ? { modelName: options.modelName } : {}),
        host: options.host,
        port: options.port,
        latencyMs: options.latencyMs,
        ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
        failures,
      });
      process.stdout.write(`SIMULATED OpenAI-compatible server (demo model, not a real VLM) at ${server.baseUrl} model=${server.modelName}\n`);
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
