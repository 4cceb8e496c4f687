/**
 * The import's predictions between being read and being staged: queued in batches, graded (in
 * the background grader's worker thread once it is up) while the next batch is read, and handed
 * back in the order they were read. At most two batches are out at a time, so memory stays
 * bounded whatever the file's size.
 */
import { BackgroundGrader, type GradeJob } from '../grading/background-grader';
import type { TraceAndVerdict } from '../verdict';

/**
 * Predictions sent to the grader at a time (one batch is graded while the next is read). Small
 * enough that a prediction is staged before V8's young generation is collected twice: at 1,000,
 * two batches of 2 KB traces outlived it and were copied into the old generation, and garbage
 * collection took 1.0 of the 7.2 s of a 100,000-row import (0.3 s at 250; 100 was no better).
 */
const GRADE_BATCH = 250;

export interface QueuedPrediction<Row> {
  job: GradeJob;
  /** What the stage callback needs besides the verdict. */
  row: Row;
}

export class GradingQueue<Row> {
  /** Predictions read since the last batch went to the grader. */
  private queued: Array<QueuedPrediction<Row>> = [];
  /** The batch the grader has: staged when the next one is sent, or at `drain`. */
  private grading: { batch: Array<QueuedPrediction<Row>>; verdicts: Promise<TraceAndVerdict[]> } | null = null;

  constructor(
    private readonly stage: (prediction: QueuedPrediction<Row>, verdict: TraceAndVerdict) => void,
    private readonly grader = new BackgroundGrader(),
  ) {}

  /** Queues a prediction; a returned promise (a batch went to the grader) must be awaited before the next. */
  add(prediction: QueuedPrediction<Row>): Promise<void> | undefined {
    this.queued.push(prediction);
    return this.queued.length >= GRADE_BATCH ? this.send() : undefined;
  }

  /** Grades and stages every prediction queued so far. */
  async drain(): Promise<void> {
    if (this.queued.length > 0) await this.send();
    const last = this.grading;
    this.grading = null;
    if (last) this.stageAll(last.batch, await last.verdicts);
  }

  /** Stops the grading worker, if one was started. */
  close(): Promise<void> {
    return this.grader.close();
  }

  /** Sends the queued predictions to the grader and stages the batch sent before. */
  private async send(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    const verdicts = this.grader.grade(batch.map((prediction) => prediction.job));
    verdicts.catch(() => undefined); // awaited below or at drain; never left unhandled meanwhile
    const previous = this.grading;
    this.grading = { batch, verdicts };
    if (previous) this.stageAll(previous.batch, await previous.verdicts);
  }

  private stageAll(batch: Array<QueuedPrediction<Row>>, verdicts: TraceAndVerdict[]): void {
    batch.forEach((prediction, i) => this.stage(prediction, verdicts[i]!));
  }
}
