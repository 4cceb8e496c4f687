import { GRADER_VERSION, type ScorerChoice } from './grading';
import { benchmarkName, getSample, type StoredSample } from './store/catalog';
import type { Db } from './store/database';
import { applyVerdict, countToRegrade, isCorrectNow, predictionsToRegrade } from './store/grades';
import { getRun } from './store/runs';
import { judgeOutput } from './verdict';

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
 * found again by what has no verdict for (scorer, version) yet, so a killed re-grade resumes.
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

  for (const run of runs) {
    let afterId = 0;
    for (;;) {
      if (options.signal?.aborted) return { graderVersion: GRADER_VERSION, scorer: options.scorer, regraded: done, changed };
      const batch = predictionsToRegrade(db, run.runId, options.scorer, GRADER_VERSION, afterId, BATCH);
      if (batch.length === 0) break;
      db.transaction(() => {
        for (const item of batch) {
          const judged = judgeOutput(sampleOf(item.sampleId), run.benchmark, item.rawOutput, options.scorer);
          if (!judged.verdict) continue;
          if (isCorrectNow(db, item.predictionId) !== judged.verdict.correct) changed++;
          applyVerdict(db, item.predictionId, options.scorer, judged.verdict, judged.formatOk ?? false);
        }
      }).immediate();
      afterId = batch.at(-1)!.predictionId;
      done += batch.length;
      options.onProgress?.(done, total);
      // Let progress events and cancellation through between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { graderVersion: GRADER_VERSION, scorer: options.scorer, regraded: done, changed };
}
