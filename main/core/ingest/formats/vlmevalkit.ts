/**
 * VLMEvalKit files:
 * - benchmark TSVs: `index`, base64 `image` (or a short value naming the row whose image it
 *   shares, or a Python list of base64 strings), `image_path`, `question`, `hint`, option
 *   columns `A`, `B`, …, `answer`, `category`, `l2-category`, `split`;
 * - prediction files `<model>_<dataset>.xlsx|tsv|json`: the same columns without `image`, plus
 *   `prediction` and optionally `thinking`;
 * - judged files: `*_openai_result.xlsx` (`hit`, `log`), `*_auxmatch.xlsx` (`extracted`,
 *   `score`), with the `_acc.csv` / `_score.csv` summaries beside them.
 */
import { ImportError } from '../errors';
import { asText, choicesInQuestion, literalValue, optionsNamedByGold, toAnswer, toChoices, toScorer, toVerdict } from '../fields';
import { imageSourcesOf, VLMEVALKIT_IMAGE_REF_MAX } from '../images';
import { splitModelDataset, stripJudgeSuffixes } from '../names';
import { chartqaOfficialCorrect } from '../official-rules';
import { CocoCaptionRows, cocoCaptionDifferences, COCO_DEFAULT_QUESTION, isCocoCaption } from '../coco-caption';
import { overSplits, readSummaryLoose, summariesBeside } from '../vlmevalkit-summaries';
import type { FormatReader, SourceFile } from '../source-file';
import { openTable, tableKindOf } from '../sources/table';
import type { ImageSource, IngestEvent, OfficialVerdict, SampleRecord } from '../types';
import { canInfer, mathvistaPostCheck, mtvqaHit, ocrbenchHit, vqaScore } from '../vlmevalkit-rules';
import { RECOMPUTED_PREFIX } from '../../official-figure';
import { wemathAnswerRight, wemathScores, type WeMathRow } from '../wemath-scores';

const OPTION_COLUMN = /^[A-Z]$/;
/** Columns turned into sample fields (the rest are kept as metadata). */
const KNOWN = new Set(['index', 'image', 'image_path', 'question', 'answer', 'final_answer', 'gpt4_ans', 'category', 'prediction', 'thinking', 'hit', 'log', 'extracted', 'extract', 'score', 'correct']);

/**
 * Where the official verdict comes from: the judge's `hit` or `score` column, or VLMEvalKit's
 * rule applied by us (ChartQA relaxed accuracy, MathVista `post_check` on the judge's `res`,
 * OCRBench substring match, the VQA score of TextVQA/OCRVQA, which is a score, not a verdict;
 * COCO's caption metrics, which are figures of the whole file and no verdict at all).
 */
type Verdicts = 'hit' | 'score' | 'correct' | 'chartqa' | 'mathvista' | 'ocrbench' | 'mtvqa' | 'vqa-score' | 'judge-score' | 'judge-rating' | 'circular' | 'coco-caption' | 'none';

function ruleFor(verdicts: Verdicts, dataset: string, has: (name: string) => boolean): Verdicts {
  if (isCocoCaption(dataset)) return 'coco-caption';
  if (/^MathVista/i.test(dataset) && has('res') && has('question_type')) return 'mathvista';
  if (/^MMVet/i.test(dataset) && has('score')) return 'judge-score';
  // LLaVABench: GPT-4 rates the answer and its own reference 1..10 (`score`, `gpt4_score`): ratings, not verdicts.
  if (/^LLaVABench/i.test(dataset) && has('score') && has('gpt4_score')) return 'judge-rating';
  if (verdicts !== 'none') return verdicts;
  if (/^(?:MMBench|CCBench)/i.test(dataset)) return 'circular';
  if (/^ChartQA/i.test(dataset)) return 'chartqa';
  if (/^OCRBench$/i.test(dataset)) return 'ocrbench';
  if (/^MTVQA/i.test(dataset)) return 'mtvqa';
  if (/^(?:TextVQA|OCRVQA)/i.test(dataset)) return 'vqa-score';
  return 'none';
}

