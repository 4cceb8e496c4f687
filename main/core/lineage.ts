/**
 * Checkpoint lineage: which checkpoints are one training line (one base model, one training
 * run), so that progression, deltas and learning dynamics connect only those. A lineage the
 * researcher set wins; otherwise it is inferred here from what the names and metadata say.
 * No Node imports: the renderer shows the same inference.
 */

/** Words that start the training part of a checkpoint name: `qwen2vl_7b_grpo_2epochs` -> `qwen2vl_7b`. */
const TRAINING_WORD = /^(?:instruct|chat|base|it|hf|grpo\d*|sft\d*|dpo\d*|ppo\d*|rlhf|rl\d*|rloo\d*|dapo\d*|\d+epochs?|epochs?\d*|step\d*|steps\d*|ckpt\d*|checkpoint\d*|iter\d*|legacy|final|merged|stage\d*)$/i;


const SEPARATOR = /[_\-\s@/]+/;

export interface LineageInput {
  name: string;
  baseModel: string;
  /** The lineage the researcher set ('' = none). */
  lineage: string;
}

/**
 * The lineage a checkpoint belongs to: the one set, else the base model it names, else its
 * name up to the first training word (`qwen2vl_2b_instruct_grpo100` and `qwen2vl_2b_instruct`
 * share `qwen2vl_2b`), else the name without its `@<step>` (`grpo_16883195@50` and
 * `grpo_16883195@100` share `grpo_16883195`), else the whole name (a model of its own).
 */
export function lineageOf(checkpoint: LineageInput): string {
  if (checkpoint.lineage.trim()) return checkpoint.lineage.trim();
  if (checkpoint.baseModel.trim()) return checkpoint.baseModel.trim();
  // The name up to (not including) the separator before the first training word, as written.
  const pattern = new RegExp(SEPARATOR.source, 'g');
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(checkpoint.name)) !== null) {
    const rest = checkpoint.name.slice(match.index + match[0].length);
    const next = rest.split(SEPARATOR)[0] ?? '';
    if (match.index > 0 && TRAINING_WORD.test(next)) return checkpoint.name.slice(0, match.index);
  }
  // `<experiment>@<step>` (an EasyR1 validation step, `--step`): the steps of one run are one line.
  return /^(.+)@\d+$/.exec(checkpoint.name)?.[1] ?? checkpoint.name;
}

export { trainedRank } from './types/checkpoint-names';
