/**
 * Benchmark and checkpoint names read from file names, where the tools write them:
 * VLMEvalKit `<model>_<dataset>[_<judge suffix>].xlsx`, R1-V `<benchmark>_<model>.json`,
 * lmms-eval `<date>_samples_<task>.jsonl` inside a folder named after the model.
 */
import { basename, dirname } from 'node:path';
import { BENCHMARKS } from '../grading/benchmarks';
import { cannotNameModel } from './model-folder';

/** VLMEvalKit dataset names (those our grading registry knows, plus other common ones). */
const VLMEVALKIT_DATASETS = [
  ...Object.keys(BENCHMARKS),
  'MMBench_DEV_EN', 'MMBench_TEST_EN', 'MMBench_DEV_CN', 'MMBench_TEST_CN', 'MMBench_DEV_EN_V11', 'MMBench_TEST_EN_V11',
  'MMBench_DEV_CN_V11', 'MMBench_TEST_CN_V11', 'MMBench', 'MMBench_CN', 'CCBench', 'SEEDBench_IMG', 'SEEDBench2', 'SEEDBench2_Plus',
  'MME', 'MMMU_DEV_VAL', 'MMMU_TEST', 'MMMU_Pro_10c', 'MMMU_Pro_V', 'MathVista_MINI', 'MathVision', 'MathVision_MINI', 'MathVerse_MINI',
  'MathVerse_MINI_Vision_Dominant', 'MathVerse_MINI_Text_Dominant', 'MathVerse_MINI_Text_Lite', 'MathVerse_MINI_Vision_Intensive',
  'MathVerse_MINI_Vision_Only', 'AI2D_TEST', 'AI2D_TEST_NO_MASK', 'OCRBench', 'OCRVQA_TEST', 'OCRVQA_TESTCORE', 'TextVQA_VAL',
  'DocVQA_VAL', 'DocVQA_TEST', 'InfoVQA_VAL', 'InfoVQA_TEST', 'ChartQA_TEST', 'MMVet', 'LLaVABench', 'POPE', 'HallusionBench',
  'ScienceQA_VAL', 'ScienceQA_TEST', 'RealWorldQA', 'MMStar', 'BLINK', 'MMT-Bench_VAL', 'MMT-Bench_ALL', 'MUIRBench', 'Q-Bench1_VAL',
  'A-Bench_VAL', 'MMLongBench_DOC', 'VCR_EN_EASY_500', 'DynaMath', 'LogicVista', 'WeMath', 'OlympiadBench', 'CRPE_EXIST', 'CRPE_RELATION',
  'MMVP', 'VStarBench', 'CV-Bench-2D', 'CV-Bench-3D', 'R-Bench-Dis', 'MMIU', 'MIA-Bench', 'MMERealWorld', 'MME-RealWorld',
  'VisOnlyQA-VLMEvalKit', 'GQA_TestDev_Balanced', 'COCO_VAL', 'MMSci_DEV_MCQ', 'VizWiz', 'ScienceQA_IMG', 'MTVQA_TEST',
  'CharXiv_reasoning_val', 'CharXiv_descriptive_val', 'VLMBlind',
];

const KNOWN_DATASETS = new Set(VLMEVALKIT_DATASETS.map((name) => name.toLowerCase()));

/** A dataset name VLMEvalKit uses (or our grading registry knows), any case. */
export function isKnownVlmevalkitDataset(name: string): boolean {
  return KNOWN_DATASETS.has(name.toLowerCase());
}

/** A word a judge's name has (a variant of a dataset, `ScienceQA_TEST_QCME`, has none). */
const JUDGE_MODEL_WORD = /gpt|qwen|claude|gemini|llama|judge|deepseek|glm|internlm|llm|mistral/i;

/**
 * The dataset of `<dataset>_<judge>` where the judge has a name of the user's own
 * (`MathVista_MINI_dt_gpt`, from `<model>_MathVista_MINI_dt_gpt_score.csv`: VLMEvalKit puts
 * whatever judge was configured there): the longest known dataset it starts with, or null where
 * the whole is a known dataset (`MathVerse_MINI_Vision_Only` is not MathVerse_MINI's) or none is.
 */
export function datasetBeforeCustomJudge(rest: string): string | null {
  if (isKnownVlmevalkitDataset(rest)) return null;
  const lower = rest.toLowerCase();
  const known = VLMEVALKIT_DATASETS.filter((name) => lower.startsWith(`${name.toLowerCase()}_`)).sort((a, b) => b.length - a.length)[0];
  return known && JUDGE_MODEL_WORD.test(rest.slice(known.length + 1)) ? rest.slice(0, known.length) : null;
}