const RULE_WARNINGS: Partial<Record<Verdicts, string>> = {
  chartqa: "no per-sample verdict in the file: official verdicts recomputed with VLMEvalKit's relaxed_correctness (the rule behind its _acc.csv)",
  mathvista: "official verdicts recomputed with VLMEvalKit's post_check on the judge's extraction (`res`), multiple choice through can_infer and `answer_option` (the rule behind its _score.csv)",
  ocrbench: "official verdicts recomputed with VLMEvalKit's OCRBench rule (an answer is right when a gold answer is a substring of it)",
  mtvqa: "official verdicts recomputed with VLMEvalKit's MTVQA rule (the gold answer inside the prediction, lower-cased, the prediction's full stops removed); its _acc.csv has per-language means only",
  'judge-score': "the judge's `score` is partial credit (0..1): the official figure is its mean, kept as a score, not as per-sample verdicts",
  'judge-rating': "the judge rates each answer and its reference answer 1..10 (`score`, `gpt4_score`): ratings, not verdicts; the official figure is `_score.csv`'s Relative Score (not an accuracy)",
  circular: "no judge verdicts in the file: the official figure recomputed with VLMEvalKit's circular evaluation by exact matching (can_infer; a question counts only if all its rotations are right; no LLM judge for answers exact matching cannot read)",
  'vqa-score': "the official figure recomputed as VLMEvalKit's mean VQA score (partial credit per sample: kept as a score, no per-sample official verdict)",
  'coco-caption': "captioning has no per-sample verdict: BLEU-1..4, ROUGE-L and CIDEr (×100, not accuracies) recomputed with VLMEvalKit's COCO caption evaluation (pycocoevalcap, no tokenizer), kept beside its _score.json",
};

/** `Match Log: D.` and similar judge logs name the letter they matched. */
function letterFromLog(log: string): string | null {
  const match = /(?:Match Log|Answer|Output|Prediction)\s*:\s*\(?([A-Z])\)?\.?\s*$/m.exec(log);
  return match ? match[1]! : null;
}

/**
 * Model and dataset from `<model>_<dataset>`; when no known dataset name ends the file name, the
 * last underscore splits it, and the guess is reported.
 */
export function vlmevalkitNames(file: SourceFile, given: { benchmark?: string; checkpoint?: string }, known: readonly string[]): { model: string; dataset: string; guessed: boolean } {
  const names = splitModelDataset(file.path, given, known);
  if (names) return { ...names, guessed: false };
  const stem = stripJudgeSuffixes(file.stem);
  const at = stem.lastIndexOf('_');
  if (at <= 0 || at === stem.length - 1) {
    throw new ImportError(file.displayPath, null, null, 'cannot tell the model from the dataset in the file name (VLMEvalKit names files <model>_<dataset>); pass --benchmark NAME or --checkpoint NAME');
  }
  return { model: stem.slice(0, at), dataset: stem.slice(at + 1), guessed: true };
}

