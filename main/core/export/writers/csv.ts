/**
 * CSV for spreadsheets (csv-stringify): one row per record, the flat columns (flat.ts) plus two
 * for people: `images` (paths of the image files, in images/ beside the CSV) and `notes` (every
 * label's note with its source and author). The manifest sits beside it as FILE.manifest.json.
 *
 * Model output is untrusted: a cell that a spreadsheet would run as a formula (=, +, -, @) gets a
 * leading apostrophe, and so does a cell that starts with one, so reading back only has to drop
 * the first apostrophe to restore the text exactly.
 */
import { createWriteStream, mkdirSync, existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'csv-stringify';
import type { Manifest } from '../manifest';
import { IMAGES_DIR, imageFileName } from '../images';
import { storedImages, type ExportRecord } from '../record';
import { FLAT_COLUMNS, imagePathsOf, toFlatRow, type FlatColumn, type FlatType } from './flat';
import { checkFileTarget, endStream, guardStreams, partialPath, removeQuietly, removeStalePartials, writeFileAtomic } from './fs-util';
import type { ExportWriter, WriterContext } from './types';

export type CsvColumn = FlatColumn | 'images' | 'notes';

/** The flat columns with `images` after the question and `notes` after the labels. */
export const CSV_COLUMNS: CsvColumn[] = FLAT_COLUMNS.flatMap(([name]): CsvColumn[] =>
  name === 'question' ? [name, 'images'] : name === 'labels' ? [name, 'notes'] : [name],
);

export const FLAT_TYPES = new Map<string, { type: FlatType; nullable: boolean }>(FLAT_COLUMNS.map(([name, type, nullable]) => [name, { type, nullable }]));

export const manifestPathFor = (file: string): string => `${file}.manifest.json`;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Keeps spreadsheets from running a cell as a formula; reversible (see readers/csv.ts). */
export function guardCell(text: string): string {
  if (text.startsWith("'") || (/^[=+\-@\t\r]/.test(text) && !NUMBER.test(text))) return `'${text}`;
  return text;
}

export function unguardCell(text: string): string {
  return text.startsWith("'") ? text.slice(1) : text;
}

/** A label list is readable as is: keys are lower-case words without commas. */
function cellOf(column: string, value: unknown, type: FlatType): string {
  if (value === null || value === undefined) return '';
  if (column === 'labels') return (value as string[]).join(', ');
  switch (type) {
    case 'json':
    case 'list':
      return JSON.stringify(value);
    case 'bool':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

function notesOf(record: ExportRecord): string {
  return record.labels
    .filter((label) => label.note !== '')
    .map((label) => `${label.label} (${label.source}, ${label.author}): ${label.note}`)
    .join('\n');
}

export function createCsvWriter(context: WriterContext): ExportWriter {
  checkFileTarget(context.outPath, context.overwrite);
  const imagesDir = join(dirname(context.outPath), IMAGES_DIR);
  const imagesDirExisted = existsSync(imagesDir);
  mkdirSync(imagesDir, { recursive: true });
  removeStalePartials(imagesDir);
  /** Image files this export added (others were there before and stay). */
  const added: string[] = [];
  const partial = partialPath(context.outPath);
  const output = createWriteStream(partial);
  const csv = stringify({ header: true, columns: CSV_COLUMNS, quoted_match: /[\r\n"]/ });
  csv.pipe(output);
  const guard = guardStreams(context.outPath, csv, output);
  const written = new Set<string>();
  return {
    get imageCount() {
      return written.size;
    },
    async write(record) {
      for (const image of storedImages(record)) {
        if (written.has(image.sha256)) continue;
        written.add(image.sha256);
        const file = join(imagesDir, imageFileName(image.sha256, image.mime));
        if (!existsSync(file)) {
          added.push(file);
          await writeFileAtomic(file, context.imageBytes(image.sha256));
        }
      }
      const flat = toFlatRow(record);
      const row: Record<string, string> = {};
      for (const column of CSV_COLUMNS) {
        const text =
          column === 'images' ? imagePathsOf(record).join(' ') : column === 'notes' ? notesOf(record) : cellOf(column, flat[column], FLAT_TYPES.get(column)!.type);
        row[column] = guardCell(text);
      }
      guard.throwIfFailed();
      if (!csv.write(row)) await guard.waitFor(csv, 'drain');
    },
    async finish(manifest: Manifest) {
      const closed = guard.waitFor(output, 'close');
      csv.end();
      await closed;
      await rename(partial, context.outPath);
      await writeFileAtomic(manifestPathFor(context.outPath), `${JSON.stringify(manifest, null, 2)}\n`);
    },
    async abort() {
      csv.destroy();
      await endStream(output).catch(() => undefined);
      await removeQuietly(partial);
      for (const file of added) await removeQuietly(file);
      if (!imagesDirExisted) await removeQuietly(imagesDir);
    },
  };
}


