import type { ExportFormat } from '../api-contract';
import type { Manifest } from '../manifest';
import type { ExportRecord, RecordImage } from '../record';

export type StoredRecordImage = Extract<RecordImage, { sha256: string }>;

export interface ReadBackRecord {
  record: ExportRecord;
  /** Where the record sits in the export, for error messages ("line 12", "row 7"). */
  where: string;
  /** The bytes of one of the record's images, read only when the workspace lacks them. */
  imageBytes(image: StoredRecordImage): Promise<Buffer>;
}

/** One of our export formats opened for reading: its manifest and its records, streamed. */
export interface ExportReader {
  format: ExportFormat;
  /** The file or folder that was opened. */
  path: string;
  /** Null only for a CSV or TSV whose manifest file was not kept beside it. */
  manifest: Manifest | null;
  records(): AsyncGenerator<ReadBackRecord>;
  close(): Promise<void>;
}
