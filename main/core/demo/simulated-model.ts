/**
 * The SIMULATED vision-language model behind the demo workspace.
 *
 * It answers demo-benchmark questions with an error model driven by a
 * CheckpointProfile:
 *   - perception error (only when an image is given): the model solves the
 *     question on a misperceived scene (see misperception.ts);
 *   - reasoning error (reasoning questions only): perception is right (or as
 *     misperceived) but the final arithmetic step slips by 1-2;
 *   - format violation: the answer escapes the <think>..</think> \boxed{} format;
 *   - truncation: the model rambles until max tokens, finish_reason 'length'.
 *
 * Caption counterfactual: with a text description instead of the image the
 * perception draw is skipped (the description is exact) while the reasoning,
 * format and truncation draws are identical, so image-vs-caption differences
 * isolate perception errors exactly.
 *
 * Whether an error happens is decided by ErrorDraws (error-draws.ts): the
 * draws are shared across checkpoints for the most part, so improving rates
 * mostly fixes samples while a few samples break, as in real training runs.
 */
import { createHash } from 'node:crypto';
import { type DemoSample } from './benchmark';
import { type CheckpointProfile, DEMO_CHECKPOINTS } from './checkpoints';
import { type DrawSubject, ErrorDraws, type ErrorKind } from './error-draws';
import { misperceive } from './misperception';
import { type QuestionSpec, parseQuestion, solveQuestion } from './questions';
import { Rng, uniform } from './rng';
import { type Evidence, type TraceInput, buildRambling, buildThinking } from './traces';

export interface SimulatedRequest {
  /** The question text as asked (may include the choices text appended, or a prompt around it). */
  question: string;
  /** sha256 hex of the PNG that was sent, if an image was sent. */
  imageSha256?: string | null;
  /** A text description given INSTEAD of the image (caption counterfactual). */
  caption?: string | null;
  /** A CheckpointProfile name. */
  checkpoint: string;
  /** k-th sample for the same question (pass@k), default 0; changes the random draw. */
  sampleIndex?: number;
  maxTokens?: number;
}

export interface SimulatedResponse {
  text: string;
  finishReason: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
  /** Ground truth of what was injected (for tests and attribution validation). */
  simulated: { perceptionError: boolean; reasoningError: boolean; formatViolation: boolean; truncated: boolean };
}

export const DEFAULT_MAX_TOKENS = 1024;
/** Prompt tokens charged for one image (one 448px InternVL tile). */
export const IMAGE_PROMPT_TOKENS = 256;

export const NOT_FOUND_TEXT = '<think>I cannot find this question in my simulated world.</think> \\boxed{unknown}';

/** Rough token count: ~4 characters per token. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

interface Indexed {
  sample: DemoSample;
  /** Content-derived key for the error draws (id plus an image-hash prefix), so other seeds get other draws. */
  key: string;
  subject: DrawSubject;
  sha: string;
  spec: QuestionSpec | null;
  question: string;
}

export class SimulatedVlm {
  readonly benchmark: readonly DemoSample[];
  readonly checkpoints: readonly CheckpointProfile[];
  private readonly entries: Indexed[];
  private readonly bySha = new Map<string, Indexed[]>();
  private readonly byCaption = new Map<string, Indexed[]>();
  private readonly draws: ErrorDraws;

  constructor(benchmark: DemoSample[], checkpoints: CheckpointProfile[] = DEMO_CHECKPOINTS) {
    this.benchmark = benchmark;
    this.checkpoints = checkpoints;
    this.entries = benchmark.map((sample) => {
      const sha = sha256Hex(sample.image);
      const key = `${sample.id}:${sha.slice(0, 16)}`;
      const subject: DrawSubject = {
        key,
        // Reasoning slips only exist on reasoning questions; every question depends on perception.
        eligible: (kind: ErrorKind) => kind !== 'reasoning' || sample.category === 'reasoning',
      };
      return { sample, sha, key, subject, spec: parseQuestion(sample.question), question: normalise(sample.question) };
    });
    this.draws = new ErrorDraws(this.entries.map((e) => e.subject));
    for (const e of this.entries) {
      push(this.bySha, e.sha, e);
      push(this.byCaption, normalise(e.sample.caption), e);
    }
  }

  /** The benchmark sample a request refers to, or undefined. */
  findSample(req: Pick<SimulatedRequest, 'question' | 'imageSha256' | 'caption'>): DemoSample | undefined {
    return this.lookup(req)?.sample;
  }

