/**
 * lmms-eval `--log_samples` JSONL (`<date>_samples_<task>.jsonl` in `<output>/<model>/`): one line
 * per document with `doc_id`, `doc` (the dataset row), `target`, `resps` (raw generations),
 * `filtered_resps` (after the task's filters) and the task's metric under its own name. The
 * metric is the official verdict: 0/1 or true/false, or a dict holding one (MathVista's
 * `true_false`), or MMMU's dict, decided with MMMU's own rule.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ImportError } from '../errors';
import { asText, getPath, toAnswer, toChoices, toVerdict } from '../fields';
import { imageSourcesOf } from '../images';
import { folderNamedWarning, modelFolderOf, type FolderModel } from '../model-folder';
import { mmmuMultiChoiceCorrect, mmmuOpenCorrect } from '../official-rules';
import { lmmsResultsFigures } from '../lmms-results';
import { MmeScore } from '../lmms-mme';
import { CategoryMacroAverage } from '../lmms-macro';
import { LMMS_NOT_VERDICT_METRICS, lmmsTaskSpec, type LmmsTaskSpec, type LmmsVerdict } from '../../grading/lmms-eval-tasks';
import { MME_METRICS, RECOMPUTED_PREFIX } from '../../official-figure';
import { readJsonIfPresent, type Figure } from '../reported';
import type { FormatReader, ReadContext, SourceFile } from '../source-file';
import { readJsonDocument } from '../sources/json';
import { readJsonl } from '../sources/jsonl';
import type { OfficialVerdict, PredictionUsage, SampleRecord } from '../types';

const NOT_METRICS = new Set(['doc_id', 'doc', 'target', 'arguments', 'resps', 'filtered_resps', 'doc_hash', 'prompt_hash', 'target_hash', 'input', 'task_name', 'filter', 'metrics']);
const VERDICT_KEYS = ['true_false', 'correct', 'is_correct', 'hit', 'exact_match', 'acc', 'accuracy', 'score'];
const EXTRACTED_KEYS = ['parsed_pred', 'extraction', 'extracted', 'pred_answer', 'prediction', 'pred'];

export function lmmsTaskName(stem: string): string {
  const match = /(?:^|_)samples_(.+)$/.exec(stem);
  return match ? match[1]! : stem;
}

/**
 * A model given as a Hugging Face cache snapshot (`…/models--Qwen--Qwen2.5-VL-3B-Instruct/snapshots/<hash>`)
 * is named by its repository id (`Qwen/Qwen2.5-VL-3B-Instruct`); any other name as written.
 */
function readableModelName(name: string): string {
  const cached = /(?:^|\/)models--([^/]+?)--([^/]+)\/snapshots\/[^/]+\/?$/.exec(name);
  return cached ? `${cached[1]}/${cached[2]}` : name;
}

/**
 * The model: a sibling `*_results.json` says it (`model_name`, or `pretrained=` in model_args);
 * else the nearest folder that can name one (`model-folder.ts`: past lmms-eval's own `lmms_eval/`,
 * dated launch folders, backend folders and the task's folder), returned as `folder` so the
 * import can say a folder chose it. `task` is the samples file's; the folder's other samples
 * files name more tasks.
 */
export function lmmsModelSource(dir: string, task?: string): { name: string; folder?: FolderModel } {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // No readable folder listing: fall back to the folder names.
  }
  for (const name of names.filter((n) => /results.*\.json$/.test(n)).sort().reverse()) {
    const results = readJsonIfPresent(join(dir, name)) as { model_name?: unknown; config?: { model_args?: unknown } } | undefined;
    const direct = asText(results?.model_name);
    if (direct) return { name: readableModelName(direct) };
    const pretrained = /pretrained=([^,]+)/.exec(asText(results?.config?.model_args))?.[1];
    if (pretrained) return { name: readableModelName(pretrained) };
  }
  const tasks = names.map((name) => /_samples_(.+)\.jsonl$/.exec(name)?.[1]).filter((t): t is string => t !== undefined);
  const folder = modelFolderOf(dir, task ? [task, ...tasks] : tasks);
  // Nothing within reach can name a model: the file's own folder, as before (the warning says so).
  return { name: folder?.name ?? basename(dir), folder: folder ?? { name: basename(dir), passedOver: [] } };
}

export function lmmsModelName(dir: string, task?: string): string {
  return lmmsModelSource(dir, task).name;
}

/** A dict's extracted answer (`parsed_pred`, `extraction`, …), else the filtered response. */
function extractedOf(record: Record<string, unknown>, entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return filteredResponse(record);
  const metric = entry as Record<string, unknown>;
  const key = EXTRACTED_KEYS.find((name) => metric[name] !== undefined && metric[name] !== null);
  if (!key) return filteredResponse(record);
  // One entry per generation (MMMU's `parsed_pred`): the first answer's is the one kept.
  const value = metric[key];
  return asText(Array.isArray(value) && value.length === 1 ? value[0] : value);
}

