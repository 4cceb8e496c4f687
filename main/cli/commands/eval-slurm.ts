import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ClientSettings } from '../../core/eval/backend-spec';
import { SERVER_KINDS, type ServerKind } from '../../core/eval/launch-recipes';
import type { EvaluationSettings } from '../../core/eval/start-evaluation';
import type { SlurmCheckpoint } from '../../core/eval/slurm/slurm-evaluation';
import { SLURM_DEFAULTS, setupFromEnvironment, type SlurmSettings } from '../../core/eval/slurm/slurm-settings';
import { existingWorkspace, positiveInteger } from '../options';

export interface SlurmCliOptions {
  slurm?: boolean;
  partition?: string;
  gpusPerJob: number;
  time?: string;
  account?: string;
  sbatchArg: string[];
  slurmSetup?: string;
  jobsPerCheckpoint: number;
  slurmDir?: string;
  slurmServer: string;
  orphanTimeout: number;
  maxResubmits: number;
  slurmPoll: number;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The SLURM flags of `eval` (README: Evaluate on a SLURM cluster). */
export function addSlurmOptions(command: Command): Command {
  return command
    .option('--slurm', 'serve each --checkpoint NAME=PATH in SLURM jobs (sbatch) and evaluate against them')
    .option('--partition <name>', 'slurm: partition to submit to')
    .option('--gpus-per-job <n>', 'slurm: GPUs per job (--gpus-per-node; 0 asks for none)', positiveInteger('--gpus-per-job'), SLURM_DEFAULTS.gpusPerJob)
    .option('--time <limit>', 'slurm: time limit per job, as sbatch takes it (4:00:00); a job that hits it is replaced')
    .option('--account <name>', 'slurm: account to charge')
    .option('--sbatch-arg <arg>', 'slurm: extra #SBATCH option, repeatable: --sbatch-arg=--qos=high', collect, [])
    .option('--slurm-setup <file-or-text>', 'slurm: shell lines run before the server starts (module load, conda activate): a file, or the text itself')
    .option('--jobs-per-checkpoint <n>', 'slurm: jobs per checkpoint; their servers share the load', positiveInteger('--jobs-per-checkpoint'), SLURM_DEFAULTS.jobsPerCheckpoint)
    .option('--slurm-dir <dir>', 'slurm: folder on the shared filesystem for scripts, job output and endpoint files (default: slurm/ beside the workspace)')
    .option('--slurm-server <kind>', `slurm: server the job starts: ${SERVER_KINDS.join(', ')}`, 'vllm')
    .option('--orphan-timeout <seconds>', 'slurm: a job stops itself when the workbench has not been heard from this long (at least 10)', positiveInteger('--orphan-timeout'), SLURM_DEFAULTS.orphanTimeoutS)
    .option('--max-resubmits <n>', 'slurm: new jobs per checkpoint after time limits before giving up', positiveInteger('--max-resubmits'), SLURM_DEFAULTS.maxResubmits)
    .option('--slurm-poll <seconds>', 'slurm: how often job states are read', Number, SLURM_DEFAULTS.pollMs / 1000);
}

/** `NAME=PATH`: a local path is made absolute (compute nodes see the same shared filesystem). */
export function parseCheckpointArg(value: string): SlurmCheckpoint {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) throw new Error(`--checkpoint with --slurm takes NAME=PATH, got "${value}"`);
  const path = value.slice(at + 1);
  return { name: value.slice(0, at), path: path.startsWith('.') || path.startsWith('/') ? resolve(path) : path };
}

export interface SlurmEvalInput extends EvaluationSettings {
  db?: string;
  checkpoints: string[];
  benchmarks: string[];
  slurm: SlurmCliOptions;
  server: { executable?: string; extraArgs: string[]; readyTimeoutS: number };
  client: ClientSettings;
  checkpointDetails: { stage?: string; step?: number; baseModel?: string };
  json?: boolean;
}

function settingsOf(input: SlurmEvalInput, workspace: string): SlurmSettings {
  const { slurm } = input;
  if (!(SERVER_KINDS as readonly string[]).includes(slurm.slurmServer)) throw new Error(`--slurm-server must be one of ${SERVER_KINDS.join(', ')}`);
  if (!(slurm.slurmPoll > 0)) throw new Error('--slurm-poll must be a positive number of seconds');
  const setup = slurm.slurmSetup === undefined ? setupFromEnvironment() : existsSync(slurm.slurmSetup) ? readFileSync(slurm.slurmSetup, 'utf8') : slurm.slurmSetup;
  return {
    server: slurm.slurmServer as ServerKind,
    ...(input.server.executable ? { executable: input.server.executable } : {}),
    extraArgs: input.server.extraArgs,
    ...(slurm.partition ? { partition: slurm.partition } : {}),
    gpusPerJob: slurm.gpusPerJob,
    ...(slurm.time ? { time: slurm.time } : {}),
    ...(slurm.account ? { account: slurm.account } : {}),
    sbatchArgs: slurm.sbatchArg,
    ...(setup !== undefined ? { setup } : {}),
    jobsPerCheckpoint: Math.max(1, slurm.jobsPerCheckpoint),
    stateDir: resolve(slurm.slurmDir ?? join(dirname(workspace), 'slurm')),
    readyTimeoutMs: input.server.readyTimeoutS * 1000,
    orphanTimeoutS: slurm.orphanTimeout,
    pollMs: Math.round(slurm.slurmPoll * 1000),
    maxResubmits: slurm.maxResubmits,
  };
}

