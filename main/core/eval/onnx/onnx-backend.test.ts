import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test-support/temp';
import { FatalBackendError, type GenerationRequest } from '../backend';
import { buildMessages, DEFAULT_PROMPT } from '../prompt';
import { OnnxBackend } from './onnx-backend';
import { cudaProviderInstalled } from './runtime';

const FIXTURES = join('e2e', 'fixtures', 'models');

function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      image.data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return PNG.sync.write(image);
}

const STRIPES = png(48, 40, (x, y) => [(x * 5) % 256, (y * 7) % 256, ((x + y) * 3) % 256]);
const DARK = png(48, 40, () => [10, 20, 30]);

/** The request the runner sends: the seed's unified system prompt, the image, the question. */
function request(image: Buffer, overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    messages: buildMessages({ question: 'How many red cubes are there?', choices: null }, [{ mime: 'image/png', bytes: image }], DEFAULT_PROMPT),
    maxTokens: 40,
    temperature: 0,
    topP: 1,
    sampleIndex: 0,
    ...overrides,
  };
}

const never = new AbortController().signal;

describe.each(['tiny-qwen2-vl', 'tiny-smolvlm'])('OnnxBackend on %s', (name) => {
  const modelDir = join(FIXTURES, name);
  const backend = new OnnxBackend({ modelDir, device: 'cpu' });
  beforeAll(() => backend.start());
  afterAll(() => backend.close());

  it('answers exactly as transformers.js itself does with the folder loaded through its auto classes', async () => {
    const ours = await backend.generate(request(STRIPES), never);
    const { AutoModelForImageTextToText, AutoProcessor, RawImage } = await import('@huggingface/transformers');
    const processor = await AutoProcessor.from_pretrained(modelDir, { local_files_only: true });
    const model = await AutoModelForImageTextToText.from_pretrained(modelDir, { device: 'cpu', dtype: 'fp32', local_files_only: true });
    try {
      const messages = [
        { role: 'system', content: [{ type: 'text', text: DEFAULT_PROMPT.systemPrompt }] },
        { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'How many red cubes are there?' }] },
      ];
      // transformers.js reads chat templates from tokenizer_config.json only; Qwen2-VL keeps its own in chat_template.json.
      const template = name === 'tiny-qwen2-vl' ? (JSON.parse(readFileSync(join(modelDir, 'chat_template.json'), 'utf8')) as { chat_template: string }).chat_template : undefined;
      const prompt = processor.apply_chat_template(messages as never, { add_generation_prompt: true, ...(template ? { chat_template: template } : {}) }) as string;
      const image = await RawImage.fromBlob(new Blob([new Uint8Array(STRIPES)], { type: 'image/png' }));
      const inputs = await processor(prompt, [image]);
      const output = (await model.generate({ ...inputs, max_new_tokens: 40, do_sample: false } as never)) as unknown as { slice(...args: unknown[]): unknown };
      const theirs = processor.batch_decode(output.slice(null, [inputs.input_ids.dims[1], null]) as never, { skip_special_tokens: true })[0];
      expect(ours.text).toBe(theirs);
      expect(ours.promptTokens).toBe(inputs.input_ids.dims[1]);
      expect(ours.completionTokens).toBeGreaterThan(0);
    } finally {
      await model.dispose();
    }
  });

  it('records what ran: CPU, the dtype and the folder hash', () => {
    expect(backend.provenance).toMatchObject({ provider: 'cpu', dtype: 'fp32' });
    expect(backend.source).toMatch(new RegExp(`provider=cpu sha256=${backend.provenance!.folderSha256}$`));
  });

  it('sees the image: another picture, another answer', async () => {
    const [striped, dark] = [await backend.generate(request(STRIPES), never), await backend.generate(request(DARK), never)];
    expect(striped.text).not.toBe(dark.text);
  });

  it('samples reproducibly per sample index, and greedy does not vary', async () => {
    const sampled = (sampleIndex: number) => backend.generate(request(STRIPES, { temperature: 1, sampleIndex }), never).then((result) => result.text);
    const [first, again, other] = [await sampled(0), await sampled(0), await sampled(1)];
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    const greedy = (await backend.generate(request(STRIPES), never)).text;
    expect((await backend.generate(request(STRIPES), never)).text).toBe(greedy);
    // top_p is applied: a nucleus this small holds the most probable token only, so sampling is greedy.
    expect(first).not.toBe(greedy);
    expect((await backend.generate(request(STRIPES, { temperature: 1, topP: 1e-6, sampleIndex: 1 }), never)).text).toBe(greedy);
  });

  it('stops before a stop string and at the token budget', async () => {
    const full = await backend.generate(request(STRIPES), never);
    const stop = full.text.slice(8, 11);
    const cut = await backend.generate(request(STRIPES, { stop: [stop] }), never);
    expect(cut.finishReason).toBe('stop');
    expect(cut.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
    const short = await backend.generate(request(STRIPES, { maxTokens: 3 }), never);
    expect(short).toMatchObject({ completionTokens: 3, finishReason: 'length' });
  });

  it('streams the answer while it is written, and a cancelled answer stops without harming the next', async () => {
    const partials: string[] = [];
    const streamed = await backend.generate(request(STRIPES, { onPartialText: (text) => partials.push(text) }), never);
    expect(partials.length).toBeGreaterThan(1);
    expect(streamed.text.startsWith(partials[0]!)).toBe(true);
    const controller = new AbortController();
    const cancelled = backend.generate(request(STRIPES, { maxTokens: 2000, onPartialText: () => controller.abort(new Error('cancelled by the user')) }), controller.signal);
    await expect(cancelled).rejects.toThrow('cancelled by the user');
    expect((await backend.generate(request(STRIPES), never)).text).toBe(streamed.text);
  });
});