/**
 * MMMU's `{answer, parsed_pred, question_type}`, decided as lmms-eval's `evaluate_mmmu` decides it.
 * Versions that log several generations (`mmmu_acc_pass_at_k` beside `mmmu_acc`; a list for a
 * multiple-choice answer) keep one entry per generation, and a sample is right when any entry
 * is. An open question's entry is then its first candidate as a string, which `eval_open` walks
 * character by character, so those versions count no open answer right: ported as it is, since
 * that is the figure their results.json reports.
 */
function mmmuVerdict(record: Record<string, unknown>, metric: Record<string, unknown>): boolean {
  const multipleChoice = asText(metric.question_type) === 'multiple-choice';
  const perGeneration = 'mmmu_acc_pass_at_k' in record || (multipleChoice && Array.isArray(metric.parsed_pred));
  if (!perGeneration) return multipleChoice ? mmmuMultiChoiceCorrect(metric.answer, metric.parsed_pred) : mmmuOpenCorrect(metric.answer, metric.parsed_pred);
  const entries: unknown[] = Array.isArray(metric.parsed_pred) ? metric.parsed_pred : [metric.parsed_pred];
  return entries.some((entry) => (multipleChoice ? mmmuMultiChoiceCorrect(metric.answer, entry) : mmmuOpenCorrect(metric.answer, entry)));
}

/** The verdict a known task's entry holds, where `grading/lmms-eval-tasks.ts` says it is. */
function verdictOf(record: Record<string, unknown>, entry: unknown, verdict: LmmsVerdict): boolean | undefined {
  if (verdict.from === 'none') return undefined;
  // A plain 0/1 under a task's other metric name (`llm_as_judge_eval` of its judged variants) is a verdict too.
  if (verdict.from === 'value' || typeof entry !== 'object' || entry === null) return toVerdict(entry);
  if (Array.isArray(entry)) return undefined;
  const metric = entry as Record<string, unknown>;
  switch (verdict.from) {
    case 'field':
      return toVerdict(metric[verdict.field]);
    case 'first-of': {
      const list = metric[verdict.field];
      return Array.isArray(list) ? toVerdict(list[0]) : undefined;
    }
    case 'equal':
      return metric[verdict.left] === undefined || metric[verdict.right] === undefined ? undefined : asText(metric[verdict.left]) === asText(metric[verdict.right]);
    case 'mmmu-rule':
      return 'parsed_pred' in metric && 'answer' in metric ? mmmuVerdict(record, metric) : undefined;
  }
}

/** Any other task: the first metric holding a 0/1 value, or a dict with a verdict field. */
function genericOfficial(record: Record<string, unknown>): OfficialVerdict | undefined {
  const declared = Array.isArray(record.metrics) ? record.metrics.map(asText) : [];
  const names = declared.length > 0 ? declared : Object.keys(record).filter((key) => !NOT_METRICS.has(key) && !key.endsWith('_stderr'));
  for (const name of names.filter((key) => !LMMS_NOT_VERDICT_METRICS.has(key))) {
    const value = record[name];
    const direct = toVerdict(value);
    if (direct !== undefined) return { correct: direct, extracted: filteredResponse(record) };
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const metric = value as Record<string, unknown>;
      const verdictKey = VERDICT_KEYS.find((key) => toVerdict(metric[key]) !== undefined);
      if (verdictKey) return { correct: toVerdict(metric[verdictKey])!, extracted: extractedOf(record, metric) };
      if ('parsed_pred' in metric && 'answer' in metric) return { correct: mmmuVerdict(record, metric), extracted: extractedOf(record, metric) };
    }
  }
  return undefined;
}

/**
 * The official verdict of one samples line: where the task's rule puts it, for the tasks
 * `grading/lmms-eval-tasks.ts` knows (none where a judge decides at aggregation or the value is
 * partial credit), else the first metric that holds one.
 */
function officialOf(record: Record<string, unknown>, spec: LmmsTaskSpec | undefined): OfficialVerdict | undefined {
  if (!spec) return genericOfficial(record);
  if (spec.verdict.from === 'none') return undefined;
  const name = spec.headline.find((metric) => record[metric] !== undefined);
  // A version that renamed the metric: read it as any task.
  if (name === undefined) return genericOfficial(record);
  const correct = verdictOf(record, record[name], spec.verdict);
  return correct === undefined ? undefined : { correct, extracted: extractedOf(record, record[name]) };
}

