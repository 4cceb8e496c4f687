/**
 * How a table file says it is one of our exports, by its header alone: checked for every CSV and
 * TSV an import is given, so it loads none of the CSV libraries the readers use.
 */

/** The column of our VLMEvalKit-style TSV export that holds each record whole. */
export const WB_RECORD_COLUMN = 'wb_record';

/** Whether a header is one of our CSV exports (the columns only we write). */
export function isExportCsvHeader(header: string[]): boolean {
  return ['record_id', 'run_key', 'images_json', 'verdicts_json', 'labels_json'].every((column) => header.includes(column));
}
