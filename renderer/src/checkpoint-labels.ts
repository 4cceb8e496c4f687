import type { CheckpointInfo } from '@core/types/records';
import { checkpointShort } from './format';

type Labelled = Pick<CheckpointInfo, 'name' | 'stage' | 'step'>;

/**
 * Short labels that are unique among the checkpoints shown together: the stage@step short form
 * where it names one checkpoint only, else the full name (always unique in a workspace).
 */
export function uniqueShortLabels(checkpoints: readonly Labelled[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const checkpoint of checkpoints) {
    const short = checkpointShort(checkpoint);
    counts.set(short, (counts.get(short) ?? 0) + 1);
  }
  return new Map(
    checkpoints.map((checkpoint) => {
      const short = checkpointShort(checkpoint);
      return [checkpoint.name, counts.get(short)! > 1 ? checkpoint.name : short];
    }),
  );
}

/**
 * Splits a long name so that its end (the step, `@279`, or the last word) stays readable when
 * the start is cut: `stage3-visual-reasoning@279` -> [`stage3-visual-reasoning`, `@279`].
 */
export function nameEnds(name: string): [string, string] {
  const at = name.lastIndexOf('@');
  if (at > 0) return [name.slice(0, at), name.slice(at)];
  const cut = Math.max(name.lastIndexOf('_'), name.lastIndexOf('-'));
  if (cut > 0 && name.length - cut <= 14) return [name.slice(0, cut), name.slice(cut)];
  return [name, ''];
}
