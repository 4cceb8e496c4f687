/**
 * Any row-shaped file as a header and a stream of rows, so one format reader serves VLMEvalKit's
 * TSV, CSV and XLSX alike. TSV/CSV cells are text ('' for pandas' NaN); XLSX cells are typed.
 */
import { ImportError } from '../errors';
import { openDelimited } from './delimited';
import { readJsonDocument } from './json';
import type { ByteCounter } from './progress';

export interface TableRow {
  cells: unknown[];
  /** "line 12" (text files) or "row 12" (spreadsheets, JSON records). */
  at: string;
}

export interface Table {
  header: string[];
  rows: AsyncIterable<TableRow>;
}

export type TableKind = 'tsv' | 'csv' | 'xlsx' | 'json-records';

export function tableKindOf(name: string): TableKind | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.tsv')) return 'tsv';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.json')) return 'json-records';
  return null;
}

export async function openTable(path: string, displayPath: string, kind: TableKind, bytes: ByteCounter, document?: unknown): Promise<Table> {
  if (kind === 'tsv' || kind === 'csv') {
    const table = await openDelimited(path, displayPath, kind === 'tsv' ? '\t' : ',', bytes);
    return {
      header: table.header,
      rows: (async function* () {
        for await (const row of table.rows) yield { cells: row.cells, at: `line ${row.line}` };
      })(),
    };
  }
  if (kind === 'xlsx') {
    // Loaded for spreadsheets only: the xlsx reader's modules cost every other import ~40 ms to load.
    const { readXlsx } = await import('./xlsx');
    const sheet = await readXlsx(path, displayPath);
    return {
      header: sheet.header,
      rows: (async function* () {
        for (const row of sheet.rows) yield { cells: row.cells, at: `row ${row.row}` };
      })(),
    };
  }
  // pandas' to_json(orient='records'): an array of objects.
  const value = document ?? (await readJsonDocument(path, displayPath));
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) {
    throw new ImportError(displayPath, null, null, 'expected a JSON array of records');
  }
  const records = value as Array<Record<string, unknown>>;
  const header = [...new Set(records.flatMap((record) => Object.keys(record)))];
  return {
    header,
    rows: (async function* () {
      for (let i = 0; i < records.length; i++) yield { cells: header.map((name) => records[i]![name] ?? null), at: `record ${i + 1}` };
    })(),
  };
}
