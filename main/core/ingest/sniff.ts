/**
 * Which format a file is in, from its name and its first bytes (or, for a JSON document, its
 * shape). `--format` overrides. The guess also says what the file holds, so that benchmarks are
 * imported before the predictions that join them when several files are named at once.
 */
import { open } from 'node:fs/promises';
import { ImportError, UnknownFormatError } from './errors';
import { DEFAULT_SOURCES } from './fields';
import { fieldPresetOf, presetFields } from './field-presets';
import { isEmmaProblem, isEmmaResult } from './formats/mathvista';
import { isMathVerseRecord } from './formats/mathverse';
import { isMmeSubtaskFile, looksLikeMmeAnswers } from './formats/mme-eval-tool';
import { isMmmuOutputRecord } from './formats/mmmu-outputs';
import { isMmmuAnswerDict, isMmmuPredictionDict } from './formats/mmmu';
import { isMmmuProRow } from './formats/mmmu-pro';
import { isLmmsResults, isLmmsTaskDocument } from './lmms-results';
import { splitModelDataset } from './names';
import type { SourceFile } from './source-file';
import { readJsonDocument } from './sources/json';
import type { FormatName } from './types';

export type FileRole = 'benchmark' | 'metrics' | 'predictions' | 'reported';

export interface Sniffed {
  format: FormatName;
  role: FileRole;
  /** The parsed document when sniffing had to read a JSON file whole. */
  document?: unknown;
  /** What the user should know about how the file is read (a .json file of JSON Lines). */
  note?: string;
}

/**
 * The first record of JSON Lines saved under a `.json` name (POPE's own `coco_pope_*.json`): two
 * lines or more, each starting an object, the first a whole one. Null for a JSON document.
 */
