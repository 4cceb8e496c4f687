/**
 * Plain records with a field mapping: Hugging Face datasets as Parquet (image columns as bytes,
 * {bytes, path} structs or paths), JSONL, a JSON array, CSV or TSV. `--map TARGET=SOURCE` names
 * the source of a target field (dotted paths reach nested fields); unmapped targets are looked
 * up under common names (fields.ts). Cells written as Python literals are parsed.
 */
import { ImportError } from '../errors';
import { asLetterSet, asText, choicesInQuestion, DEFAULT_SOURCES, optionsNamedByGold, getPath, sourceFor, toAnswer, toCategory, toChoices, toScorer, toVerdict } from '../fields';
import { fieldPresetOf, presetFields } from '../field-presets';
import { imageSourcesOf } from '../images';
import { asKnownBenchmark, splitBenchmarkModel, splitFolderLayout, splitRunTime } from '../names';
import { unsupportedFileReason } from '../unsupported-files';
import type { FormatReader, SourceFile } from '../source-file';
import { openDelimited } from '../sources/delimited';
import { readJsonDocument } from '../sources/json';
import { readJsonl } from '../sources/jsonl';
import type { ByteCounter } from '../sources/progress';
import type { FormatName, IngestEvent, MapTarget, SampleRecord } from '../types';

/** Lists named for the verdict of the records in them, and the field that verdict is read from. */
const VERDICT_LISTS = new Map([
  ['correct', true],
  ['incorrect', false],
  ['right', true],
  ['wrong', false],
]);
const LISTED_VERDICT = 'is_correct';

interface GenericRecord {
  value: Record<string, unknown>;
  at: string;
  /** The figures a scoring script wrote with the records it scored (MV-MATH's appended summary, Visual-RFT's header): where they stand. */
  summary?: string;
}

/**
 * The last element of a list of records when it is the list's summary, not a record: numbers
 * only, one of them an accuracy, under names no record has (MV-MATH's `evaluate_choice.py`
 * appends `{total_questions, correct_answers, accuracy}`).
 */
function isTrailingSummary(list: readonly unknown[]): boolean {
  const [first, last] = [list[0], list.at(-1)];
  if (list.length < 2 || typeof last !== 'object' || last === null || typeof first !== 'object' || first === null) return false;
  const entries = Object.entries(last);
  return (
    entries.length > 0 &&
    entries.every(([key, value]) => typeof value === 'number' && Number.isFinite(value) && !(key in first)) &&
    entries.some(([key]) => /^(?:acc|accuracy)$/i.test(key))
  );
}

/** A summary's accuracy: `acc`/`accuracy`, else the first named one (Visual-RFT's `top1_accuracy` before `top5_accuracy`). */
const accuracyKey = (summary: Record<string, unknown>): string | undefined =>
  Object.keys(summary).find((name) => /^(?:acc|accuracy)$/i.test(name)) ?? Object.keys(summary).find((name) => /(?:^|_)acc(?:uracy)?(?:_|$)/i.test(name));

/** A summary as the file's reported accuracy (a percentage read as a fraction). */
function summaryFigure(summary: Record<string, unknown>, source: string): Extract<IngestEvent, { type: 'reported' }> {
  const number = (pattern: RegExp): number | null => {
    const key = Object.keys(summary).find((name) => pattern.test(name));
    return key === undefined ? null : (summary[key] as number);
  };
  const accuracy = summary[accuracyKey(summary)!] as number;
  return { type: 'reported', metric: 'accuracy', value: accuracy > 1 ? accuracy / 100 : accuracy, correct: number(/correct/i), total: number(/total/i), source };
}

