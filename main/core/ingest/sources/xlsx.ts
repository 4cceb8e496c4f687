/**
 * Rows of the first sheet of an .xlsx file (VLMEvalKit writes its prediction and judged files
 * so). Spreadsheets hold no images and stay small, so the sheet is read whole.
 */
import readXlsxFile from 'read-excel-file/node';
import { ImportError } from '../errors';
import { checkZipInflatedSize, MAX_XLSX_INFLATED_BYTES } from './bounds';

export interface SheetRow {
  cells: unknown[];
  /** Spreadsheet row number (the header is row 1). */
  row: number;
}

export async function readXlsx(path: string, displayPath: string): Promise<{ header: string[]; rows: SheetRow[] }> {
  let sheets: Array<{ sheet: string; data: unknown[][] }>;
  // The reader holds the whole sheet in memory: refuse one that would inflate past the limit first.
  await checkZipInflatedSize(path, displayPath, MAX_XLSX_INFLATED_BYTES, '.xlsx file');
  try {
    sheets = (await readXlsxFile(path)) as unknown as Array<{ sheet: string; data: unknown[][] }>;
  } catch (error) {
    throw new ImportError(displayPath, null, null, `not a readable .xlsx file: ${(error as Error).message}`);
  }
  const data = sheets[0]?.data ?? [];
  if (data.length === 0) throw new ImportError(displayPath, null, null, 'the first sheet is empty (no header row)');
  const header = data[0]!.map((name) => String(name ?? '').trim());
  return { header, rows: data.slice(1).map((cells, i) => ({ cells, row: i + 2 })) };
}
