import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BackendSpec, ClientSettings } from '../../core/eval/backend-spec';
import type { ServerKind } from '../../core/eval/launch-recipes';
import type { OnnxDevice } from '../../core/eval/onnx/onnx-backend';
import { DEFAULT_PROMPT, type PromptConfig } from '../../core/eval/prompt';
import { startEvaluation, type EvaluationJobRequest } from '../../core/eval/start-evaluation';
import { runSummaries } from '../../core/store/summaries';
import { openWorkbench } from '../../core/workbench';
import { positiveInteger, workspaceOption } from '../options';
import { progressBar } from '../progress';
import { registerSimulateServer } from './simulate-server';

interface EvalCliOptions {
  db?: string;
  benchmark: string;
  checkpoint: string;
  endpoint: string[];
  model?: string;
  vllm?: string;
  sglang?: string;
  lmdeploy?: string;
  vllmArg: string[];
  serverExecutable?: string;
  port?: number;
  readyTimeout: number;
  onnx?: string;
  device: string;
  concurrency?: number;
  maxTokens: number;
  temperature: number;
  topP: number;
  samples: number;
  stop: string[];
  systemPrompt?: string;
  userTemplate?: string;
  instructionPlacement: string;
  limit?: number;
  timeout: number;
  retries: number;
  backoffMs: number;
  retryFailed?: boolean;
  stage?: string;
  step?: number;
  baseModel?: string;
  lineage?: string;
  json?: boolean;
  verbose?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function nonNegativeNumber(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
    return parsed;
  };
}