async function* recordsOf(file: SourceFile, format: FormatName, bytes: ByteCounter, document: unknown, mapsVerdict: boolean): AsyncGenerator<GenericRecord> {
  const asObject = (value: unknown, at: string): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ImportError(file.displayPath, at, null, 'not an object');
    return value as Record<string, unknown>;
  };
  switch (format) {
    case 'jsonl':
      for await (const { value, line } of readJsonl(file.path, file.displayPath, bytes)) yield { value: asObject(value, `line ${line}`), at: `line ${line}` };
      return;
    case 'json': {
      const doc = document ?? (await readJsonDocument(file.path, file.displayPath));
      bytes.add(file.size);
      const values = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? Object.entries(doc) : [];
      // `{"top1_accuracy": 0.6, "detailed_results": {id: {…}, …}}` (or a list): figures beside the one
      // collection of records that are the results.
      const collections = values.filter(([, v]) => holdsRecords(v));
      // A collection's records, a list or a map of id -> record.
      const recordsIn = (records: unknown): Array<Record<string, unknown>> =>
        Array.isArray(records) ? records.map((record) => ({ ...(record as object) })) : Object.entries(records as object).map(([id, record]) => ({ id, ...(record as object) }));
      // LLaVA's eval_science_qa.py: `{"correct": [...], "incorrect": [...]}`: the list a record is in is its verdict.
      if (collections.length >= 2 && collections.length === values.length && collections.every(([key]) => VERDICT_LISTS.has(key.toLowerCase()))) {
        for (const [key, records] of collections) {
          const verdict = VERDICT_LISTS.get(key.toLowerCase())!;
          const list = recordsIn(records);
          for (let i = 0; i < list.length; i++) yield { value: { [LISTED_VERDICT]: verdict, ...list[i] }, at: `${key}[${i}]` };
        }
        return;
      }
      const scalarsBeside = values.every(([key, v]) => key === collections[0]?.[0] || typeof v !== 'object' || v === null);
      if (collections.length === 1 && scalarsBeside) {
        const [key, records] = collections[0]!;
        const list = recordsIn(records);
        for (let i = 0; i < list.length; i++) yield { value: list[i]!, at: `${key}[${i}]` };
        // The figures beside them, where one is an accuracy: the file's reported figure (of its own
        // verdicts: not where --map names another verdict field, Visual-RFT's top5_correct).
        const figures = Object.fromEntries(values.filter(([name, v]) => name !== key && typeof v === 'number' && Number.isFinite(v)));
        if (accuracyKey(figures) !== undefined && !mapsVerdict) yield { value: figures, at: key, summary: `the figures beside ${key} in ${file.name}` };
        return;
      }
      const figures = figuresOnly(doc);
      if (figures) throw new ImportError(file.displayPath, null, null, `${figures}, not per-sample records: a summary in no format this tool reads; import the per-sample file it summarises`);
      const recordless = recordlessObject(doc, file.stem);
      if (recordless) throw new ImportError(file.displayPath, null, null, recordless);
      const list = Array.isArray(doc) ? doc : typeof doc === 'object' && doc !== null ? Object.entries(doc).map(([id, v]) => ({ id, ...asObject(v, `key "${id}"`) })) : null;
      if (!list) throw new ImportError(file.displayPath, null, null, 'expected a JSON array of records or an object of id -> record');
      const summarised = isTrailingSummary(list);
      for (let i = 0; i < list.length; i++) {
        yield { value: asObject(list[i], `record ${i + 1}`), at: `record ${i + 1}`, ...(summarised && i === list.length - 1 ? { summary: `the summary ending ${file.name}` } : {}) };
      }
      return;
    }
    case 'csv':
    case 'tsv': {
      const table = await openDelimited(file.path, file.displayPath, format === 'tsv' ? '\t' : ',', bytes);
      for await (const row of table.rows) yield { value: Object.fromEntries(table.header.map((name, i) => [name, row.cells[i]])), at: `line ${row.line}` };
      return;
    }
    case 'parquet': {
      // Loaded for Parquet files only (hyparquet and its compressors: ~60 ms of every other import's start).
      const { readParquet } = await import('../sources/parquet');
      for await (const { value, row } of readParquet(file.path, file.displayPath, bytes)) yield { value, at: `row ${row + 1}` };
      return;
    }
    default:
      throw new Error(`not a generic format: ${format}`);
  }
}

const MAPPED_ONLY_FOR_METADATA = new Set(['image', 'images', 'decoded_image']);

/**
 * `{"accuracy": 0.86, "f1_weighted": …}`: figures about some results, not the results. Said as
 * "an object of figures (accuracy, …)", or null for any other document.
 */
