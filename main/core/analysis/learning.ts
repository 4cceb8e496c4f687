/**
 * Sample learning dynamics over an ordered series of checkpoints: the steps of one stage, an
 * explicit list, or the whole curriculum (stage, then step). The lists are for the UI to draw.
 */
import { DYNAMICS_STATUSES, type LearningDynamics, type SampleTrajectory } from './api-contract';
import type { Db } from '../store/database';
import { checkpointsInOrder, firstAnswerOutcomes, representativeRuns, sampleLabels } from '../store/analysis';
import { sampleDynamics, type DynamicsStatus, type SampleDynamics } from './dynamics';
import { sameBenchmark } from './names';

export interface DynamicsRequest {
  benchmark?: string;
  stage?: string;
  checkpoints?: string[];
  lineage?: string;
  status?: DynamicsStatus;
  offset: number;
  limit: number;
}

export function learningDynamics(db: Db, request: DynamicsRequest): LearningDynamics {
  const runs = representativeRuns(db).filter((run) => request.benchmark === undefined || sameBenchmark(run.benchmark, request.benchmark));
  const evaluated = new Set(runs.map((run) => run.checkpointId));
  const named = request.checkpoints ? new Set(request.checkpoints) : null;
  const candidates = checkpointsInOrder(db).filter(
    (c) => evaluated.has(c.id) && (named === null || named.has(c.name)) && (request.stage === undefined || c.stage === request.stage),
  );
  // A series never mixes lineages: "forgotten" between unrelated models means nothing. By
  // default the lineage with the most checkpoints evaluated (the first in order on a tie).
  const lineages = [...new Set(candidates.map((c) => c.lineage))];
  const sizes = new Map(lineages.map((lineage) => [lineage, candidates.filter((c) => c.lineage === lineage).length]));
  const lineage = named !== null ? null : (request.lineage ?? lineages.reduce<string | null>((best, l) => (best === null || sizes.get(l)! > sizes.get(best)! ? l : best), null));
  const series = lineage === null ? candidates : candidates.filter((c) => c.lineage === lineage);
  const position = new Map(series.map((c, i) => [c.id, i]));

  // Each sample's verdict (first answer) at each checkpoint of the series.
  const outcomes = new Map<number, Array<boolean | null>>();
  for (const run of runs) {
    const at = position.get(run.checkpointId);
    if (at === undefined) continue;
    for (const { sampleId, correct } of firstAnswerOutcomes(db, run.runId)) {
      let sequence = outcomes.get(sampleId);
      if (!sequence) outcomes.set(sampleId, (sequence = new Array<boolean | null>(series.length).fill(null)));
      sequence[at] = correct === 1;
    }
  }

  const totals = Object.fromEntries(DYNAMICS_STATUSES.map((status) => [status, 0])) as Record<DynamicsStatus, number>;
  const learnedAt = series.map(() => 0);
  const transitions = new Map<string, number>();
  let forgettingEvents = 0;
  let samplesWithForgetting = 0;
  const matching: Array<{ sampleId: number; sequence: Array<boolean | null>; dynamics: SampleDynamics }> = [];
  for (const [sampleId, sequence] of [...outcomes].sort((x, y) => x[0] - y[0])) {
    const dynamics = sampleDynamics(sequence);
    totals[dynamics.status]++;
    if (dynamics.stableFrom !== null) learnedAt[dynamics.stableFrom]!++;
    forgettingEvents += dynamics.forgetting.length;
    if (dynamics.forgetting.length > 0) samplesWithForgetting++;
    for (const event of dynamics.forgetting) {
      const key = `${event.from}>${event.to}`;
      transitions.set(key, (transitions.get(key) ?? 0) + 1);
    }
    if (request.status === undefined || dynamics.status === request.status) matching.push({ sampleId, sequence, dynamics });
  }

  const page = matching.slice(request.offset, request.offset + request.limit);
  const labels = sampleLabels(db, page.map((entry) => entry.sampleId));
  const samples: SampleTrajectory[] = page.map(({ sampleId, sequence, dynamics }) => ({
    sampleId,
    externalId: labels.get(sampleId)?.externalId ?? String(sampleId),
    benchmark: labels.get(sampleId)?.benchmark ?? '',
    outcomes: sequence,
    stableFrom: dynamics.stableFrom === null ? null : series[dynamics.stableFrom]!.name,
    forgettingEvents: dynamics.forgetting.length,
    status: dynamics.status,
  }));

  return {
    checkpoints: series.map((c) => ({ checkpoint: c.name, stage: c.stage, step: c.step, lineage: c.lineage })),
    lineage,
    lineages,
    totals: { ...totals, samples: outcomes.size, forgettingEvents, samplesWithForgetting },
    learnedAt: series.map((c, i) => ({ checkpoint: c.name, count: learnedAt[i]! })),
    forgettingByTransition: [...transitions].map(([key, count]) => {
      const [from, to] = key.split('>').map(Number) as [number, number];
      return { from: series[from]!.name, to: series[to]!.name, count };
    }),
    samples,
    matching: matching.length,
  };
}
