import type { ApiParsedInput, ApiOutputs } from '../api/contract';
import type { Db } from '../store/database';
import { clearCheckpointOrder, orderedCheckpoints, setCheckpointLineage, setCheckpointOrder } from '../store/checkpoint-order';

type CheckpointMethod = 'setCheckpointOrder' | 'setCheckpointLineage';

export function createCheckpointHandlers(
  db: Db,
  changed: () => void,
): { [M in CheckpointMethod]: (input: ApiParsedInput<M>) => ApiOutputs[M] } {
  return {
    setCheckpointOrder: (input) => {
      if (input.reset) clearCheckpointOrder(db);
      const result = input.names.length > 0 ? setCheckpointOrder(db, input.names) : orderedCheckpoints(db);
      changed();
      return result;
    },
    setCheckpointLineage: (input) => {
      const result = setCheckpointLineage(db, input.names, input.lineage);
      changed();
      return result;
    },
  };
}
