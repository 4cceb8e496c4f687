/**
 * Result files whose fields mean something else than their names suggest, known by the set of
 * fields they write (LLaVA's answers, InternVL's outputs, EvalScope's reviews, LogicVista's table,
 * MultimodalOCR, BLINK, URSA, OpenVLThinker, We-Math, DeepEyes, HallusionBench, M3CoT): the fields to read instead, and what the
 * import says about it. The usual names of each field are `fields.ts`'.
 */
import { basename, dirname } from 'node:path';
import { DEFAULT_SOURCES, getPath, keyOf } from './fields';
import { multimodalOcrHit } from './multimodal-ocr-rule';
import { promptId, verlRunName, verlVerdict } from './verl-dump';
import type { MapTarget } from './types';

export interface FieldPreset {
  name: string;
  matches(record: Record<string, unknown>): boolean;
  /** The fields to read, or how to find them where their names carry the model's (LogicVista's table). */
  fields: Partial<Record<MapTarget, string>> | ((record: Record<string, unknown>) => Partial<Record<MapTarget, string>>);
  /** The benchmark, where the file is the benchmark's own and does not say it (or its name tells it). */
  benchmark?: string | ((path: string) => string | undefined);
  /** The checkpoint, where a field's name or the file's folder tells it. */
  checkpoint?: (record: Record<string, unknown>, path: string) => string | undefined;
  /** Why a file of this kind has no gold, where it has none (read with the benchmark). */
  goldElsewhere?: string;
  /** A gold list of letters is the set a multi-select answer needs, all of them (LogicVista's `['a', 'c']`), not alternatives. */
  letterSetGold?: boolean;
  /** The sample's id where no one field is unique (HallusionBench's five-part key). */
  idOf?: (record: Record<string, unknown>) => string;
  /** A benchmark's own tool whose official rule is not the registry's (the run's backend `import:<tool>`, official-figure.ts). */
  tool?: string;
  /** The model's output where no one field holds it whole (DeepEyes' turns and tool results); else the mapped field's. */
  outputOf?: (record: Record<string, unknown>) => string | undefined;
  /** The official verdict by the tool's own rule, where its files keep none (MultimodalOCR's per-dataset rules); undefined: none. */
  officialOf?: (record: Record<string, unknown>, benchmark: string) => boolean | undefined;
  /** The training step a record belongs to, where a file is one step's (verl's dumps): one step per file. */
  stepOf?: (record: Record<string, unknown>) => number | undefined;
  /** An id seen again in the file is another answer to the same sample (a GRPO group's rollouts), not an error. */
  repeatsAreAnswers?: boolean;
}

const has = (record: Record<string, unknown>, ...names: string[]): boolean => names.every((name) => name in record);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Visual-RFT's dataset: the folder above `topk_accuracy/` (`CUB_200_2011`, `oxford_flowers`), else the file's folder. */
function visualRftDataset(path: string): string {
  const folders = dirname(path).split(/[\\/]/);
  const at = folders.lastIndexOf('topk_accuracy');
  return at > 0 ? folders[at - 1]! : basename(dirname(path));
}

/** LogicVista's eval/results/<model>-accuracy-results.csv: `<model> answer raw`, `<model> answer extracted`, `true answer`, `match?` (any case). */
const LOGICVISTA_RAW = / answer raw$/i;
const logicVistaModel = (record: Record<string, unknown>): string | undefined => Object.keys(record).find((key) => LOGICVISTA_RAW.test(key))?.replace(LOGICVISTA_RAW, '');

/** The fields of `wanted` that the record has (a tool's optional fields differ by dataset). */
const present = (record: Record<string, unknown>, wanted: Partial<Record<MapTarget, string>>): Partial<Record<MapTarget, string>> =>
  Object.fromEntries(Object.entries(wanted).filter(([, path]) => getPath(record, path) !== undefined));

/**
 * The verdict among EvalScope's per-sample scores (`sample_score.score.value`): the one its
 * `main_score_name` names (an LLM judge's `is_correct`), else `acc`, else its one metric, where
 * that is a 0/1 or true/false; none for a partial score (it is no verdict).
 */
