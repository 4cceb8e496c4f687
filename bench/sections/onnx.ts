/**
 * In-process ONNX inference on the tiny Qwen2-VL fixture architecture (random weights, built fresh
 * by scripts/make-tiny-vlm-models.ts with `ends: false` so every answer runs to its budget):
 * first-token latency with an image, decode speed at 128 and 2,048 generated tokens (with a KV
 * cache the per-token time stays flat), and the process's peak memory.
 * `--device` follows VLM_WORKBENCH_BENCH_ONNX_DEVICE (default auto: CUDA when installed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { GenerationRequest } from '../../main/core/eval/backend';
import { OnnxBackend, type OnnxDevice } from '../../main/core/eval/onnx/onnx-backend';
import { buildMessages, DEFAULT_PROMPT } from '../../main/core/eval/prompt';
import { writeTinyQwen2Vl } from '../../scripts/make-tiny-vlm-models';
import type { BenchSection, Figure } from '../harness';

function image(): Buffer {
  const png = new PNG({ width: 64, height: 48 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([(i * 7) % 256, (i * 13) % 256, (i * 3) % 256, 255], i);
  return PNG.sync.write(png);
}

export const onnxSection: BenchSection = {
  name: 'onnx in-process inference (tiny Qwen2-VL, random weights)',
  async run() {
    const dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-bench-onnx-'));
    const device = (process.env.VLM_WORKBENCH_BENCH_ONNX_DEVICE ?? 'auto') as OnnxDevice;
    try {
      writeTinyQwen2Vl(dir, { ends: false });
      const backend = new OnnxBackend({ modelDir: dir, device });
      await backend.start();
      const messages = buildMessages({ question: 'How many objects are left of the red cube?', choices: null }, [{ mime: 'image/png', bytes: image() }], DEFAULT_PROMPT);
      const signal = new AbortController().signal;
      const generate = async (maxTokens: number): Promise<{ ms: number; tokens: number }> => {
        const request: GenerationRequest = { messages, maxTokens, temperature: 0, topP: 1, sampleIndex: 0 };
        const result = await backend.generate(request, signal);
        return { ms: result.latencyMs, tokens: result.completionTokens ?? 0 };
      };
      await generate(8); // warm-up: graph optimisation and first allocations
      const firstTokens: number[] = [];
      for (let i = 0; i < 5; i++) firstTokens.push((await generate(1)).ms);
      firstTokens.sort((a, b) => a - b);
      const firstToken = firstTokens[2]!;
      const short = await generate(128);
      const long = await generate(2048);
      const perToken = (run: { ms: number; tokens: number }): number => (run.ms - firstToken) / (run.tokens - 1);
      const provider = backend.provenance?.provider ?? 'cpu';
      await backend.close();
      const figures: Figure[] = [
        { name: `first-token latency, image + system prompt (${provider})`, value: firstToken, unit: 'ms', note: 'prefill: vision encoder, embeddings, decoder' },
        { name: `decode speed at 128 generated tokens (${provider})`, value: short.tokens / (short.ms / 1000), unit: 'tokens/s' },
        { name: `decode speed at 2,048 generated tokens (${provider})`, value: long.tokens / (long.ms / 1000), unit: 'tokens/s' },
        { name: 'per-token time at 128 tokens', value: perToken(short), unit: 'ms/token' },
        { name: 'per-token time at 2,048 tokens', value: perToken(long), unit: 'ms/token' },
        {
          name: 'per-token time, 2,048 vs 128 tokens (KV cache: flat)',
          value: perToken(long) / perToken(short),
          unit: '×',
          target: { op: '<=', value: 1.5 },
          note: 'without a cache every token recomputes the whole sequence and this grows with length',
        },
        { name: 'peak resident memory of the bench process', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB', note: 'includes Node and onnxruntime' },
      ];
      if (long.tokens !== 2048) figures.push({ name: 'tokens generated in the 2,048 run (should be 2,048)', value: long.tokens, unit: 'tokens' });
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
