/** The scorers' names, checked without loading the scorers (an import's field mapping reads them). */
import type { ScorerName } from './types';

/** Every scorer, once: a Record, so a scorer added to `ScorerName` must be added here too. */
const SCORER_NAMES: Record<ScorerName, true> = { mcq: true, yesno: true, numeric: true, math: true, relaxed: true, vqa: true, text: true, grounding: true };

export function isScorerName(s: unknown): s is ScorerName {
  return typeof s === 'string' && Object.hasOwn(SCORER_NAMES, s);
}