describe('OnnxBackend: dtype variants and bad folders', () => {
  const tempDir = useTempDir();
  const copyOf = (name: string): string => {
    const dir = join(tempDir(), name);
    cpSync(join(FIXTURES, name), dir, { recursive: true });
    return dir;
  };
  const startError = async (backend: OnnxBackend): Promise<Error> => {
    const error = await backend.start().then(
      () => null,
      (caught: unknown) => caught as Error,
    );
    await backend.close();
    if (!error) throw new Error('start() succeeded');
    return error;
  };

  it('--dtype fp16 loads the _fp16 files', async () => {
    const backend = new OnnxBackend({ modelDir: join(FIXTURES, 'tiny-smolvlm'), device: 'cpu', dtype: 'fp16' });
    await backend.start();
    try {
      expect((await backend.generate(request(STRIPES), never)).completionTokens).toBeGreaterThan(0);
      expect(backend.source).toContain('dtype=fp16');
    } finally {
      await backend.close();
    }
  });

  it('names the missing file and the dtypes the folder has', async () => {
    const error = await startError(new OnnxBackend({ modelDir: join(FIXTURES, 'tiny-qwen2-vl'), device: 'cpu', dtype: 'q4' }));
    expect(error).toBeInstanceOf(FatalBackendError);
    expect(error.message).toMatch(/onnx\/embed_tokens_q4\.onnx is missing: the q4 model needs onnx\/embed_tokens_q4\.onnx \(this folder has embed_tokens\.onnx, embed_tokens_fp16\.onnx/);
    const dir = copyOf('tiny-smolvlm');
    rmSync(join(dir, 'tokenizer.json'));
    expect((await startError(new OnnxBackend({ modelDir: dir, device: 'cpu' }))).message).toBe(
      `${join(dir, 'tokenizer.json')} is missing: an ONNX model folder needs tokenizer.json (see README, "Run a model in-process")`,
    );
  });

  it('names the file whose input/output names are wrong and what they should be', async () => {
    const dir = copyOf('tiny-qwen2-vl');
    cpSync(join(dir, 'onnx', 'vision_encoder.onnx'), join(dir, 'onnx', 'embed_tokens.onnx'));
    const error = await startError(new OnnxBackend({ modelDir: dir, device: 'cpu' }));
    expect(error).toBeInstanceOf(FatalBackendError);
    expect(error.message).toContain(`${join(dir, 'onnx', 'embed_tokens.onnx')} has the wrong input/output names: expected inputs input_ids and outputs inputs_embeds`);
  });

  it('refuses an image for a text-only export, naming the part it lacks', async () => {
    const dir = copyOf('tiny-qwen2-vl');
    for (const variant of ['', '_fp16']) rmSync(join(dir, 'onnx', `vision_encoder${variant}.onnx`));
    const backend = new OnnxBackend({ modelDir: dir, device: 'cpu' });
    await backend.start();
    try {
      await expect(backend.generate(request(STRIPES), never)).rejects.toThrow(
        new FatalBackendError(
          `${dir} is a text-only model (no onnx/vision_encoder.onnx) but the question has 1 image(s): use a vision-language export, or a benchmark without images`,
        ),
      );
    } finally {
      await backend.close();
    }
  });

  it.skipIf(cudaProviderInstalled())('--device cuda without the CUDA provider says how to install it', async () => {
    const error = await startError(new OnnxBackend({ modelDir: join(FIXTURES, 'tiny-qwen2-vl'), device: 'cuda' }));
    expect(error.message).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules\/onnxruntime-node\/script\/install\.js/);
  });
});