const PROGRESS_EVERY_MS = 5_000;

/** `eval --slurm`: every checkpoint's jobs submitted at once; queue states and progress as lines on stderr. */
export async function runSlurmEval(input: SlurmEvalInput): Promise<number> {
  const checkpoints = input.checkpoints.map((value) => ({ ...parseCheckpointArg(value), ...input.checkpointDetails }));
  // Loaded here, not at the top: `eval` without --slurm (and every other command) never loads them.
  const [{ checkSlurmClient }, { startSlurmEvaluation }, { openWorkbench }] = await Promise.all([
    import('../../core/eval/slurm/slurm-commands'),
    import('../../core/eval/slurm/slurm-evaluation'),
    import('../../core/workbench'),
  ]);
  const workspace = existingWorkspace(input.db);
  const settings = settingsOf(input, workspace);
  await checkSlurmClient();
  const workbench = openWorkbench(workspace);
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  const lastPrinted = new Map<number, number>();
  try {
    const evaluation = startSlurmEvaluation(
      workbench,
      {
        checkpoints,
        benchmarks: input.benchmarks,
        slurm: settings,
        client: input.client,
        prompt: input.prompt,
        sampling: input.sampling,
        samplesPerQuestion: input.samplesPerQuestion,
        concurrency: input.concurrency,
        ...(input.limit !== undefined ? { limit: input.limit } : {}),
        ...(input.retryFailedOnly ? { retryFailedOnly: true } : {}),
      },
      {
        onLog: (checkpoint, line) => say(`[${checkpoint}] ${line}`),
        onRunStarted: (run) => say(`[${run.checkpoint}] ${run.benchmark}: run ${run.runId} ${run.created ? 'new' : 'resumed'}, job ${run.jobId}`),
        onProgress: (run, { done, total, errors }) => {
          const now = Date.now();
          if (done !== total && now - (lastPrinted.get(run.runId) ?? 0) < PROGRESS_EVERY_MS) return;
          lastPrinted.set(run.runId, now);
          say(`[${run.checkpoint}] ${run.benchmark}: ${done}/${total}${errors > 0 ? ` (${errors} errors)` : ''}`);
        },
      },
    );
    let interrupted = false;
    const onSignal = (): void => {
      if (interrupted) process.exit(130);
      interrupted = true;
      say('\ncancelling: the SLURM jobs are cancelled, everything answered stays (Ctrl-C again to quit at once)…');
      evaluation.cancel();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const results = await evaluation.done;
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    const summaries = await workbench.handlers.listRuns({});
    const rows = results.map(({ checkpoint, benchmark, runId, jobId, created, result: { job, outcome } }) => {
      const summary = summaries.find((run) => run.runId === runId);
      // A run that never got an answer is discarded: its id names nothing.
      return {
        checkpoint,
        benchmark,
        run_id: summary ? runId : null,
        kept: summary !== undefined,
        job_id: jobId,
        resumed: !created,
        status: job.status === 'cancelled' ? 'cancelled' : job.status === 'failed' ? 'failed' : (outcome?.status ?? job.status),
        answered: outcome?.answered ?? 0,
        failed: outcome?.failed ?? 0,
        already_done: outcome?.skippedAsDone ?? 0,
        n: summary?.n ?? 0,
        correct: summary?.correct ?? 0,
        accuracy: summary?.accuracy ?? null,
        ...(job.status === 'failed' ? { error: job.message } : {}),
      };
    });
    if (input.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      for (const row of rows) {
        const accuracy = row.accuracy === null ? '—' : `${(row.accuracy * 100).toFixed(1)}%`;
        process.stdout.write(
          row.kept
            ? `${row.checkpoint} on ${row.benchmark}: run ${row.run_id} ${row.status}${row.resumed ? ' (resumed)' : ''}: ${row.answered} answered now, ${row.already_done} already done, ${row.failed} failed; accuracy ${accuracy} (${row.correct}/${row.n})\n`
            : `${row.checkpoint} on ${row.benchmark}: ${row.status} before any answer: no run was kept\n`,
        );
      }
    }
    for (const row of rows) if (row.status === 'failed') say(`vlm-workbench: ${row.checkpoint} on ${row.benchmark} failed: ${row.error ?? ''}`);
    if (rows.some((row) => row.status === 'failed')) return 1;
    if (interrupted || rows.some((row) => row.status === 'cancelled')) return 130;
    return 0;
  } finally {
    workbench.close();
  }
}
