import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BackendSpec, ClientSettings } from '../../core/eval/backend-spec';
import type { ServerKind } from '../../core/eval/launch-recipes';
import { ONNX_DTYPES, type OnnxDtype } from '../../core/eval/onnx/model-folder';
import type { OnnxDevice } from '../../core/eval/onnx/onnx-backend';
import { DEFAULT_PROMPT, type PromptConfig } from '../../core/eval/prompt';
import type { EvaluationJobRequest } from '../../core/eval/start-evaluation';
import { positiveInteger, existingWorkspace } from '../options';
import { addSlurmOptions, runSlurmEval, type SlurmCliOptions } from './eval-slurm';
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
  dtype: string;
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

/** As commander hands them over: --benchmark and --checkpoint repeat (several only with --slurm). */
type RawEvalCliOptions = Omit<EvalCliOptions, 'benchmark' | 'checkpoint'> & SlurmCliOptions & { benchmark: string[]; checkpoint: string[] };

function single(values: string[], flag: string): string {
  if (values.length !== 1) throw new Error(`give one ${flag} (several only with --slurm)`);
  return values[0]!;
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
    if (!(ONNX_DTYPES as string[]).includes(options.dtype)) throw new Error(`--dtype must be one of ${ONNX_DTYPES.join(', ')}, got "${options.dtype}"`);
    return { kind: 'onnx', modelDir: resolve(options.onnx), device: options.device as OnnxDevice, dtype: options.dtype as OnnxDtype };
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

function promptOf(options: Pick<EvalCliOptions, 'instructionPlacement' | 'systemPrompt' | 'userTemplate'>): PromptConfig {
  if (!['system', 'user'].includes(options.instructionPlacement)) throw new Error('--instruction-placement must be system or user');
  return {
    systemPrompt: options.systemPrompt !== undefined ? readFileSync(options.systemPrompt, 'utf8').trim() : DEFAULT_PROMPT.systemPrompt,
    userTemplate: options.userTemplate !== undefined ? readFileSync(options.userTemplate, 'utf8').replace(/\n$/, '') : DEFAULT_PROMPT.userTemplate,
    instructionPlacement: options.instructionPlacement as PromptConfig['instructionPlacement'],
  };
}

export function registerEval(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description(
      'Evaluate a checkpoint on a benchmark through OpenAI-compatible servers, a vLLM (SGLang, LMDeploy) we launch, or onnxruntime in process. ' +
        'Every answer is stored and graded as it arrives; running the same command again resumes the run (failed answers are asked again).',
    )
    .option('--db <file>', 'workspace file')
    .requiredOption('--benchmark <name>', 'benchmark in the workspace (repeatable with --slurm)', collect, [])
    .requiredOption('--checkpoint <name>', 'checkpoint name (created if new; with a launched server also its served model name); with --slurm NAME=PATH, repeatable', collect, [])
    .option('--endpoint <url>', 'OpenAI-compatible base URL, e.g. http://gpu-box:8000/v1; repeat to spread the load', collect, [])
    .option('--model <name>', 'served model name at the endpoints (default: the checkpoint name)')
    .option('--vllm <path>', 'launch `vllm serve PATH` for this run (executable: --server-executable or $VLM_WORKBENCH_VLLM, else vllm)')
    .option('--sglang <path>', 'launch SGLang on PATH instead ($VLM_WORKBENCH_SGLANG, else python3 -m sglang.launch_server)')
    .option('--lmdeploy <path>', 'launch LMDeploy on PATH instead ($VLM_WORKBENCH_LMDEPLOY, else lmdeploy)')
    .option('--vllm-arg <arg>', 'extra argument for the launched server, repeatable: --vllm-arg=--tensor-parallel-size=2', collect, [])
    .option('--server-executable <command>', 'the launched server\'s executable')
    .option('--port <n>', 'port for the launched server (default: a free one)', positiveInteger('--port'))
    .option('--ready-timeout <seconds>', 'how long the launched server may take to load', positiveInteger('--ready-timeout'), 1200)
    .option('--onnx <dir>', 'run a Hugging Face ONNX model folder in process (README: Run a model in-process)')
    .option('--dtype <dtype>', `onnx: which weights in onnx/ (${ONNX_DTYPES.join(', ')})`, 'fp32')
    .option('--device <device>', 'onnx: auto (CUDA if installed, else CPU; recorded), cuda or cpu', 'auto')
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
    .option('--verbose', 'echo the launched server\'s log to stderr');
  addSlurmOptions(evalCommand);
  evalCommand.action(async (raw: RawEvalCliOptions) => {
      if (raw.slurm) {
        if (raw.endpoint.length > 0 || raw.onnx !== undefined || raw.vllm !== undefined || raw.sglang !== undefined || raw.lmdeploy !== undefined) {
          throw new Error('--slurm starts its own servers: leave out --endpoint, --vllm, --sglang, --lmdeploy and --onnx');
        }
        const exitCode = await runSlurmEval({
          ...(raw.db !== undefined ? { db: raw.db } : {}),
          checkpoints: raw.checkpoint,
          benchmarks: raw.benchmark,
          slurm: raw,
          server: { ...(raw.serverExecutable ? { executable: raw.serverExecutable } : {}), extraArgs: raw.vllmArg, readyTimeoutS: raw.readyTimeout },
          client: { timeoutMs: raw.timeout * 1000, retries: raw.retries, backoffMs: raw.backoffMs },
          prompt: promptOf(raw),
          sampling: { temperature: raw.temperature, topP: raw.topP, maxTokens: raw.maxTokens, ...(raw.stop.length > 0 ? { stop: raw.stop } : {}) },
          samplesPerQuestion: raw.samples,
          concurrency: Math.max(1, raw.concurrency ?? 32),
          ...(raw.limit !== undefined ? { limit: raw.limit } : {}),
          ...(raw.retryFailed ? { retryFailedOnly: true } : {}),
          checkpointDetails: {
            ...(raw.stage !== undefined ? { stage: raw.stage } : {}),
            ...(raw.step !== undefined ? { step: raw.step } : {}),
            ...(raw.baseModel !== undefined ? { baseModel: raw.baseModel } : {}),
          },
          ...(raw.json ? { json: true } : {}),
        });
        process.exit(exitCode);
      }
      const options: EvalCliOptions = { ...raw, benchmark: single(raw.benchmark, '--benchmark'), checkpoint: single(raw.checkpoint, '--checkpoint') };
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
      const [{ startEvaluation }, { openWorkbench }, { progressBar }] = await Promise.all([
        import('../../core/eval/start-evaluation'),
        import('../../core/workbench'),
        import('../progress'),
      ]);
      const workbench = openWorkbench(existingWorkspace(options.db));
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
        const summary = (await workbench.handlers.listRuns({})).find((run) => run.runId === started.runId);
        // A run that never got an answer is discarded (store/runs.ts discardUnstartedRun): its id names nothing.
        const kept = summary !== undefined;
        const result = {
          run_id: kept ? started.runId : null,
          kept,
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
          failure_reasons: outcome?.failureReasons ?? [],
          ...(job.status === 'failed' ? { error: job.message } : {}),
        };
        if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          const accuracy = result.accuracy === null ? '—' : `${(result.accuracy * 100).toFixed(1)}%`;
          if (!kept) process.stdout.write(`evaluation ${result.status} before any answer: no run was kept\n`);
          else
            process.stdout.write(
              `run ${result.run_id} ${result.status}${result.resumed ? ' (resumed)' : ''}: ${result.answered} answered now, ${result.already_done} already done, ${result.failed} failed\n` +
                `  accuracy ${accuracy} (${result.correct}/${result.n} graded), ${result.errors} with errors\n`,
            );
          for (const reason of result.failure_reasons) process.stdout.write(`  failed: ${reason}\n`);
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
