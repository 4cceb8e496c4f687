/**
 * The ONNX model-folder contract (`eval --onnx DIR`), kept small on purpose:
 *
 *   DIR/model.onnx      inputs  `input_ids` int64 [1, T]
 *                               `pixel_values` float32 [1, 3, H, W]   (optional: a vision model)
 *                       output  `logits` float32 [1, T, V] (or [1, V] for the last position only)
 *   DIR/tokenizer.json  a vocabulary: `{ "vocab": { "token": id } }` or a Hugging Face tokenizer.json
 *   DIR/config.json     {
 *                         "eos_token_id": 2 | [2, 7],          required
 *                         "bos_token_id": 1,                   optional, prepended to the prompt
 *                         "chat_template": "…{system}…{user}…", optional, see DEFAULT_CHAT_TEMPLATE
 *                         "image_size": 224 | [H, W],          required when the model takes pixel_values
 *                         "image_mean": [r, g, b], "image_std": [r, g, b]   default 0.5 each
 *                         "max_length": 4096                   optional context limit (prompt + answer)
 *                       }
 *
 * The graph is run on the whole sequence at every step (no KV cache): simple and exact, meant for
 * small models and for checking an export against a server's answers, not for speed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImagePreprocessing } from './image-input';
import { Tokenizer } from './tokenizer';

export const MODEL_FILE = 'model.onnx';
export const TOKENIZER_FILE = 'tokenizer.json';
export const CONFIG_FILE = 'config.json';
/** `{system}` and `{user}` are replaced; `{image}` marks nothing but may be used by a template. */
export const DEFAULT_CHAT_TEMPLATE = '{system}\n\nUser: {user}\nAssistant:';

export interface OnnxModelFolder {
  dir: string;
  modelPath: string;
  tokenizer: Tokenizer;
  eosIds: Set<number>;
  bosId: number | null;
  chatTemplate: string;
  image: ImagePreprocessing | null;
  maxLength: number | null;
}

interface ConfigJson {
  eos_token_id?: number | number[];
  bos_token_id?: number | null;
  chat_template?: string;
  image_size?: number | [number, number];
  image_mean?: [number, number, number];
  image_std?: [number, number, number];
  max_length?: number;
}

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new Error(`${what} missing: ${path} (see "The ONNX model folder" in the README)`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${what} is not valid JSON: ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads and checks a model folder; every missing or malformed part is named. */
export function loadModelFolder(dir: string): OnnxModelFolder {
  const modelPath = join(dir, MODEL_FILE);
  if (!existsSync(modelPath)) throw new Error(`no ${MODEL_FILE} in ${dir} (see "The ONNX model folder" in the README)`);
  const config = readJson(join(dir, CONFIG_FILE), CONFIG_FILE) as ConfigJson;
  const tokenizer = new Tokenizer(readJson(join(dir, TOKENIZER_FILE), TOKENIZER_FILE));
  const eos = config.eos_token_id;
  if (eos === undefined || (Array.isArray(eos) && eos.length === 0)) throw new Error(`${CONFIG_FILE} must give eos_token_id`);
  const size = config.image_size;
  const image: ImagePreprocessing | null =
    size === undefined
      ? null
      : {
          height: Array.isArray(size) ? size[0] : size,
          width: Array.isArray(size) ? size[1] : size,
          mean: config.image_mean ?? [0.5, 0.5, 0.5],
          std: config.image_std ?? [0.5, 0.5, 0.5],
        };
  return {
    dir,
    modelPath,
    tokenizer,
    eosIds: new Set(Array.isArray(eos) ? eos : [eos]),
    bosId: config.bos_token_id ?? null,
    chatTemplate: config.chat_template ?? DEFAULT_CHAT_TEMPLATE,
    image,
    maxLength: config.max_length ?? null,
  };
}
