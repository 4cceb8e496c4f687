/**
 * Grades batches of model outputs in a worker thread (grade-worker.ts), in order, so the thread
 * that parses and writes an import (or a re-grade) never waits on grading (LaTeX answers cost
 * ~60 µs each in the Compute Engine). Small jobs are graded in the calling thread: a worker takes longer to
 * start (it loads the graders) than a few thousand multiple-choice verdicts take to give.
 *
 * The worker is the built file beside the bundle (out/cli/, out/main/). Running from the
 * TypeScript sources (tests, tsx) there is none, and every batch is graded in the calling
 * thread: the verdicts are the same, only slower.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GradableSample, TraceAndVerdict } from '../verdict';
import type { GradeJob } from './judge-job';

export type { GradeJob } from './judge-job';

export interface GradeBatch {
  id: number;
  jobs: GradeJob[];
}

export type GradedBatch = { id: number; results: TraceAndVerdict[] } | { id: number; error: string };

/**
 * What grading reads of a sample, as an object of its own: a stored sample passed whole would be
 * cloned to the worker with its images, skills and metadata.
 */
export const gradableSample = ({ answer, choices, answerType, question }: GradableSample): GradableSample => ({ answer, choices, answerType, question });

/**
 * The graders, imported once, on the first batch graded in this thread: a large import, whose
 * worker is warmed up first, never loads them in its own (~70 ms of its start, the Compute Engine
 * most). Kept as one promise, so the module loader (and, from the sources, tsx's hooks) is asked
 * once, not once per batch.
 */
let graders: Promise<typeof import('./judge-job')> | undefined;
const gradersHere = (): Promise<typeof import('./judge-job')> => (graders ??= import('./judge-job'));

/** Outputs graded in the calling thread before a worker is worth starting. */
const GRADED_HERE_FIRST = 1000;

/** The built worker beside this module's bundle, or null when running from the sources. */
export function builtGradeWorker(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  // out/cli/ keeps chunks beside the entries; electron-vite puts them one folder down (out/main/chunks/).
  return [join(here, 'grade-worker.js'), join(here, '..', 'grade-worker.js')].find((file) => existsSync(file)) ?? null;
}

/**
 * Batches are graded here until the worker has loaded the graders (it says so), then there: the
 * caller never waits for the worker to start.
 */
export class BackgroundGrader {
  private worker: Worker | null = null;
  private ready = false;
  private failure: Error | null = null;
  private gradedHere = 0;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (results: TraceAndVerdict[]) => void; reject: (error: Error) => void }>();

  constructor(private readonly workerFile: string | null = builtGradeWorker()) {}

  /** Whether batches now go to the worker thread. */
  get inWorker(): boolean {
    return this.worker !== null && this.ready;
  }

  /**
   * Starts the worker now, for work known to be large (an import of many megabytes): it loads the
   * graders on the other core while the caller hashes and sniffs its files, instead of the first
   * thousands of outputs being graded here meanwhile.
   */
  warmUp(): void {
    if (!this.worker && !this.failure && this.workerFile !== null) this.start(this.workerFile);
  }

  /** Verdicts of the jobs, in their order. */
  grade(jobs: GradeJob[]): Promise<TraceAndVerdict[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.worker && this.ready) {
      const worker = this.worker;
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        worker.postMessage({ id, jobs } satisfies GradeBatch);
      });
    }
    this.gradedHere += jobs.length;
    if (!this.worker && this.workerFile !== null && this.gradedHere >= GRADED_HERE_FIRST) this.start(this.workerFile);
    return gradersHere().then(({ judgeJob }) => jobs.map(judgeJob));
  }

  private start(file: string): void {
    const worker = new Worker(file);
    worker.on('message', (reply: GradedBatch | 'ready') => {
      if (reply === 'ready') {
        this.ready = true;
        return;
      }
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(`grading failed: ${reply.error}`));
      else waiter?.resolve(reply.results);
    });
    const fail = (error: Error): void => {
      this.failure = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => {
      if (this.waiting.size > 0) fail(new Error(`the grading worker stopped (exit code ${code}) with batches unanswered`));
      this.worker = null;
      this.ready = false;
    });
    this.worker = worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    if (worker) await worker.terminate();
  }
}
