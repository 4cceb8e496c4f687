/**
 * What a folder named for import holds: result files at any depth (a VLMEvalKit `outputs/` tree
 * of several models, one model's folder, or a flat folder), planned so that each checkpoint ×
 * benchmark becomes one run.
 *
 * VLMEvalKit writes `outputs/<model>/T<date>_G<hash>/<model>_<dataset>.xlsx` (raw predictions),
 * `<model>_<dataset>_<judge>.xlsx` (the same rows with the judge's verdicts), summaries
 * (`_acc.csv`, `_score.csv`, `_<judge>_score.csv`, `_score.json`, `_acc.xlsx`), `.pkl` caches
 * and, beside the dated folders, symlinks to the newest launch's files. The plan:
 * - per model and dataset, the newest launch (latest `T<date>` folder; on the same date, the
 *   folder whose predictions file was written last) is imported; older launches are named;
 * - from that launch the judged file is read (it holds the raw predictions and the verdicts), so
 *   raw and judged make one run; its summaries are read beside it by the VLMEvalKit reader;
 * - `.pkl` files are skipped (never unpickled) and dangling symlinks are reported by name.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { ImportError } from './errors';
import { isMmeSubtaskFile } from './formats/mme-eval-tool';
import { isMmmuSubjectOutput, MMMU_SUBJECTS } from './formats/mmmu-outputs';
import { datasetBeforeCustomJudge, isKnownVlmevalkitDataset, JUDGE_NAMES, splitModelDataset, stripJudgeSuffixes } from './names';

/** Extensions result files come in. */
export const IMPORTABLE = /\.(?:tsv|csv|xlsx|jsonl|json|parquet|log)$/i;
const LAUNCH_FOLDER = /^T(\d{8})_G[0-9a-f]+$/i;
const PREDICTION_EXT = /\.(?:xlsx|tsv|json)$/i;
/** Files VLMEvalKit keeps beside a dataset's summary: MMVet's per-capability `_score_fine.csv`. */
const SIDE_FILE = /_(?:score_fine|acc_fine)$/i;
/** `_acc`, `_score`, OlympiadBench's `_score_result`. */
const SUMMARY = /_(?:acc|score|score_result)$/i;
const JUDGE = new RegExp(`_(?:${JUDGE_NAMES})$`, 'i');
/** Deep enough for lmms-eval's own `results/<board>/<model>/<task>/<backend>/<run>/lmms_eval/`; a deeper folder is named in a warning. */
const MAX_DEPTH = 10;
/** Result files compressed by their tool (lmms-eval's `samples_<task>.jsonl.gz`): named, not read. */
const COMPRESSED = /\.(?:tsv|csv|jsonl|json|log)\.gz$/i;

export interface PlannedPath {
  path: string;
  display: string;
  /** Names the folder layout tells (VLMEvalKit `outputs/<model>/`), used unless --checkpoint/--benchmark say otherwise. */
  names?: { checkpoint: string; benchmark: string };
  /** Found in a folder the user named, not named itself: a summary without its run is skipped, not refused. */
  inFolder?: boolean;
}

export interface FolderPlan {
  files: PlannedPath[];
  /** What was left out and why (older launches, raw files read through their judged file, pickles). */
  notes: string[];
  warnings: string[];
}

interface Found {
  path: string;
  display: string;
}

/** What a walk of a folder collects. */
interface Walk {
  /** The real path of the folder named: links to files inside it are read where they lie, once. */
  root: string;
  found: Found[];
  plan: FolderPlan;
  pickles: string[];
  compressed: string[];
  linkedInside: string[];
}

