/**
 * EasyR1 training logs in the checkpoint folder:
 * - `experiment_log.jsonl`: one `{"step": N, ...metrics}` per line (nested or `a/b` keys); each
 *   step's metrics are kept, and the validated steps become checkpoints `<experiment>@<step>`;
 * - `generations.log`: validation samples as `[prompt] …`, `[output] …`, `[ground_truth] …`,
 *   `[score] …` blocks, appended at each validation. A block carries no step: `--step N` gives
 *   it, else the validation steps of the experiment log beside it share the blocks in order.
 *
 * The experiment is `--checkpoint`, else the folder's name. The official verdict of a block is
 * its reward above 0.5 only where the rewards say right from wrong: EasyR1's default math reward
 * is 0.9 × accuracy + 0.1 × format, so a right answer scores at least 0.9 and a wrong one at most
 * 0.1. A reward that weighs format (or anything else) more takes values in between (0.6 for a
 * well-formatted wrong answer): then no block has an official verdict, and a warning says why.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { ImportError } from '../errors';
import type { FormatReader } from '../source-file';
import { readJsonl } from '../sources/jsonl';
import type { CheckpointName } from '../types';

const FIELD = /^\[(prompt|output|ground_truth|score|step)\] ?(.*)$/;

/** Flattens `{actor: {loss: 1}}` to `{"actor/loss": 1}`, keeping numbers only. */
function flattenMetrics(value: Record<string, unknown>, prefix = '', out: Record<string, number> = {}): Record<string, number> {
  for (const [key, item] of Object.entries(value)) {
    const name = prefix ? `${prefix}/${key}` : key;
    if (typeof item === 'number' && Number.isFinite(item)) out[name] = item;
    else if (typeof item === 'boolean') out[name] = item ? 1 : 0;
    else if (typeof item === 'object' && item !== null && !Array.isArray(item)) flattenMetrics(item as Record<string, unknown>, name, out);
  }
  return out;
}

const isValidationKey = (key: string): boolean => /^val(?:idation)?[/_]/.test(key);

export function easyr1Experiment(dir: string, given: string | undefined): string {
  return given ?? basename(dir);
}

/** Steps at which the experiment log records validation metrics, in order. */
export async function validationSteps(logPath: string): Promise<number[]> {
  const steps: number[] = [];
  for await (const { value } of readJsonl(logPath, logPath, { add: () => undefined })) {
    const record = value as Record<string, unknown>;
    if (typeof record.step !== 'number') continue;
    if (Object.keys(flattenMetrics(record)).some(isValidationKey)) steps.push(record.step);
  }
  return steps;
}

export const readEasyR1Metrics: FormatReader = async function* (file, ctx) {
  const experiment = easyr1Experiment(file.dir, ctx.options.checkpoint);
  for await (const { value, line } of readJsonl(file.path, file.displayPath, ctx.bytes)) {
    const at = `line ${line}`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ImportError(file.displayPath, at, null, 'not a JSON object');
    const record = value as Record<string, unknown>;
    if (typeof record.step !== 'number' || !Number.isInteger(record.step)) throw new ImportError(file.displayPath, at, 'step', 'missing or not an integer');
    const { step, ...rest } = record;
    const values = flattenMetrics(rest);
    const validated = Object.keys(values).some(isValidationKey);
    const checkpoint: CheckpointName | undefined = validated ? { name: `${experiment}@${step}`, step: step as number } : undefined;
    yield { type: 'metrics', experiment, step: step as number, values, ...(checkpoint ? { checkpoint } : {}) };
  }
};

interface Block {
  prompt: string;
  output: string;
  ground_truth: string;
  score: string;
  step: number | null;
  line: number;
}

async function* readBlocks(path: string, displayPath: string, onBytes: (n: number) => void): AsyncGenerator<Block> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let block: Block | null = null;
  let field: keyof Omit<Block, 'step' | 'line'> | null = null;
  let step: number | null = null;
  let lineNumber = 0;
  const complete = (b: Block): Block => {
    for (const name of ['output', 'ground_truth', 'score'] as const) {
      if (b[name] === undefined) throw new ImportError(displayPath, `line ${b.line}`, name, 'missing in this block');
    }
    return b;
  };
  for await (const line of lines) {
    lineNumber++;
    onBytes(line.length + 1);
    const match = FIELD.exec(line);
    if (match) {
      const name = match[1] as 'prompt' | 'output' | 'ground_truth' | 'score' | 'step';
      if (name === 'step') {
        step = Number(match[2]);
        if (!Number.isInteger(step)) throw new ImportError(displayPath, `line ${lineNumber}`, 'step', `"${match[2]}" is not an integer`);
        continue;
      }
      if (name === 'prompt') {
        if (block) yield complete(block);
        block = { prompt: match[2]!, step, line: lineNumber } as Block;
      } else {
        if (!block) throw new ImportError(displayPath, `line ${lineNumber}`, name, 'before any [prompt]');
        block[name] = match[2]!;
      }
      field = name;
      continue;
    }
    // A continuation line of a multi-line prompt or output; blank lines between blocks end up on [score].
    if (block && field) block[field] = `${block[field]}\n${line}`;
  }
  if (block) yield complete(block);
}

