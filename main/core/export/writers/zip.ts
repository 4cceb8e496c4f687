/**
 * The JSONL export as one .zip (yazl): the folder is written to a temporary folder beside the
 * target first, then packed entry by entry from disk, so neither records nor images are ever
 * all in memory. Images are stored without compression (PNG and JPEG are compressed already).
 */
import { createWriteStream, readdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import yazl from 'yazl';
import type { Manifest } from '../manifest';
import { IMAGES_DIR } from '../images';
import { createFolderWriter, jsonlLayout, MANIFEST_FILE } from './folder';
import { checkFileTarget, partialPath, removeQuietly } from './fs-util';
import type { ExportWriter, WriterContext } from './types';

export function createZipWriter(context: WriterContext): ExportWriter {
  checkFileTarget(context.outPath, context.overwrite);
  const staging = partialPath(context.outPath);
  const folder = createFolderWriter({ ...context, outPath: staging, overwrite: false }, jsonlLayout);
  const zipPartial = partialPath(context.outPath);
  return {
    get imageCount() {
      return folder.imageCount;
    },
    write: (record) => folder.write(record),
    async finish(manifest: Manifest) {
      await folder.finish(manifest);
      const zip = new yazl.ZipFile();
      const output = createWriteStream(zipPartial);
      zip.outputStream.pipe(output);
      const closed = once(output, 'close');
      zip.addFile(join(staging, MANIFEST_FILE), MANIFEST_FILE);
      zip.addFile(join(staging, jsonlLayout.recordsFile), jsonlLayout.recordsFile);
      for (const name of readdirSync(join(staging, IMAGES_DIR)).sort()) {
        zip.addFile(join(staging, IMAGES_DIR, name), `${IMAGES_DIR}/${name}`, { compress: false });
      }
      zip.end();
      await closed;
      await rename(zipPartial, context.outPath);
      await removeQuietly(staging);
    },
    async abort() {
      await folder.abort();
      await removeQuietly(staging);
      await removeQuietly(zipPartial);
    },
  };
}