  respond(req: SimulatedRequest): SimulatedResponse {
    const profile = this.checkpoints.find((c) => c.name === req.checkpoint);
    if (!profile) throw new Error(`Unknown simulated checkpoint '${req.checkpoint}'`);
    const maxTokens = req.maxTokens ?? DEFAULT_MAX_TOKENS;
    const hasImage = Boolean(req.imageSha256);
    const promptTokens =
      estimateTokens(req.question) + (hasImage ? IMAGE_PROMPT_TOKENS : 0) + (req.caption ? estimateTokens(req.caption) : 0);
    const entry = this.lookup(req);
    if (!entry || !entry.spec) return finish(NOT_FOUND_TEXT, promptTokens, maxTokens, noErrors());

    const { sample, spec, key } = entry;
    const k = req.sampleIndex ?? 0;
    const draw = (kind: ErrorKind): number => this.draws.draw(kind, profile.name, entry.subject, k);
    const evidence: Evidence = hasImage ? 'image' : 'caption';
    // Misperception and slip *shapes* are keyed by sample only, so a sample goes wrong the same way across checkpoints.
    const shapeRng = (what: string): Rng => new Rng(`${key}|k${k}|${what}`);

    // 1. Perception: with an image, maybe solve on a misperceived scene.
    let scene = sample.scene;
    let perceptionError = false;
    if (evidence === 'image' && draw('perception') < profile.perceptionErrorRate) {
      const misread = misperceive(spec, sample.scene, sample.choices, sample.answer, shapeRng('misread'));
      if (misread) {
        scene = misread;
        perceptionError = true;
      }
    }
    const solution = solveQuestion(spec, scene, sample.choices);
    if (!solution) return finish(NOT_FOUND_TEXT, promptTokens, maxTokens, noErrors()); // unreachable for generated samples

    // 2. Reasoning: the same draw with image or caption, so the counterfactual keeps reasoning errors.
    let answer = solution.answer;
    let arithmetic: TraceInput['arithmetic'];
    let reasoningError = false;
    if (solution.arithmetic) {
      const { left, op, right } = solution.arithmetic;
      let result = op === '+' ? left + right : left - right;
      if (sample.category === 'reasoning' && draw('reasoning') < profile.reasoningErrorRate) {
        const deltas = [1, -1, 1, -1, 2, -2].filter((d) => result + d >= 0);
        result += shapeRng('slip').pick(deltas);
        reasoningError = true;
      }
      answer = String(result);
      arithmetic = { left, op, right, result };
    }
    const trace: TraceInput = { spec, scene, choices: sample.choices, evidence, answer, arithmetic };

    // 3. Output form: same draw structure, identical for image and caption.
    const truncated = draw('truncation') < profile.truncationRate;
    const formatViolation = !truncated && draw('format') < profile.formatViolationRate;
    const flags = { perceptionError, reasoningError, formatViolation, truncated };
    if (truncated) {
      // Cut mid-sentence at the token budget; never reaches a boxed answer.
      let body = `<think>${buildRambling(trace, maxTokens * 4 + 1)}`.slice(0, maxTokens * 4);
      if (/[.!?]\s*$/.test(body)) body = body.replace(/[.!?]\s*$/, '');
      return { text: body, finishReason: 'length', promptTokens, completionTokens: maxTokens, simulated: flags };
    }
    const thinking = buildThinking(trace);
    let text = `<think>${thinking}</think> \\boxed{${answer}}`;
    if (formatViolation) {
      const variant = Math.floor(uniform(`${profile.name}|${key}|k${k}|format-variant`) * 3);
      if (variant === 0) text = `<think>${thinking} \\boxed{${answer}}`; // never closes </think>
      else if (variant === 1) text = `<think>${thinking}</think> The answer is ${answer}.`; // no \boxed
      else text = `${answer}`; // bare answer, no reasoning block, no box
    }
    return finish(text, promptTokens, maxTokens, flags);
  }

  private lookup(req: Pick<SimulatedRequest, 'question' | 'imageSha256' | 'caption'>): Indexed | undefined {
    // The image (or, failing that, the caption) pins the scene; the question
    // must then contain the sample's question (prompts may wrap it or append choices).
    const candidates = req.imageSha256
      ? this.bySha.get(req.imageSha256.toLowerCase())
      : req.caption
        ? this.byCaption.get(normalise(req.caption))
        : undefined;
    if (!candidates) return undefined;
    const asked = normalise(req.question);
    return candidates.find((e) => asked.includes(e.question));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function noErrors(): SimulatedResponse['simulated'] {
  return { perceptionError: false, reasoningError: false, formatViolation: false, truncated: false };
}

/** Apply the token budget: anything longer than maxTokens is cut, with finish_reason 'length'. */
function finish(text: string, promptTokens: number, maxTokens: number, flags: SimulatedResponse['simulated']): SimulatedResponse {
  if (estimateTokens(text) > maxTokens) {
    return {
      text: text.slice(0, maxTokens * 4),
      finishReason: 'length',
      promptTokens,
      completionTokens: maxTokens,
      simulated: { ...flags, formatViolation: false, truncated: true },
    };
  }
  return { text, finishReason: 'stop', promptTokens, completionTokens: estimateTokens(text), simulated: flags };
}