/** The judge names VLMEvalKit puts after the dataset in a judged file's name (`_gpt-4o-mini`, OlympiadBench's `_judge_result`). */
export const JUDGE_NAMES = String.raw`openai_result|auxmatch|exact_matching|judge_result|judge|gpt-?4o?-?mini|gpt-?4[\w.-]*|gpt4o[\w.-]*|chatgpt[\w.-]*|claude[\w.-]*`;

const JUDGE_SUFFIX = new RegExp(String.raw`_(?:${JUDGE_NAMES}|acc|score|extract|result|rating|gpt-?3[\w.-]*|qwen[\w.-]*judge)$`, 'i');

/** A file's name without its folder and extension: `a/b/vila_13b_MMStar_acc.csv` -> `vila_13b_MMStar_acc`. */
export function stemOf(path: string): string {
  return basename(path).replace(/\.(?:xlsx|tsv|csv|jsonl|json|pkl|parquet|log)$/i, '');
}

/** The stem without the judge and summary suffixes VLMEvalKit appends after `<model>_<dataset>`. */
export function stripJudgeSuffixes(stem: string): string {
  let current = stem;
  for (let i = 0; i < 3; i++) {
    const next = current.replace(JUDGE_SUFFIX, '');
    if (next === current) break;
    current = next;
  }
  return current;
}

export interface ModelAndDataset {
  model: string;
  dataset: string;
}

/**
 * Splits VLMEvalKit's `<model>_<dataset>` (both may contain underscores). A name given on the
 * command line wins; else the longest known dataset name (VLMEvalKit's, or a benchmark already
 * in the workspace) that ends the stem; else the folder VLMEvalKit writes each model's files
 * into (`outputs/<model>/`). Null when none of these tells.
 */
export function splitModelDataset(path: string, given: { benchmark?: string; checkpoint?: string }, knownBenchmarks: readonly string[] = []): ModelAndDataset | null {
  const stem = stripJudgeSuffixes(stemOf(path));
  if (given.benchmark && given.checkpoint) return { model: given.checkpoint, dataset: given.benchmark };
  if (given.benchmark && stem.endsWith(`_${given.benchmark}`)) return { model: stem.slice(0, -given.benchmark.length - 1), dataset: given.benchmark };
  if (given.checkpoint && stem.startsWith(`${given.checkpoint}_`)) return { model: given.checkpoint, dataset: stem.slice(given.checkpoint.length + 1) };
  const known = datasetEnding(stem, [...new Set([...VLMEVALKIT_DATASETS, ...knownBenchmarks])]);
  if (known) {
    const dataset = stem.slice(stem.length - known.length);
    return { model: given.checkpoint ?? stem.slice(0, stem.length - known.length - 1), dataset: given.benchmark ?? dataset };
  }
  // A summary of a judge with a name of the user's own: `<model>_MathVista_MINI_dt_gpt_score.csv`.
  const summary = /_(?:acc|score)$/i.test(stemOf(path)) ? customJudgeSummary(stem) : null;
  if (summary) return { model: given.checkpoint ?? summary.model, dataset: given.benchmark ?? summary.dataset };
  for (const folder of [basename(dirname(path)), basename(dirname(dirname(path)))]) {
    if (folder && stem.startsWith(`${folder}_`) && stem.length > folder.length + 1) {
      return { model: given.checkpoint ?? folder, dataset: given.benchmark ?? stem.slice(folder.length + 1) };
    }
  }
  return null;
}

/** `<model>_<known dataset>_<one judge word or two>`, as a summary of a custom judge is named. */
function customJudgeSummary(stem: string): ModelAndDataset | null {
  const parts = stem.split('_');
  for (let judgeWords = 1; judgeWords <= 2 && judgeWords < parts.length - 1; judgeWords++) {
    const head = parts.slice(0, -judgeWords).join('_');
    const known = datasetEnding(head, VLMEVALKIT_DATASETS);
    if (known && datasetBeforeCustomJudge(`${known}_${parts.slice(-judgeWords).join('_')}`) !== null) {
      return { model: head.slice(0, -known.length - 1), dataset: head.slice(-known.length) };
    }
  }
  return null;
}

/** The longest of `names` that ends `stem` after an underscore, any case. */
function datasetEnding(stem: string, names: readonly string[]): string | undefined {
  const lower = stem.toLowerCase();
  return names.filter((name) => lower.endsWith(`_${name.toLowerCase()}`)).sort((a, b) => b.length - a.length)[0];
}

/** Model family words that start the model part of names like `geoqa_test_qwen2vl_7b_grpo.json`. */
const MODEL_WORD = /^(?:qwen|llava|internvl|internlm|intern|gpt|gemini|claude|minicpm|phi|deepseek|janus|idefics|molmo|pixtral|llama|mistral|cogvlm|blip|instructblip|vila|xcomposer|kimi|glm|ovis|aria|smolvlm|paligemma|gemma|yi|mplug|emu|fuyu|otter|openflamingo|sharegpt4v|bunny|cambrian|nvila|eagle|mimo|keye|valley|florence|chameleon)/i;

