/**
 * One output's verdict, in whichever thread grades it (background-grader.ts here, grade-worker.ts
 * there). Its own module, loaded only where outputs are graded: it pulls in every grader and the
 * Compute Engine, which an import whose grading worker is up never needs in its own thread.
 */
import type { ScorerChoice } from './types';
import { judgeOutput, type GradableSample, type TraceAndVerdict } from '../verdict';

export interface GradeJob {
  sample: GradableSample;
  benchmark: string;
  output: string;
  /** A scorer asked for instead of the sample's or benchmark's own (a re-grade with `--scorer`). */
  scorer?: ScorerChoice;
}

export const judgeJob = (job: GradeJob): TraceAndVerdict => judgeOutput(job.sample, job.benchmark, job.output, job.scorer);
