/**
 * VLMEvalKit's benchmark TSV, so a failure set can be evaluated again with VLMEvalKit as a custom
 * dataset: `index`, `image` (base64; a list of them for several images; or, for an image list a
 * row above already carries, that row's index, as VLMEvalKit itself does to save space),
 * `question`, one column per option (A, B, …), `answer`, `category`. VLMEvalKit ignores other
 * columns; `wb_record` holds the rest of our record as JSON so that reading it back is exact.
 * The manifest sits beside it as FILE.manifest.json.
 */
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { stringify } from 'csv-stringify';
import type { Manifest } from '../manifest';
import { storedImages, type ExportRecord } from '../record';
import { guardCell, manifestPathFor } from './csv';
import { checkFileTarget, endStream, guardStreams, partialPath, removeQuietly, writeFileAtomic } from './fs-util';
import type { ExportWriter, WriterContext } from './types';
import { WB_RECORD_COLUMN } from '../export-headers';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Options keyed A, B, … as VLMEvalKit wants them; other keys (1, 2, …) are lettered by position. */
export function lettered(choices: Record<string, string> | null, answer: string): { options: Record<string, string>; answer: string } {
  if (!choices) return { options: {}, answer };
  const keys = Object.keys(choices);
  if (keys.every((key) => key.length === 1 && LETTERS.includes(key))) return { options: choices, answer };
  const options: Record<string, string> = {};
  let mapped = answer;
  keys.slice(0, LETTERS.length).forEach((key, position) => {
    options[LETTERS[position]!] = choices[key]!;
    if (key === answer) mapped = LETTERS[position]!;
  });
  return { options, answer: mapped };
}

export function createVlmEvalKitWriter(context: WriterContext, optionLetters: string[]): ExportWriter {
  checkFileTarget(context.outPath, context.overwrite);
  const partial = partialPath(context.outPath);
  const output = createWriteStream(partial);
  const columns = ['index', 'image', 'question', ...optionLetters, 'answer', 'category', WB_RECORD_COLUMN];
  // Quoted only where pandas' read_csv needs it (a tab, a quote or a line break in the cell).
  const tsv = stringify({ header: true, columns, delimiter: '\t', quoted_match: /[\t\r\n"]/ });
  tsv.pipe(output);
  const guard = guardStreams(context.outPath, tsv, output);
  /** Index of the first row showing each image list (sha256s joined): later rows refer to it. */
  const firstRowOf = new Map<string, number>();
  const seen = new Set<string>();
  let index = 0;
  return {
    get imageCount() {
      return seen.size;
    },
    async write(record: ExportRecord) {
      index++;
      const images = storedImages(record);
      const key = images.map((image) => image.sha256).join(',');
      let cell = '';
      if (images.length > 0) {
        const earlier = firstRowOf.get(key);
        if (earlier !== undefined) cell = String(earlier);
        else {
          firstRowOf.set(key, index);
          const encoded = images.map((image) => {
            seen.add(image.sha256);
            return context.imageBytes(image.sha256).toString('base64');
          });
          cell = encoded.length === 1 ? encoded[0]! : JSON.stringify(encoded);
        }
      }
      const { options, answer } = lettered(record.sample.choices, record.sample.answer);
      const row: Record<string, string> = {
        index: String(index),
        image: cell,
        // Model-written or user text a spreadsheet would run as a formula gets csv.ts's guard; the
        // exact text stays in wb_record, which reading back uses.
        question: guardCell(record.sample.question),
        answer: guardCell(answer),
        category: guardCell(record.sample.category ?? ''),
        [WB_RECORD_COLUMN]: JSON.stringify(record),
      };
      for (const letter of optionLetters) row[letter] = guardCell(options[letter] ?? '');
      guard.throwIfFailed();
      if (!tsv.write(row)) await guard.waitFor(tsv, 'drain');
    },
    async finish(manifest: Manifest) {
      const closed = guard.waitFor(output, 'close');
      tsv.end();
      await closed;
      await rename(partial, context.outPath);
      await writeFileAtomic(manifestPathFor(context.outPath), `${JSON.stringify(manifest, null, 2)}\n`);
    },
    async abort() {
      tsv.destroy();
      await endStream(output).catch(() => undefined);
      await removeQuietly(partial);
    },
  };
}

/** The option columns an export needs: every key its samples use, lettered. */
export function optionLettersFor(choiceKeyLists: Iterable<string[]>): string[] {
  let most = 0;
  const letters = new Set<string>();
  for (const keys of choiceKeyLists) {
    if (keys.every((key) => key.length === 1 && LETTERS.includes(key))) keys.forEach((key) => letters.add(key));
    else most = Math.max(most, Math.min(keys.length, LETTERS.length));
  }
  for (let i = 0; i < most; i++) letters.add(LETTERS[i]!);
  return [...letters].sort();
}