function jsonLinesFirstRecord(text: string): Record<string, unknown> | null {
  const [first, second] = text.split('\n', 2).map((line) => line.trim());
  if (!first?.startsWith('{') || !second?.startsWith('{')) return null;
  try {
    // A line may end with a comma (`{…},`, SEED-Bench's results): the JSON Lines reader takes it off too.
    const record = JSON.parse(first.replace(/,$/, '')) as unknown;
    return typeof record === 'object' && record !== null && !Array.isArray(record) ? (record as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const JSON_DOCUMENT_FORMATS = new Set<FormatName>(['mathverse', 'mathvista', 'mathvista-scores', 'math-v-result', 'lmms-eval-results', 'r1v', 'mmmu', 'mmmu-outputs', 'json']);

async function head(path: string, bytes = 65536): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

const firstLine = (text: string): string => text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';

/** A prediction field by its usual names, or by the fields a known tool writes (LLaVA's `text`, InternVL's `answer`). */
function hasPredictionField(record: Record<string, unknown>): boolean {
  return DEFAULT_SOURCES.prediction.some((name) => name in record) || presetFields(fieldPresetOf(record), record).prediction !== undefined;
}

function roleOfJsonl(record: Record<string, unknown>): { format: FormatName; role: FileRole } {
  if ('doc_id' in record && ('resps' in record || 'filtered_resps' in record)) return { format: 'lmms-eval', role: 'predictions' };
  if ('id' in record && 'response' in record && 'model_answer' in record) return { format: 'math-v', role: 'predictions' };
  if (isMmmuProRow(record)) return { format: 'mmmu-pro', role: 'predictions' };
  // MMMU-Pro rows also have id/options/answer/subject (and img_type, topic_difficulty): only MATH-V has `level`.
  if ('id' in record && 'options' in record && 'answer' in record && 'level' in record && !('img_type' in record) && !('topic_difficulty' in record)) return { format: 'math-v', role: 'benchmark' };
  if (typeof record.step === 'number' && !hasPredictionField(record)) return { format: 'easyr1-metrics', role: 'metrics' };
  return { format: 'jsonl', role: hasPredictionField(record) ? 'predictions' : 'benchmark' };
}

function roleOfJson(document: unknown, file: SourceFile, benchmark?: string): { format: FormatName; role: FileRole } {
  if (Array.isArray(document)) {
    const first = document[0] as Record<string, unknown> | undefined;
    const records = typeof first === 'object' && first !== null;
    if (records && 'index' in first && splitModelDataset(file.path, {}) && 'prediction' in first) return { format: 'vlmevalkit', role: 'predictions' };
    if (records && isMmmuOutputRecord(first)) return { format: 'mmmu-outputs', role: 'predictions' };
    if (records && isMathVerseRecord(first)) return { format: 'mathverse', role: 'model_answer' in first ? 'predictions' : 'benchmark' };
    return { format: 'json', role: records && hasPredictionField(first) ? 'predictions' : 'benchmark' };
  }
  if (typeof document !== 'object' || document === null) return { format: 'json', role: 'benchmark' };
  const object = document as Record<string, unknown>;
  if (typeof object.accuracy === 'number' && Array.isArray(object.results)) return { format: 'r1v', role: 'predictions' };
  if (typeof object['-all'] === 'string') return { format: 'math-v-result', role: 'reported' };
  if (isLmmsResults(object)) return { format: 'lmms-eval-results', role: 'reported' };
  if (isLmmsTaskDocument(object)) return { format: 'lmms-eval', role: 'predictions' };
  // MathVista's scores_<model>.json, or EMMA's <model>_result.json of the same shape (told apart when read).
  // (EMMA's later summaries say `type` where MathVista says `question_type`: known by their EMMA subjects.)
  if (typeof object.average === 'object' && object.average !== null && ('question_type' in object || isEmmaResult(object))) return { format: 'mathvista-scores', role: 'reported' };
  if (isMmmuAnswerDict(object)) return { format: 'mmmu', role: 'benchmark' };
  if (isMmmuPredictionDict(object)) return { format: 'mmmu', role: 'predictions' };
  const values = Object.values(object);
  const first = values[0] as Record<string, unknown> | undefined;
  if (typeof first === 'object' && first !== null && 'pid' in first && 'question' in first) {
    // MathVista's shape is shared by EMMA (a fork of its scripts): the benchmark must be told, never guessed.
    // Markers in the problem, else the names MathVista's scripts write (`output_<model>.json`) or a folder that says it.
    const mathvista = 'question_type' in first || 'metadata' in first || 'answer_type' in first || /^output_/.test(file.name) || /mathvista/i.test(file.path);
    if (!mathvista && !isEmmaProblem(first) && !benchmark) {
      throw new ImportError(file.displayPath, null, null, "MathVista-shaped file (pid -> problem) that is neither MathVista's (question_type, metadata) nor EMMA's (subject Math/Physics/Chemistry/Coding); candidates: MathVista_MINI, EMMA, EMMA-mini; pass --benchmark NAME");
    }
    const answered = values.some((value) => typeof value === 'object' && value !== null && 'response' in value);
    return { format: 'mathvista', role: answered ? 'predictions' : 'benchmark' };
  }
  return { format: 'json', role: typeof first === 'object' && first !== null && hasPredictionField(first) ? 'predictions' : 'benchmark' };
}

export async function sniffFormat(file: SourceFile, forced?: FormatName, benchmark?: string): Promise<Sniffed> {
  const name = file.name.toLowerCase();
  const text = await head(file.path);
  if (forced) {
    const document = JSON_DOCUMENT_FORMATS.has(forced) ? await readJsonDocument(file.path, file.displayPath) : undefined;
    const role: FileRole = ['vlmevalkit-score', 'mathvista-scores', 'math-v-result', 'lmms-eval-results'].includes(forced)
      ? 'reported'
      : forced === 'easyr1-metrics'
        ? 'metrics'
        : document !== undefined
          ? roleOfJson(document, file, forced === 'mathvista' ? 'forced' : benchmark).role
          : 'predictions';
    return { format: forced, role, ...(document !== undefined ? { document } : {}) };
  }
  if (name.endsWith('.parquet') || text.startsWith('PAR1')) return { format: 'parquet', role: 'predictions' };
  if (isMmeSubtaskFile(file.name) && looksLikeMmeAnswers(firstLine(text))) return { format: 'mme-eval-tool', role: 'predictions' };
  if (isMmeSubtaskFile(file.name)) {
    // The MME tool's own files before a model answered (InternVL keeps them as `Your_Results/`): three fields.
    const fields = firstLine(text).replace(/\r$/, '').split('\t').length;
    throw new ImportError(file.displayPath, 'line 1', null, `named as an MME subtask, with ${fields} tab-separated field(s); the MME tool reads four (image, question, ground truth, prediction): a file without the model's answers is its template`);
  }
  if (name.endsWith('.xlsx')) return { format: 'vlmevalkit', role: 'predictions' };
  if (/_(?:acc|score|score_result)\.csv$/.test(name)) return { format: 'vlmevalkit-score', role: 'reported' };
  if (/^generations.*\.log$/.test(name) || /^(?:\[[^\]\n]+\]\s*\n)?\[prompt\] /.test(text)) return { format: 'easyr1-generations', role: 'predictions' };
  if (name.endsWith('.jsonl')) {
    const line = firstLine(text);
    let record: unknown;
    try {
      // `{…},`: a comma ending a line is taken off by the JSON Lines reader too.
      record = JSON.parse(line.trimEnd().replace(/\},$/, '}'));
    } catch {
      // A JSON document under a .jsonl name (LLaVA's ScienceQA `<model>_output.jsonl`), read as what it is.
      const document = line.trim() === '{' || line.trim() === '[' ? await readJsonDocument(file.path, file.displayPath).catch(() => undefined) : undefined;
      if (document !== undefined) return { ...roleOfJson(document, file, benchmark), document, note: 'holds one JSON document, though named .jsonl: read as JSON' };
      throw new ImportError(file.displayPath, 'line 1', null, 'not JSON (a .jsonl file holds one JSON object per line)');
    }
    if (typeof record !== 'object' || record === null) throw new ImportError(file.displayPath, 'line 1', null, 'not a JSON object');
    return roleOfJsonl(record as Record<string, unknown>);
  }
  if (name.endsWith('.json')) {
    const lines = jsonLinesFirstRecord(text);
    const commas = lines !== null && /^\{.*\},\s*$/.test(firstLine(text)) ? ' (a comma ending a line taken off)' : '';
    if (lines) return { ...roleOfJsonl(lines), note: `holds one JSON object per line (JSON Lines)${commas}, though named .json: read as JSONL` };
    const document = await readJsonDocument(file.path, file.displayPath);
    return { ...roleOfJson(document, file, benchmark), document };
  }
  if (name.endsWith('.tsv') || name.endsWith('.csv')) {
    const header = firstLine(text).split(name.endsWith('.tsv') ? '\t' : ',').map((cell) => cell.trim().replace(/^"|"$/g, ''));
    const vlmevalkit = header.includes('index') && (header.includes('question') || header.includes('prediction'));
    const role: FileRole = header.includes('prediction') || DEFAULT_SOURCES.prediction.some((n) => header.includes(n)) ? 'predictions' : 'benchmark';
    if (vlmevalkit && (name.endsWith('.tsv') || splitModelDataset(file.path, {}))) return { format: 'vlmevalkit', role };
    return { format: name.endsWith('.tsv') ? 'tsv' : 'csv', role };
  }
  // R1-V / open-r1-multimodal's training log (`------------- <time> Accuracy reward: 0.0 -------------`, then `Content:` and `Solution:`).
  if (/^-{5,} [^\n]*(?:Accuracy|Format|IoU) reward:/m.test(text)) {
    throw new UnknownFormatError(file.displayPath, null, null, "an R1-V / open-r1-multimodal training debug log (rollouts with their rewards): not a format this tool reads; import the evaluation logs the repository writes (`<benchmark>_<model>.json`, format r1v) instead");
  }
  throw new UnknownFormatError(file.displayPath, null, null, 'unknown format; pass --format (one of the formats listed by `vlm-workbench import --help`)');
}