/** `filtered_resps`: `[[text]]` or `[text]` in older lmms-eval, a plain value in today's tracker. */
function filteredResponse(record: Record<string, unknown>): string | null {
  const filtered = record.filtered_resps;
  if (typeof filtered === 'string') return filtered;
  if (typeof filtered === 'number' || typeof filtered === 'boolean') return String(filtered);
  const first = Array.isArray(filtered) ? filtered[0] : undefined;
  const text = Array.isArray(first) ? first[0] : first;
  return typeof text === 'string' ? text : null;
}

/** `resps`, the raw generation; today's lmms-eval drops it when it equals `filtered_resps`. */
function rawResponse(record: Record<string, unknown>): string | null {
  const resps = record.resps;
  if (typeof resps === 'string') return resps;
  const first = Array.isArray(resps) ? resps[0] : undefined;
  const text = Array.isArray(first) ? first[0] : first;
  return typeof text === 'string' ? text : filteredResponse(record);
}

/** The records of a samples file: JSONL lines, or an older version's `logs` list. */
async function* recordsOf(file: SourceFile, ctx: ReadContext): AsyncGenerator<{ value: unknown; at: string }> {
  if (!/\.json$/i.test(file.name)) {
    for await (const { value, line } of readJsonl(file.path, file.displayPath, ctx.bytes)) yield { value, at: `line ${line}` };
    return;
  }
  const document = (ctx.document ?? (await readJsonDocument(file.path, file.displayPath))) as { logs?: unknown };
  ctx.bytes.add(file.size);
  if (!Array.isArray(document.logs)) throw new ImportError(file.displayPath, null, 'logs', 'missing or not a list (an lmms-eval <task>.json holds its samples under "logs")');
  for (const [i, value] of document.logs.entries()) yield { value, at: `logs[${i}]` };
}

/** The task: an older version's document names it (`model_configs.task`); else the file's name. */
function taskOf(file: SourceFile, document: unknown): string {
  const named = asText((document as { model_configs?: { task?: unknown } } | undefined)?.model_configs?.task);
  return named !== '' ? named : lmmsTaskName(file.stem);
}

export const readLmmsEval: FormatReader = async function* (file, ctx) {
  const task = taskOf(file, ctx.document);
  const spec = lmmsTaskSpec(task);
  const benchmark = ctx.options.benchmark ?? task;
  const model = ctx.options.checkpoint === undefined ? lmmsModelSource(file.dir, task) : undefined;
  const checkpoint = ctx.options.checkpoint ?? model!.name;
  const asPredictions = ctx.options.kind !== 'benchmark';
  if (asPredictions) yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: checkpoint }, config: { format: 'lmms-eval', task: benchmark } };
  else yield { type: 'benchmark', benchmark: { name: benchmark } };
  // Folder names are a guess at the model: say which folder made it, so two models never merge unseen.
  if (asPredictions && model?.folder) yield { type: 'warning', message: folderNamedWarning(model.folder, 'no results.json beside the samples names the model') };
  const mme = new MmeScore();
  const filters: { first?: string; others: Map<string, number> } = { others: new Map() };
  const macro = spec?.macroOver ? new CategoryMacroAverage(spec.headline[0]!, spec.macroOver) : null;
  for await (const { value, at } of recordsOf(file, ctx)) {
    if (typeof value !== 'object' || value === null) throw new ImportError(file.displayPath, at, null, 'not a JSON object');
    const record = value as Record<string, unknown>;
    if (record.doc_id === undefined) throw new ImportError(file.displayPath, at, 'doc_id', 'missing');
    // A task with several filters logs every document once per filter (`filter`), the first filter's first.
    if (typeof record.filter === 'string') {
      filters.first ??= record.filter;
      if (record.filter !== filters.first) {
        filters.others.set(record.filter, (filters.others.get(record.filter) ?? 0) + 1);
        continue;
      }
    }
    const doc = (typeof record.doc === 'object' && record.doc !== null ? record.doc : {}) as Record<string, unknown>;
    const question = asText(doc.question ?? doc.query ?? doc.problem ?? record.input ?? getPath(record, 'arguments.0.0'));
    // HallusionBench's `target` is the question's explanation, its yes/no gold `doc.gt_answer`: a file
    // without the doc has no gold, and graded against the explanation every answer would be wrong.
    if (spec?.yesNoGold && doc[spec.yesNoGold] === undefined) {
      throw new ImportError(
        file.displayPath,
        at,
        `doc.${spec.yesNoGold}`,
        `lmms-eval ${spec.family} logs its yes/no gold as doc.${spec.yesNoGold}, and this samples file has no doc (its \`target\` is the question's explanation, not an answer): nothing to grade the answers against; log the samples with their docs`,
      );
    }
    const gold = goldOf(record, doc, spec);
    // Today's tracker logs no `doc`, only the media it showed (`input_media`, paths in the dataset).
    const image = doc.image_path ?? doc.image ?? record.input_media;
    mme.add(record);
    macro?.add(record);
    const sample: SampleRecord = {
      externalId: asText(record.doc_id),
      question,
      choices: toChoices(doc.options ?? doc.choices),
      answer: toAnswer(gold),
      answerType: null,
      category: asText(doc.category ?? doc.subject ?? doc.subfield ?? mmeEntry(record)?.category) || null,
      metadata: { doc_hash: record.doc_hash ?? null },
      images: typeof image === 'string' || Array.isArray(image) ? imageSourcesOf(image) : [],
    };
    if (!asPredictions) {
      yield { type: 'sample', sample, at };
      continue;
    }
    const output = rawResponse(record);
    if (output === null) throw new ImportError(file.displayPath, at, 'resps', 'no response text (neither resps nor filtered_resps holds one)');
    const official = officialOf(record, spec);
    const usage = usageOf(record);
    yield { type: 'prediction', sample, output, ...(official ? { official } : {}), ...(usage ? { usage } : {}), at };
  }
  if (filters.others.size > 0) {
    const others = [...filters.others].map(([name, lines]) => `${name} (${lines} lines)`).join(', ');
    yield { type: 'warning', message: `the answers of filter ${filters.first} kept (one run per task); those of the task's other filters left out: ${others}` };
  }
  if (!asPredictions) return;
  for (const figure of siblingResults(file.dir, file.name, task, filters.first)) yield { type: 'reported', ...figure };
  const average = macro?.figure();
  if (spec && average) {
    const source = `${RECOMPUTED_PREFIX}lmms-eval ${spec.family} rule over ${file.name} (the mean of the accuracies of ${average.categories} ${spec.macroOver} groups, ${average.samples} samples)`;
    yield { type: 'reported', metric: `${spec.headline[0]},${filters.first ?? 'none'}`, value: average.value, total: average.samples, source };
  }
  for (const figure of mme.figures()) {
    const skipped = figure.skipped > 0 ? `, ${figure.skipped} image(s) without two answers left out` : '';
    yield { type: 'reported', metric: `${figure.metric},none`, value: figure.value, total: figure.images * 2, source: `${RECOMPUTED_PREFIX}lmms-eval MME rule over ${file.name} (${figure.images} images${skipped})` };
  }
};

