/**
 * verl's generation dumps (`trainer.validation_data_dir` and `trainer.rollout_data_dir`), one
 * `<step>.jsonl` per step: `input` (the prompt as decoded, chat-role words included), `output`,
 * `gts`, the reward `score`, `step`, and whatever else the reward function returned (`acc`, `pred`).
 * Read by the field preset in field-presets.ts with these helpers.
 */
import { createHash } from 'node:crypto';
import { basename, dirname } from 'node:path';
import { cannotNameModel } from './model-folder';

/** The folders verl and its users write dumps into, which name no run. */
const DUMP_FOLDERS = /^(?:dump|dumps|rollouts?|rollout_data|validation|validation_data|val_generations|generations|outputs?)$/i;

/**
 * A sample is its prompt: the dump has no id, its lines follow the dataloader (a rollout dump's
 * prompts differ from step to step), and the same prompt at two steps is the same question.
 */
export function promptId(prompt: unknown): string {
  return `prompt-${createHash('sha256').update(String(prompt)).digest('hex').slice(0, 16)}`;
}

/** The run a dump belongs to: the nearest folder above it that can name one, else `verl`. */
export function verlRunName(path: string): string {
  for (let dir = dirname(path), depth = 0; depth < 4 && dir !== dirname(dir); dir = dirname(dir), depth++) {
    const name = basename(dir);
    if (!DUMP_FOLDERS.test(name) && !cannotNameModel(name)) return name;
  }
  return 'verl';
}

/** Rewards a verdict is read from: at least this for a right answer, at most that for a wrong one (as EasyR1's). */
const RIGHT_AT_LEAST = 0.8;
const WRONG_AT_MOST = 0.2;

/**
 * The dump's own verdict: the reward function's `acc` where it wrote one (0/1 or a boolean), else
 * the reward where it splits right from wrong: verl's GSM8K and math rewards give 1 or 0, DAPO's
 * 1 or -1, and geo3k's (the VLM example's) 0.9 × accuracy + 0.1 × format gives 0.9 to a right
 * answer out of format and 0.1 to a wrong one in it. A reward in between (partial credit, a length
 * penalty) is no verdict: undefined.
 */
export function verlVerdict(record: Record<string, unknown>): boolean | undefined {
  const acc = record.acc;
  if (typeof acc === 'boolean') return acc;
  if (acc === 0 || acc === 1) return acc === 1;
  const score = Number(record.score);
  if (score >= RIGHT_AT_LEAST) return true;
  if (score <= WRONG_AT_MOST) return false;
  return undefined;
}
