/**
 * Runs a vision-language model exported to ONNX (Hugging Face layout, see model-folder.ts) in this
 * process. transformers.js does the model's own work: tokenizer, chat template, image processor,
 * vision encoder → embeddings merge → KV-cached decoder, greedy or sampled decoding, EOS.
 *
 * Written here because transformers.js lacks it:
 *  - the folder check and the input/output-name check that name the file at fault;
 *  - chat_template.json / chat_template.jinja (it reads the template from tokenizer_config.json only);
 *  - stop strings (it stops on token ids only) and cancellation by AbortSignal;
 *  - top-p (it declares TopPLogitsWarper but never applies it; see nucleus.ts) and top_k 0 unless
 *    the folder's generation_config.json sets one (its own default is 50);
 *  - a seed per answer (its sampler draws from one global Mersenne Twister, so answers are
 *    generated one at a time and the generator is reseeded from prompt + sample index before each);
 *  - the execution-provider choice with an `auto` fallback that is recorded, and the folder hash.
 */
import { FatalBackendError, type GenerationRequest, type GenerationResult, type ModelBackend } from '../backend';
import { dataUrlBytes, firstStop, seedOf, toTemplateMessages } from './chat-input';
import { DTYPE_SUFFIX, describeFolder, hashModelFolder, inspectModelFolder, ModelFolderError, type OnnxDtype, type OnnxModelFolder } from './model-folder';
import { keepNucleus } from './nucleus';
import { isOutOfMemory, loadModel, type LoadedModel, type OnnxDevice, type OnnxProvider } from './runtime';

export type { OnnxDevice, OnnxProvider } from './runtime';

export interface OnnxBackendOptions {
  modelDir: string;
  device?: OnnxDevice;
  dtype?: OnnxDtype;
  onLog?: (line: string) => void;
}

/** What the run records about how its answers were computed. */
export interface OnnxProvenance {
  provider: OnnxProvider;
  providerNote: string;
  dtype: OnnxDtype;
  folderSha256: string;
  architecture: string;
}

type BigIntRows = bigint[][];

