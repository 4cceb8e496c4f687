/**
 * The one checkpoint order every order-dependent analysis follows (learning dynamics,
 * progression, overview deltas, the default comparison), and each checkpoint's lineage.
 *
 * Order: a position the researcher set (`checkpoints order`, dragging rows in the overview)
 * first; then curriculum stage, then step; then base/instruct models before the ones whose
 * names say they were trained (GRPO, SFT, epochs…); then the name; and, where no position was
 * set, each lineage's checkpoints together.
 */
import { BadRequestError, NotFoundError } from '../util/errors';
import { lineageOf, trainedRank } from '../lineage';
import type { Db } from './database';
import { statement } from './statements';

export interface OrderedCheckpoint {
  id: number;
  name: string;
  baseModel: string;
  stage: string;
  step: number | null;
  simulated: boolean;
  /** The lineage the checkpoint belongs to (set, or inferred when `lineageSet` is false). */
  lineage: string;
  lineageSet: boolean;
  orderRank: number | null;
}

const STAGE_RANK: Record<string, number> = { base: 0, stage1: 1, stage2: 2, stage3: 3, merged: 4 };
const stageRank = (stage: string): number => STAGE_RANK[stage] ?? (/^stage(\d+)$/.exec(stage) ? 1 + Number(/^stage(\d+)$/.exec(stage)![1]) / 1000 : 5);

interface CheckpointRow {
  id: number;
  name: string;
  baseModel: string;
  stage: string;
  step: number | null;
  simulated: number;
  lineage: string;
  orderRank: number | null;
}

export function compareCheckpoints(a: Omit<OrderedCheckpoint, 'lineage' | 'lineageSet' | 'simulated' | 'baseModel'>, b: typeof a): number {
  const rank = (c: typeof a): number => c.orderRank ?? Number.POSITIVE_INFINITY;
  return (
    rank(a) - rank(b) ||
    stageRank(a.stage) - stageRank(b.stage) ||
    (a.step ?? -1) - (b.step ?? -1) ||
    trainedRank(a.name) - trainedRank(b.name) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  ) || 0;
}

/** Every checkpoint of the workspace, in the workspace's order. */
export function orderedCheckpoints(db: Db): OrderedCheckpoint[] {
  const rows = statement(
    db,
    `SELECT id, name, base_model AS baseModel, stage, step, lineage, order_rank AS orderRank,
       -- Simulated where it is, or where any of its answers came from a simulated model (runs.simulated, 0014).
       (simulated = 1 OR EXISTS (SELECT 1 FROM runs r WHERE r.checkpoint_id = checkpoints.id AND (r.simulated = 1 OR r.backend = 'simulated'))) AS simulated
     FROM checkpoints`,
  ).all() as CheckpointRow[];
  const sorted = rows
    .map((row) => ({ ...row, simulated: row.simulated === 1, lineage: lineageOf(row), lineageSet: row.lineage.trim() !== '' }))
    .sort(compareCheckpoints);
  return sorted.some((c) => c.orderRank !== null) ? sorted : byLineage(sorted);
}

/**
 * The checkpoints of one lineage together, lineages in the order of their first checkpoint: a
 * base model right before the checkpoints trained from it (`qwen2vl_2b_instruct`, `…_grpo100`,
 * then `qwen2vl_7b_instruct`, `…_grpo_2epochs`), where "base before trained" alone put every
 * base model before every trained one. An order the researcher set is kept as it is.
 */
function byLineage(sorted: OrderedCheckpoint[]): OrderedCheckpoint[] {
  const groups = new Map<string, OrderedCheckpoint[]>();
  for (const checkpoint of sorted) groups.set(checkpoint.lineage, [...(groups.get(checkpoint.lineage) ?? []), checkpoint]);
  return [...groups.values()].flat();
}

/** Position of each checkpoint id in the workspace order. */
export function checkpointPositions(db: Db): Map<number, number> {
  return new Map(orderedCheckpoints(db).map((c, index) => [c.id, index]));
}

/**
 * Puts the named checkpoints in the given order, in the places they hold now: the others keep
 * their positions (ordering two R1-V checkpoints does not move the demo's stages). Every
 * checkpoint gets an explicit rank, so the order stays as it was shown.
 */
export function setCheckpointOrder(db: Db, names: readonly string[]): OrderedCheckpoint[] {
  const unique = [...new Set(names)];
  if (unique.length !== names.length) throw new BadRequestError('each checkpoint may be named once');
  return db.transaction(() => {
    const current = orderedCheckpoints(db);
    const byName = new Map(current.map((c) => [c.name, c]));
    const missing = unique.filter((name) => !byName.has(name));
    if (missing.length > 0) throw new NotFoundError(`no checkpoint named ${missing.map((n) => `"${n}"`).join(', ')} in this workspace`);
    const named = new Set(unique);
    const slots = current.map((c, index) => (named.has(c.name) ? index : -1)).filter((index) => index >= 0);
    const next = [...current];
    slots.forEach((slot, i) => (next[slot] = byName.get(unique[i]!)!));
    const update = statement(db, 'UPDATE checkpoints SET order_rank = ? WHERE id = ?');
    next.forEach((c, index) => update.run(index + 1, c.id));
    return orderedCheckpoints(db);
  })();
}

/** Forgets the researcher's order: stage, step and names decide again. */
export function clearCheckpointOrder(db: Db): void {
  statement(db, 'UPDATE checkpoints SET order_rank = NULL').run();
}

/** Sets (or with '' clears, back to the inferred one) the lineage of the named checkpoints. */
export function setCheckpointLineage(db: Db, names: readonly string[], lineage: string): OrderedCheckpoint[] {
  return db.transaction(() => {
    const update = statement(db, 'UPDATE checkpoints SET lineage = ? WHERE name = ?');
    for (const name of names) {
      if (update.run(lineage.trim(), name).changes === 0) throw new NotFoundError(`no checkpoint named "${name}" in this workspace`);
    }
    return orderedCheckpoints(db);
  })();
}
