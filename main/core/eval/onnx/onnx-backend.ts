import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { FatalBackendError, type ChatMessage, type GenerationRequest, type GenerationResult, type ModelBackend } from '../backend';
import { decodeDataUrl, pixelValues } from './image-input';
import { loadModelFolder, type OnnxModelFolder } from './model-folder';
import { pickToken, seededRandom } from './sampling';

export type OnnxDevice = 'auto' | 'cuda' | 'cpu';
export type OnnxProvider = 'cuda' | 'cpu';

/**
 * onnxruntime-node bundles the CPU provider; the CUDA provider's libraries are fetched by its
 * install script on request (see README, "CUDA for the ONNX backend") into the package's bin folder.
 */
export function cudaProviderInstalled(): boolean {
  if (process.platform !== 'linux' || process.arch !== 'x64') return false;
  try {
    const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
    const packageRoot = resolve(dirname(entry), '..');
    return existsSync(join(packageRoot, 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/** `auto` means CUDA when its provider is installed, else CPU; decided up front so the run records it. */
export function chooseProvider(device: OnnxDevice, cudaInstalled = cudaProviderInstalled()): OnnxProvider {
  if (device === 'auto') return cudaInstalled ? 'cuda' : 'cpu';
  return device;
}

export interface OnnxBackendOptions {
  modelDir: string;
  device?: OnnxDevice;
  onLog?: (line: string) => void;
}

/** The text and first image of a chat, laid into the folder's chat template. */
export function renderPrompt(messages: ChatMessage[], template: string): { prompt: string; imageUrl: string | null } {
  const textOf = (message: ChatMessage): string =>
    typeof message.content === 'string' ? message.content : message.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
  const system = messages.filter((message) => message.role === 'system').map(textOf).join('\n');
  const user = messages.filter((message) => message.role === 'user').map(textOf).join('\n');
  let imageUrl: string | null = null;
  for (const message of messages) {
    if (typeof message.content === 'string' || imageUrl) continue;
    const part = message.content.find((candidate) => candidate.type === 'image_url');
    if (part?.type === 'image_url') imageUrl = part.image_url.url;
  }
  const prompt = template.replaceAll('{system}', system).replaceAll('{user}', user).replaceAll('{image}', '');
  return { prompt: system ? prompt : prompt.trimStart(), imageUrl };
}

/**
 * Runs an exported model in this process with onnxruntime-node (see model-folder.ts for the
 * folder it reads): prompt → tokens → one graph run per new token, greedy or sampled, until an
 * end-of-sequence token, a stop sequence, the token budget or the context limit.
 */
export class OnnxBackend implements ModelBackend {
  readonly kind = 'onnx';
  readonly source: string;
  readonly provider: OnnxProvider;
  private folder: OnnxModelFolder | undefined;
  private session: InferenceSession | undefined;
  private ort: typeof import('onnxruntime-node') | undefined;
  private takesPixels = false;
  private outputName = 'logits';

  constructor(private readonly options: OnnxBackendOptions) {
    this.provider = chooseProvider(options.device ?? 'auto');
    this.source = `onnx ${options.modelDir} provider=${this.provider}`;
  }

  async start(): Promise<void> {
    this.folder = loadModelFolder(this.options.modelDir);
    // Loaded on first use: the native binding costs time nobody else should pay.
    const ort = await import('onnxruntime-node');
    this.ort = ort;
    try {
      this.session = await ort.InferenceSession.create(this.folder.modelPath, { executionProviders: [this.provider] });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new FatalBackendError(
        this.provider === 'cuda'
          ? `cannot start onnxruntime with the CUDA provider: ${why}. Pass --device cpu, or install the CUDA provider (README: "CUDA for the ONNX backend").`
          : `cannot load ${this.folder.modelPath}: ${why}`,
      );
    }
    const inputs = this.session.inputNames;
    if (!inputs.includes('input_ids')) throw new FatalBackendError(`${this.folder.modelPath} has no input named input_ids (inputs: ${inputs.join(', ')})`);
    this.takesPixels = inputs.includes('pixel_values');
    if (this.takesPixels && !this.folder.image) throw new FatalBackendError('the model takes pixel_values but config.json gives no image_size');
    this.outputName = this.session.outputNames.includes('logits') ? 'logits' : this.session.outputNames[0]!;
    this.options.onLog?.(
      `onnxruntime ${ort.env.versions.common} on ${this.provider.toUpperCase()}: ${this.folder.modelPath} ` +
        `(inputs ${inputs.join(', ')}; ${this.takesPixels ? 'vision' : 'text only: images are not passed'})`,
    );
  }

  async generate(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
    const folder = this.folder;
    const session = this.session;
    const ort = this.ort;
    if (!folder || !session || !ort) throw new FatalBackendError('the onnx backend is not started');
    const started = performance.now();
    const { prompt, imageUrl } = renderPrompt(request.messages, folder.chatTemplate);
    const ids = [...(folder.bosId !== null ? [folder.bosId] : []), ...folder.tokenizer.encode(prompt)];
    const promptTokens = ids.length;
    const feeds: Record<string, Tensor> = {};
    if (this.takesPixels) {
      const image = folder.image!;
      const pixels = imageUrl ? pixelValues(decodeDataUrl(imageUrl), image) : new Float32Array(3 * image.height * image.width);
      feeds.pixel_values = new ort.Tensor('float32', pixels, [1, 3, image.height, image.width]);
    }
    // Seeded by prompt and sample index: a resumed run samples exactly what it would have.
    const random = seededRandom(`${prompt}\u0000${request.sampleIndex}`);
    const generated: number[] = [];
    let finishReason = 'length';
    // Set when a stop sequence ends the answer: the text before it.
    let text: string | null = null;
    for (let step = 0; step < request.maxTokens; step++) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      if (folder.maxLength !== null && ids.length >= folder.maxLength) break;
      feeds.input_ids = new ort.Tensor('int64', BigInt64Array.from(ids, (id) => BigInt(id)), [1, ids.length]);
      const output = (await session.run(feeds))[this.outputName]!;
      const logits = output.data as Float32Array;
      const vocab = output.dims[output.dims.length - 1]!;
      const next = pickToken(logits.subarray(logits.length - vocab), request, random);
      if (folder.eosIds.has(next)) {
        finishReason = 'stop';
        break;
      }
      generated.push(next);
      ids.push(next);
      if (request.stop && request.stop.length > 0) {
        const sofar = folder.tokenizer.decode(generated);
        const cut = firstStop(sofar, request.stop);
        if (cut >= 0) {
          text = sofar.slice(0, cut);
          finishReason = 'stop';
          break;
        }
      }
    }
    return { text: text ?? folder.tokenizer.decode(generated), finishReason, promptTokens, completionTokens: generated.length, latencyMs: performance.now() - started };
  }

  async close(): Promise<void> {
    await this.session?.release();
    this.session = undefined;
  }
}

function firstStop(text: string, stops: string[]): number {
  let cut = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut;
}