/** Exactly one way of answering: endpoints, a server we launch, or an ONNX folder. */
function backendSpecOf(options: EvalCliOptions): BackendSpec {
  const client: ClientSettings = { timeoutMs: options.timeout * 1000, retries: options.retries, backoffMs: options.backoffMs };
  const launched = (['vllm', 'sglang', 'lmdeploy'] as const).filter((kind) => options[kind] !== undefined);
  const chosen = (options.endpoint.length > 0 ? 1 : 0) + launched.length + (options.onnx !== undefined ? 1 : 0);
  if (chosen !== 1) throw new Error('give exactly one of --endpoint URL (repeatable), --vllm PATH (or --sglang / --lmdeploy PATH), --onnx DIR');
  if (options.endpoint.length > 0) {
    return { kind: 'openai', endpoints: options.endpoint, model: options.model ?? options.checkpoint, ...client };
  }
  if (options.onnx !== undefined) {
    if (!['auto', 'cuda', 'cpu'].includes(options.device)) throw new Error(`--device must be auto, cuda or cpu, got "${options.device}"`);
    return { kind: 'onnx', modelDir: resolve(options.onnx), device: options.device as OnnxDevice };
  }
  const server: ServerKind = launched[0]!;
  const path = options[server]!;
  return {
    kind: 'managed',
    server,
    // A local folder is handed over absolute; anything else (a hub id) as written.
    checkpointPath: path.startsWith('.') || path.startsWith('/') ? resolve(path) : path,
    servedModelName: options.checkpoint,
    extraArgs: options.vllmArg,
    ...(options.serverExecutable ? { executable: options.serverExecutable } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    readyTimeoutMs: options.readyTimeout * 1000,
    ...client,
  };
}

function promptOf(options: EvalCliOptions): PromptConfig {
  if (!['system', 'user'].includes(options.instructionPlacement)) throw new Error('--instruction-placement must be system or user');
  return {
    systemPrompt: options.systemPrompt !== undefined ? readFileSync(options.systemPrompt, 'utf8').trim() : DEFAULT_PROMPT.systemPrompt,
    userTemplate: options.userTemplate !== undefined ? readFileSync(options.userTemplate, 'utf8').replace(/\n$/, '') : DEFAULT_PROMPT.userTemplate,
    instructionPlacement: options.instructionPlacement as PromptConfig['instructionPlacement'],
  };
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'Evaluate a checkpoint on a benchmark through OpenAI-compatible servers, a vLLM (SGLang, LMDeploy) we launch, or onnxruntime in process. ' +
        'Every answer is stored and graded as it arrives; running the same command again resumes the run (failed answers are asked again).',
    )
    .option('--db <file>', 'workspace file')
    .requiredOption('--benchmark <name>', 'benchmark in the workspace')
    .requiredOption('--checkpoint <name>', 'checkpoint name (created if new; with a launched server also its served model name)')
    .option('--endpoint <url>', 'OpenAI-compatible base URL, e.g. http://gpu-box:8000/v1; repeat to spread the load', collect, [])
    .option('--model <name>', 'served model name at the endpoints (default: the checkpoint name)')
    .option('--vllm <path>', 'launch `vllm serve PATH` for this run (executable: --server-executable or $VLM_WORKBENCH_VLLM, else vllm)')
    .option('--sglang <path>', 'launch SGLang on PATH instead ($VLM_WORKBENCH_SGLANG, else python3 -m sglang.launch_server)')
    .option('--lmdeploy <path>', 'launch LMDeploy on PATH instead ($VLM_WORKBENCH_LMDEPLOY, else lmdeploy)')
    .option('--vllm-arg <arg>', 'extra argument for the launched server, repeatable: --vllm-arg=--tensor-parallel-size=2', collect, [])
    .option('--server-executable <command>', 'the launched server\'s executable')
    .option('--port <n>', 'port for the launched server (default: a free one)', positiveInteger('--port'))
    .option('--ready-timeout <seconds>', 'how long the launched server may take to load', positiveInteger('--ready-timeout'), 1200)
    .option('--onnx <dir>', 'run an exported ONNX model folder in process (see README: The ONNX model folder)')
    .option('--device <device>', 'onnx: auto, cuda or cpu', 'auto')
    .option('--concurrency <n>', 'requests in flight at once (default 32; 1 for --onnx)', positiveInteger('--concurrency'))
    .option('--max-tokens <n>', 'answer token budget', positiveInteger('--max-tokens'), 2048)
    .option('--temperature <t>', 'sampling temperature (0: greedy)', nonNegativeNumber('--temperature'), 0)
    .option('--top-p <p>', 'nucleus sampling', nonNegativeNumber('--top-p'), 1)
    .option('--samples <k>', 'answers per question (pass@k)', positiveInteger('--samples'), 1)
    .option('--stop <text>', 'stop sequence, repeatable', collect, [])
    .option('--system-prompt <file>', 'system prompt (default: the seed model\'s unified prompt)')
    .option('--user-template <file>', 'user turn with {question} and {choices} (default: "{question}\\n{choices}")')
    .option('--instruction-placement <where>', 'system prompt as a system message (system) or after the user turn (user)', 'system')
    .option('--limit <n>', 'only the first N samples', positiveInteger('--limit'))
    .option('--timeout <seconds>', 'per request', nonNegativeNumber('--timeout'), 600)
    .option('--retries <n>', 'further attempts after 429, 5xx, timeouts and connection errors', positiveInteger('--retries'), 4)
    .option('--backoff-ms <n>', 'first wait before a retry; doubled each time', positiveInteger('--backoff-ms'), 500)
    .option('--retry-failed', 'only ask again the answers that failed earlier in this run')
    .option('--stage <stage>', 'curriculum stage of a new checkpoint (base, stage1, …)')
    .option('--step <n>', 'training step of a new checkpoint', positiveInteger('--step'))
    .option('--base-model <name>', 'base model of a new checkpoint')
    .option('--lineage <name>', 'lineage (base model + training run) of a new checkpoint; inferred from the name when left out')
    .option('--json', 'print the outcome as JSON')
    .option('--verbose', 'echo the launched server\'s log to stderr')
    .action(async (options: EvalCliOptions) => {
      const backend = backendSpecOf(options);
      if (options.samples < 1) throw new Error('--samples must be at least 1');
      const request: EvaluationJobRequest = {
        benchmark: options.benchmark,
        checkpoint: {
          name: options.checkpoint,
          ...(options.stage !== undefined ? { stage: options.stage } : {}),
          ...(options.step !== undefined ? { step: options.step } : {}),
          ...(options.baseModel !== undefined ? { baseModel: options.baseModel } : {}),
          ...(options.lineage !== undefined ? { lineage: options.lineage } : {}),
        },
        backend,
        prompt: promptOf(options),
        sampling: { temperature: options.temperature, topP: options.topP, maxTokens: options.maxTokens, ...(options.stop.length > 0 ? { stop: options.stop } : {}) },
        samplesPerQuestion: options.samples,
        concurrency: Math.max(1, options.concurrency ?? (backend.kind === 'onnx' ? 1 : 32)),
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        ...(options.retryFailed ? { retryFailedOnly: true } : {}),
      };
      const workbench = openWorkbench(workspaceOption(options.db));
      const bar = progressBar('eval');
      let exitCode = 0;
      try {
        const started = startEvaluation(workbench, request, {
          onProgress: ({ done, total, errors }) => bar.update(done, total, errors),
          ...(options.verbose ? { onLog: (line: string) => process.stderr.write(`${line}\n`) } : {}),
        });
        // Ctrl-C cancels: answers in flight are dropped, everything stored stays, the run resumes later.
        let interrupted = false;
        const onSigint = (): void => {
          if (interrupted) process.exit(130);
          interrupted = true;
          process.stderr.write('\ncancelling (Ctrl-C again to quit at once)…\n');
          workbench.jobs.cancel(started.jobId);
        };
        process.on('SIGINT', onSigint);
        process.on('SIGTERM', onSigint);
        const { job, outcome } = await started.done;
        process.removeListener('SIGINT', onSigint);
        process.removeListener('SIGTERM', onSigint);
        bar.stop();
        const summary = runSummaries(workbench.db).find((run) => run.runId === started.runId);
        const result = {
          run_id: started.runId,
          job_id: started.jobId,
          resumed: !started.created,
          status: job.status === 'cancelled' ? 'cancelled' : (outcome?.status ?? job.status),
          answered: outcome?.answered ?? 0,
          failed: outcome?.failed ?? 0,
          already_done: outcome?.skippedAsDone ?? 0,
          n: summary?.n ?? 0,
          correct: summary?.correct ?? 0,
          accuracy: summary?.accuracy ?? null,
          errors: summary?.errors ?? 0,
          backend: summary?.backend ?? backend.kind,
          ...(job.status === 'failed' ? { error: job.message } : {}),
        };
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          const accuracy = result.accuracy === null ? '—' : `${(result.accuracy * 100).toFixed(1)}%`;
          process.stdout.write(
            `run ${result.run_id} ${result.status}${result.resumed ? ' (resumed)' : ''}: ${result.answered} answered now, ${result.already_done} already done, ${result.failed} failed\n` +
              `  accuracy ${accuracy} (${result.correct}/${result.n} graded), ${result.errors} with errors\n`,
          );
          if (result.errors > 0) process.stdout.write('  failed answers are asked again when you re-run this command (or only them: add --retry-failed)\n');
          if (result.status === 'cancelled') process.stdout.write('  cancelled: run the same command again to resume\n');
        }
        if (job.status === 'failed') {
          process.stderr.write(`vlm-workbench: evaluation failed: ${job.message}\n`);
          exitCode = 1;
        } else if (result.status === 'cancelled') exitCode = 130;
      } finally {
        bar.stop();
        workbench.close();
      }
      // Idle keep-alive connections would hold the process open for seconds.
      process.exit(exitCode);
    });
  registerSimulateServer(program);
}
