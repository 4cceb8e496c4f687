/**
 * What a checkpoint's name says about its training, read the same way by the core (lineage.ts,
 * the checkpoint order) and the renderer (the pair Compare opens with).
 */

/** Words in a name that say a checkpoint was trained further than its base. */
const TRAINED_WORD = /^(?:grpo\d*|sft\d*|dpo\d*|ppo\d*|rlhf|rl\d*|rloo\d*|dapo\d*|\d+epochs?|epochs?\d*|step\d*|steps\d*|ckpt\d*|checkpoint\d*|iter\d*|stage\d*|merged)$/i;

/** 1 where the name says the checkpoint was trained (GRPO, SFT, epochs, steps…), 0 for a base or instruct model. */
export function trainedRank(name: string): number {
  return name.split(/[_\-\s@/]+/).some((part) => part !== '' && TRAINED_WORD.test(part)) ? 1 : 0;
}
