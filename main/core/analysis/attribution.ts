/**
 * Starting an attribution pass (LLM judge or caption counterfactual) over the failures of one
 * checkpoint, as a job. A pass is identified by what it is (method, checkpoint, benchmark, judge
 * and prompt version, or caption source), so starting the same pass again resumes it: what it
 * already concluded is kept, its errors are tried again.
 */
import { createHash } from 'node:crypto';
import type { JobInfo } from '../api/contract';
import { BadRequestError, NotFoundError } from '../api/errors';
import type { ModelBackend } from '../eval/backend';
import type { JobManager } from '../jobs/job-manager';
import type { Db } from '../store/database';
import { runsOfCheckpoint } from '../store/analysis';
import {
  failedPredictionsToAttribute,
  findOrCreateAttributionRun,
  getJudgePrompt,
  setAttributionJob,
  type JudgePrompt,
} from '../store/attribution';
import { getJob } from '../store/jobs';
import type { BackendResolver } from './backends';
import { captionSourceName, runCounterfactualPass, type CaptionSource } from './counterfactual';
import { runJudgePass } from './judge';
import { requireCheckpoint, sameBenchmark } from './names';

/** The judge prompt seeded by 0004_analysis.sql. */
export const DEFAULT_JUDGE_PROMPT = 'failure-attribution';

export interface AttributionRequest {
  checkpoint: string;
  method: 'judge' | 'counterfactual';
  benchmark?: string;
  /** Counterfactual: 'dataset', or the name of a checkpoint that describes the images. */
  captionSource?: 'dataset' | { checkpoint: string };
  judgePrompt?: { name: string; version?: number };
  /** At most this many failures in this start (the rest wait for the next one). */
  limit?: number;
  concurrency?: number;
}

export interface AttributionDeps {
  /** Answers for the checkpoints asked again or asked for descriptions (counterfactual). */
  backendFor?: BackendResolver;
  /** The judge (judge passes). */
  judge?: ModelBackend;
  /** How the judge model is named in the labels; its backend's provenance when left out. */
  judgeModel?: string;
}

export interface StartedAttribution {
  attributionRunId: number;
  job: JobInfo;
  /** Resolves with the finished job (it never rejects). */
  finished: Promise<JobInfo>;
}

const keyOf = (parts: unknown[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

export function startAttribution(context: { db: Db; jobs: JobManager }, request: AttributionRequest, deps: AttributionDeps): StartedAttribution {
  const { db, jobs } = context;
  const checkpoint = requireCheckpoint(db, request.checkpoint);
  const runs = runsOfCheckpoint(db, checkpoint.id).filter((run) => request.benchmark === undefined || sameBenchmark(run.benchmark, request.benchmark));
  if (runs.length === 0) {
    throw new NotFoundError(`${checkpoint.name} has no evaluation run${request.benchmark !== undefined ? ` on "${request.benchmark}"` : ''}`);
  }
  const benchmarkId = request.benchmark !== undefined && runs.length === 1 ? runs[0]!.benchmarkId : null;
  const concurrency = request.concurrency ?? 4;

  let prompt: JudgePrompt | undefined;
  let captionSource: CaptionSource = { kind: 'dataset' };
  let judgeModel: string | null = null;
  if (request.method === 'judge') {
    if (!deps.judge) throw new BadRequestError('a judge pass needs a judge model (an OpenAI-compatible endpoint and model)');
    const wanted = request.judgePrompt ?? { name: DEFAULT_JUDGE_PROMPT };
    prompt = getJudgePrompt(db, wanted.name, wanted.version);
    if (!prompt) throw new NotFoundError(`no judge prompt "${wanted.name}"${wanted.version !== undefined ? ` version ${wanted.version}` : ''}`);
    judgeModel = deps.judgeModel ?? deps.judge.source;
  } else {
    if (!deps.backendFor) throw new BadRequestError('a counterfactual pass needs a backend for the checkpoint');
    const source = request.captionSource ?? 'dataset';
    if (source !== 'dataset') captionSource = { kind: 'checkpoint', checkpoint: requireCheckpoint(db, source.checkpoint) };
    // Asked before any pass or job exists: a checkpoint with nowhere to be asked would otherwise
    // fail every one of its failures and leave that many error rows behind.
    for (const asked of captionSource.kind === 'checkpoint' ? [checkpoint, captionSource.checkpoint] : [checkpoint]) {
      try {
        deps.backendFor(asked);
      } catch (problem) {
        throw new BadRequestError((problem as Error).message);
      }
    }
  }

  const pass = findOrCreateAttributionRun(db, {
    key:
      request.method === 'judge'
        ? `judge:${keyOf([checkpoint.id, benchmarkId, judgeModel, prompt!.id])}`
        : `counterfactual:${keyOf([checkpoint.id, benchmarkId, captionSourceName(captionSource)])}`,
    method: request.method,
    checkpointId: checkpoint.id,
    benchmarkId,
    judgeModel,
    judgePromptId: prompt?.id ?? null,
    captionSource: request.method === 'counterfactual' ? captionSourceName(captionSource) : null,
    captionCheckpointId: captionSource.kind === 'checkpoint' ? captionSource.checkpoint.id : null,
    config: { concurrency, ...(request.limit !== undefined ? { limit: request.limit } : {}) },
  });

  const title =
    request.method === 'judge'
      ? `Judge the failures of ${checkpoint.name} (${judgeModel}, ${prompt!.name}@v${prompt!.version})`
      : `Caption counterfactual for ${checkpoint.name} (${captionSourceName(captionSource)} descriptions)`;
  let jobId: number | undefined;
  // jobs.run creates the job record and calls the work synchronously, so jobId is known on return.
  const finished = jobs.run(`attribution-${request.method}`, title, { attributionRunId: pass.id }, async (job) => {
    jobId = job.jobId;
    setAttributionJob(db, pass.id, job.jobId);
    await Promise.resolve(); // let the caller hold the job before the first progress event
    const failures = failedPredictionsToAttribute(
      db,
      runs.map((run) => run.runId),
      pass.id,
      request.limit,
    );
    job.log(`${failures.length} failed answer(s) of ${checkpoint.name} to attribute`);
    job.progress(0, failures.length);
    const onProgress = (done: number, total: number, errors: number): void => job.progress(done, total, errors);
    const result =
      request.method === 'judge'
        ? await runJudgePass(db, {
            attributionRunId: pass.id,
            failures,
            judge: deps.judge!,
            judgeModel: judgeModel!,
            prompt: prompt!,
            concurrency,
            signal: job.signal,
            onProgress,
          })
        : await runCounterfactualPass(db, {
            attributionRunId: pass.id,
            checkpoint,
            captionSource,
            failures,
            backendFor: deps.backendFor!,
            concurrency,
            signal: job.signal,
            onProgress,
            log: (line) => job.log(line),
          });
    jobs.emit({ type: 'changed', what: 'annotations' });
    return JSON.stringify({ attributionRunId: pass.id, attempted: failures.length, ...result });
  });
  return { attributionRunId: pass.id, job: getJob(db, jobId!)!, finished };
}
