/**
 * Loads a checked model folder through @huggingface/transformers (transformers.js) on
 * onnxruntime-node: its processor (tokenizer, chat template, image processor), its model class
 * (vision encoder, token embeddings, KV-cached decoder), on the execution provider asked for.
 *
 * transformers.js is imported here only, on first use: it pulls in sharp and onnxruntime's
 * native binding, which no other command should pay for.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { FatalBackendError } from '../backend';
import { DTYPE_SUFFIX, TEXT_PARTS, VISION_PART, type OnnxModelFolder } from './model-folder';

export type Transformers = typeof import('@huggingface/transformers');
export type OnnxDevice = 'auto' | 'cuda' | 'cpu';
export type OnnxProvider = 'cuda' | 'cpu';

export async function loadTransformers(): Promise<Transformers> {
  const transformers = await import('@huggingface/transformers');
  // Local folders only: nothing is fetched from the Hub, nothing cached behind the user's back.
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  transformers.env.localModelPath = '';
  transformers.env.useFSCache = false;
  return transformers;
}

/**
 * onnxruntime-node bundles the CPU provider; the CUDA provider's libraries are fetched by its
 * install script on request (README: "CUDA setup") into the package's bin folder.
 */
export function cudaProviderInstalled(): boolean {
  if (process.platform !== 'linux' || process.arch !== 'x64') return false;
  try {
    const packageRoot = resolve(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..');
    return existsSync(join(packageRoot, 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/** The graph names each part must have; what transformers.js feeds and reads. */
const EXPECTED: Record<string, { inputs: string[]; outputs: string[] }> = {
  [VISION_PART]: { inputs: ['pixel_values'], outputs: ['image_features'] },
  embed_tokens: { inputs: ['input_ids'], outputs: ['inputs_embeds'] },
  decoder_model_merged: { inputs: ['inputs_embeds', 'attention_mask'], outputs: ['logits'] },
};

interface Session {
  inputNames: readonly string[];
  outputNames: readonly string[];
}

/** Names the file and the names it lacks, so a wrong export is caught before the first answer. */
export function checkSessionNames(folder: OnnxModelFolder, sessions: Record<string, Session>): void {
  for (const [part, expected] of Object.entries(EXPECTED)) {
    const session = sessions[part];
    if (!session) continue;
    const file = join(folder.dir, 'onnx', `${part}${DTYPE_SUFFIX[folder.dtype]}.onnx`);
    const missingIn = expected.inputs.filter((name) => !session.inputNames.includes(name));
    const missingOut = expected.outputs.filter((name) => !session.outputNames.includes(name));
    if (part === 'decoder_model_merged') {
      const past = session.inputNames.filter((name) => name.startsWith('past_key_values.'));
      const present = session.outputNames.filter((name) => name.startsWith('present.'));
      if (past.length === 0 || present.length !== past.length) {
        throw new FatalBackendError(
          `${file} must take past_key_values.N.key/value and return present.N.key/value (a merged decoder with a KV cache); ` +
            `it takes ${session.inputNames.join(', ')} and returns ${session.outputNames.join(', ')}`,
        );
      }
    }
    if (missingIn.length || missingOut.length) {
      throw new FatalBackendError(
        `${file} has the wrong input/output names: expected inputs ${expected.inputs.join(', ')} and outputs ${expected.outputs.join(', ')}; ` +
          `it has inputs ${session.inputNames.join(', ')} and outputs ${session.outputNames.join(', ')}` +
          (missingIn.length ? ` (missing input ${missingIn.join(', ')})` : '') +
          (missingOut.length ? ` (missing output ${missingOut.join(', ')})` : ''),
      );
    }
  }
}

/** onnxruntime's allocation failures, told apart so the message can say what to do. */
export function isOutOfMemory(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /out of memory|bad_alloc|failed to allocate|cudaErrorMemoryAllocation|CUBLAS_STATUS_ALLOC_FAILED/i.test(text);
}

export interface LoadedModel {
  transformers: Transformers;
  // transformers.js types its processor and model loosely; these are what the backend calls.
  processor: Awaited<ReturnType<Transformers['AutoProcessor']['from_pretrained']>> | null;
  tokenizer: Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
  model: Awaited<ReturnType<Transformers['AutoModelForImageTextToText']['from_pretrained']>>;
  provider: OnnxProvider;
  /** Why the provider is what it is (auto's choice and any fallback), for the run's record. */
  providerNote: string;
}

async function loadOn(transformers: Transformers, folder: OnnxModelFolder, provider: OnnxProvider): Promise<LoadedModel['model']> {
  const options = { device: provider, dtype: folder.dtype, local_files_only: true } as const;
  try {
    // A text-only export has no vision encoder: the ForCausalLM route loads just its text parts.
    if (folder.vision) return await transformers.AutoModelForImageTextToText.from_pretrained(folder.dir, options);
    return (await transformers.AutoModelForCausalLM.from_pretrained(folder.dir, options)) as LoadedModel['model'];
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const parts = [...(folder.vision ? [VISION_PART] : []), ...TEXT_PARTS].map((part) => `onnx/${part}${DTYPE_SUFFIX[folder.dtype]}.onnx`).join(', ');
    if (isOutOfMemory(error)) {
      throw new FatalBackendError(`out of memory loading ${parts} from ${folder.dir} on ${provider.toUpperCase()}: ${why}. Try a smaller --dtype (q4, int8) or --device cpu.`);
    }
    throw new FatalBackendError(`cannot load ${parts} from ${folder.dir} on ${provider.toUpperCase()} (${folder.architecture}): ${why}`);
  }
}

/** `auto`: CUDA when its provider is installed and loads the model, else CPU; the note says which and why. */
export async function loadModel(folder: OnnxModelFolder, device: OnnxDevice, log: (line: string) => void): Promise<LoadedModel> {
  const transformers = await loadTransformers();
  let provider: OnnxProvider = device === 'auto' ? (cudaProviderInstalled() ? 'cuda' : 'cpu') : device;
  let providerNote = device === 'auto' ? (provider === 'cuda' ? 'auto: CUDA provider installed' : 'auto: CUDA provider not installed, fell back to CPU') : `asked for ${device}`;
  if (device === 'cuda' && !cudaProviderInstalled()) {
    throw new FatalBackendError(
      'onnxruntime-node has no CUDA provider here (libonnxruntime_providers_cuda.so is not installed). ' +
        'Install it (README: "CUDA setup": ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js) or pass --device cpu.',
    );
  }
  let model: LoadedModel['model'];
  try {
    model = await loadOn(transformers, folder, provider);
  } catch (error) {
    if (device !== 'auto' || provider !== 'cuda') throw error;
    const why = error instanceof Error ? error.message : String(error);
    log(`CUDA failed (${why}); falling back to CPU`);
    provider = 'cpu';
    providerNote = `auto: CUDA failed to load the model (${why.slice(0, 200)}), fell back to CPU`;
    model = await loadOn(transformers, folder, provider);
  }
  checkSessionNames(folder, model.sessions as Record<string, Session>);
  const processor = folder.vision ? await transformers.AutoProcessor.from_pretrained(folder.dir, { local_files_only: true }) : null;
  const tokenizer = processor?.tokenizer ?? (await transformers.AutoTokenizer.from_pretrained(folder.dir, { local_files_only: true }));
  return { transformers, processor, tokenizer, model, provider, providerNote };
}
