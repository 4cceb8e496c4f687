/**
 * The MME benchmark's own evaluation tool (`eval_tool/calculation.py`, BradyFU/Awesome-Multimodal-
 * Large-Language-Models; LLaVA's `convert_answer_to_mme.py` writes its input): a results folder of
 * one `<subtask>.txt` per subtask, each line `image<TAB>question<TAB>ground truth<TAB>prediction`,
 * two yes/no questions per image. calculation.py takes the folder as its unit, so the subtask
 * files of a folder are read together, as one run.
 *
 * Its rule: the prediction lower-cased is "yes" or "no" if it is one, else the one of them its
 * first four characters hold, else "other"; per subtask, acc (share of questions right) ×100 plus
 * acc+ (share of images with both right) ×100; perception sums ten subtasks, cognition four.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RECOMPUTED_PREFIX } from '../../official-figure';
import { ImportError } from '../errors';
import { MmeScore } from '../lmms-mme';
import type { FormatReader } from '../source-file';

export const MME_PERCEPTION = ['existence', 'count', 'position', 'color', 'posters', 'celebrity', 'scene', 'landmark', 'artwork', 'OCR'] as const;
export const MME_COGNITION = ['commonsense_reasoning', 'numerical_calculation', 'text_translation', 'code_reasoning'] as const;
const SUBTASKS: readonly string[] = [...MME_PERCEPTION, ...MME_COGNITION];

/** `existence.txt`, `OCR.txt`, …: a file the MME tool reads. */
export function isMmeSubtaskFile(name: string): boolean {
  return name.endsWith('.txt') && SUBTASKS.includes(name.slice(0, -'.txt'.length));
}

/** Whether a file's first line is what calculation.py reads: four tab-separated fields, the third yes or no. */
export function looksLikeMmeAnswers(firstLine: string): boolean {
  const fields = firstLine.replace(/\r$/, '').split('\t');
  return fields.length === 4 && /^(?:yes|no)$/i.test(fields[2]!.trim());
}

/** calculation.py's `parse_pred_ans`. */
export function mmeAnswerOf(prediction: string): 'yes' | 'no' | 'other' {
  const text = prediction.toLowerCase();
  if (text === 'yes' || text === 'no') return text;
  const start = text.slice(0, 4);
  if (start.includes('yes')) return 'yes';
  if (start.includes('no')) return 'no';
  return 'other';
}

export const readMmeEvalTool: FormatReader = async function* (file, ctx) {
  const present = new Set(readdirSync(file.dir).filter(isMmeSubtaskFile));
  const subtasks = SUBTASKS.filter((task) => present.has(`${task}.txt`));
  const missing = SUBTASKS.filter((task) => !present.has(`${task}.txt`));
  const benchmark = ctx.options.benchmark ?? 'MME';
  const checkpoint = ctx.options.checkpoint ?? basename(file.dir);
  const asPredictions = ctx.options.kind !== 'benchmark';
  yield asPredictions ? { type: 'run', benchmark: { name: benchmark }, checkpoint: { name: checkpoint }, config: { format: 'mme-eval-tool' } } : { type: 'benchmark', benchmark: { name: benchmark } };
  const score = new MmeScore();
  for (const task of subtasks) {
    const path = join(file.dir, `${task}.txt`);
    const shown = join(dirname(file.displayPath), `${task}.txt`);
    const metric = (MME_PERCEPTION as readonly string[]).includes(task) ? 'mme_perception_score' : 'mme_cognition_score';
    const bytes = readFileSync(path);
    let text: string;
    try {
      // The sibling files skip the importer's encoding check (only the first is planned): decode strictly here.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ImportError(shown, null, null, 'not valid UTF-8');
    }
    const lines = text.replace(/^\uFEFF/, '').split('\n');
    const seen = new Map<string, number>();
    for (const [i, raw] of lines.entries()) {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '') continue;
      const at = `line ${i + 1}`;
      const fields = line.split('\t');
      if (fields.length !== 4) throw new ImportError(shown, at, null, `${fields.length} tab-separated fields; the MME tool reads four (image, question, ground truth, prediction)`);
      const [image, question, truth, prediction] = fields.map((field) => field.trim()) as [string, string, string, string];
      if (!/^(?:yes|no)$/i.test(truth)) throw new ImportError(shown, at, 'ground truth', `"${truth}" is not Yes or No`);
      // Each image has a yes-question and a no-question: the pair names the sample in any model's file.
      const key = `${task}/${image}/${truth.toLowerCase()}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const sample = {
        externalId: n === 1 ? key : `${key}#${n}`,
        question,
        choices: null,
        answer: truth.toLowerCase() === 'yes' ? 'Yes' : 'No',
        answerType: 'yesno' as const,
        category: task,
        metadata: { image },
        images: [],
      };
      if (!asPredictions) {
        yield { type: 'sample', sample, at: `${shown} ${at}` };
        continue;
      }
      const answer = mmeAnswerOf(prediction);
      const correct = answer === truth.toLowerCase();
      score.add({ [metric]: { question_id: image, category: task, score: correct ? 1 : 0 } });
      yield { type: 'prediction', sample, output: prediction, official: { correct, extracted: answer }, at: `${shown} ${at}` };
    }
    ctx.bytes.add(bytes.length);
  }
  if (subtasks.length > 1 || file.name !== `${subtasks[0]}.txt`) {
    yield { type: 'warning', message: `read the folder's ${subtasks.length} MME subtask files as one run, as the MME tool's calculation.py reads its results folder${missing.length > 0 ? `; not there: ${missing.join(', ')}` : ''}` };
  }
  if (!asPredictions) return;
  for (const figure of score.figures()) {
    const skipped = figure.skipped > 0 ? `, ${figure.skipped} image(s) without two answers left out` : '';
    const group = figure.metric === 'mme_perception_score' ? MME_PERCEPTION : MME_COGNITION;
    const partial = group.some((task) => missing.includes(task)) ? `, ${group.filter((task) => !missing.includes(task)).length} of its ${group.length} subtasks` : '';
    yield {
      type: 'reported',
      metric: figure.metric,
      value: figure.value,
      total: figure.images * 2,
      source: `${RECOMPUTED_PREFIX}MME calculation.py over ${basename(file.dir)}/ (${figure.images} images${skipped}${partial})`,
    };
  }
};