/** A training method's word, which in `<dataset>_grpo_<checkpoint path>` ends the dataset's name. */
const TRAINING_WORD = /^(?:grpo|sft|dpo|ppo|rft)$/i;

/**
 * `<benchmark>_<model>` with the model starting at the first model-family word. Ocean-R1's eval
 * logs are `<dataset>_<split>_grpo_<last parts of the checkpoint's path>`: the training word ends
 * the benchmark, and the model is the path's part that names one (else all of it after the word).
 * A model ending `-checkpoint-2800` is `…@2800`, at step 2800.
 */
export function splitBenchmarkModel(stem: string): { benchmark: string; model: string; step: number | null } | null {
  const parts = stem.split('_');
  const at = parts.findIndex((part, i) => i > 0 && MODEL_WORD.test(part));
  const training = parts.findIndex((part, i) => i > 0 && TRAINING_WORD.test(part));
  if (training > 0 && (at < 0 || training < at) && training < parts.length - 1) {
    const benchmark = benchmarkWords(parts.slice(0, training));
    return benchmark ? { benchmark, ...withStep(parts.slice(at > training ? at : training + 1).join('_')) } : null;
  }
  if (at <= 0) return null;
  const benchmark = benchmarkWords(parts.slice(0, at));
  return benchmark ? { benchmark, ...withStep(parts.slice(at).join('_')) } : null;
}

/** The step of a checkpoint named `<run>@<step>` (this tool's way of writing one), else null. */
export function stepInName(name: string): number | null {
  const step = /@(\d+)$/.exec(name)?.[1];
  return step === undefined ? null : Number(step);
}

/** `qwen2.5-vl-7b-grpo-checkpoint-90` -> `qwen2.5-vl-7b-grpo@90` at step 90; other names as they are. */
function withStep(name: string): { model: string; step: number | null } {
  const checkpoint = /^(.+?)[-_](?:checkpoint|ckpt|global_step|step)[-_]?(\d+)$/i.exec(name);
  if (!checkpoint) return { model: name, step: null };
  const step = Number(checkpoint[2]);
  return { model: `${checkpoint[1]}@${step}`, step };
}

/** Hugging Face organisations whose dataset ids scripts write into file names with `/` as `_` (`MathLLMs/MathVision`). */
const DATASET_ORG = /^(?:MathLLMs|AI4Math|lmms-lab|HuggingFaceM4|Lin-Chen|OpenGVLab|MMMU|We-Math|lmms_lab)$/i;

/**
 * The benchmark part of a log's name without the words that say it is a result file
 * (`counting_results_superclevr` -> `counting_superclevr`) or the Hugging Face organisation of
 * its dataset (Ocean-R1's `MathLLMs_MathVision_testmini` beside its `mathvision_testmini`).
 */
function benchmarkWords(parts: readonly string[]): string {
  const words = parts.filter((part) => !/^(?:results?|outputs?|eval|evaluation|predictions?)$/i.test(part));
  return (words.length > 1 && DATASET_ORG.test(words[0]!) ? words.slice(1) : words).join('_');
}

/**
 * A benchmark name read from a file's name, spelled as a benchmark the workspace (or this
 * import) already has where the two differ only in case (`MathVision_testmini`, `mathvision_testmini`).
 */
export function asKnownBenchmark(name: string, known: readonly string[]): string {
  return known.includes(name) ? name : (known.find((other) => other.toLowerCase() === name.toLowerCase()) ?? name);
}

/**
 * VLM-R1's logs of a trained checkpoint name only the benchmark (`click_results_screenspot_desktop.json`,
 * `rec_results_refcocog_val.json`) and sit in a folder named after the checkpoint
 * (`qwen2.5-vl-7b-grpo-…-temp0.3-checkpoint-90`). The benchmark is read as for `<benchmark>_<model>`
 * names (`click_screenspot_desktop`, so a baseline's `rec_results_refcocog_val_<model>.json` and
 * the checkpoints' logs share one benchmark); the model and training step from the folder, the
 * step written `<model>@<step>` as EasyR1's checkpoints are. Null where the folder names no model.
 */
export function splitBenchmarkFolder(stem: string, folder: string): { benchmark: string; model: string; step: number | null } | null {
  const benchmark = benchmarkWords(stem.split('_'));
  if (!benchmark || cannotNameModel(folder)) return null;
  return { benchmark, ...withStep(folder) };
}

/** A result file's own words after the model's name (LLaVA's `llava-v1.5-13b_output.jsonl`). */
const RESULT_SUFFIX = /[_-](?:outputs?|results?|answers?|predictions?|preds?|responses?)$/i;