/** The gold answer: lmms-eval's `target`, or the yes/no a task keeps as "1"/"0" where its target is not the answer a model gives. */
function goldOf(record: Record<string, unknown>, doc: Record<string, unknown>, spec: LmmsTaskSpec | undefined): unknown {
  const yesNo = spec?.yesNoGold ? doc[spec.yesNoGold] : undefined;
  if (yesNo === '1' || yesNo === '0') return yesNo === '1' ? 'Yes' : 'No';
  return record.target ?? doc.answer ?? doc.answers;
}

/**
 * `token_counts` (today's tracker, one entry per response): `input_tokens`, `output_tokens` and,
 * from servers that time it (vLLM), `generation_seconds`, the request from sending to its last
 * token. The first response's, as the first answer is the one kept.
 */
function usageOf(record: Record<string, unknown>): PredictionUsage | undefined {
  const counts = Array.isArray(record.token_counts) ? record.token_counts[0] : undefined;
  if (typeof counts !== 'object' || counts === null) return undefined;
  const { input_tokens: input, output_tokens: output, generation_seconds: seconds } = counts as Record<string, unknown>;
  const count = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);
  return {
    promptTokens: count(input),
    completionTokens: count(output),
    latencyMs: typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : null,
  };
}

/** A sample's MME entry (`{question_id, category, score}`), perception or cognition. */
function mmeEntry(record: Record<string, unknown>): Record<string, unknown> | undefined {
  const entry = MME_METRICS.map((metric) => record[metric]).find((value) => value !== undefined);
  return typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : undefined;
}

/** What the `*_results.json` of the same launch (same date prefix, else the newest) reports for this task. */
function siblingResults(dir: string, samplesName: string, task: string, keptFilter: string | undefined): Figure[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /results.*\.json$/.test(n)).sort().reverse();
  } catch {
    return [];
  }
  const launch = /^(.*?)_?samples_/.exec(samplesName)?.[1] ?? '';
  const ordered = [...names.filter((n) => launch !== '' && n.startsWith(launch)), ...names.filter((n) => launch === '' || !n.startsWith(launch))];
  for (const name of ordered) {
    const figures = lmmsResultsFigures(readJsonIfPresent(join(dir, name)), name, keptFilter).get(task);
    if (figures) return figures;
  }
  return [];
}
