/**
 * Reads a VLMEvalKit TSV export: `wb_record` gives the record, the `image` cell its images
 * (base64, a list of base64, or the index of an earlier row with the same images).
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse';
import { parseManifest } from '../manifest';
import type { ExportRecord } from '../record';
import { manifestPathFor } from '../writers/csv';
import { WB_RECORD_COLUMN } from '../export-headers';
import type { ExportReader } from './types';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function decodeImages(cell: string): Buffer[] {
  const text = cell.trim();
  if (text === '') return [];
  const list = text.startsWith('[') ? (JSON.parse(text.replaceAll("'", '"')) as string[]) : [text];
  return list.map((item) => Buffer.from(item, 'base64'));
}

export async function openVlmEvalKitExport(path: string): Promise<ExportReader> {
  const manifestFile = manifestPathFor(path);
  const manifest = existsSync(manifestFile) ? parseManifest(await readFile(manifestFile, 'utf8'), manifestFile) : null;
  return {
    format: 'vlmevalkit',
    path,
    manifest,
    async *records() {
      const parser = createReadStream(path).pipe(parse({ columns: true, delimiter: '\t', bom: true, relax_quotes: true }));
      /** sha256s of each row's images by index, for the rows that refer to them (short strings only). */
      const shasOfRow = new Map<string, string[]>();
      let row = 1;
      for await (const cells of parser as AsyncIterable<Record<string, string>>) {
        row++;
        const where = `${path}, row ${row}`;
        const recordText = cells[WB_RECORD_COLUMN];
        if (recordText === undefined) throw new Error(`${where}: no ${WB_RECORD_COLUMN} column (not a VLM Workbench export)`);
        const record = JSON.parse(recordText) as ExportRecord;
        const cell = cells.image ?? '';
        const bytesBySha = new Map<string, Buffer>();
        if (cell.length > 0 && cell.length <= 64) {
          // A short cell names the row whose images this row shares (VLMEvalKit's convention).
          if (!shasOfRow.has(cell)) throw new Error(`${where}: image refers to row index ${cell}, which has no images before it`);
          shasOfRow.set(cells.index ?? '', shasOfRow.get(cell)!);
        } else {
          const decoded = decodeImages(cell);
          for (const bytes of decoded) bytesBySha.set(sha256(bytes), bytes);
          shasOfRow.set(cells.index ?? '', decoded.map(sha256));
        }
        yield {
          record,
          where,
          imageBytes: async (image) => {
            const bytes = bytesBySha.get(image.sha256);
            if (!bytes) throw new Error(`${where}: the image cell does not hold image ${image.sha256.slice(0, 12)}… (an earlier row's image is read from the workspace)`);
            return bytes;
          },
        };
      }
    },
    close: async () => undefined,
  };
}
