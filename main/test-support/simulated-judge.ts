/**
 * TEST STAND-INS for the attribution passes on the demo workspace. Neither is a model:
 *
 * - GroundTruthJudge answers a judge request by asking the demo's simulated model what it
 *   injected for that sample (SimulatedResponse.simulated) and replies in the judge's JSON format,
 *   so a judge pass can be checked against the known truth.
 * - DemoCaptioner describes a demo image with the dataset's exact caption (the perfect captioner),
 *   so the "captions written by a checkpoint" path can be run without a real model.
 */
import { createHash } from 'node:crypto';
import type { ChatMessage, GenerationRequest, GenerationResult, ModelBackend } from '../core/eval/backend';
import type { DemoSample, SimulatedResponse, SimulatedVlm } from '../core/demo';

function userParts(messages: ChatMessage[]): { text: string; imageSha256: string | null } {
  const user = messages.findLast((message) => message.role === 'user');
  const parts = typeof user?.content === 'string' ? [{ type: 'text' as const, text: user.content }] : (user?.content ?? []);
  const text = parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
  const image = parts.find((part) => part.type === 'image_url');
  const url = image?.type === 'image_url' ? image.image_url.url : '';
  const comma = url.indexOf(',');
  const imageSha256 = comma > 0 ? createHash('sha256').update(Buffer.from(url.slice(comma + 1), 'base64')).digest('hex') : null;
  return { text, imageSha256 };
}

/** What a faithful judge would say about a failure whose injected errors are known. */
export function truthLabel(flags: SimulatedResponse['simulated']): string {
  // Perception comes first in the reasoning: when both went wrong, the first wrong step is a misreading.
  if (flags.perceptionError) return 'perception';
  if (flags.reasoningError) return 'reasoning';
  if (flags.formatViolation || flags.truncated) return 'format';
  return 'other';
}

export interface GroundTruthJudgeOptions {
  /** Every n-th request is answered with text that is not JSON (to exercise error handling). */
  garbageEvery?: number;
  /** Every n-th request flips perception <-> reasoning (an imperfect judge). */
  flipEvery?: number;
}

export class GroundTruthJudge implements ModelBackend {
  readonly kind = 'test-standin';
  readonly source: string;
  requests = 0;

  constructor(
    private readonly model: SimulatedVlm,
    private readonly checkpoint: string,
    private readonly options: GroundTruthJudgeOptions = {},
  ) {
    this.source = `ground-truth-judge(${checkpoint})`;
  }

  async generate(request: GenerationRequest): Promise<GenerationResult> {
    const n = ++this.requests;
    if (this.options.garbageEvery && n % this.options.garbageEvery === 0) {
      return { text: 'I think this is probably a perception problem.', finishReason: 'stop', promptTokens: null, completionTokens: null, latencyMs: 0 };
    }
    const { text, imageSha256 } = userParts(request.messages);
    // The judge prompt contains the question; the simulated model finds the sample by image and question.
    const truth = this.model.respond({ question: text, imageSha256, checkpoint: this.checkpoint, sampleIndex: 0 }).simulated;
    let label = truthLabel(truth);
    if (this.options.flipEvery && n % this.options.flipEvery === 0 && (label === 'perception' || label === 'reasoning')) {
      label = label === 'perception' ? 'reasoning' : 'perception';
    }
    const answer = JSON.stringify({ label, first_wrong_step: label === 'perception' ? 1 : 2, rationale: `stand-in: injected ${label}` });
    // Wrapped the way real judges wrap JSON, to exercise the forgiving reader.
    return { text: `<think>checking the steps</think>Here is my verdict:\n\`\`\`json\n${answer}\n\`\`\``, finishReason: 'stop', promptTokens: null, completionTokens: null, latencyMs: 0 };
  }
}

export class DemoCaptioner implements ModelBackend {
  readonly kind = 'test-standin';
  readonly source = 'demo-captioner (dataset captions)';
  private readonly bySha: Map<string, string>;

  constructor(samples: readonly DemoSample[]) {
    this.bySha = new Map(samples.map((sample) => [createHash('sha256').update(sample.image).digest('hex'), sample.caption]));
  }

  async generate(request: GenerationRequest): Promise<GenerationResult> {
    const { imageSha256 } = userParts(request.messages);
    const caption = imageSha256 ? this.bySha.get(imageSha256) : undefined;
    if (!caption) throw new Error('DemoCaptioner: not a demo image');
    return { text: `<think>Looking at the scene.</think>${caption}`, finishReason: 'stop', promptTokens: null, completionTokens: null, latencyMs: 0 };
  }
}