const evalScopeVerdict = (record: Record<string, unknown>): Partial<Record<MapTarget, string>> => {
  const value = getPath(record, 'sample_score.score.value');
  if (typeof value !== 'object' || value === null) return {};
  const metrics = Object.entries(value as Record<string, unknown>);
  const main = getPath(record, 'sample_score.score.main_score_name');
  const [name, score] =
    metrics.find(([key]) => key === main) ?? metrics.find(([key]) => key === 'acc') ?? (metrics.length === 1 ? metrics[0]! : [undefined, undefined]);
  return score === 0 || score === 1 || typeof score === 'boolean' ? { correct: `sample_score.score.value.${name}` } : {};
};

const PRESETS: readonly FieldPreset[] = [
  {
    // EvalScope ≥ 1.0 reviews/<model>/<dataset>_<subset>.jsonl.
    name: "EvalScope's review file (`sample_score.score.prediction` the model's answer, `target` the gold, `sample_score.score.value` the official verdict where it is 0 or 1; the checkpoint from the folder)",
    matches: (record) => 'target' in record && typeof getPath(record, 'sample_score.score.prediction') === 'string',
    fields: (record) => ({
      ...present(record, { id: 'index', question: 'input', extracted: 'sample_score.score.extracted_prediction' }),
      answer: 'target',
      prediction: 'sample_score.score.prediction',
      ...evalScopeVerdict(record),
    }),
    checkpoint: (_record, path) => (basename(dirname(dirname(path))) === 'reviews' ? basename(dirname(path)) : undefined),
  },
  {
    // EvalScope's earlier reviews: an OpenAI chat completion with a `review` in its choice, the dataset's row as `raw_input`.
    name: "EvalScope's review file, earlier layout (`choices[0].message.content` the model's answer, `choices[0].review` the gold, the answer read and the verdict)",
    matches: (record) => typeof getPath(record, 'choices.0.message.content') === 'string' && getPath(record, 'choices.0.review.gold') !== undefined,
    fields: (record) => ({
      ...present(record, { id: 'raw_input.id', question: 'raw_input.question', choices: 'raw_input.choices', extracted: 'choices.0.review.pred', correct: 'choices.0.review.result', model: 'model' }),
      answer: 'choices.0.review.gold',
      prediction: 'choices.0.message.content',
    }),
  },
  {
    name: "LogicVista's results table (`true answer` the gold, `<model> answer raw` the model's answer, `match?` the official verdict)",
    matches: (record) => keyOf(record, 'true answer') !== undefined && keyOf(record, 'match?') !== undefined && logicVistaModel(record) !== undefined,
    fields: (record) => {
      const model = logicVistaModel(record)!;
      const wanted: Partial<Record<MapTarget, string | undefined>> = {
        answer: keyOf(record, 'true answer'),
        prediction: keyOf(record, `${model} answer raw`),
        extracted: keyOf(record, `${model} answer extracted`),
        correct: keyOf(record, 'match?'),
        category: keyOf(record, 'reasoning skill'),
      };
      return Object.fromEntries(Object.entries(wanted).filter(([, key]) => key !== undefined)) as Partial<Record<MapTarget, string>>;
    },
    benchmark: 'LogicVista',
    checkpoint: logicVistaModel,
    letterSetGold: true,
  },
  {
    // LLaVA's model_vqa*.py: `text` is the model's answer, not a question.
    name: "LLaVA's answers file (`text` the model's answer, `prompt` the question, `question_id` the id, `model_id` the checkpoint)",
    matches: (record) => has(record, 'question_id', 'prompt', 'text', 'answer_id', 'model_id'),
    fields: { id: 'question_id', question: 'prompt', prediction: 'text', model: 'model_id' },
    goldElsewhere: "LLaVA's answers file: no gold answers in it; import the benchmark's question file with its labels first, then this file with --benchmark NAME (its ids are the question file's question_id)",
  },
  {
    // Yuliang-Liu/MultimodalOCR (OCRBench v1) eval.py: answer_save/<time>/<dataset>.json, the model's `answer` beside
    // `gt_answers`; before InternVL's outputs, which share those two names.
    name: "MultimodalOCR's answers (`answer` the model's answer, `gt_answers` the gold, `model_name` the checkpoint; the dataset from the file's name, scored by eval.py's rule for it)",
    matches: (record) => has(record, 'question', 'answer', 'gt_answers', 'image_path', 'model_name'),
    fields: { question: 'question', prediction: 'answer', answer: 'gt_answers', image: 'image_path', model: 'model_name' },
    benchmark: (path) => basename(path).replace(/\.json$/i, ''),
    tool: 'multimodalocr',
    officialOf: (record, benchmark) => {
      const golds = Array.isArray(record.gt_answers) ? record.gt_answers.map(String) : [String(record.gt_answers ?? '')];
      return multimodalOcrHit(benchmark, golds, String(record.answer ?? ''));
    },
  },
  {
    // Visual-RFT's fine-grained classification outputs (`output/<dataset>/topk_accuracy/<setting>/<model>_<settings>.json`,
    // an object of image id -> record; its `…_evaluation.json` adds an LLM judge's verdict per image):
    // `predictions` the model's answers, best first.
    name: "Visual-RFT's classification output (`groundtruth` the gold, `predictions` the model's answers, the first read; `top1_correct` the judge's verdict, unless --map correct= names another)",
    matches: (record) => has(record, 'groundtruth', 'predictions') && Array.isArray(record.predictions),
    fields: (record) => ({ answer: 'groundtruth', prediction: 'predictions.0', ...('top1_correct' in record ? { correct: 'top1_correct' } : {}) }),
    benchmark: (path) => visualRftDataset(path),
    checkpoint: (_record, path) => basename(path).replace(/(?:_evaluation)?\.json$/i, ''),
  },
  {
    // OlympiadBench's inference output (`inference/generated/<subset>/<model>/<model>_<from>_to_<to>.json`): the
    // dataset's fields with the model's reply as `model_output.<model>.raw_output`; `solution` is the worked proof.
    name: "OlympiadBench's inference output (`final_answer` the gold, not the worked `solution`; `model_output.<model>.raw_output` the answer, the checkpoint its key; the subset from the folder)",
    matches: (record) => has(record, 'question', 'final_answer', 'model_output') && isRecord(record.model_output) && Object.keys(record.model_output).length === 1,
    fields: { question: 'question', answer: 'final_answer', prediction: 'model_output' },
    outputOf: (record) => {
      const reply = Object.values(record.model_output as Record<string, unknown>)[0];
      return isRecord(reply) && typeof reply.raw_output === 'string' ? reply.raw_output : undefined;
    },
    checkpoint: (record) => Object.keys(record.model_output as Record<string, unknown>)[0],
    benchmark: (path) => (/_\d+_to_\d+\.json$/i.test(basename(path)) ? basename(dirname(dirname(path))) : undefined),
  },
  {
    // InternVL's evaluate_*.py (MMMU, ScienceQA, …): `answer` is the model's answer, `gt_answers` the gold.
    name: "InternVL's evaluation output (`answer` the model's answer, `gt_answers` the gold)",
    matches: (record) => has(record, 'answer', 'gt_answers') && !DEFAULT_SOURCES.prediction.some((name) => name in record),
    fields: { prediction: 'answer', answer: 'gt_answers' },
  },
  {
    // `{prompt, response, answer: <the option picked>, gt_answer}`: beside a gold named `gt_answer`, `answer` is what the model chose.
    name: 'a gold named `gt_answer` beside `answer` (`answer` read as the answer extracted from the model\'s)',
    matches: (record) => has(record, 'answer', 'gt_answer') && DEFAULT_SOURCES.prediction.some((name) => name in record),
    fields: { answer: 'gt_answer', extracted: 'answer' },
  },
  {
    // URSA-MATH's outputs/infer_<benchmark>.csv: MATH-V's columns, the model's whole answer as `model_answer`, the answer read from it as `extraction`.
    name: "a model's answer as `model_answer` beside the answer read from it as `extraction` (URSA-MATH's inference tables)",
    matches: (record) => has(record, 'model_answer', 'extraction') && !DEFAULT_SOURCES.prediction.some((name) => name in record),
    fields: { prediction: 'model_answer', extracted: 'extraction' },
  },
  {
    // BLINK's eval/saved_outputs/<model>/<task>.json: `full_prediction` is the model's reply, `prediction` the option picked from it.
    name: "BLINK's saved outputs (`full_prediction` the model's answer, `prediction` the option read from it)",
    matches: (record) => has(record, 'prediction', 'full_prediction'),
    fields: { prediction: 'full_prediction', extracted: 'prediction' },
    tool: 'blink',
    // evaluate.py: `prediction == answer`, both written "(B)".
    officialOf: (record) => typeof record.prediction === 'string' && record.prediction.trim() === String(record.answer ?? '').trim(),
  },
  {
    // tianyi-lab/HallusionBench: HallusionBench.json (the questions, `gt_answer` "1"/"0") and a model's result file
    // (`model_prediction`, no gold), each question keyed by the five fields its evaluation joins them by.
    name: "HallusionBench's own files (a question is its category, subcategory, set_id, figure_id and question_id; `gt_answer` 1/0 the yes/no gold, in HallusionBench.json; `model_prediction` the model's answer)",
    matches: (record) => has(record, 'category', 'subcategory', 'set_id', 'figure_id', 'question_id', 'question') && ('gt_answer' in record || 'model_prediction' in record),
    fields: (record) => ({ question: 'question', ...present(record, { answer: 'gt_answer', prediction: 'model_prediction', image: 'filename' }) }),
    benchmark: 'HallusionBench',
    idOf: (record) => ['category', 'subcategory', 'set_id', 'figure_id', 'question_id'].map((key) => String(record[key] ?? '')).join('_'),
    goldElsewhere: "HallusionBench's result file holds no yes/no gold answer; that is gt_answer in HallusionBench.json: import it first (or in the same command), and the answers join its questions",
    tool: 'hallusionbench',
  },
  {
    // We-Math's own testmini.json with a model's `response` added (We-Math/We-Math's evaluation input, `<model>.json`):
    // one record per question of a problem (`key`), options as one string `A. …; B. …`.
    name: "We-Math's output file (`ID` the question, `option` the choices, `answer` the letter, `response` the model's answer; the checkpoint from the file's name)",
    matches: (record) => has(record, 'ID', 'key', 'knowledge concept', 'option', 'answer', 'response'),
    fields: { id: 'ID', question: 'question', choices: 'option', answer: 'answer', prediction: 'response', category: 'knowledge concept', image: 'image_path' },
    benchmark: 'WeMath',
    checkpoint: (_record, path) => basename(path).replace(/\.jsonl?$/i, ''),
  },
  {
    // DeepEyes' V* evaluation (eval_results/<run>/global_step_<n>/result_<subset>_<model>_acc.jsonl): the chat as the model
    // held it, tool calls included, `pred_ans` the answer read from its last turn, `acc` the verdict.
    name: "DeepEyes' evaluation output (`pred_output` the chat: the model's turns, with the tool's results between them, its output; `pred_ans` the answer read from it, `acc` the verdict; the checkpoint from the folder)",
    matches: (record) => has(record, 'pred_ans', 'pred_output', 'acc', 'answer'),
    fields: (record) => ({ prediction: lastAssistantTurn(record, 'pred_output') ?? 'pred_ans', extracted: 'pred_ans', correct: 'acc' }),
    benchmark: (path) => {
      const subset = /^result_(direct_attributes|relative_position)_/.exec(basename(path))?.[1];
      return subset ? `vstar_${subset}` : undefined;
    },
    checkpoint: (_record, path) => checkpointFolder(path),
    outputOf: (record) => modelTurns(record.pred_output),
  },
  {
    // M3CoT's experiment/<setting>/<model>/<method>.jsonl: the chat as plain strings, the question first, the model's answer last.
    name: "M3CoT's experiment output (`messages` the chat, its last turn the model's answer; the checkpoint from the model's folder, the setting and the prompting method)",
    matches: (record) => has(record, 'id', 'answer', 'choices', 'messages', 'domain', 'topic') && Array.isArray(record.messages) && record.messages.every((turn) => typeof turn === 'string'),
    fields: (record) => ({ question: 'messages.0', prediction: `messages.${(record.messages as string[]).length - 1}`, category: 'topic' }),
    benchmark: 'M3CoT',
    // `experiment/zero-shot/llava-7b/direct.jsonl` -> `llava-7b-zero-shot-direct`: one run per model, setting and method.
    checkpoint: (_record, path) => [basename(dirname(path)), basename(dirname(dirname(path))), basename(path).replace(/\.jsonl?$/i, '')].filter((part) => part !== 'experiment').join('-'),
    outputOf: (record) => (record.messages as string[]).at(-1),
  },
  {
    name: "verl's generation dump (`input` the prompt, `output` the response, `gts` the gold, the reward's `acc` or its `score` the verdict where it is at least 0.8 or at most 0.2; the checkpoint `<run>@<step>`, a sample by its prompt)",
    matches: (record) => has(record, 'input', 'output', 'gts', 'score', 'step'),
    fields: { question: 'input', prediction: 'output', answer: 'gts' },
    idOf: (record) => promptId(record.input),
    checkpoint: (record, path) => `${verlRunName(path)}@${Number(record.step)}`,
    // `<step>.jsonl` names the step, not the data: the benchmark is the run's dump folder (`verl_dev-dump`).
    benchmark: (path) => (/^\d+\.jsonl$/.test(basename(path)) ? `${verlRunName(path)}-${basename(dirname(path))}` : undefined),
    stepOf: (record) => (Number.isInteger(Number(record.step)) ? Number(record.step) : undefined),
    repeatsAreAnswers: true,
    officialOf: verlVerdict,
    tool: 'verl',
  },
  {
    // OpenVLThinker's evaluation/*.json: `response` is the gold, `reasoning` the model's output, `answer` what was extracted from it.
    name: "OpenVLThinker's evaluation output (`instruction` the question, `response` the gold, `reasoning` the model's output, `answer` its extracted answer)",
    matches: (record) => has(record, 'instruction', 'response', 'reasoning', 'answer'),
    fields: { question: 'instruction', answer: 'response', prediction: 'reasoning', extracted: 'answer' },
  },
];

