/**
 * API methods that edit checkpoints' order and lineage (spread into api/contract.ts). No Node
 * imports: the renderer compiles against this file.
 */
import { z } from 'zod';

const name = z.string().min(1).max(500);

export const checkpointInputs = {
  /** Puts the named checkpoints in this order, in the places they hold now; `reset` forgets every set position. */
  setCheckpointOrder: z.object({ names: z.array(name).max(10_000).default([]), reset: z.boolean().default(false) }).strict(),
  /** Sets the lineage of the named checkpoints; '' goes back to the inferred one. */
  setCheckpointLineage: z.object({ names: z.array(name).min(1).max(10_000), lineage: z.string().trim().max(500) }).strict(),
} as const;

export type { CheckpointOutputs } from '../types/checkpoints';