export const readVlmevalkit: FormatReader = async function* (file, ctx) {
  const kind = tableKindOf(file.name);
  if (!kind) throw new ImportError(file.displayPath, null, null, 'VLMEvalKit files are .tsv, .csv, .xlsx or .json');
  const table = await openTable(file.path, file.displayPath, kind, ctx.bytes, ctx.document);
  const column = new Map(table.header.map((name, i) => [name, i]));
  const has = (name: string) => column.has(name);
  const hasPredictions = has('prediction');
  if (ctx.options.kind === 'predictions' && !hasPredictions) throw new ImportError(file.displayPath, 'header', 'prediction', 'missing column (needed for --kind predictions)');
  const asPredictions = hasPredictions && ctx.options.kind !== 'benchmark';
  if (!has('index')) throw new ImportError(file.displayPath, 'header', 'index', 'missing column');
  const optionColumns = table.header.filter((name) => OPTION_COLUMN.test(name)).sort();
  const metadataColumns = table.header.filter((name) => !KNOWN.has(name) && !OPTION_COLUMN.test(name) && name !== 'hint' && name !== '');
  // DynaMath's judged file says `correct` beside the judge's `extracted` answer (vlmeval/dataset/dynamath.py).
  const verdicts: Verdicts = has('hit') ? 'hit' : has('score') ? 'score' : has('correct') && has('extracted') ? 'correct' : 'none';

  let model: string | null = null;
  let dataset: string;
  if (asPredictions) {
    const names = vlmevalkitNames(file, ctx.options, ctx.benchmarkNames());
    model = ctx.options.checkpoint ?? names.model;
    dataset = ctx.options.benchmark ?? names.dataset;
    if (names.guessed) yield { type: 'warning', message: `model "${model}" and dataset "${dataset}" guessed from the file name; pass --checkpoint and --benchmark if they are wrong` };
    yield { type: 'run', benchmark: { name: dataset }, checkpoint: { name: model }, config: { format: 'vlmevalkit', verdicts } };
  } else {
    // A benchmark TSV is named after the dataset alone (MMStar.tsv); a prediction file read as a
    // benchmark (--kind benchmark) after its <model>_<dataset>.
    dataset = ctx.options.benchmark ?? (hasPredictions ? vlmevalkitNames(file, ctx.options, ctx.benchmarkNames()).dataset : file.stem);
    yield { type: 'benchmark', benchmark: { name: dataset } };
  }
  // VLMEvalKit's COCO_VAL.tsv has no question: its load_data puts in one prompt for every row.
  const defaultQuestion = isCocoCaption(dataset) ? COCO_DEFAULT_QUESTION : null;
  if (!has('question') && defaultQuestion === null) throw new ImportError(file.displayPath, 'header', 'question', 'missing column');
  const effectiveVerdicts: Verdicts = ruleFor(verdicts, dataset, has);
  const captions = new CocoCaptionRows();
  const ruleWarning = RULE_WARNINGS[effectiveVerdicts];
  if (asPredictions && ruleWarning) yield { type: 'warning', message: ruleWarning };
  let scoreSum = 0;
  let scored = 0;
  /** Circular evaluation: per question (index mod 1e6), whether every rotation so far was right. */
  const circular = new Map<string, boolean>();
  /** SEEDBench2 repeats some indices in VLMEvalKit's own file: each row counts, as VLMEvalKit counts it. */
  const repeats = new Map<string, number>();
  const allowRepeats = /^SEEDBench2/i.test(dataset);
  /** Rows per `split` (MMMU_DEV_VAL: dev, validation), to weigh a summary that has one row per split. */
  const rowsPerSplit = new Map<string, number>();
  /** POPE_rating explodes `category` ("adversarial,popular"): its `acc` counts a row once per category it is in. */
  const popeRule = /^POPE/i.test(dataset) && has('category');
  const pope = { rows: 0, counted: 0, right: 0 };
  /** WeMath's four-dimensional scores need each row's problem (`ID`), step (`key`) and verdict. */
  const wemathId = /^WeMath/i.test(dataset) && has('key') ? ['ID', 'id'].find((name) => has(name)) : undefined;
  const wemathRows: WeMathRow[] = [];

  const cell = (cells: unknown[], name: string): unknown => {
    const at = column.get(name);
    return at === undefined ? undefined : cells[at];
  };

  for await (const row of table.rows) {
    const { cells, at } = row;
    let externalId = asText(cell(cells, 'index')).trim();
    if (externalId === '') throw new ImportError(file.displayPath, at, 'index', 'empty');
    if (allowRepeats) {
      const seen = repeats.get(externalId) ?? 0;
      repeats.set(externalId, seen + 1);
      if (seen > 0) externalId = `${externalId}#${seen + 1}`;
    }
    const choices: Record<string, string> = {};
    for (const letter of optionColumns) {
      const text = asText(cell(cells, letter));
      if (text !== '') choices[letter] = text;
    }
    const metadata: Record<string, unknown> = {};
    const hint = asText(cell(cells, 'hint'));
    if (hint !== '') metadata.hint = hint;
    for (const name of metadataColumns) {
      const value = cells[column.get(name)!];
      if (value !== null && value !== undefined && value !== '') metadata[name] = value;
    }
    const images: ImageSource[] = [];
    const imageCell = asText(cell(cells, 'image'));
    if (imageCell !== '') {
      // VLMEvalKit stores an image once; later rows with the same image hold the first row's index.
      if (imageCell.length <= VLMEVALKIT_IMAGE_REF_MAX && !imageCell.startsWith('[')) images.push({ kind: 'row', index: imageCell.trim() });
      else {
        // Anything longer is base64, or a Python list of base64 strings (several images).
        const list = imageCell.startsWith('[') ? literalValue(imageCell) : undefined;
        const texts = Array.isArray(list) ? list.map(asText) : [imageCell];
        for (const text of texts) images.push({ kind: 'base64', text });
      }
    } else {
      const path = cell(cells, 'image_path');
      for (const source of imageSourcesOf(path)) if (source.kind === 'path') images.push(source);
    }
    const sample: SampleRecord = {
      externalId,
      question: has('question') ? asText(cell(cells, 'question')) : defaultQuestion!,
      choices: Object.keys(choices).length > 0 ? choices : null,
      // OlympiadBench keeps its gold as `final_answer`, a list of LaTeX answers ("['$5$']").
      // LLaVABench has no gold answer: GPT-4's own answer (`gpt4_ans`) is the reference the judge compares with.
      answer: toAnswer(has('answer') ? cell(cells, 'answer') : has('final_answer') ? cell(cells, 'final_answer') : cell(cells, 'gpt4_ans')),
      answerType: null,
      category: asText(cell(cells, 'category')) || null,
      metadata,
      images,
    };
    // LogicVista keeps its options in the question ("… (A) True (B)False (C)Insufficient Information").
    if (sample.choices === null) sample.choices = optionsNamedByGold(choicesInQuestion(sample.question), sample.answer);
    // MathVista's TSV keeps the options as a list in `choices` and the gold letter in `answer_option`.
    const questionType = asText(cell(cells, 'question_type'));
    if (questionType === 'multi_choice') {
      const listed = toChoices(cell(cells, 'choices'));
      if (listed) sample.choices = listed;
      const letter = asText(cell(cells, 'answer_option')).trim();
      if (letter !== '') sample.answer = letter;
      sample.answerType = 'mcq';
    } else if (questionType === 'free_form') sample.answerType = toScorer(cell(cells, 'answer_type'));
    if (!asPredictions) {
      yield { type: 'sample', sample, at } satisfies IngestEvent;
      continue;
    }
    if (has('split')) {
      const split = asText(cell(cells, 'split'));
      rowsPerSplit.set(split, (rowsPerSplit.get(split) ?? 0) + 1);
    }
    const prediction = asText(cell(cells, 'prediction'));
    const thinking = asText(cell(cells, 'thinking'));
    // A separate `thinking` column is put back in front as a think block, as the model produced it.
    const output = thinking !== '' ? `<think>${thinking}</think>\n${prediction}` : prediction;
    let official: OfficialVerdict | undefined;
    if (effectiveVerdicts === 'vqa-score') {
      scoreSum += vqaScore(sample.answer, prediction);
      scored += 1;
    } else if (effectiveVerdicts === 'judge-score') {
      const raw = cell(cells, 'score');
      const value = typeof raw === 'number' ? raw : Number(asText(raw));
      if (!Number.isFinite(value) || value < 0 || value > 1) throw new ImportError(file.displayPath, at, 'score', `"${asText(raw)}" is not a score between 0 and 1`);
      scoreSum += value;
      scored += 1;
      official = { correct: null, extracted: `judge score ${value}` };
    } else if (effectiveVerdicts === 'judge-rating') {
      official = { correct: null, extracted: `judge rating ${asText(cell(cells, 'score'))} of 10 (the reference: ${asText(cell(cells, 'gpt4_score'))})` };
    } else if (effectiveVerdicts === 'circular') {
      const question = String(Number(externalId) % 1_000_000);
      const right = sample.choices !== null && canInfer(prediction, { ...sample.choices }) === sample.answer.trim();
      circular.set(question, (circular.get(question) ?? true) && right);
    } else if (effectiveVerdicts === 'mathvista') {
      const res = cell(cells, 'res');
      official = {
        correct: mathvistaPostCheck({ questionType, answerType: asText(cell(cells, 'answer_type')), answer: cell(cells, 'answer'), answerOption: cell(cells, 'answer_option'), choices: sample.choices, res }),
        extracted: asText(res) || null,
      };
    } else if (effectiveVerdicts === 'ocrbench') {
      official = { correct: ocrbenchHit(sample.answer, prediction, sample.category ?? ''), extracted: null };
    } else if (effectiveVerdicts === 'coco-caption') {
      captions.add(cell(cells, 'answer'), cell(cells, 'prediction'), at);
    } else if (effectiveVerdicts === 'mtvqa') {
      official = { correct: mtvqaHit(asText(cell(cells, 'answer')), prediction), extracted: null };
    } else official = officialOf(effectiveVerdicts, cells, cell, sample.answer, prediction, file, at);
    if (popeRule && typeof official?.correct === 'boolean') {
      const times = asText(cell(cells, 'category')).split(',').length;
      pope.rows += 1;
      pope.counted += times;
      pope.right += official.correct ? times : 0;
    }
    if (wemathId !== undefined) {
      const right = official?.correct !== undefined ? official.correct : wemathAnswerRight(prediction, sample.answer);
      // load_and_process_data takes `hit.astype(bool)`, for which a missing verdict (NaN) is True.
      wemathRows.push({ id: asText(cell(cells, wemathId)), key: asText(cell(cells, 'key')), right: right ?? true });
    }
    yield { type: 'prediction', sample, output, ...(official ? { official } : {}), at };
  }
  const wemath = asPredictions ? wemathScores(wemathRows) : null;
  if (wemath) {
    const source = `${RECOMPUTED_PREFIX}VLMEvalKit wemath_evaluate_models (IK ${wemath.insufficientKnowledge}, IG ${wemath.inadequateGeneralization}, RM ${wemath.roteMemorizationStrict} strict / ${wemath.roteMemorizationLoose} loose, of 525)`;
    yield { type: 'reported', metric: 'Score (Strict)', value: wemath.strict, source };
    yield { type: 'reported', metric: 'Score (Loose)', value: wemath.loose, source };
  }
  if (asPredictions && effectiveVerdicts === 'vqa-score' && scored > 0) {
    yield { type: 'reported', metric: 'Overall (mean VQA score)', value: scoreSum / scored, source: `${RECOMPUTED_PREFIX}VLMEvalKit vqa_score` };
  }
  if (asPredictions && effectiveVerdicts === 'judge-score' && scored > 0) {
    yield { type: 'reported', metric: 'Overall (mean judge score)', value: scoreSum / scored, source: `${RECOMPUTED_PREFIX}mean of the judge's scores` };
  }
  if (asPredictions && effectiveVerdicts === 'circular' && circular.size > 0) {
    const right = [...circular.values()].filter(Boolean).length;
    yield { type: 'reported', metric: 'Overall (circular, exact matching)', value: right / circular.size, correct: right, total: circular.size, source: `${RECOMPUTED_PREFIX}VLMEvalKit circular evaluation` };
  }
  if (asPredictions && pope.counted > 0) {
    const source = `${RECOMPUTED_PREFIX}VLMEvalKit POPE_rating (a row counted once per category it is in: ${pope.rows} rows, ${pope.counted} counted)`;
    yield { type: 'reported', metric: 'acc', value: pope.right / pope.counted, correct: pope.right, total: pope.counted, source };
  }
  const recomputedCaptions = asPredictions && effectiveVerdicts === 'coco-caption' ? captions.figures() : { figures: [], note: null };
  for (const figure of recomputedCaptions.figures) yield { type: 'reported', ...figure };
  if (recomputedCaptions.note) yield { type: 'warning', message: recomputedCaptions.note };
  const repeated = [...repeats.values()].filter((n) => n > 1).length;
  if (repeated > 0) yield { type: 'warning', message: `${repeated} index value(s) appear more than once (VLMEvalKit's own SEEDBench2 file does this); each row kept and counted, the repeats as <index>#2, #3, …` };

  if (asPredictions && model !== null) {
    for (const path of summariesBeside(file.dir, model, dataset)) {
      const reading = await readSummaryLoose(path);
      const whole = reading.splits ? overSplits(reading.splits, rowsPerSplit) : null;
      if (whole) yield { type: 'reported', ...whole };
      else if (reading.splits) yield { type: 'warning', message: `${reading.splits[0]?.figure.source ?? path} has one row per split (${reading.splits.map((s) => s.split).join(', ')}), not the splits of ${file.name} (${[...rowsPerSplit.keys()].join(', ') || 'none'}): its first row is not the whole file's figure` };
      for (const figure of reading.figures) yield { type: 'reported', ...figure };
      for (const note of reading.notes) yield { type: 'warning', message: note };
      for (const note of cocoCaptionDifferences(recomputedCaptions.figures, reading.figures)) yield { type: 'warning', message: note };
    }
  }
};