export function figuresOnly(document: unknown): string | null {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return null;
  const record = document as Record<string, unknown>;
  // EvalScope's reports/<model>/<dataset>.json: a score with its metrics and categories.
  if (typeof record.model_name === 'string' && typeof record.dataset_name === 'string' && Array.isArray(record.metrics)) {
    return `EvalScope's report of ${record.model_name} on ${record.dataset_name} (figures)`;
  }
  const values = Object.entries(record);
  const scalar = (v: unknown): boolean => typeof v !== 'object' || v === null;
  // Numbers and lists of numbers (`accuracy_ci_95: [0.8, 0.9]`); a list of records is results.
  if (values.length === 0 || !values.every(([, v]) => scalar(v) || (Array.isArray(v) && v.every(scalar)))) return null;
  // Mostly text is answers by id (MM-Vet's results file), not figures.
  const numeric = (v: unknown): boolean => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));
  const texts = values.filter(([, v]) => typeof v === 'string' && !numeric(v)).length;
  if (texts * 2 > values.length) return null;
  const keys = values.slice(0, 3).map(([key]) => key).join(', ');
  return `an object of figures (${keys}${values.length > 3 ? ', …' : ''})`;
}

const isRecord = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A list or a map of records (a collection the reader can read records from). */
const holdsRecords = (v: unknown): boolean => {
  const items = Array.isArray(v) ? v : isRecord(v) ? Object.values(v as object) : [];
  return items.length > 0 && items.every(isRecord);
};

/**
 * A JSON object with no list or map of records and not itself a map of id -> record (lmms-eval's
 * `flops.json` beside a run: model, method, token counts): what it holds; null for any other document.
 */
export function recordlessObject(document: unknown, fileStem = 'FILE'): string | null {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return null;
  const values = Object.values(document);
  if (values.length === 0 || values.every(isRecord)) return null;
  const entries = Object.entries(document);
  const collections = entries.filter(([, v]) => holdsRecords(v));
  // The shapes read as records: figures beside one collection of them, or LLaVA's lists named for their verdict.
  const scalar = (v: unknown): boolean => typeof v !== 'object' || v === null;
  if (collections.length === 1 && values.every((v) => holdsRecords(v) || scalar(v))) return null;
  if (collections.length >= 2 && collections.length === values.length && collections.every(([key]) => VERDICT_LISTS.has(key.toLowerCase()))) return null;
  const unreadable = unreadableObject(entries, collections, fileStem);
  if (unreadable) return unreadable;
  const keys = Object.keys(document);
  return `a JSON object of other data (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''}), not per-sample records`;
}

/** Why a JSON object is none of the shapes read as records, said by what it holds; null where it may be id -> record. */
function unreadableObject(values: Array<[string, unknown]>, collections: Array<[string, unknown]>, fileStem: string): string | null {
  const count = (v: unknown): number => (Array.isArray(v) ? v.length : Object.keys(v as object).length);
  if (collections.length >= 2) {
    // BLINK's saved outputs: `{"val": [...], "test": [...]}` (the test split's answers hidden).
    const named = collections.map(([key, v]) => `${key}: ${count(v)}`).join(', ');
    // The saved part keeps the file's name (the benchmark is named after it) with the list's.
    const key = collections[0]![0];
    return `holds ${collections.length} lists of records (${named}); import one at a time, each saved as its own file (e.g. jq '.${key}' ${fileStem}.json > ${fileStem}_${key}.json)`;
  }
  if (values.length > 0 && values.every(([, v]) => typeof v === 'string')) {
    const keys = values.slice(0, 3).map(([key]) => key).join(', ');
    return `an object of id -> text (${keys}${values.length > 3 ? ', …' : ''}): answers without their questions or gold answers (MM-Vet's results file is one); import a file that has the questions and golds beside the answers`;
  }
  const scalar = (v: unknown): boolean => typeof v !== 'object' || v === null;
  const maps = values.filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length >= 2 && Object.values(v).every(scalar));
  if (maps.length >= 1 && collections.length === 0 && values.some(([, v]) => scalar(v))) {
    // ScienceQA's results/*.json: `{"acc": …, "results": {id: option}, "outputs": {id: text}}`.
    return `holds per-sample values by id (${maps.map(([key]) => key).join(', ')}) beside figures, with no questions or gold answers; this tool needs records that carry them`;
  }
  return null;
}

/**
 * The output as the model wrote it: a reasoning field in think tags before the answer, unless it
 * carries them already or is the answer itself (OpenVLThinker's `reasoning` holds both).
 */