export class OnnxBackend implements ModelBackend {
  readonly kind = 'onnx';
  /** Until start(): what was asked; after: what ran (provider, dtype, folder hash). */
  source: string;
  provenance: OnnxProvenance | null = null;
  private folder: OnnxModelFolder | undefined;
  private loaded: LoadedModel | undefined;
  /** Answers are generated one at a time (see the seed note above). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OnnxBackendOptions) {
    this.source = `onnx ${options.modelDir} dtype=${options.dtype ?? 'fp32'} device=${options.device ?? 'auto'}`;
  }

  async start(): Promise<void> {
    const dtype = this.options.dtype ?? 'fp32';
    let folder: OnnxModelFolder;
    try {
      folder = inspectModelFolder(this.options.modelDir, dtype);
    } catch (error) {
      if (error instanceof ModelFolderError) throw new FatalBackendError(error.message);
      throw error;
    }
    if (!folder.chatTemplate) {
      throw new FatalBackendError(`${folder.dir} has no chat template: expected "chat_template" in tokenizer_config.json, or chat_template.json, or chat_template.jinja`);
    }
    const log = this.options.onLog ?? (() => undefined);
    const folderSha256 = await hashModelFolder(folder);
    this.loaded = await loadModel(folder, this.options.device ?? 'auto', log);
    this.folder = folder;
    this.provenance = { provider: this.loaded.provider, providerNote: this.loaded.providerNote, dtype, folderSha256, architecture: folder.architecture };
    this.source = `onnx ${folder.dir} ${folder.architecture} dtype=${dtype} provider=${this.loaded.provider} sha256=${folderSha256}`;
    log(`onnx: ${describeFolder(folder)}`);
    log(`onnx: running on ${this.loaded.provider.toUpperCase()} (${this.loaded.providerNote}); folder sha256 ${folderSha256}; chat template from ${folder.chatTemplate.file}`);
  }

  generate(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
    const next = this.queue.then(() => this.generateNow(request, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async generateNow(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
    const folder = this.folder;
    const loaded = this.loaded;
    if (!folder || !loaded) throw new FatalBackendError('the onnx backend is not started');
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    const started = performance.now();
    const { transformers, processor, tokenizer, model } = loaded;
    const { messages, imageUrls } = toTemplateMessages(request.messages);
    if (imageUrls.length > 0 && !processor) {
      throw new FatalBackendError(
        `${folder.dir} is a text-only model (no onnx/vision_encoder${DTYPE_SUFFIX[folder.dtype]}.onnx) but the question has ${imageUrls.length} image(s): ` +
          'use a vision-language export, or a benchmark without images',
      );
    }
    const prompt = tokenizer.apply_chat_template(messages as never, {
      tokenize: false,
      add_generation_prompt: true,
      chat_template: folder.chatTemplate!.template,
    }) as string;
    const images = await Promise.all(
      imageUrls.map((url) => {
        const { mime, bytes } = dataUrlBytes(url);
        return transformers.RawImage.fromBlob(new Blob([new Uint8Array(bytes)], { type: mime }));
      }),
    );
    const inputs = (images.length > 0 ? await processor!(prompt, images) : tokenizer(prompt)) as Record<string, unknown> & { input_ids: { dims: number[] } };
    const promptTokens = inputs.input_ids.dims[1]!;

    const stops = request.stop?.filter((stop) => stop.length > 0) ?? [];
    // A stop string of n characters lies within its last n + 2 tokens: decode only that tail.
    const tail = Math.max(0, ...stops.map((stop) => stop.length)) + 2;
    let stoppedByString = false;
    class StopAndCancel extends transformers.StoppingCriteria {
      // transformers.js types the rows as number[][]; at run time they hold bigints, which decode takes too.
      override _call(ids: number[][]): boolean[] {
        if (signal.aborted) return ids.map(() => true);
        if (stops.length === 0) return ids.map(() => false);
        return ids.map((row) => {
          const generated = row.slice(Math.max(promptTokens, row.length - tail));
          const hit = firstStop(tokenizer.decode(generated, { skip_special_tokens: true }), stops) >= 0;
          if (hit) stoppedByString = true;
          return hit;
        });
      }
    }
    const streamer = request.onPartialText
      ? new transformers.TextStreamer(tokenizer, {
          skip_prompt: true,
          skip_special_tokens: true,
          callback_function: (() => {
            let sofar = '';
            return (chunk: string) => {
              sofar += chunk;
              request.onPartialText!(sofar);
            };
          })(),
        })
      : undefined;

    class NucleusFilter extends transformers.LogitsProcessor {
      override _call(_ids: unknown, logits: { data: Float32Array; dims: number[] }) {
        keepNucleus(logits.data, logits.dims.at(-1)!, request.topP);
        return logits;
      }
    }

    transformers.random.seed(seedOf(prompt, request.sampleIndex));
    const sampled = request.temperature > 0;
    let output: { dims: number[]; tolist(): unknown };
    try {
      output = (await model.generate({
        ...inputs,
        max_new_tokens: request.maxTokens,
        do_sample: sampled,
        // top_k: the folder's generation_config.json value, else none (as vLLM); transformers.js would default to 50.
        ...(sampled ? { temperature: request.temperature, top_p: request.topP, top_k: folder.topK ?? 0, logits_processor: [new NucleusFilter()] } : {}),
        stopping_criteria: [new StopAndCancel()],
        ...(streamer ? { streamer } : {}),
      } as never)) as unknown as typeof output;
    } catch (error) {
      if (isOutOfMemory(error)) {
        const parts = folder.files.filter((file) => file.endsWith('.onnx')).join(', ');
        throw new FatalBackendError(
          `out of memory generating with ${parts} in ${folder.dir} on ${loaded.provider.toUpperCase()}, prompt ${promptTokens} tokens: ` +
            `${error instanceof Error ? error.message : String(error)}. Lower --max-tokens or pick a smaller --dtype; the run resumes where it stopped.`,
        );
      }
      throw error;
    }
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
    const row = (output.tolist() as BigIntRows)[0]!;
    const generated = row.slice(promptTokens);
    const eos = eosIds(model.generation_config as { eos_token_id?: number | number[] | null } | null | undefined);
    let text = tokenizer.decode(generated, { skip_special_tokens: true });
    const cut = firstStop(text, stops);
    if (cut >= 0) text = text.slice(0, cut);
    const last = generated.at(-1);
    const endedOnEos = last !== undefined && eos.has(Number(last));
    return {
      text,
      finishReason: stoppedByString || cut >= 0 || endedOnEos ? 'stop' : 'length',
      promptTokens,
      completionTokens: generated.length,
      latencyMs: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    await this.queue;
    await this.loaded?.model.dispose();
    this.loaded = undefined;
  }
}

function eosIds(config: { eos_token_id?: number | number[] | null } | null | undefined): Set<number> {
  const eos = config?.eos_token_id;
  return new Set(eos === undefined || eos === null ? [] : Array.isArray(eos) ? eos : [eos]);
}