function officialOf(
  verdicts: Verdicts,
  cells: unknown[],
  cell: (cells: unknown[], name: string) => unknown,
  answer: string,
  prediction: string,
  file: SourceFile,
  at: string,
): OfficialVerdict | undefined {
  switch (verdicts) {
    case 'hit': {
      const raw = cell(cells, 'hit');
      const correct = toVerdict(raw);
      if (correct === undefined && asText(raw) !== '') throw new ImportError(file.displayPath, at, 'hit', `"${asText(raw)}" is not 0 or 1`);
      // The judge's extraction (`res`, LogicVista and MathVista) where the file keeps it, else the letter its match log names.
      const res = asText(cell(cells, 'res')).trim();
      return { correct: correct ?? null, extracted: res !== '' ? res : letterFromLog(asText(cell(cells, 'log'))) };
    }
    case 'score':
    case 'correct': {
      const raw = cell(cells, verdicts);
      const correct = toVerdict(raw);
      if (correct === undefined && asText(raw) !== '') throw new ImportError(file.displayPath, at, verdicts, `"${asText(raw)}" is not a yes/no verdict`);
      // `extracted` (the auxmatch files), `extract` (MathVerse's judge).
      const extracted = asText(cell(cells, 'extracted')) || asText(cell(cells, 'extract'));
      return { correct: correct ?? null, extracted: extracted === '' ? null : extracted };
    }
    case 'chartqa':
      return { correct: chartqaOfficialCorrect(answer, prediction), extracted: prediction.trim() };
    default:
      return undefined;
  }
}
