/** Reads a JSONL or EasyR1 export folder: manifest.json, the records file, images/. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { IMAGES_DIR } from '../images';
import { parseManifest } from '../manifest';
import type { ExportRecord } from '../record';
import { MANIFEST_FILE } from '../writers/folder';
import type { ExportReader, StoredRecordImage } from './types';

/**
 * An image path from an export names a file in its images/ folder and nothing else: the export
 * is untrusted input, and `../` must not reach files outside it.
 */
export function imageFileIn(root: string, image: StoredRecordImage): string {
  return join(root, IMAGES_DIR, basename(image.path.replaceAll('\\', '/')));
}

/** Parses one line: a JSONL record as is, an EasyR1 line through its `workbench` text. */
export function recordOfLine(format: 'jsonl' | 'easyr1', line: string): ExportRecord {
  const value = JSON.parse(line) as Record<string, unknown>;
  if (format === 'easyr1') {
    if (typeof value.workbench !== 'string') throw new Error('no "workbench" field (was this line written by VLM Workbench?)');
    return JSON.parse(value.workbench) as ExportRecord;
  }
  return value as unknown as ExportRecord;
}

export async function openFolderExport(root: string): Promise<ExportReader | null> {
  const manifestFile = join(root, MANIFEST_FILE);
  if (!existsSync(manifestFile) || !statSync(manifestFile).isFile()) return null;
  const manifest = parseManifest(await readFile(manifestFile, 'utf8'), manifestFile);
  if (manifest.format !== 'jsonl' && manifest.format !== 'easyr1') throw new Error(`${manifestFile}: a ${manifest.format} manifest in a folder`);
  const format = manifest.format;
  const recordsFile = join(root, basename(manifest.records_file ?? 'records.jsonl'));
  if (!existsSync(recordsFile)) throw new Error(`${root}: the manifest names ${basename(recordsFile)}, which is not there`);
  return {
    format,
    path: root,
    manifest,
    async *records() {
      const lines = createInterface({ input: createReadStream(recordsFile), crlfDelay: Infinity });
      let number = 0;
      for await (const line of lines) {
        number++;
        if (line.trim() === '') continue;
        let record: ExportRecord;
        try {
          record = recordOfLine(format, line);
        } catch (error) {
          throw new Error(`${recordsFile}, line ${number}: ${error instanceof Error ? error.message : String(error)}`);
        }
        yield { record, where: `${recordsFile}, line ${number}`, imageBytes: (image) => readFile(imageFileIn(root, image)) };
      }
    },
    close: async () => undefined,
  };
}
