/**
 * The model a result file belongs to when only its folders can say it (lmms-eval samples without
 * a results.json, VLM-R1 logs named after the benchmark alone). Tools and people nest their
 * output in folders that name no model (lmms-eval's own `lmms_eval/`, `logs/`, dated run
 * folders, the task's folder): taking one of those as the model would merge different models
 * into one checkpoint without a word, so they are walked past.
 */
import { basename, dirname } from 'node:path';

/** Names tools and people give output folders; none of them is a model. */
const GENERIC_FOLDERS = new Set([
  'lmms_eval', 'lmms-eval', 'logs', 'log', 'results', 'result', 'outputs', 'output', 'out', 'eval', 'evals', 'evaluation',
  'evaluations', 'samples', 'runs', 'run', 'predictions', 'preds', 'generations', 'tmp', 'temp', 'latest', 'src', 'data',
]);

/**
 * A folder named by its launch time (`20260923-200648_limit8`, `2025-06-01T10-15-00`,
 * `20250601_101500`, `run_20250601`): one launch among many of the same model.
 */
const DATED_FOLDER = /^(?:run[_-]?)?(?:\d{8}|\d{4}[-_]\d{2}[-_]\d{2})(?:[T_-]?\d{6}|[T_-]\d{2}[-:_]\d{2}(?:[-:_]\d{2})?)?(?:[_.-].*)?$/i;

/**
 * Words of a folder that names how a model was served, not which model: the backend (`vllm`,
 * `trt_edgellm`) and the precision (`bf16`, `nvfp4`). `vllm-bf16` and `trt_edgellm-nvfp4` hold
 * any model's launches; `Qwen2.5-VL-3B-Instruct-AWQ` names a model (its other words do).
 */
const SERVING_WORD = /^(?:hf|transformers|vllm|sglang|lmdeploy|trt|tensorrt|trtllm|edgellm|llamacpp|gguf|onnx|ort|mlx|ollama|api|bf16|fp16|fp32|fp8|fp4|nvfp4|mxfp4|int4|int8|w4a16|w8a8|w4a8|awq|gptq|quant|quantized|eager|compiled)$/i;

function namesServingOnly(folder: string): boolean {
  const words = folder.split(/[_\-.\s]+/).filter(Boolean);
  return words.length > 0 && words.every((word) => SERVING_WORD.test(word));
}

/** Whether a folder's name cannot be a model's: generic, dated, a backend/precision, or one of the given tasks. */
export function cannotNameModel(folder: string, tasks: readonly string[] = []): boolean {
  const name = folder.toLowerCase();
  return name === '' || GENERIC_FOLDERS.has(name) || DATED_FOLDER.test(folder) || namesServingOnly(folder) || tasks.some((task) => task.toLowerCase() === name);
}

export interface FolderModel {
  /** The folder's name, the model. */
  name: string;
  /** The folders walked past on the way, nearest first. */
  passedOver: string[];
}

/** How far up a model folder is looked for: `<model>/<task>/<backend>/<launch>/lmms_eval/` is five. */
const MAX_LEVELS = 6;

/** The nearest folder, from `dir` up, that can name a model; null when none within reach can. */
export function modelFolderOf(dir: string, tasks: readonly string[] = []): FolderModel | null {
  const chain: string[] = [];
  for (let current = dir, level = 0; level < MAX_LEVELS && basename(current) !== ''; current = dirname(current), level++) chain.push(basename(current));
  const at = chain.findIndex((folder) => !cannotNameModel(folder, tasks));
  return at < 0 ? null : { name: chain[at]!, passedOver: chain.slice(0, at) };
}

/** The warning an import gives when a folder, not the file, named its checkpoint. */
export function folderNamedWarning(model: FolderModel, why: string): string {
  const passed = model.passedOver.length > 0 ? `; folders passed over, naming no model: ${model.passedOver.join(', ')}` : '';
  return `checkpoint named "${model.name}" after the folder of that name (${why}${passed}); pass --checkpoint NAME if it is another model`;
}