/** The last turn of a chat transcript when the model wrote it (DeepEyes' `pred_output`, tool calls and results before it). */
function lastAssistantTurn(record: Record<string, unknown>, field: string): string | undefined {
  const turns = record[field];
  if (!Array.isArray(turns) || turns.length === 0) return undefined;
  const last = turns[turns.length - 1] as { role?: unknown; content?: unknown } | null;
  return last?.role === 'assistant' && typeof last.content === 'string' ? `${field}.${turns.length - 1}.content` : undefined;
}

/** A chat turn's text: a string, or the text parts of a list of parts (an image part said as `[image]`). */
function turnText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: unknown; text?: unknown }) => (part?.type === 'text' && typeof part.text === 'string' ? part.text.trim() : part?.type === 'image_url' || part?.type === 'image' ? '[image]' : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/**
 * The model's side of a multi-turn chat, from its first turn: its turns as it wrote them, the tool's
 * results between them in `<tool_response>` (DeepEyes zooms into the image before it answers).
 */
function modelTurns(turns: unknown): string | undefined {
  if (!Array.isArray(turns)) return undefined;
  const first = turns.findIndex((turn: { role?: unknown }) => turn?.role === 'assistant');
  if (first < 0) return undefined;
  return turns
    .slice(first)
    .map((turn: { role?: unknown; content?: unknown }) => (turn?.role === 'assistant' ? turnText(turn.content) : `<tool_response>\n${turnText(turn?.content)}\n</tool_response>`))
    .join('\n\n');
}

/** `<run>/global_step_48/` names the checkpoint `<run>@48`, as this tool writes steps; another folder names it as it is. */
function checkpointFolder(path: string): string {
  const folder = basename(dirname(path));
  const step = /^global_step_?(\d+)$/.exec(folder);
  return step ? `${basename(dirname(dirname(path)))}@${Number(step[1])}` : folder;
}

export function fieldPresetOf(record: unknown): FieldPreset | undefined {
  return typeof record === 'object' && record !== null && !Array.isArray(record) ? PRESETS.find((preset) => preset.matches(record as Record<string, unknown>)) : undefined;
}

/** The fields a preset reads in a file whose first record is `record`. */
export function presetFields(preset: FieldPreset | undefined, record: Record<string, unknown>): Partial<Record<MapTarget, string>> {
  if (!preset) return {};
  return typeof preset.fields === 'function' ? preset.fields(record) : preset.fields;
}
