/**
 * The model folder `eval --onnx DIR` reads: the Hugging Face ONNX layout that onnx-community
 * and Optimum exports use for image-text-to-text models (see README, "Run a model in-process").
 *
 *   DIR/config.json                  architectures[0] + model_type pick the model class
 *   DIR/generation_config.json       eos_token_id, pad_token_id (optional but usual)
 *   DIR/preprocessor_config.json     image_processor_type / processor_class and their settings
 *   DIR/tokenizer.json               the tokenizer (BPE merges, added and special tokens)
 *   DIR/tokenizer_config.json        chat_template here, or in chat_template.json / chat_template.jinja
 *   DIR/onnx/vision_encoder{_dtype}.onnx
 *   DIR/onnx/embed_tokens{_dtype}.onnx
 *   DIR/onnx/decoder_model_merged{_dtype}.onnx   past_key_values.N.key/value in, present.N.* out
 *
 * Everything is checked here, before onnxruntime sees a byte, so a bad folder is named file by file.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** transformers.js's file suffix per dtype (its DEFAULT_DTYPE_SUFFIX_MAPPING). */
export const DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const;
export type OnnxDtype = keyof typeof DTYPE_SUFFIX;
export const ONNX_DTYPES = Object.keys(DTYPE_SUFFIX) as OnnxDtype[];

export const TEXT_PARTS = ['embed_tokens', 'decoder_model_merged'] as const;
export const VISION_PART = 'vision_encoder';

export interface OnnxModelFolder {
  dir: string;
  architecture: string;
  modelType: string;
  dtype: OnnxDtype;
  /** False when onnx/ has no vision encoder: a text-only export, which refuses images. */
  vision: boolean;
  /** The template to render prompts with, and the file it came from. */
  chatTemplate: { template: string; file: string } | null;
  /** generation_config.json's top_k, applied when sampling (as vLLM applies it); null: none. */
  topK: number | null;
  /** Every file the run reads (relative paths), for the folder hash. */
  files: string[];
}

export class ModelFolderError extends Error {
  override readonly name = 'ModelFolderError';
}

const README_HINT = 'see README, "Run a model in-process"';

function readJson(dir: string, name: string, required: boolean): Record<string, unknown> | null {
  const path = join(dir, name);
  if (!existsSync(path)) {
    if (!required) return null;
    throw new ModelFolderError(`${path} is missing: an ONNX model folder needs ${name} (${README_HINT})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ModelFolderError(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ModelFolderError(`${path} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/** The chat template, where Hugging Face keeps it: tokenizer_config.json, chat_template.json or chat_template.jinja. */
function findChatTemplate(dir: string, tokenizerConfig: Record<string, unknown>): OnnxModelFolder['chatTemplate'] {
  const inline = tokenizerConfig.chat_template;
  if (typeof inline === 'string') return { template: inline, file: 'tokenizer_config.json' };
  if (Array.isArray(inline)) {
    const named = inline.find((entry: { name?: string }) => entry?.name === 'default') as { template?: unknown } | undefined;
    if (typeof named?.template === 'string') return { template: named.template, file: 'tokenizer_config.json' };
  }
  const json = readJson(dir, 'chat_template.json', false);
  if (json) {
    if (typeof json.chat_template !== 'string') throw new ModelFolderError(`${join(dir, 'chat_template.json')} must have a string "chat_template"`);
    return { template: json.chat_template, file: 'chat_template.json' };
  }
  const jinja = join(dir, 'chat_template.jinja');
  if (existsSync(jinja)) return { template: readFileSync(jinja, 'utf8'), file: 'chat_template.jinja' };
  return null;
}

/** Reads and checks a model folder for `dtype`; every missing or malformed part is named. */
export function inspectModelFolder(dir: string, dtype: OnnxDtype = 'fp32'): OnnxModelFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ModelFolderError(`${dir} is not a folder (${README_HINT})`);
  if (!(dtype in DTYPE_SUFFIX)) throw new ModelFolderError(`unknown dtype "${dtype}": use one of ${ONNX_DTYPES.join(', ')}`);
  const config = readJson(dir, 'config.json', true)!;
  const architecture = Array.isArray(config.architectures) && typeof config.architectures[0] === 'string' ? config.architectures[0] : null;
  if (!architecture) throw new ModelFolderError(`${join(dir, 'config.json')} must name the model class in "architectures" (e.g. ["Qwen2VLForConditionalGeneration"])`);
  if (typeof config.model_type !== 'string') throw new ModelFolderError(`${join(dir, 'config.json')} must give "model_type" (e.g. "qwen2_vl")`);
  readJson(dir, 'tokenizer.json', true);
  const tokenizerConfig = readJson(dir, 'tokenizer_config.json', true)!;
  const generationConfig = readJson(dir, 'generation_config.json', false);
  const optional = ['generation_config.json', 'preprocessor_config.json', 'processor_config.json', 'chat_template.json', 'chat_template.jinja'].filter((name) => existsSync(join(dir, name)));
  const onnxDir = join(dir, 'onnx');
  const available = existsSync(onnxDir) ? readdirSync(onnxDir).filter((name) => name.endsWith('.onnx')) : [];
  const suffix = DTYPE_SUFFIX[dtype];
  const fileOf = (part: string): string => `${part}${suffix}.onnx`;
  for (const part of TEXT_PARTS) {
    if (!available.includes(fileOf(part))) {
      const variants = available.filter((name) => name.startsWith(`${part}`)).join(', ');
      throw new ModelFolderError(
        `${join(onnxDir, fileOf(part))} is missing: the ${dtype} model needs onnx/${fileOf(part)}` +
          (variants ? ` (this folder has ${variants}: pick its dtype with --dtype)` : ` (${README_HINT})`),
      );
    }
  }
  const vision = available.includes(fileOf(VISION_PART));
  if (!vision && available.some((name) => name.startsWith(VISION_PART))) {
    throw new ModelFolderError(`${join(onnxDir, fileOf(VISION_PART))} is missing for dtype ${dtype} (the folder has other vision_encoder variants)`);
  }
  // The image processor is part of a vision model; a text-only export need not have one.
  if (vision) readJson(dir, 'preprocessor_config.json', true);
  const parts = [...(vision ? [VISION_PART] : []), ...TEXT_PARTS].map((part) => `onnx/${fileOf(part)}`);
  // External weights (model.onnx_data) travel with their graph.
  const external = available.length ? readdirSync(onnxDir).filter((name) => parts.some((part) => name.startsWith(`${part.slice(5)}_data`))) : [];
  return {
    dir,
    architecture,
    modelType: config.model_type,
    dtype,
    vision,
    chatTemplate: findChatTemplate(dir, tokenizerConfig),
    topK: typeof generationConfig?.top_k === 'number' && generationConfig.top_k > 0 ? generationConfig.top_k : null,
    files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', ...optional, ...parts, ...external.map((name) => `onnx/${name}`)].sort(),
  };
}

/** sha256 over every file the run reads (name and bytes), streamed: a model of gigabytes hashes in seconds. */
export async function hashModelFolder(folder: OnnxModelFolder): Promise<string> {
  const hash = createHash('sha256');
  for (const file of folder.files) {
    hash.update(`${file}\u0000`);
    for await (const chunk of createReadStream(join(folder.dir, file))) hash.update(chunk as Buffer);
    hash.update('\u0000');
  }
  return hash.digest('hex');
}

export function describeFolder(folder: OnnxModelFolder): string {
  return `${folder.architecture} (${folder.modelType}), dtype ${folder.dtype}, ${folder.vision ? 'vision' : 'text only'}: ${folder.files.join(', ')}`;
}
