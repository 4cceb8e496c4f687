import { createHash } from 'node:crypto';
import { SimulatedVlm } from '../demo';
import type { GenerationRequest, GenerationResult, ModelBackend } from './backend';

/**
 * Serves the demo's SIMULATED model through the normal backend interface, reading the request
 * exactly as a real server would: the image arrives as a data URL, the question as text.
 */
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
    const user = request.messages.findLast((message) => message.role === 'user');
    const parts = typeof user?.content === 'string' ? [{ type: 'text' as const, text: user.content }] : (user?.content ?? []);
    const question = parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
    const image = parts.find((part) => part.type === 'image_url');
    const imageSha256 = image ? sha256OfDataUrl(image.image_url.url) : null;
    const response = this.model.respond({
      question,
      imageSha256,
      checkpoint: this.checkpoint,
      sampleIndex: request.sampleIndex,
      maxTokens: request.maxTokens,
    });
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
