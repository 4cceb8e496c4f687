import { trainedRank } from '@core/types/checkpoint-names';
import type { CheckpointInfo, RunSummary } from '@core/types/records';

/**
 * The pair compared when none is chosen: the first and the last checkpoint of a lineage with two
 * checkpoints evaluated on a shared benchmark (base against the end of the curriculum), never two
 * unrelated models. A lineage whose last checkpoint was trained further (a stage, a step, a
 * training word such as `grpo`) is preferred to one whose two names differ otherwise (a prompt
 * variant, `-CoT`); the first two checkpoints where no lineage has two.
 */
export function defaultPair(evaluated: CheckpointInfo[], runs: RunSummary[]): number[] {
  const benchmarksOf = (id: number): Set<number> => new Set(runs.filter((r) => r.checkpointId === id).map((r) => r.benchmarkId));
  const pairs: Array<[CheckpointInfo, CheckpointInfo]> = [];
  for (const lineage of new Set(evaluated.map((c) => c.lineage))) {
    const members = evaluated.filter((c) => c.lineage === lineage);
    const first = members[0]!;
    const shared = benchmarksOf(first.id);
    const last = [...members].reverse().find((c) => c.id !== first.id && [...benchmarksOf(c.id)].some((b) => shared.has(b)));
    if (last) pairs.push([first, last]);
  }
  const trained = ([first, last]: [CheckpointInfo, CheckpointInfo]): boolean =>
    last.stage !== first.stage || last.step !== first.step || trainedRank(last.name) > trainedRank(first.name);
  const pair = pairs.find(trained) ?? pairs[0];
  return pair ? pair.map((c) => c.id) : evaluated.slice(0, 2).map((c) => c.id);
}

/**
 * The pair a trace's "Compare checkpoints here" opens: its checkpoint and the one before it in its
 * lineage that answered the same benchmark (else the one after, else any other that did), so the
 * sample is there to compare. Null when the checkpoint is not among the evaluated.
 */
export function pairWith(evaluated: CheckpointInfo[], runs: RunSummary[], checkpoint: string, benchmarkId: number | undefined): number[] | null {
  const self = evaluated.find((c) => c.name === checkpoint);
  if (!self) return null;
  const answered = (c: CheckpointInfo): boolean => c.id !== self.id && runs.some((r) => r.checkpointId === c.id && (benchmarkId === undefined || r.benchmarkId === benchmarkId));
  const members = evaluated.filter((c) => c.lineage === self.lineage);
  const at = members.indexOf(self);
  const other =
    [...members.slice(0, at)].reverse().find(answered) ?? members.slice(at + 1).find(answered) ?? evaluated.find(answered);
  if (!other) return [self.id];
  return members.indexOf(other) > at ? [self.id, other.id] : [other.id, self.id];
}

/** Picks the lineage that progression and learning dynamics follow. */
export function LineagePicker({ lineages, value, onChange }: { lineages: string[]; value: string; onChange: (lineage: string) => void }) {
  return (
    <select className="lineage-picker" value={value} onChange={(event) => onChange(event.target.value)} aria-label="Lineage" data-testid="lineage-picker">
      {lineages.map((lineage) => (
        <option key={lineage} value={lineage}>
          {lineage}
        </option>
      ))}
    </select>
  );
}
