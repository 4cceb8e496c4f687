/**
 * EasyR1 training data, so failures feed the next curriculum stage directly: a folder with
 * train.jsonl, images/ and manifest.json. Each line has `problem` (one `<image>` placeholder per
 * image, then the question and its options as our prompt shows them), `answer` (the gold answer)
 * and `images` (paths relative to the folder: set EasyR1's `data.image_dir` to it). `workbench`
 * carries our whole record as JSON text (text, so `datasets`' JSON loader never has to unify
 * nested types across lines) for reading back.
 */
import { formatChoices } from '../../eval/prompt';
import { storedImages, type ExportRecord } from '../record';
import { createFolderWriter, type FolderLayout } from './folder';
import type { ExportWriter, WriterContext } from './types';

export const EASYR1_RECORDS_FILE = 'train.jsonl';

export interface EasyR1Line {
  problem: string;
  answer: string;
  images: string[];
  workbench: string;
}

export function easyR1Line(record: ExportRecord): EasyR1Line {
  const images = storedImages(record);
  const choices = formatChoices(record.sample.choices);
  return {
    problem: `${'<image>'.repeat(images.length)}${record.sample.question}${choices ? `\n${choices}` : ''}`,
    answer: record.sample.answer,
    images: images.map((image) => image.path),
    workbench: JSON.stringify(record),
  };
}

export const easyR1Layout: FolderLayout = { recordsFile: EASYR1_RECORDS_FILE, line: (record) => JSON.stringify(easyR1Line(record)) };

export function createEasyR1Writer(context: WriterContext): ExportWriter {
  return createFolderWriter(context, easyR1Layout);
}
