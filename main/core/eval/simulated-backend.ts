import { createHash } from 'node:crypto';
import { SimulatedVlm, type SimulatedResponse } from '../demo';
import type { ChatMessage, GenerationRequest, GenerationResult, ModelBackend } from './backend';
import { IMAGE_DESCRIPTION_MARKER } from './prompt';

/**
 * Answers a chat request with the demo's SIMULATED model, reading it exactly as a real server
 * would: the image arrives as a data URL, the question as text. Shared by the in-process
 * backend below and the simulated OpenAI-compatible server (standin-server.ts).
 */
export function answerSimulatedChat(
  model: SimulatedVlm,
  checkpoint: string,
  request: { messages: ChatMessage[]; maxTokens: number; sampleIndex: number },
): SimulatedResponse {
  const user = request.messages.findLast((message) => message.role === 'user');
  const parts = typeof user?.content === 'string' ? [{ type: 'text' as const, text: user.content }] : (user?.content ?? []);
  const texts = parts.flatMap((part) => (part.type === 'text' ? [part.text] : []));
  // Caption mode (eval/prompt.ts): the marked text part is the description given instead of the image.
  const described = texts.find((text) => text.startsWith(IMAGE_DESCRIPTION_MARKER));
  const caption = described !== undefined ? described.slice(IMAGE_DESCRIPTION_MARKER.length).trim() : null;
  const question = texts.filter((text) => text !== described).join('\n');
  const image = parts.find((part) => part.type === 'image_url');
  const imageSha256 = image ? sha256OfDataUrl(image.image_url.url) : null;
  return model.respond({ question, imageSha256, caption, checkpoint, sampleIndex: request.sampleIndex, maxTokens: request.maxTokens });
}

/** Serves the demo's SIMULATED model in-process through the normal backend interface. */
export class SimulatedBackend implements ModelBackend {
  readonly kind = 'simulated';
  readonly source: string;

  constructor(
    private readonly model: SimulatedVlm,
    private readonly checkpoint: string,
  ) {
    this.source = `simulated:${checkpoint}`;
  }

  async generate(request: GenerationRequest): Promise<GenerationResult> {
    const started = performance.now();
    const response = answerSimulatedChat(this.model, this.checkpoint, request);
    return {
      text: response.text,
      finishReason: response.finishReason,
      promptTokens: response.promptTokens,
      completionTokens: response.completionTokens,
      latencyMs: performance.now() - started,
    };
  }
}

function sha256OfDataUrl(url: string): string | null {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) return null;
  return createHash('sha256').update(Buffer.from(url.slice(comma + 1), 'base64')).digest('hex');
}
