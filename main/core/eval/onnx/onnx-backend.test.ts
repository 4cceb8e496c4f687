import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoBenchmark } from '../../../test-support/demo-benchmark';
import { useTempDir } from '../../../test-support/temp';
import { TINY_ANSWER_BRIGHT, TINY_ANSWER_DARK, writeTinyModelFolder } from '../../../test-support/tiny-onnx';
import { parseQuery } from '../../query/filter';
import { explorerPage } from '../../store/explorer';
import { getRun } from '../../store/runs';
import { openWorkbench, type Workbench } from '../../workbench';
import { FatalBackendError, type ChatMessage, type GenerationRequest } from '../backend';
import { DEFAULT_PROMPT } from '../prompt';
import { startEvaluation } from '../start-evaluation';
import { decodeDataUrl, pixelValues } from './image-input';
import { loadModelFolder } from './model-folder';
import { chooseProvider, cudaProviderInstalled, OnnxBackend, renderPrompt } from './onnx-backend';
import { argmax, pickToken, seededRandom } from './sampling';
import { Tokenizer } from './tokenizer';

const solidPng = (value: number): string => {
  const png = new PNG({ width: 5, height: 3 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([value, value, value, 255], i);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
};

const ask = (imageUrl: string | null, extra: Partial<GenerationRequest> = {}): GenerationRequest => ({
  messages: [
    { role: 'system', content: 'Think first.' },
    { role: 'user', content: [...(imageUrl ? [{ type: 'image_url' as const, image_url: { url: imageUrl } }] : []), { type: 'text' as const, text: 'How many cubes?' }] },
  ],
  maxTokens: 64,
  temperature: 0,
  topP: 1,
  sampleIndex: 0,
  ...extra,
});

const never = new AbortController().signal;

describe('onnxruntime in process on a tiny generated model', () => {
  const tempDir = useTempDir();
  const toClose: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    for (const item of toClose.splice(0)) await item.close();
  });

  async function backend(options: { vision?: boolean } = {}): Promise<OnnxBackend> {
    const dir = writeTinyModelFolder(join(tempDir(), 'model'), options);
    const onnx = new OnnxBackend({ modelDir: dir, device: 'cpu' });
    toClose.push(onnx);
    await onnx.start();
    return onnx;
  }

  it('generates greedily through the real graph; the image reaches the model through preprocessing', async () => {
    const onnx = await backend();
    expect(onnx.provider).toBe('cpu');
    const bright = await onnx.generate(ask(solidPng(255)), never);
    expect(bright).toMatchObject({ text: TINY_ANSWER_BRIGHT, finishReason: 'stop', completionTokens: 8 });
    expect(bright.promptTokens).toBeGreaterThan(10);
    expect((await onnx.generate(ask(solidPng(0)), never)).text).toBe(TINY_ANSWER_DARK);
  });

  it('honours max tokens (finish reason length) and stop sequences (cut before the stop string)', async () => {
    const onnx = await backend();
    const short = await onnx.generate(ask(solidPng(255), { maxTokens: 3 }), never);
    expect(short).toMatchObject({ text: '<think> I look at the', finishReason: 'length', completionTokens: 3 });
    const stopped = await onnx.generate(ask(solidPng(255), { stop: ['</think>'] }), never);
    expect(stopped).toMatchObject({ text: '<think> I look at the picture.', finishReason: 'stop' });
  });

  it('samples with temperature and top-p, reproducibly per sample index; tiny top-p is greedy', async () => {
    const onnx = await backend({ vision: false });
    const texts = new Set<string>();
    for (let k = 0; k < 24; k++) texts.add((await onnx.generate(ask(null, { temperature: 1, topP: 1, sampleIndex: k }), never)).text);
    expect(texts.size).toBeGreaterThan(1);
    const again = await onnx.generate(ask(null, { temperature: 1, topP: 1, sampleIndex: 5 }), never);
    expect(again.text).toBe((await onnx.generate(ask(null, { temperature: 1, topP: 1, sampleIndex: 5 }), never)).text);
    for (let k = 0; k < 6; k++) expect((await onnx.generate(ask(null, { temperature: 1, topP: 0.01, sampleIndex: k }), never)).text).toBe(TINY_ANSWER_BRIGHT);
  });

  it('a text-only model (no pixel_values input) ignores images', async () => {
    const onnx = await backend({ vision: false });
    expect((await onnx.generate(ask(solidPng(0)), never)).text).toBe(TINY_ANSWER_BRIGHT);
  });

  it('evaluates a benchmark end to end: predictions graded, provider recorded in the run, visible through explore', async () => {
    const dir = tempDir();
    const modelDir = writeTinyModelFolder(join(dir, 'model'));
    const workbench: Workbench = openWorkbench(join(dir, 'w.sqlite'));
    toClose.push(workbench);
    const { benchmark } = seedDemoBenchmark(workbench.db, 12);
    const started = startEvaluation(workbench, {
      benchmark,
      checkpoint: { name: 'tiny-onnx' },
      backend: { kind: 'onnx', modelDir, device: 'cpu' },
      prompt: DEFAULT_PROMPT,
      sampling: { temperature: 0, topP: 1, maxTokens: 32 },
      samplesPerQuestion: 1,
      concurrency: 2,
    });
    const { job, outcome } = await started.done;
    expect(job.status).toBe('completed');
    expect(outcome).toMatchObject({ answered: 12, failed: 0 });
    expect(getRun(workbench.db, started.runId)).toMatchObject({ backend: 'onnx', source: `onnx ${modelDir} provider=cpu` });
    const rows = explorerPage(workbench.db, { filter: parseQuery(`run:${started.runId}`), offset: 0, limit: 50 }).rows;
    expect(rows).toHaveLength(12);
    // Graded for real: the boxed 2 or 3 is read (multiple-choice questions find no letter in it).
    expect(rows.every((row) => row.correct !== null && row.formatOk === true && [null, '2', '3'].includes(row.extracted))).toBe(true);
    expect(rows.some((row) => row.extracted === '2')).toBe(true);
  });

  it('asking for CUDA without its provider fails clearly and says what to do', async () => {
    const dir = writeTinyModelFolder(join(tempDir(), 'model'));
    if (cudaProviderInstalled()) return; // On a GPU machine with the provider installed this is not an error.
    const onnx = new OnnxBackend({ modelDir: dir, device: 'cuda' });
    expect(onnx.source).toMatch(/provider=cuda$/);
    const failure = await onnx.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FatalBackendError);
    expect(String(failure)).toMatch(/--device cpu/);
    expect(chooseProvider('auto')).toBe('cpu');
  });

  it('names what is missing from a model folder', () => {
    const dir = tempDir();
    expect(() => loadModelFolder(dir)).toThrow(/no model\.onnx/);
  });
});