/** Rewards a verdict can be read from: at most this for a wrong answer, at least that for a right one. */
const VERDICT_WRONG_AT_MOST = 0.2;
const VERDICT_RIGHT_AT_LEAST = 0.8;

/** The same validation question comes back at every validation and in every experiment: its id is its content. */
const questionIdOf = (block: Block): string => createHash('sha256').update(block.prompt).update('\0').update(block.ground_truth.trim()).digest('hex').slice(0, 16);

export const readEasyR1Generations: FormatReader = async function* (file, ctx) {
  const experiment = easyr1Experiment(file.dir, ctx.options.checkpoint);
  let total = 0;
  let marked = false;
  let between: number | null = null;
  const questions = new Set<string>();
  for await (const block of readBlocks(file.path, file.displayPath, () => undefined)) {
    total++;
    questions.add(questionIdOf(block));
    if (block.step !== null) marked = true;
    const reward = Number(block.score.trim());
    if (reward > VERDICT_WRONG_AT_MOST && reward < VERDICT_RIGHT_AT_LEAST) between ??= reward;
  }
  // Named after its questions, so that experiments validated on the same set share a benchmark and compare.
  const benchmark = ctx.options.benchmark ?? `easyr1-val-${createHash('sha256').update([...questions].sort().join('\n')).digest('hex').slice(0, 8)}`;
  if (!ctx.options.benchmark) {
    yield { type: 'warning', message: `benchmark named "${benchmark}" after its ${questions.size} question(s): every experiment validated on the same questions gets this name, so they compare; pass --benchmark NAME to name the set` };
  }
  // Which step each block belongs to, when the log itself does not say.
  let steps: number[] = [];
  if (!marked && ctx.options.step === undefined) {
    const log = join(file.dir, 'experiment_log.jsonl');
    steps = existsSync(log) ? await validationSteps(log) : [];
    if (steps.length === 0 || total % steps.length !== 0) {
      yield {
        type: 'warning',
        message:
          steps.length === 0
            ? 'no step in the log and no experiment_log.jsonl with validation steps beside it: pass --step N; imported with no step'
            : `${total} blocks do not divide evenly among the ${steps.length} validation steps of experiment_log.jsonl: pass --step N; imported with no step`,
      };
      steps = [];
    }
  }
  if (between !== null) {
    yield { type: 'warning', message: `the [score] rewards are not verdicts: some lie between right and wrong (e.g. ${between}), as a reward that weighs format or length does; no official verdicts taken from them` };
  }
  const perRound = steps.length > 0 ? total / steps.length : total;
  let current: number | null | undefined;
  let index = 0;
  const seenInRound = new Map<string, number>();
  for await (const block of readBlocks(file.path, file.displayPath, (n) => ctx.bytes.add(n))) {
    const at = `line ${block.line}`;
    const step = ctx.options.step ?? block.step ?? (steps.length > 0 ? steps[Math.floor(index / perRound)]! : null);
    if (step !== current) {
      current = step;
      seenInRound.clear();
      // `--checkpoint run@50 --step 50` names the checkpoint once, not run@50@50.
      const name = step === null || experiment.endsWith(`@${step}`) ? experiment : `${experiment}@${step}`;
      yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name, step }, part: step === null ? 'val' : `step-${step}`, config: { format: 'easyr1', step } };
    }
    index++;
    const score = Number(block.score.trim());
    if (!Number.isFinite(score)) throw new ImportError(file.displayPath, at, 'score', `"${block.score.trim()}" is not a number`);
    const prompt = block.prompt;
    const groundTruth = block.ground_truth.trim();
    const base = questionIdOf(block);
    const n = (seenInRound.get(base) ?? 0) + 1;
    seenInRound.set(base, n);
    yield {
      type: 'prediction',
      sample: { externalId: n === 1 ? base : `${base}#${n}`, question: prompt, choices: null, answer: groundTruth, answerType: null, category: null, metadata: {}, images: [] },
      output: block.output,
      official: { correct: between === null ? score > 0.5 : null, extracted: null },
      at,
    };
  }
};
