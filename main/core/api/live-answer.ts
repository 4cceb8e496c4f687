import type { JobInfo, LiveAnswer } from '../types/records';
import type { Db } from '../store/database';
import { getSample } from '../store/catalog';
import { getJob } from '../store/jobs';
import { runSummary } from '../store/summaries';
import type { JobManager } from '../jobs/job-manager';
import { NotFoundError } from './errors';

/**
 * A job and the answer it is writing now, with the question being answered (image, question,
 * choices; never the gold answer, which the live view has no reason to show before grading).
 */
export function liveAnswerOf(db: Db, jobs: JobManager, jobId: number): { job: JobInfo; answer: LiveAnswer | null } {
  const job = getJob(db, jobId);
  if (!job) throw new NotFoundError(`job ${jobId} does not exist`);
  const partial = jobs.latestPartial(jobId);
  if (!partial) return { job, answer: null };
  const sample = getSample(db, partial.sampleId);
  const run = runSummary(db, partial.runId);
  if (!sample || !run) return { job, answer: null };
  return {
    job,
    answer: {
      runId: partial.runId,
      sampleId: partial.sampleId,
      sampleIndex: partial.sampleIndex,
      externalId: sample.externalId,
      benchmark: run.benchmark,
      checkpoint: run.checkpoint,
      question: sample.question,
      choices: sample.choices,
      images: sample.images,
      text: partial.text,
      length: partial.length,
      think: partial.think,
    },
  };
}
