/**
 * Learning dynamics of samples across an ordered series of checkpoints (the steps of a stage,
 * or the whole curriculum): when a sample is learned for good, when it is forgotten.
 */

/** One sample's verdict at each checkpoint in order; null where that checkpoint has no verdict. */
export type OutcomeSequence = ReadonlyArray<boolean | null>;

export type DynamicsStatus = 'always-correct' | 'learned' | 'forgotten' | 'never-learned' | 'unknown';

export interface SampleDynamics {
  /**
   * Index of the checkpoint from which the sample stays correct to the last checkpoint (checkpoints
   * without a verdict do not interrupt it); null if it is wrong at the last checkpoint with a verdict.
   */
  stableFrom: number | null;
  /** Forgetting events: right at one checkpoint, wrong at the next one that has a verdict. */
  forgetting: Array<{ from: number; to: number }>;
  status: DynamicsStatus;
}

export function sampleDynamics(outcomes: OutcomeSequence): SampleDynamics {
  const known: Array<{ index: number; correct: boolean }> = [];
  outcomes.forEach((correct, index) => {
    if (correct !== null) known.push({ index, correct });
  });
  if (known.length === 0) return { stableFrom: null, forgetting: [], status: 'unknown' };
  const forgetting: Array<{ from: number; to: number }> = [];
  for (let i = 1; i < known.length; i++) {
    if (known[i - 1]!.correct && !known[i]!.correct) forgetting.push({ from: known[i - 1]!.index, to: known[i]!.index });
  }
  let stableFrom: number | null = null;
  for (let i = known.length - 1; i >= 0 && known[i]!.correct; i--) stableFrom = known[i]!.index;
  const everRight = known.some((entry) => entry.correct);
  const status: DynamicsStatus = !everRight
    ? 'never-learned'
    : known.every((entry) => entry.correct)
      ? 'always-correct'
      : stableFrom !== null
        ? 'learned'
        : 'forgotten';
  return { stableFrom, forgetting, status };
}
