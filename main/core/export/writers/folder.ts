/**
 * Folder exports: a records file (one JSON object a line), an images/ folder of content-addressed
 * files and manifest.json. The JSONL format writes records as they are; EasyR1 maps each to its
 * training-line shape; the zip format packs such a folder.
 */
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../manifest';
import { IMAGES_DIR, imageFileName } from '../images';
import { storedImages, type ExportRecord } from '../record';
import { checkFolderTarget, endStream, guardStreams, partialPath, removeQuietly, writeFileAtomic } from './fs-util';
import type { ExportWriter, WriterContext } from './types';

export const MANIFEST_FILE = 'manifest.json';

export interface FolderLayout {
  recordsFile: string;
  /** The JSON line written for a record. */
  line(record: ExportRecord): string;
}

export function createFolderWriter(context: WriterContext, layout: FolderLayout): ExportWriter {
  const root = context.outPath;
  const { existed } = checkFolderTarget(root, context.overwrite);
  mkdirSync(join(root, IMAGES_DIR), { recursive: true });
  const recordsPath = join(root, layout.recordsFile);
  const partial = partialPath(recordsPath);
  const stream: WriteStream = createWriteStream(partial);
  const guard = guardStreams(recordsPath, stream);
  const written = new Set<string>();
  return {
    get imageCount() {
      return written.size;
    },
    async write(record) {
      for (const image of storedImages(record)) {
        if (written.has(image.sha256)) continue;
        written.add(image.sha256);
        const file = join(root, IMAGES_DIR, imageFileName(image.sha256, image.mime));
        // Same name, same bytes: an image another export left in this folder is already right.
        if (!existsSync(file)) await writeFileAtomic(file, context.imageBytes(image.sha256));
      }
      guard.throwIfFailed();
      if (!stream.write(`${layout.line(record)}\n`)) await guard.waitFor(stream, 'drain');
    },
    async finish(manifest: Manifest) {
      const closed = guard.waitFor(stream, 'close');
      stream.end();
      await closed;
      await rename(partial, recordsPath);
      await writeFileAtomic(join(root, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    },
    async abort() {
      await endStream(stream).catch(() => undefined);
      await removeQuietly(partial);
      // A folder this export created goes entirely; in a folder that was there, only our partial file.
      if (!existed) await removeQuietly(root);
    },
  };
}

export const jsonlLayout: FolderLayout = {
  recordsFile: 'records.jsonl',
  line: (record) => JSON.stringify(record),
};
