/**
 * Reads a CSV export (csv-parse, streamed): the flat columns back into records, images from
 * images/ beside the file, the manifest from FILE.manifest.json when it was kept. A CSV cannot
 * tell an empty text from a missing one: empty cells of nullable columns read back as missing.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse } from 'csv-parse';
import { parseManifest } from '../manifest';
import { FLAT_TYPES, manifestPathFor, unguardCell } from '../writers/csv';
import { FLAT_COLUMNS, fromFlatRow, type FlatRow } from '../writers/flat';
import { imageFileIn } from './folder';
import type { ExportReader } from './types';

function valueOf(column: string, cell: string): unknown {
  const spec = FLAT_TYPES.get(column)!;
  const text = unguardCell(cell);
  if (text === '') {
    if (spec.nullable) return null;
    if (spec.type === 'list') return [];
    return spec.type === 'string' ? '' : null;
  }
  if (column === 'labels') return text.split(',').map((label) => label.trim());
  switch (spec.type) {
    case 'int':
    case 'float':
      return Number(text);
    case 'bool':
      return text === 'true';
    case 'json':
    case 'list':
      return JSON.parse(text) as unknown;
    default:
      return text;
  }
}

export async function openCsvExport(path: string): Promise<ExportReader> {
  const manifestFile = manifestPathFor(path);
  const manifest = existsSync(manifestFile) ? parseManifest(await readFile(manifestFile, 'utf8'), manifestFile) : null;
  const root = dirname(path);
  return {
    format: 'csv',
    path,
    manifest,
    async *records() {
      const parser = createReadStream(path).pipe(parse({ columns: true, bom: true, relax_quotes: false }));
      let row = 1;
      for await (const cells of parser as AsyncIterable<Record<string, string>>) {
        row++;
        const flat = {} as FlatRow;
        try {
          for (const [column] of FLAT_COLUMNS) {
            if (!(column in cells)) throw new Error(`no "${column}" column`);
            flat[column] = valueOf(column, cells[column]!);
          }
        } catch (error) {
          throw new Error(`${path}, row ${row}: ${error instanceof Error ? error.message : String(error)}`);
        }
        yield { record: fromFlatRow(flat), where: `${path}, row ${row}`, imageBytes: (image) => readFile(imageFileIn(root, image)) };
      }
    },
    close: async () => undefined,
  };
}