/**
 * Names from the folder layout where the file's name holds only one of them: a file named after
 * the model in a folder named after the benchmark (SEED-Bench's `SEED-Bench-1/GPT-4V.json`,
 * LLaVA's `scienceqa/answers/llava-v1.5-13b_output.jsonl`, past a folder of a generic name), or a
 * file named after the benchmark in the model's folder (BLINK's `GPT4o/Counting.json`), or in a
 * training run's checkpoint folder (LLaMA-Factory's `<run>/checkpoint-63/…`, `<run>@63`). The side
 * that starts with a model family's word is the model; where both or neither do, null.
 */
export function splitFolderLayout(path: string, isBenchmark: (name: string) => boolean = () => false): { benchmark: string; model: string; step: number | null; layout: string } | null {
  const stem = stemOf(path);
  const parent = basename(dirname(path));
  // LLaMA-Factory's `<run>/checkpoint-63/generated_predictions.jsonl`: the run's checkpoint at step 63.
  const stepFolder = /^(?:checkpoint|ckpt|global_step|step)[-_]?(\d+)$/i.exec(parent);
  const run = basename(dirname(dirname(path)));
  if (stepFolder && !cannotNameModel(run)) return { benchmark: stem, model: `${run}@${Number(stepFolder[1])}`, step: Number(stepFolder[1]), layout: '<model>/checkpoint-<step>/<benchmark>' };
  const isModel = (name: string): boolean => MODEL_WORD.test(name) && !isKnownVlmevalkitDataset(name) && !isBenchmark(name);
  const model = stem.replace(RESULT_SUFFIX, '');
  if (model !== '' && isModel(model)) {
    const folder = [parent, basename(dirname(dirname(path)))].find((name) => !cannotNameModel(name) && !/^answers?$/i.test(name));
    if (folder && !isModel(folder)) return { benchmark: folder, ...withStep(model), layout: '<benchmark>/<model>' };
    return null;
  }
  if (isModel(parent) && !SPLIT_NAME.test(stem) && !cannotNameModel(stem)) return { benchmark: stem, ...withStep(parent), layout: '<model>/<benchmark>' };
  return null;
}

/** Dataset split names: a file named after one (MathVerse's template `output_testmini.json`) names no model. */
const SPLIT_NAME = /^(?:testmini|test|test_mini|val|valid|validation|dev|minival|minitest|mini|train|full|all)$/i;

/**
 * The time of the run that evaluation scripts append to a result file's name: InternVL's
 * `<dataset>_<yymmddHHMMSS>.json` (`textvqa_val_240813074844`), `_<YYYYmmddHHMMSS>`,
 * `_<YYYYmmdd>_<HHMMSS>`. It names neither the benchmark nor the model.
 */
const RUN_TIME_SUFFIX = /_(?:\d{12}|\d{14}|\d{8}[_-]\d{6})$/;

/** The stem without a run time at its end, and the time (null when there is none). */
export function splitRunTime(stem: string): { name: string; time: string | null } {
  const match = RUN_TIME_SUFFIX.exec(stem);
  return match && match.index > 0 ? { name: stem.slice(0, match.index), time: match[0].slice(1) } : { name: stem, time: null };
}

/**
 * The model of a benchmark script's `output_<model>.json` (MathVista's, MathVerse's), or null
 * where the rest of the name is a split (`testmini`) or a generic word (`output.json`, the
 * scripts' default name): those name no model, and taking them for one would merge models.
 */
export function modelOfOutputName(stem: string): string | null {
  const name = withoutStagePrefix(stem);
  // `MathVista_testmini_241204093012`: InternVL's `<dataset>_<run time>` names the data, not the model.
  if (splitRunTime(name).time !== null) return null;
  return SPLIT_NAME.test(name) || cannotNameModel(name) ? null : name;
}

/** Why `modelOfOutputName` found no model in a file's name, for the message that asks for --checkpoint. */
export function noModelInOutputName(stem: string): string {
  const name = withoutStagePrefix(stem);
  const kind = splitRunTime(name).time !== null ? "a dataset and the run's time" : 'a split or a generic word';
  return `the file's name names no model ("${name}" is ${kind}, not a model): pass --checkpoint NAME`;
}

/**
 * The words a pipeline's stage puts before the model in a file's name: MathVista's `output_`
 * and `scores_`, MultiMath's `pred_` and `score_pred_`, SmolVLM's `extraction_`.
 */
const STAGE_PREFIX = /^(?:outputs?|preds?|predictions?|extractions?|extract|scores?)_/i;

/** `score_pred_checkpoints_release` -> `checkpoints_release`: the name without its stage words. */
export function withoutStagePrefix(stem: string): string {
  let name = stem;
  for (let i = 0; i < 2 && STAGE_PREFIX.test(name) && name.replace(STAGE_PREFIX, '') !== ''; i++) name = name.replace(STAGE_PREFIX, '');
  return name;
}