function withThinking(thinking: string, prediction: string): string {
  if (!thinking || thinking === prediction || /<think>/i.test(prediction)) return prediction;
  return /^\s*<think>/i.test(thinking) ? `${thinking}\n${prediction}` : `<think>${thinking}</think>\n${prediction}`;
}

/** A record of numbers beside a name or two (a summary row), with no question. */
function looksLikeFigures(record: Record<string, unknown>): boolean {
  const values = Object.values(record).filter((value) => value !== null && value !== '');
  const numbers = values.filter((value) => typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))).length;
  const texts = values.filter((value) => typeof value === 'string' && !Number.isFinite(Number(value))).length;
  return numbers >= 3 && texts * 3 <= numbers && DEFAULT_SOURCES.question.every((name) => !(name in record));
}

/** Fields that may be missing from some records and present in others; the rest are decided by the first record. */
const OPTIONAL_TARGETS: ReadonlySet<MapTarget> = new Set(['choices', 'answer_type', 'thinking', 'correct', 'extracted', 'image', 'category']);

export function readGeneric(format: FormatName): FormatReader {
  return async function* (file, ctx) {
    const records = recordsOf(file, format, ctx.bytes, ctx.document, ctx.options.map?.correct !== undefined);
    const first = await records.next();
    if (first.done) throw new ImportError(file.displayPath, null, null, 'no records');
    const preset = fieldPresetOf(first.value.value);
    const map = { ...presetFields(preset, first.value.value as Record<string, unknown>), ...ctx.options.map };
    if (preset) yield { type: 'warning', message: `read as ${preset.name}` };
    for (const [target, source] of Object.entries(map)) {
      if (getPath(first.value.value, source) === undefined) {
        throw new ImportError(file.displayPath, first.value.at, source, `--map ${target}=${source}: no such field in the first record`);
      }
    }
    const source = (target: MapTarget): string | undefined => sourceFor(target, map, first.value.value);
    const sources = Object.fromEntries((['id', 'question', 'choices', 'answer', 'answer_type', 'prediction', 'thinking', 'correct', 'extracted', 'image', 'category', 'model'] as const).map((t) => [t, source(t)])) as Record<MapTarget, string | undefined>;
    // A benchmark's own file that lacks what an import needs: refused by its name, not as any file without a gold answer.
    const unsupported = sources.answer === undefined ? unsupportedFileReason(first.value.value) : null;
    if (unsupported) throw new ImportError(file.displayPath, null, null, unsupported);
    // What the first record holds, for messages that ask the user to map a field.
    const fieldsHeld = `the first record has ${Object.keys(first.value.value).slice(0, 20).join(', ')}`;
    // `mathvista_Qwen2.5-VL-3B-Instruct.json`: a file of predictions named `<benchmark>_<model>`, as R1-style repositories name theirs.
    // `textvqa_val_240813074844.json`: a script's `<dataset>_<run time>`; the time names nothing.
    const stem = splitRunTime(file.stem);
    const presetCheckpoint = preset?.checkpoint?.(first.value.value as Record<string, unknown>, file.path);
    const nameless = sources.prediction !== undefined && !sources.model && !ctx.options.checkpoint && !presetCheckpoint;
    const fromName = nameless ? splitBenchmarkModel(stem.name) : null;
    const named = fromName ?? (nameless ? splitFolderLayout(file.path, ctx.hasBenchmark) : null);
    const presetBenchmark = typeof preset?.benchmark === 'function' ? preset.benchmark(file.path) : preset?.benchmark;
    const benchmark = ctx.options.benchmark ?? presetBenchmark ?? asKnownBenchmark(named?.benchmark ?? stem.name, ctx.benchmarkNames());
    // HALC's `answer: true|false` beside the model's caption: verdicts, which as golds would grade every answer wrong.
    if (sources.answer !== undefined && !ctx.options.map?.answer && typeof getPath(first.value.value, sources.answer) === 'boolean') {
      throw new ImportError(file.displayPath, first.value.at, sources.answer, `holds true/false: verdicts, not gold answers; ${fieldsHeld}: map the verdicts with --map correct=${sources.answer} and the gold with --map answer=FIELD`);
    }
    // Without a gold answer, predictions can only join a benchmark imported before.
    if (sources.answer === undefined && !ctx.hasBenchmark(benchmark)) {
      if (preset?.goldElsewhere) throw new ImportError(file.displayPath, null, null, preset.goldElsewhere);
      // A row of figures (EvalScope's report `{name, num, score, …}`, MM-Vet's `rec, ocr, …, total`): no answers at all.
      const summary = looksLikeFigures(first.value.value) ? ': a table of figures (a summary), not per-sample records; import the per-sample file it summarises' : '';
      throw new ImportError(file.displayPath, first.value.at, 'answer', `no gold answer field (tried ${DEFAULT_SOURCES.answer.join(', ')}); ${fieldsHeld}${summary || ': name it with --map answer=FIELD'}`);
    }
    const hasPredictions = sources.prediction !== undefined;
    if (ctx.options.kind === 'predictions' && !hasPredictions) {
      throw new ImportError(file.displayPath, first.value.at, 'prediction', `no prediction field (tried ${DEFAULT_SOURCES.prediction.join(', ')}); ${fieldsHeld}: name it with --map prediction=FIELD`);
    }
    const asPredictions = hasPredictions && ctx.options.kind !== 'benchmark';
    if (named && asPredictions) {
      const read = ctx.options.benchmark ? `checkpoint "${named.model}"` : `benchmark "${benchmark}" and checkpoint "${named.model}"`;
      const where = 'layout' in named ? `the folders, ${named.layout}.${file.name.split('.').pop()}` : "the file's name, <benchmark>_<model>";
      yield { type: 'warning', message: `${read} read from ${where} (pass --benchmark NAME or --checkpoint NAME to choose)` };
    }
    else if (!ctx.options.benchmark && !presetBenchmark) {
      const time = stem.time ? `, without the run time ${stem.time} at its end` : '';
      yield { type: 'warning', message: `benchmark named "${benchmark}" after the file${time} (pass --benchmark NAME to choose)` };
    }
    if (!sources.id && !preset?.idOf) yield { type: 'warning', message: 'no id field: samples are numbered by their position in the file (name one with --map id=FIELD)' };
    let checkpoint: string | null = null;
    if (asPredictions) {
      checkpoint = ctx.options.checkpoint ?? (sources.model ? asText(getPath(first.value.value, sources.model)) : (named?.model ?? presetCheckpoint ?? ''));
      if (!checkpoint) throw new ImportError(file.displayPath, first.value.at, 'model', 'no model named in the file: pass --checkpoint NAME (or --map model=FIELD)');
      yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: checkpoint }, config: { format, map }, ...(preset?.tool ? { tool: preset.tool } : {}) };
    } else {
      const noPredictionField = `no prediction field was found (tried ${DEFAULT_SOURCES.prediction.slice(0, 6).join(', ')}, …; ${fieldsHeld})`;
      // A checkpoint named for a file read as a benchmark: the predictions were probably not found.
      // A benchmark's own question file named beside its answers (HallusionBench.json) is no forgotten mapping.
      if (ctx.options.checkpoint && !hasPredictions && !preset) {
        yield { type: 'warning', message: `--checkpoint ${ctx.options.checkpoint} given, but ${noPredictionField}: imported as a benchmark only; name the field with --map prediction=FIELD (and --replace to import the file again)` };
      } else if (!hasPredictions && ctx.options.kind !== 'benchmark' && !preset) {
        // Said, not assumed: a results file whose answers sit under a name of its own tool's reads as questions and golds.
        yield { type: 'warning', message: `read as a benchmark (questions and gold answers): ${noPredictionField}; if the file holds a model's answers, name their field with --map prediction=FIELD` };
      }
      yield { type: 'benchmark', benchmark: { name: benchmark } };
    }
    const used = new Set(Object.values(sources).filter((s): s is string => s !== undefined));
    // The usual names of the optional targets the first record lacks, with their rank among a target's names.
    const lateNames = new Map<string, { target: MapTarget; rank: number }>();
    for (const target of OPTIONAL_TARGETS) {
      if (sources[target] === undefined) DEFAULT_SOURCES[target].forEach((name, rank) => lateNames.set(name, { target, rank }));
    }

    let position = 0;
    const firstStep = preset?.stepOf?.(first.value.value as Record<string, unknown>);
    const answersSoFar = new Map<string, number>();
    const handle = (record: GenericRecord) => {
      position++;
      const { value, at } = record;
      // An optional field the first record lacks is looked for in each record (LLaVA's questions: only some have an `image`).
      const foundHere = new Map<MapTarget, string>();
      for (const key in value) {
        const late = lateNames.get(key);
        if (late === undefined || value[key] === undefined) continue;
        const earlier = foundHere.get(late.target);
        if (earlier === undefined || lateNames.get(earlier)!.rank > late.rank) foundHere.set(late.target, key);
      }
      const sourceOf = (target: MapTarget): string | undefined => sources[target] ?? foundHere.get(target);
      const get = (target: MapTarget): unknown => {
        const from = sourceOf(target);
        return from ? getPath(value, from) : undefined;
      };
      const usedHere = foundHere.size === 0 ? used : new Set([...used, ...foundHere.values()]);
      const externalId = preset?.idOf ? preset.idOf(value) : sources.id ? asText(get('id')).trim() : String(position);
      if (externalId === '') throw new ImportError(file.displayPath, at, sources.id!, 'empty id');
      const step = preset?.stepOf?.(value);
      if (step !== firstStep) {
        throw new ImportError(file.displayPath, at, 'step', `step ${step} after step ${firstStep}: a file of one step each is read (its checkpoint is the step's); save each step's records as a file of its own (jq -c 'select(.step == ${step})')`);
      }
      // A GRPO group's rollouts: each another answer to the same prompt.
      const sampleIndex = preset?.repeatsAreAnswers ? (answersSoFar.get(externalId) ?? 0) : 0;
      if (preset?.repeatsAreAnswers) answersSoFar.set(externalId, sampleIndex + 1);
      const metadata: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (usedHere.has(key) || MAPPED_ONLY_FOR_METADATA.has(key)) continue;
        if (typeof item === 'string' ? item.length <= 1000 : typeof item === 'number' || typeof item === 'boolean') metadata[key] = item;
      }
      const question = asText(get('question'));
      const answer = preset?.letterSetGold ? asLetterSet(toAnswer(get('answer'))) : toAnswer(get('answer'));
      const sample: SampleRecord = {
        externalId,
        question,
        // Options only in the question's text ("Choices:\n(A) 135°\n(B) 140°") are its choices, where the gold is one of them.
        choices: toChoices(get('choices')) ?? optionsNamedByGold(choicesInQuestion(question), answer),
        answer,
        answerType: toScorer(get('answer_type')),
        category: toCategory(get('category')),
        metadata,
        images: imageSourcesOf(get('image')),
      };
      if (!asPredictions) return { type: 'sample' as const, sample, at };
      if (!ctx.options.checkpoint && sources.model) {
        const model = asText(get('model'));
        if (model && model !== checkpoint) {
          throw new ImportError(file.displayPath, at, sources.model, `a second model "${model}" after "${checkpoint}": import one model per file, or pass --checkpoint`);
        }
      }
      const prediction = preset?.outputOf?.(value) ?? asText(get('prediction'));
      const thinking = asText(get('thinking'));
      const rawCorrect = get('correct');
      const correct = toVerdict(rawCorrect);
      if (rawCorrect !== undefined && rawCorrect !== null && rawCorrect !== '' && correct === undefined) {
        throw new ImportError(file.displayPath, at, sourceOf('correct')!, `"${asText(rawCorrect)}" is not a yes/no verdict`);
      }
      const extracted = asText(get('extracted'));
      const ruled = preset?.officialOf?.(value, benchmark);
      const official = ruled !== undefined ? { correct: ruled, extracted: extracted || null } : correct !== undefined || extracted !== '' ? { correct: correct ?? null, extracted: extracted || null } : undefined;
      return {
        type: 'prediction' as const,
        sample,
        output: withThinking(thinking, prediction),
        ...(official ? { official } : {}),
        ...(sampleIndex > 0 ? { sampleIndex } : {}),
        at,
      };
    };
    yield handle(first.value);
    for await (const record of records) {
      if (!record.summary) yield handle(record);
      else if (asPredictions) yield summaryFigure(record.value, record.summary);
    }
  };
}
