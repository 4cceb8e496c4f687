import { GRADER_VERSION, type ScorerChoice } from './grading';
import { benchmarkName, getSample, type StoredSample } from './store/catalog';
import type { Db } from './store/database';
import { applyVerdict, countToRegrade, isCorrectNow, predictionIdSpan, predictionsToRegrade, setRegradedScorer, type ToRegrade } from './store/grades';
import { getRun } from './store/runs';
import { BackgroundGrader, gradableSample } from './grading/background-grader';
import type { TraceAndVerdict } from './verdict';

/** Answers graded per transaction: small enough that a kill loses little, large enough to be fast. */
const BATCH = 500;

export interface RegradeOptions {
  runIds: number[];
  /** 'auto' grades each answer with its benchmark's or sample's own scorer. */
  scorer: ScorerChoice;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface RegradeOutcome {
  graderVersion: string;
  scorer: ScorerChoice;
  regraded: number;
  changed: number;
}

/**
 * Grades stored answers again, with another scorer or this build's grader version. Earlier
 * verdicts stay in `grades`; the new one becomes current. Work is committed in batches and
 * found again by what has no current verdict of (scorer, version) yet, so a killed re-grade
 * resumes, and a re-grade with `auto` after another scorer makes `auto`'s verdicts current again.
 */
export async function regradeRuns(db: Db, options: RegradeOptions): Promise<RegradeOutcome> {
  const runs = options.runIds.map((runId) => {
    const run = getRun(db, runId);
    if (!run) throw new Error(`run ${runId} does not exist`);
    return { runId, benchmark: benchmarkName(db, run.benchmarkId)! };
  });
  const total = runs.reduce((sum, run) => sum + countToRegrade(db, run.runId, options.scorer, GRADER_VERSION), 0);
  let done = 0;
  let changed = 0;
  options.onProgress?.(0, total);
  const samples = new Map<number, StoredSample>();
  const sampleOf = (sampleId: number): StoredSample => {
    let sample = samples.get(sampleId);
    if (!sample) {
      sample = getSample(db, sampleId)!;
      if (samples.size > 10_000) samples.clear();
      samples.set(sampleId, sample);
    }
    return sample;
  };

  const grader = new BackgroundGrader();
  const send = (batch: ToRegrade[], benchmark: string): Promise<TraceAndVerdict[]> => {
    // Read in one transaction: outside one, each statement takes a read transaction of its own
    // (~5 µs in WAL mode), two per sample.
    const batchSamples = db.transaction(() => batch.map((item) => sampleOf(item.sampleId)))();
    const verdicts = grader.grade(batch.map((item, i) => ({ sample: gradableSample(batchSamples[i]!), benchmark, output: item.rawOutput, scorer: options.scorer })));
    verdicts.catch(() => undefined); // awaited in turn; never left unhandled meanwhile
    return verdicts;
  };
  try {
    for (const run of runs) {
      // What stats says of ours names the scorer from now on (a cancelled re-grade says it is unfinished where it stops).
      setRegradedScorer(db, run.runId, options.scorer);
      const span = predictionIdSpan(db, run.runId);
      if (!span) continue;
      const batchAfter = (afterId: number): ToRegrade[] => {
        const found = predictionsToRegrade(db, run.runId, options.scorer, GRADER_VERSION, afterId, span.last, BATCH);
        if (found.length > 0) return found;
        // Answers the run gained meanwhile (an evaluation still writing it) are graded too.
        span.last = predictionIdSpan(db, run.runId)?.last ?? span.last;
        return predictionsToRegrade(db, run.runId, options.scorer, GRADER_VERSION, afterId, span.last, BATCH);
      };
      let batch = batchAfter(span.first - 1);
      let verdicts = send(batch, run.benchmark);
      while (batch.length > 0) {
        if (options.signal?.aborted) return { graderVersion: GRADER_VERSION, scorer: options.scorer, regraded: done, changed };
        // The next batch is read and sent while this one is graded (in the worker thread, once it is up).
        const next = batchAfter(batch.at(-1)!.predictionId);
        const nextVerdicts = send(next, run.benchmark);
        const judged = await verdicts;
        db.transaction(() => {
          batch.forEach((item, i) => {
            const { verdict, formatOk } = judged[i]!;
            if (!verdict) return;
            if (isCorrectNow(db, item.predictionId) !== verdict.correct) changed++;
            applyVerdict(db, item.predictionId, options.scorer, verdict, formatOk ?? false);
          });
        }).immediate();
        done += batch.length;
        options.onProgress?.(done, total);
        // Let progress events and cancellation through between batches.
        await new Promise((resolve) => setImmediate(resolve));
        [batch, verdicts] = [next, nextVerdicts];
      }
    }
  } finally {
    await grader.close();
  }
  return { graderVersion: GRADER_VERSION, scorer: options.scorer, regraded: done, changed };
}
