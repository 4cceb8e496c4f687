/**
 * MMMU's own per-subject outputs, as its eval/README asks a model's inference to write them for
 * `main_parse_and_eval.py`: `<model>/<subject>/output.json`, a list of `{id, question_type,
 * answer, all_choices, index2ans, response}`. The subjects of a model folder are one run (MMMU
 * is one benchmark), read through whichever of its files is planned; the official verdict is
 * the script's own: `parse_multi_choice_response` + `eval_multi_choice`, or
 * `parse_open_response` + `eval_open`. A response it would answer with a random letter has no
 * official verdict, and is counted in a warning.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ImportError } from '../errors';
import { asText, toAnswer } from '../fields';
import { mmmuParseMultiChoice } from '../mmmu-rule';
import { mmmuMultiChoiceCorrect, mmmuOpenCorrect, mmmuParseOpenResponse } from '../official-rules';
import { checkTextEncoding } from '../encoding';
import { describeFile, type FormatReader } from '../source-file';
import { readJsonDocument } from '../sources/json';
import { mmmuBenchmarkName } from './mmmu';

/** MMMU's 30 subjects (eval/data_utils.py CAT_SHORT2LONG's values): the folder names of output.json files. */
export const MMMU_SUBJECTS: ReadonlySet<string> = new Set(
  'Accounting Agriculture Architecture_and_Engineering Art Art_Theory Basic_Medical_Science Biology Chemistry Clinical_Medicine Computer_Science Design Diagnostics_and_Laboratory_Medicine Economics Electronics Energy_and_Power Finance Geography History Literature Manage Marketing Materials Math Mechanical_Engineering Music Pharmacy Physics Psychology Public_Health Sociology'.split(' '),
);

/** `<model>/<subject>/output.json`: a subject's file, read with its model folder's other subjects. */
export function isMmmuSubjectOutput(path: string): boolean {
  return basename(path) === 'output.json' && MMMU_SUBJECTS.has(basename(dirname(path)));
}

/** A record of output.json: `id` ("validation_Art_1"), or `No` ("1") in the repository's older example outputs. */
export function isMmmuOutputRecord(record: Record<string, unknown>): boolean {
  const id = typeof record.id === 'string' && /^[a-z]+_.+_\d+$/.test(record.id);
  const numbered = (typeof record.No === 'string' || typeof record.No === 'number') && 'all_choices' in record;
  return (id || numbered) && 'question_type' in record && 'response' in record && 'answer' in record;
}

interface OutputRecord {
  id?: unknown;
  No?: unknown;
  question_type?: unknown;
  answer?: unknown;
  all_choices?: unknown;
  index2ans?: unknown;
  response?: unknown;
}

/** The files of one run: every subject of the model folder, or the file alone. */
function runFiles(path: string): string[] {
  if (!isMmmuSubjectOutput(path)) return [path];
  const model = dirname(dirname(path));
  return readdirSync(model)
    .filter((subject) => MMMU_SUBJECTS.has(subject) && existsSync(join(model, subject, 'output.json')))
    .sort()
    .map((subject) => join(model, subject, 'output.json'));
}

export const readMmmuOutputs: FormatReader = async function* (file, ctx) {
  const paths = runFiles(file.path);
  const documents: Array<{ path: string; display: string; records: OutputRecord[] }> = [];
  for (const path of paths) {
    const display = path === file.path ? file.displayPath : join(dirname(file.displayPath), '..', basename(dirname(path)), 'output.json');
    // The other subjects skip the importer's encoding check (only one file is planned): checked here.
    if (path !== file.path) checkTextEncoding(await describeFile(path, display));
    const document = path === file.path && ctx.document !== undefined ? ctx.document : await readJsonDocument(path, display);
    if (!Array.isArray(document)) throw new ImportError(display, null, null, "expected MMMU's list of outputs ({id, question_type, answer, response})");
    documents.push({ path, display, records: document as OutputRecord[] });
  }
  ctx.bytes.add(file.size);
  // The older outputs number each subject's questions (`No`) without the split: `<subject>_<No>`.
  const idOf = (record: OutputRecord, path: string): string => asText(record.id) || (record.No !== undefined && record.No !== null ? `${basename(dirname(path))}_${asText(record.No)}` : '');
  const ids = documents.flatMap((d) => d.records.map((record) => idOf(record, d.path)));
  const benchmark = ctx.options.benchmark ?? mmmuBenchmarkName(ids);
  const checkpoint = ctx.options.checkpoint ?? (isMmmuSubjectOutput(file.path) ? basename(dirname(file.dir)) : file.stem);
  yield { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: checkpoint }, config: { format: 'mmmu-outputs', subjects: paths.length } };
  let random = 0;
  for (const { path, display, records } of documents) {
    for (const [i, record] of records.entries()) {
      const id = idOf(record, path);
      const at = id ? `id "${id}"` : `record ${i + 1}`;
      if (!id) throw new ImportError(display, at, 'id', 'missing');
      if (typeof record.response !== 'string') throw new ImportError(display, at, 'response', 'not text');
      if (record.answer === undefined || record.answer === null) throw new ImportError(display, at, 'answer', 'missing');
      const multipleChoice = record.question_type === 'multiple-choice';
      const index2ans = multipleChoice ? choicesOf(record, display, at) : null;
      let correct: boolean | null;
      let extracted: string;
      if (multipleChoice) {
        const allChoices = Array.isArray(record.all_choices) ? record.all_choices.map(asText) : Object.keys(index2ans!);
        const letter = mmmuParseMultiChoice(record.response, allChoices, index2ans!);
        if (letter === null) random += 1;
        correct = letter === null ? null : mmmuMultiChoiceCorrect(record.answer, letter);
        extracted = letter ?? '';
      } else {
        const parsed = mmmuParseOpenResponse(record.response);
        correct = mmmuOpenCorrect(record.answer, parsed);
        extracted = parsed.map(String).join(', ');
      }
      yield {
        type: 'prediction',
        sample: {
          externalId: id,
          question: '', // output.json keeps no question text
          choices: index2ans,
          answer: toAnswer(record.answer),
          answerType: multipleChoice ? 'mcq' : null,
          category: /^(?:[a-z]+_)?(.+)_\d+$/.exec(id)?.[1] ?? null,
          metadata: { question_type: asText(record.question_type) },
          images: [],
        },
        output: record.response,
        official: { correct, extracted: extracted === '' ? null : extracted },
        at,
      };
    }
  }
  if (random > 0) {
    yield { type: 'warning', message: `${random} multiple-choice response(s) name no option MMMU's parse_multi_choice_response can find: it would pick a random letter, so they have no official verdict and are left out of the official figure` };
  }
};

function choicesOf(record: OutputRecord, display: string, at: string): Record<string, string> {
  const choices = record.index2ans;
  if (typeof choices !== 'object' || choices === null || Array.isArray(choices)) throw new ImportError(display, at, 'index2ans', 'not an object of letter -> option');
  return Object.fromEntries(Object.entries(choices as Record<string, unknown>).map(([letter, text]) => [letter, asText(text)]));
}
