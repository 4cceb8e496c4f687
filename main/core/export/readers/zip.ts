/**
 * Reads a .zip export (yauzl): the central directory is read once, then the manifest, the
 * records (streamed line by line) and each image on demand, by random access into the file.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { basename } from 'node:path';
import yauzl from 'yauzl';
import { IMAGES_DIR } from '../images';
import { parseManifest } from '../manifest';
import { MANIFEST_FILE } from '../writers/folder';
import { recordOfLine } from './folder';
import type { ExportReader } from './types';

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip))));
}

function entriesOf(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function streamOf(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
}

/** The most one manifest or image entry may inflate to (yauzl checks the real size against the header). */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

async function bytesOf(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
    throw new Error(`${entry.fileName} inflates to ${Math.round(entry.uncompressedSize / 2 ** 20)} MiB, over the limit of ${MAX_ENTRY_BYTES / 2 ** 20} MiB for one entry`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of await streamOf(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Null when the zip holds no manifest of ours (some other zip). */
export async function openZipExport(path: string): Promise<ExportReader | null> {
  const zip = await openZip(path);
  try {
    const entries = await entriesOf(zip);
    const manifestEntry = entries.get(MANIFEST_FILE);
    if (!manifestEntry) {
      zip.close();
      return null;
    }
    const manifest = parseManifest((await bytesOf(zip, manifestEntry)).toString('utf8'), `${path}: ${MANIFEST_FILE}`);
    const recordsName = manifest.records_file ?? 'records.jsonl';
    const recordsEntry = entries.get(recordsName);
    if (!recordsEntry) throw new Error(`${path}: the manifest names ${recordsName}, which the zip does not hold`);
    return {
      format: 'zip',
      path,
      manifest,
      async *records() {
        const lines = createInterface({ input: await streamOf(zip, recordsEntry), crlfDelay: Infinity });
        let number = 0;
        for await (const line of lines) {
          number++;
          if (line.trim() === '') continue;
          let record;
          try {
            record = recordOfLine('jsonl', line);
          } catch (error) {
            throw new Error(`${path}: ${recordsName}, line ${number}: ${error instanceof Error ? error.message : String(error)}`);
          }
          yield {
            record,
            where: `${path}: ${recordsName}, line ${number}`,
            imageBytes: async (image) => {
              const name = `${IMAGES_DIR}/${basename(image.path.replaceAll('\\', '/'))}`;
              const entry = entries.get(name);
              if (!entry) throw new Error(`${path}: ${name} is not in the zip`);
              return bytesOf(zip, entry);
            },
          };
        }
      },
      close: async () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}
