import { EventEmitter } from 'node:events';
import type { JobInfo, WorkbenchEvent } from '../types/records';
import type { Db } from '../store/database';
import { appendJobLog, createJob, getJob, updateJob } from '../store/jobs';

export interface JobContext {
  readonly jobId: number;
  readonly signal: AbortSignal;
  progress(done: number, total: number, errors?: number): void;
  log(line: string): void;
}

type PartialAnswerEvent = Extract<WorkbenchEvent, { type: 'partial' }>;

export type JobWork = (context: JobContext) => Promise<string | void>;

/** Progress is written and broadcast at most this often: a job may finish thousands of items a second. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Runs long work (evaluations, imports, exports) as jobs: a record in the store with state and
 * progress, events for the UI, and cancellation through an AbortSignal.
 */
export class JobManager {
  readonly events = new EventEmitter<{ event: [WorkbenchEvent] }>();
  private readonly controllers = new Map<number, AbortController>();
  /** Each running job's latest partial answer: a view opened mid-answer starts from it, not from blank. */
  private readonly partials = new Map<number, PartialAnswerEvent>();

  constructor(private readonly db: Db) {}

  emit(event: WorkbenchEvent): void {
    if (event.type === 'partial' && this.controllers.has(event.jobId)) this.partials.set(event.jobId, event);
    this.events.emit('event', event);
  }

  /** The answer a running job is writing now, as last streamed; undefined once the job ends. */
  latestPartial(jobId: number): PartialAnswerEvent | undefined {
    return this.partials.get(jobId);
  }

  /** Starts the work and resolves with the finished job record (it never rejects). */
  run(kind: string, title: string, params: Record<string, unknown>, work: JobWork): Promise<JobInfo> {
    return this.start(kind, title, params, work).done;
  }

  /**
   * Starts the work and returns at once with the job as recorded (status running), for callers
   * that answer with the job and let it go on: API handlers for the UI.
   */
  start(kind: string, title: string, params: Record<string, unknown>, work: JobWork): { job: JobInfo; done: Promise<JobInfo> } {
    const job = createJob(this.db, kind, title, params);
    const controller = new AbortController();
    this.controllers.set(job.id, controller);
    let lastWrite = 0;
    let latest = { done: 0, total: 0, errors: 0 };
    const publish = (update: Parameters<typeof updateJob>[2]): JobInfo => {
      const info = updateJob(this.db, job.id, update);
      this.emit({ type: 'job', job: info });
      return info;
    };
    const context: JobContext = {
      jobId: job.id,
      signal: controller.signal,
      progress: (done, total, errors = latest.errors) => {
        latest = { done, total, errors };
        const now = Date.now();
        if (now - lastWrite >= PROGRESS_INTERVAL_MS || done === total) {
          lastWrite = now;
          publish(latest);
        }
      },
      log: (line) => appendJobLog(this.db, job.id, line),
    };
    const running = publish({ status: 'running' });
    const done = (async (): Promise<JobInfo> => {
      try {
        const message = await work(context);
        publish({ ...latest, status: controller.signal.aborted ? 'cancelled' : 'completed', message: message ?? '' });
      } catch (error) {
        const cancelled = controller.signal.aborted;
        const message = cancelled ? 'cancelled' : error instanceof Error ? error.message : String(error);
        if (!cancelled) context.log(`failed: ${message}`);
        publish({ ...latest, status: cancelled ? 'cancelled' : 'failed', message });
      } finally {
        this.controllers.delete(job.id);
        this.partials.delete(job.id);
      }
      return getJob(this.db, job.id)!;
    })();
    return { job: running, done };
  }

  /** Asks a running job to stop; it finishes its in-flight item and records itself cancelled. */
  cancel(jobId: number): JobInfo | undefined {
    this.controllers.get(jobId)?.abort(new Error('cancelled by the user'));
    return getJob(this.db, jobId);
  }

  cancelAll(): void {
    for (const controller of this.controllers.values()) controller.abort(new Error('shutting down'));
  }
}
