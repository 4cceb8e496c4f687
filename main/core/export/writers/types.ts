import type { Manifest } from '../manifest';
import type { ExportRecord } from '../record';

/** One export format's writer. Records arrive one at a time; nothing holds them all. */
export interface ExportWriter {
  write(record: ExportRecord): Promise<void>;
  /** Writes the manifest and puts the output in place under its final name. */
  finish(manifest: Manifest): Promise<void>;
  /** Removes what a failed or cancelled export wrote, so no half-written export is left behind. */
  abort(): Promise<void>;
  /** Distinct images written so far. */
  readonly imageCount: number;
}

export interface WriterContext {
  /** The file, or the folder for folder formats. */
  outPath: string;
  overwrite: boolean;
  /** An image's bytes from the workspace, read only when a writer needs them. */
  imageBytes(sha256: string): Buffer;
}
