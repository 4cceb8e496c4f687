/**
 * Checkpoint profiles of the SIMULATED model: one base checkpoint and three
 * curriculum stages, each at a few training steps.
 *
 * The numbers tell the curriculum story the demo is meant to show:
 *   - stage 1 (visual perception) cuts perception errors the most;
 *   - stage 2 (text reasoning) cuts reasoning errors, with a little
 *     perception forgetting and longer (more often truncated) thoughts;
 *   - stage 3 (visual reasoning) improves both and ends at the release;
 *   - the base model breaks the output format far more often.
 * With a strict grader (boxed answer must match) this gives roughly 40%
 * accuracy at base and ~75-80% at the stage-3 release.
 */

export type CurriculumStage = 'base' | 'stage1' | 'stage2' | 'stage3';

export interface CheckpointProfile {
  /** Unique name, e.g. 'base', 'stage1-perception@100'. */
  name: string;
  baseModel: string;
  stage: CurriculumStage;
  step: number;
  /** P(misread the image) on a question that depends on the image (all demo questions do). */
  perceptionErrorRate: number;
  /** P(arithmetic/logic slip) on a reasoning question. */
  reasoningErrorRate: number;
  /** P(output breaks the <think>..</think> \boxed{} format). */
  formatViolationRate: number;
  /** P(output cut off at max tokens, finish_reason 'length'). */
  truncationRate: number;
  notes: string;
}

export const SIMULATED_BASE_MODEL = 'InternVL3.5-8B (simulated)';

const profile = (
  name: string,
  stage: CurriculumStage,
  step: number,
  perceptionErrorRate: number,
  reasoningErrorRate: number,
  formatViolationRate: number,
  truncationRate: number,
  notes: string,
): CheckpointProfile => ({
  name,
  baseModel: SIMULATED_BASE_MODEL,
  stage,
  step,
  perceptionErrorRate,
  reasoningErrorRate,
  formatViolationRate,
  truncationRate,
  notes,
});

export const DEMO_CHECKPOINTS: CheckpointProfile[] = [
  profile('base', 'base', 0, 0.44, 0.42, 0.13, 0.04, 'SIMULATED. Untuned base model: frequent misreads, arithmetic slips and format violations.'),
  profile('stage1-perception@100', 'stage1', 100, 0.28, 0.38, 0.07, 0.04, 'SIMULATED. Stage 1 (visual perception), early: perception errors drop fast.'),
  profile('stage1-perception@200', 'stage1', 200, 0.22, 0.37, 0.05, 0.03, 'SIMULATED. Stage 1 (visual perception), end: perception much better, reasoning barely changed.'),
  profile('stage2-text-reasoning@100', 'stage2', 100, 0.23, 0.26, 0.05, 0.04, 'SIMULATED. Stage 2 (text reasoning), early: arithmetic slips drop; slight perception forgetting.'),
  profile('stage2-text-reasoning@200', 'stage2', 200, 0.24, 0.19, 0.04, 0.05, 'SIMULATED. Stage 2 (text reasoning), end: reasoning much better; longer thoughts truncate more often.'),
  profile('stage3-visual-reasoning@100', 'stage3', 100, 0.19, 0.17, 0.03, 0.03, 'SIMULATED. Stage 3 (visual reasoning), early: both error kinds improve.'),
  profile('stage3-visual-reasoning@200', 'stage3', 200, 0.16, 0.14, 0.02, 0.02, 'SIMULATED. Stage 3 (visual reasoning), mid.'),
  profile('stage3-visual-reasoning@279', 'stage3', 279, 0.14, 0.12, 0.02, 0.02, 'SIMULATED. Stage 3 (visual reasoning), step 279: the seed release.'),
];

/** The released checkpoint (stage 3, step 279). */
export const DEMO_RELEASE_CHECKPOINT = 'stage3-visual-reasoning@279';

export function findCheckpoint(name: string, checkpoints: readonly CheckpointProfile[] = DEMO_CHECKPOINTS): CheckpointProfile | undefined {
  return checkpoints.find((c) => c.name === name);
}
