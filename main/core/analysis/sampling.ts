/** pass@k and answer consistency of runs that drew k answers per question. */
import type { PassAtKRow } from './api-contract';
import type { Db } from '../store/database';
import { checkpointsInOrder, representativeRuns, runAnswers } from '../store/analysis';
import { sameBenchmark } from './names';
import { answerConsistency, normaliseAnswer, passAtK } from './passk';

/** 1, 2, 4, ... up to k, and k itself. */
export function defaultKs(k: number): number[] {
  const ks: number[] = [];
  for (let value = 1; value < k; value *= 2) ks.push(value);
  ks.push(k);
  return ks;
}

export function passAtKReport(db: Db, request: { checkpoint?: string; benchmark?: string; ks?: number[] } = {}): PassAtKRow[] {
  const order = checkpointsInOrder(db);
  const rows: PassAtKRow[] = [];
  for (const checkpoint of order) {
    if (request.checkpoint !== undefined && checkpoint.name !== request.checkpoint) continue;
    const runs = representativeRuns(db).filter(
      (run) => run.checkpointId === checkpoint.id && run.samplesPerQuestion > 1 && (request.benchmark === undefined || sameBenchmark(run.benchmark, request.benchmark)),
    );
    for (const run of runs) {
      const bySample = new Map<number, Array<{ correct: number | null; extracted: string | null }>>();
      for (const answer of runAnswers(db, run.runId)) {
        if (answer.error !== null) continue;
        let list = bySample.get(answer.sampleId);
        if (!list) bySample.set(answer.sampleId, (list = []));
        list.push(answer);
      }
      const ks = (request.ks ?? defaultKs(run.samplesPerQuestion)).filter((k) => k <= run.samplesPerQuestion);
      const sums = ks.map(() => ({ total: 0, samples: 0 }));
      let consistencySum = 0;
      let majorityRight = 0;
      let samples = 0;
      for (const answers of bySample.values()) {
        const graded = answers.filter((answer) => answer.correct !== null);
        if (graded.length === 0) continue;
        samples++;
        const correct = graded.filter((answer) => answer.correct === 1).length;
        ks.forEach((k, i) => {
          // pass@k is only defined for a question with at least k graded answers.
          if (graded.length < k) return;
          sums[i]!.total += passAtK(graded.length, correct, k);
          sums[i]!.samples++;
        });
        const { majority, share } = answerConsistency(answers.map((answer) => answer.extracted));
        consistencySum += share;
        if (majority !== null && answers.some((answer) => answer.extracted !== null && normaliseAnswer(answer.extracted) === majority && answer.correct === 1)) {
          majorityRight++;
        }
      }
      rows.push({
        checkpoint: checkpoint.name,
        stage: checkpoint.stage,
        step: checkpoint.step,
        benchmark: run.benchmark,
        runId: run.runId,
        samplesPerQuestion: run.samplesPerQuestion,
        samples,
        passAtK: ks.map((k, i) => ({ k, value: sums[i]!.samples > 0 ? sums[i]!.total / sums[i]!.samples : null })),
        consistency: samples > 0 ? consistencySum / samples : null,
        majorityAccuracy: samples > 0 ? majorityRight / samples : null,
      });
    }
  }
  return rows;
}