function walk(path: string, display: string, depth: number, state: Walk): void {
  const { found, plan, pickles, compressed } = state;
  let entries: Dirent[];
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (error) {
    plan.warnings.push(`${display}: cannot read the folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(path, entry.name);
    const shown = join(display, entry.name);
    if (entry.isSymbolicLink()) {
      let target: ReturnType<typeof statSync>;
      try {
        target = statSync(full);
      } catch {
        plan.warnings.push(`${shown}: a dangling symlink (points to ${readlinkSync(full)}, which does not exist here); skipped`);
        continue;
      }
      // Linked folders are not followed (a link to an ancestor would loop); linked files are read,
      // unless they lie in the folder named (VLMEvalKit links its newest launch's files beside it).
      if (target.isDirectory()) {
        plan.notes.push(`${shown}: a symlink to a folder, not followed`);
        continue;
      }
      if (realpathSync(full).startsWith(`${state.root}${sep}`)) {
        state.linkedInside.push(shown);
        continue;
      }
    } else if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) walk(full, shown, depth + 1, state);
      else plan.warnings.push(`${shown}: more than ${MAX_DEPTH} folders deep; not read (import it by naming a folder nearer to it)`);
      continue;
    }
    const storedLink = entry.isFile() ? symlinkStoredAsText(full) : null;
    if (storedLink !== null) {
      plan.warnings.push(`${shown}: holds only a path (${storedLink}): a symlink checked out as a text file (git without symlink support); skipped`);
      continue;
    }
    if (/\.pkl$/i.test(entry.name)) pickles.push(shown);
    else if (COMPRESSED.test(entry.name)) compressed.push(shown);
    else if (IMPORTABLE.test(entry.name) || isMmeSubtaskFile(entry.name)) found.push({ path: full, display: shown });
  }
}

/**
 * The target of a symlink that git checked out as a small text file holding its path (as it does
 * where symlinks are off: Windows, `core.symlinks=false`, some archive downloads), as VLMEvalKit's
 * links to its newest launch become; null for any other file.
 */
export function symlinkStoredAsText(path: string): string | null {
  if (!IMPORTABLE.test(path)) return null;
  try {
    if (statSync(path).size > 1024) return null;
    const text = readFileSync(path, 'utf8').trim();
    // One line with a folder separator and no delimiter a table or JSON would have.
    return /^[^\n,\t"{}[\]]*[\\/][^\n,\t"{}[\]]*$/.test(text) && IMPORTABLE.test(text) ? text : null;
  } catch {
    return null;
  }
}

interface VlmevalkitFile extends Found {
  model: string;
  dataset: string;
  launch: string;
  date: string;
  role: 'raw' | 'judged' | 'summary' | 'extra';
  /** Among judged files, which to read: the judge's last pass (verdicts) before an earlier one (extraction only). */
  pass: number;
}

/**
 * MathVerse's judge runs twice: `_<judge>_extract.xlsx` holds its extraction, then
 * `_<judge>_score.xlsx` the same rows with its verdicts (`score`). Both are per-sample files, not
 * summaries (the summary is `_<judge>_score.csv`).
 */
const JUDGE_PASS = /_(extract|score)$/i;
const laterPassFirst = (a: VlmevalkitFile, b: VlmevalkitFile): number => b.pass - a.pass;

/** `<dataset>[_<judge>][_acc|_score]` of a dataset VLMEvalKit has. */
function namesVlmevalkitDataset(rest: string): boolean {
  const dataset = stripJudgeSuffixes(rest);
  return isKnownVlmevalkitDataset(dataset) || datasetBeforeCustomJudge(dataset) !== null;
}

/** `<model>_<dataset>[_<judge>][_acc|_score]` inside `<model>/` or `<model>/T<date>_G<hash>/`. */
function vlmevalkitFileOf(found: Found): VlmevalkitFile | null {
  const folder = basename(dirname(found.path));
  const launch = LAUNCH_FOLDER.exec(folder);
  const name = basename(found.path);
  const stem = name.replace(/\.[^.]+$/, '');
  let model = launch ? basename(dirname(dirname(found.path))) : folder;
  // A flat folder not named after the model (vila_13b_MMStar_openai_result.xlsx in results/): a known dataset name ends the stem.
  // Predictions in any format VLMEvalKit writes (PRED_FORMAT xlsx, tsv, json) go by the same name as their summaries.
  const summaryCsv = /\.csv$/i.test(name) && SUMMARY.test(stem);
  if (!launch && !stem.startsWith(`${model}_`) && (/\.(?:xlsx|tsv|json)$/i.test(name) || summaryCsv)) model = splitModelDataset(found.path, {})?.model ?? '';
  if (!model || !stem.startsWith(`${model}_`)) return null;
  let rest = stem.slice(model.length + 1);
  // Side files VLMEvalKit writes beside a dataset's (MMVet's `_score_fine.csv`), in a flat folder too: never a dataset's own.
  if (!launch && SIDE_FILE.test(rest) && namesVlmevalkitDataset(rest.replace(SIDE_FILE, ''))) return { ...found, model, dataset: rest, launch: '', date: '', role: 'extra', pass: 0 };
  // Outside a dated folder, spreadsheets are taken for VLMEvalKit's, and other files only where
  // they name a dataset it has (`<model>/<model>_OCRBench_score.json`): a flat folder of JSON stays generic.
  if (!launch && !/\.xlsx$/i.test(name) && !summaryCsv && !namesVlmevalkitDataset(rest)) return null;
  let role: VlmevalkitFile['role'] = 'raw';
  const judgePass = JUDGE_PASS.exec(rest);
  if (judgePass && /\.xlsx$/i.test(name) && JUDGE.test(rest.slice(0, judgePass.index))) {
    const dataset = rest.slice(0, judgePass.index).replace(JUDGE, '');
    if (dataset === '') return null;
    const pass = judgePass[1]!.toLowerCase() === 'score' ? 2 : 1;
    return { ...found, model, dataset, launch: launch ? folder : '', date: launch ? launch[1]! : '', role: 'judged', pass };
  }
  if (SUMMARY.test(rest) && /\.(?:csv|json|xlsx)$/i.test(name)) {
    role = 'summary';
    rest = rest.replace(SUMMARY, '');
    // A judge of the user's own between the dataset and `_score` (`MathVista_MINI_dt_gpt_score.csv`).
    if (!JUDGE.test(rest)) rest = datasetBeforeCustomJudge(rest) ?? rest;
  } else if (!PREDICTION_EXT.test(name) || (launch && /\.json$/i.test(name))) {
    // Side files VLMEvalKit writes in a launch folder (`_score_fine.csv`, judge caches as JSON):
    // never imported as a dataset of their own.
    return launch ? { ...found, model, dataset: rest, launch: folder, date: launch[1]!, role: 'extra', pass: 0 } : null;
  }
  if (JUDGE.test(rest)) {
    if (role === 'raw') role = 'judged';
    rest = rest.replace(JUDGE, '');
  }
  if (rest === '') return null;
  return { ...found, model, dataset: rest, launch: launch ? folder : '', date: launch ? launch[1]! : '', role, pass: role === 'judged' ? 2 : 0 };
}

const mtime = (path: string): number => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/** Newest launch first: the later date, then the later-written predictions file. */
function newestFirst(a: { date: string; written: number; launch: string }, b: { date: string; written: number; launch: string }): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.written !== b.written) return b.written - a.written;
  return a.launch < b.launch ? 1 : -1;
}

/**
 * Files Hugging Face's Trainer (and LLaMA-Factory, ms-swift, TRL on top of it) writes into an output
 * folder beside `generated_predictions.jsonl`: run metrics, trainer state and model settings. A
 * folder import passes them over; named on its own, such a file is still refused with its reason.
 */
const TRAINER_FILES = /^(?:all_results|train_results|eval_results|predict_results|trainer_state|trainer_log|training_args|config|generation_config|preprocessor_config|tokenizer_config|tokenizer|special_tokens_map|added_tokens|chat_template|adapter_config|model\.safetensors\.index|vocab|merges|args|logging)\.jsonl?$/i;

/**
 * EvalScope's `<output>/predictions/<model>/<subset>.jsonl` where `<output>/reviews/<model>/<subset>.jsonl`
 * is there too: the review holds the same answers with their golds and verdicts; the predictions
 * alone have no gold and would refuse the whole folder.
 */
function hasEvalScopeReview(path: string): boolean {
  const modelFolder = dirname(path);
  if (basename(dirname(modelFolder)) !== 'predictions') return false;
  return existsSync(join(dirname(dirname(modelFolder)), 'reviews', basename(modelFolder), basename(path)));
}

/** Visual-RFT's predictions where its `<same name>_evaluation.json` beside holds them with the judge's verdicts. */
function hasVisualRftEvaluation(path: string): boolean {
  return /\.json$/i.test(path) && !/_evaluation\.json$/i.test(path) && existsSync(path.replace(/\.json$/i, '_evaluation.json'));
}

/** The first names of a list for a message, an ellipsis for the rest. */
const firstOf = (names: readonly string[], most: number): string => `${names.slice(0, most).join(', ')}${names.length > most ? ', …' : ''}`;

export function planFolder(path: string, display: string): FolderPlan {
  const plan: FolderPlan = { files: [], notes: [], warnings: [] };
  const state: Walk = { root: realpathSync(path), found: [], plan, pickles: [], compressed: [], linkedInside: [] };
  walk(path, display, 0, state);
  const { found, pickles, compressed, linkedInside } = state;
  if (linkedInside.length > 0) {
    plan.notes.push(`${linkedInside.length} symlink(s) to files inside the folder (${firstOf(linkedInside.map((p) => basename(p)), 3)}) read where they lie, once`);
  }
  if (pickles.length > 0) plan.notes.push(`skipped ${pickles.length} .pkl file(s) (pickles are never unpickled): ${pickles.map((p) => basename(p)).join(', ')}`);
  if (compressed.length > 0) {
    plan.warnings.push(`skipped ${compressed.length} gzip-compressed file(s) (${firstOf(compressed, 4)}): decompress them (gunzip -k FILE) and import again`);
  }

  const groups = new Map<string, VlmevalkitFile[]>();
  const extras: string[] = [];
  // The MME tool's subtask files (`existence.txt`, …) of a folder are read as one run, through
  // the first; so are MMMU's subject outputs (`<model>/<subject>/output.json`) of a model folder,
  // beside which main_parse_and_eval.py writes what it derived (parsed_output.json, result.json).
  const oneRunFolders = new Set<string>();
  const mmmuDerived: string[] = [];
  const trainerFiles: string[] = [];
  const reviewed: string[] = [];
  for (const file of found) {
    const mmmuModel = isMmmuSubjectOutput(file.path) ? dirname(dirname(file.path)) : null;
    const oneRun = isMmeSubtaskFile(basename(file.path)) ? dirname(file.path) : mmmuModel;
    if (oneRun !== null) {
      if (!oneRunFolders.has(oneRun)) plan.files.push(file);
      oneRunFolders.add(oneRun);
      continue;
    }
    if (MMMU_SUBJECTS.has(basename(dirname(file.path))) && ['parsed_output.json', 'result.json'].includes(basename(file.path))) {
      mmmuDerived.push(file.display);
      continue;
    }
    if (TRAINER_FILES.test(basename(file.path))) {
      trainerFiles.push(basename(file.path));
      continue;
    }
    if (hasEvalScopeReview(file.path) || hasVisualRftEvaluation(file.path)) {
      reviewed.push(file.display);
      continue;
    }
    const vlm = vlmevalkitFileOf(file);
    if (!vlm) {
      plan.files.push(file);
      continue;
    }
    if (vlm.role === 'extra') {
      extras.push(basename(vlm.path));
      continue;
    }
    const key = `${dirname(vlm.launch ? dirname(vlm.path) : vlm.path)}\u0000${vlm.model}\u0000${vlm.dataset}`;
    groups.set(key, [...(groups.get(key) ?? []), vlm]);
  }
  if (trainerFiles.length > 0) {
    plan.notes.push(`not read: ${trainerFiles.length} file(s) a training run writes beside its predictions (${[...new Set(trainerFiles)].slice(0, 6).join(', ')}): metrics and settings, not per-sample results`);
  }
  if (reviewed.length > 0) {
    plan.notes.push(`not read: ${reviewed.length} predictions file(s) (${firstOf(reviewed.map((p) => basename(p)), 3)}) whose evaluated copy (EvalScope's reviews/ file, Visual-RFT's _evaluation.json) holds the same answers with their verdicts`);
  }
  if (mmmuDerived.length > 0) plan.notes.push(`not read: ${mmmuDerived.length} file(s) MMMU's main_parse_and_eval.py derives from output.json (parsed_output.json, result.json); the official rule is applied to output.json itself`);
  if (extras.length > 0) plan.notes.push(`not read: ${extras.length} other file(s) VLMEvalKit keeps in its launch folders (${firstOf(extras, 6)})`);
  for (const files of groups.values()) {
    const { model, dataset } = files[0]!;
    const launches = new Map<string, VlmevalkitFile[]>();
    for (const file of files) launches.set(file.launch, [...(launches.get(file.launch) ?? []), file]);
    const candidates = [...launches.entries()]
      .map(([launch, inLaunch]) => {
        const predictions = inLaunch.filter((f) => f.role !== 'summary').sort(laterPassFirst);
        // The judged file holds the raw rows and the verdicts: read it, not the raw one.
        const chosen = predictions.find((f) => f.role === 'judged') ?? predictions.find((f) => f.role === 'raw');
        return { launch, date: inLaunch[0]!.date, inLaunch, chosen, written: chosen ? mtime(chosen.path) : 0 };
      })
      .filter((c) => c.chosen !== undefined)
      .sort(newestFirst);
    const pick = candidates[0];
    if (!pick) {
      plan.warnings.push(`${model} on ${dataset}: only summaries (${[...new Set(files.map((f) => basename(f.path)))].join(', ')}), no predictions file; skipped`);
      continue;
    }
    plan.files.push({ path: pick.chosen!.path, display: pick.chosen!.display, names: { checkpoint: model, benchmark: dataset } });
    const raw = pick.inLaunch.find((f) => f.role === 'raw');
    if (pick.chosen!.role === 'judged' && raw) plan.notes.push(`${model} on ${dataset}: ${basename(raw.path)} read through its judged file ${basename(pick.chosen!.path)} (same rows plus the judge's verdicts): one run`);
    const judged = pick.inLaunch.filter((f) => f.role === 'judged').sort(laterPassFirst);
    if (judged.length > 1) plan.notes.push(`${model} on ${dataset}: several judged files; read ${basename(pick.chosen!.path)}, not ${judged.slice(1).map((f) => basename(f.path)).join(', ')}`);
    if (candidates.length > 1) {
      plan.notes.push(
        `${model} on ${dataset}: ${candidates.length} launches (${candidates.map((c) => c.launch || `${model}/`).join(', ')}); imported the newest, ${pick.launch || `${model}/`} (rule: latest T<date> folder, then the latest-written file); import an older one by naming its file`,
      );
    }
  }
  return plan;
}

/** A path's kind without following a final symlink: for naming dangling links given on the command line. */
export function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && (() => {
      try {
        statSync(path);
        return false;
      } catch {
        return true;
      }
    })();
  } catch {
    return false;
  }
}

/** Paths named for import, folders expanded to the result files in them at any depth (`planFolder`). */
export function expandPaths(paths: readonly string[], notes: string[], warnings: string[]): PlannedPath[] {
  const out: PlannedPath[] = [];
  for (const given of paths) {
    const path = resolve(given);
    if (isDanglingLink(path)) throw new ImportError(given, null, null, 'a dangling symlink (what it points to does not exist)');
    if (!existsSync(path)) throw new ImportError(given, null, null, 'no such file or folder');
    if (statSync(path).isDirectory()) {
      const plan = planFolder(path, given);
      if (plan.files.length === 0) throw new ImportError(given, null, null, `no result files in the folder${plan.warnings.length > 0 ? ` (${plan.warnings.join('; ')})` : ''}`);
      out.push(...plan.files.map((file) => ({ ...file, inFolder: true })));
      notes.push(...plan.notes);
      warnings.push(...plan.warnings);
    } else {
      const target = symlinkStoredAsText(path);
      if (target !== null) throw new ImportError(given, null, null, `holds only a path (${target}): a symlink checked out as a text file (git without symlink support); import the file it points to`);
      out.push({ path, display: given });
    }
  }
  return out;
}