describe('tokenizer, sampling, preprocessing and prompt', () => {
  it('encodes by longest match and decodes back; unknown characters become the unknown token', () => {
    const tokenizer = new Tokenizer({ vocab: { '<unk>': 0, a: 1, b: 2, ab: 3, abc: 4, ' ': 5 }, unk_token: '<unk>' });
    expect(tokenizer.encode('abcab ab?')).toEqual([4, 3, 5, 3, 0]);
    expect(tokenizer.decode([4, 5, 1])).toBe('abc a');
    expect(tokenizer.vocabSize).toBe(6);
  });

  it('reads a Hugging Face byte-level tokenizer.json with added special tokens', () => {
    const byteLevel = (text: string): string => text.replaceAll(' ', '\u0120');
    const vocab: Record<string, number> = { h: 0, i: 1, [byteLevel(' ')]: 2, [byteLevel(' hi')]: 3, 'Ã': 4, '©': 5 };
    const tokenizer = new Tokenizer({
      model: { type: 'BPE', vocab },
      added_tokens: [{ id: 10, content: '<|im_start|>' }, { id: 11, content: '<|im_end|>' }],
      pre_tokenizer: { type: 'ByteLevel' },
      decoder: { type: 'ByteLevel' },
    });
    const ids = tokenizer.encode('<|im_start|>hi hi é<|im_end|>');
    expect(ids).toEqual([10, 0, 1, 3, 2, 4, 5, 11]);
    expect(tokenizer.decode(ids.slice(1, -1))).toBe('hi hi é');
  });

  it('picks tokens greedily at temperature 0 and only within the nucleus otherwise', () => {
    const logits = [1, 5, 4.9, -3];
    expect(argmax(logits)).toBe(1);
    expect(pickToken(logits, { temperature: 0, topP: 1 }, seededRandom('x'))).toBe(1);
    const random = seededRandom('seed');
    const seen = new Set(Array.from({ length: 200 }, () => pickToken(logits, { temperature: 1, topP: 0.9 }, random)));
    expect([...seen].sort()).toEqual([1, 2]);
    const a = seededRandom('same');
    const b = seededRandom('same');
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('resizes and normalises a PNG into pixel_values', () => {
    const url = `data:image/png;base64,${PNG.sync.write(Object.assign(new PNG({ width: 2, height: 2 }), { data: Buffer.from([255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 255, 255]) })).toString('base64')}`;
    const pixels = pixelValues(decodeDataUrl(url), { height: 4, width: 4, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(pixels).toHaveLength(3 * 16);
    expect(pixels[0]).toBeCloseTo(1); // red, top-left
    expect(pixels[16]).toBeCloseTo(-1); // green channel
    expect(pixels[2 * 16 + 15]).toBeCloseTo(1); // blue, bottom-right
    expect(() => decodeDataUrl('data:image/jpeg;base64,AAAA')).toThrow(/PNG images only/);
  });

  it('lays system and user text into the chat template', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'SYS' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } }, { type: 'text', text: 'Q?' }] },
    ];
    expect(renderPrompt(messages, '{system}\n\nUser: {user}\nAssistant:')).toEqual({ prompt: 'SYS\n\nUser: Q?\nAssistant:', imageUrl: 'data:image/png;base64,AA' });
    expect(renderPrompt([{ role: 'user', content: 'Q?' }], '{system}\n\nUser: {user}\nAssistant:').prompt).toBe('User: Q?\nAssistant:');
  });
});
