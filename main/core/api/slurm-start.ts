import { dirname, join } from 'node:path';
import type { ApiParsedInput, EvaluationStarted } from './contract';
import { BadRequestError } from './errors';
import type { JobManager } from '../jobs/job-manager';
import type { Db } from '../store/database';
import { getJob } from '../store/jobs';
import { DEFAULT_PROMPT } from '../eval/prompt';
import { startSlurmEvaluation } from '../eval/slurm/slurm-evaluation';
import { SLURM_DEFAULTS, setupFromEnvironment, type SlurmSettings } from '../eval/slurm/slurm-settings';

type Input = ApiParsedInput<'startEvaluation'>;

/** `startEvaluation` with a `slurm` backend: one checkpoint on one benchmark, its jobs beside the workspace. */
export function startSlurmEvaluationFromApi(workbench: { db: Db; jobs: JobManager; workspacePath: string }, input: Input): EvaluationStarted {
  const backend = input.backend;
  if (backend.kind !== 'slurm') throw new Error('not a SLURM evaluation');
  const setup = setupFromEnvironment();
  const settings: SlurmSettings = {
    server: backend.server,
    extraArgs: backend.extraArgs,
    ...(backend.partition ? { partition: backend.partition } : {}),
    gpusPerJob: backend.gpusPerJob,
    ...(backend.time ? { time: backend.time } : {}),
    ...(backend.account ? { account: backend.account } : {}),
    sbatchArgs: backend.sbatchArgs,
    ...(setup !== undefined ? { setup } : {}),
    jobsPerCheckpoint: backend.jobsPerCheckpoint,
    stateDir: join(dirname(workbench.workspacePath), 'slurm'),
    readyTimeoutMs: (backend.readyTimeoutSeconds ?? SLURM_DEFAULTS.readyTimeoutMs / 1000) * 1000,
    orphanTimeoutS: SLURM_DEFAULTS.orphanTimeoutS,
    pollMs: SLURM_DEFAULTS.pollMs,
    maxResubmits: SLURM_DEFAULTS.maxResubmits,
  };
  const { stop, ...sampling } = input.sampling;
  let evaluation: ReturnType<typeof startSlurmEvaluation>;
  try {
    evaluation = startSlurmEvaluation(workbench, {
      checkpoints: [
        {
          name: input.checkpoint.name,
          path: backend.checkpointPath,
          ...(input.checkpoint.stage !== undefined ? { stage: input.checkpoint.stage } : {}),
          ...(input.checkpoint.step !== undefined ? { step: input.checkpoint.step } : {}),
          ...(input.checkpoint.baseModel !== undefined ? { baseModel: input.checkpoint.baseModel } : {}),
        },
      ],
      benchmarks: [input.benchmark],
      slurm: settings,
      client: {
        ...(backend.timeoutSeconds !== undefined ? { timeoutMs: backend.timeoutSeconds * 1000 } : {}),
        ...(backend.retries !== undefined ? { retries: backend.retries } : {}),
      },
      prompt: input.prompt ?? DEFAULT_PROMPT,
      sampling: { ...sampling, ...(stop && stop.length > 0 ? { stop } : {}) },
      samplesPerQuestion: input.samplesPerQuestion,
      concurrency: input.concurrency,
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
      ...(input.retryFailedOnly ? { retryFailedOnly: true } : {}),
    });
  } catch (error) {
    throw new BadRequestError(error instanceof Error ? error.message : String(error));
  }
  // The job waits for the SLURM job and runs on in the background; the UI follows its events.
  void evaluation.done;
  const first = evaluation.first[0]!;
  return { runId: first.runId, jobId: first.jobId, resumed: !first.created, job: getJob(workbench.db, first.jobId)! };
}
