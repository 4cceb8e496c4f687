/** What the checkpoint order and lineage methods resolve to (inputs: checkpoints/api-contract.ts). */
import type { CheckpointInfo } from './records';

export interface CheckpointOutputs {
  /** Every checkpoint, in the new order. */
  setCheckpointOrder: CheckpointInfo[];
  setCheckpointLineage: CheckpointInfo[];
}
