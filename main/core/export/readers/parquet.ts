/**
 * Reads a Parquet export with hyparquet (a different library from the writer's), one row group
 * at a time: the manifest from the `vlm_workbench` metadata key, the image bytes from the
 * `images` column's {bytes, path} structs (utf8: false, so those bytes stay bytes; STRING
 * columns are text whatever the option).
 */
import { createHash } from 'node:crypto';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parseManifest, type Manifest } from '../manifest';
import { FLAT_COLUMNS, fromFlatRow, type FlatRow } from '../writers/flat';
import { IMAGES_COLUMN, PARQUET_MANIFEST_KEY } from '../writers/parquet';
import type { ExportReader } from './types';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Null when the file carries no manifest of ours (some other Parquet file). */
export async function openParquetExport(path: string): Promise<ExportReader | null> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const entry = metadata.key_value_metadata?.find((kv) => kv.key === PARQUET_MANIFEST_KEY);
  if (!entry?.value) return null;
  const manifest: Manifest = parseManifest(entry.value, `${path}: ${PARQUET_MANIFEST_KEY} metadata`);
  const json = new Set<string>(FLAT_COLUMNS.filter(([, type]) => type === 'json').map(([name]) => name));
  return {
    format: 'parquet',
    path,
    manifest,
    async *records() {
      let rowStart = 0;
      for (const group of metadata.row_groups) {
        const rowEnd = rowStart + Number(group.num_rows);
        const rows = (await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors, utf8: false })) as Array<Record<string, unknown>>;
        for (let i = 0; i < rows.length; i++) {
          const where = `${path}, row ${rowStart + i + 1}`;
          const cells = rows[i]!;
          const flat = {} as FlatRow;
          for (const [column, type] of FLAT_COLUMNS) {
            const value = cells[column];
            if (value === undefined) throw new Error(`${where}: no "${column}" column`);
            flat[column] = json.has(column) && typeof value === 'string' ? JSON.parse(value) : type === 'int' && typeof value === 'bigint' ? Number(value) : value;
          }
          const bytesBySha = new Map<string, Uint8Array>();
          for (const image of (cells[IMAGES_COLUMN] as Array<{ bytes: Uint8Array | null }> | null) ?? []) {
            if (image?.bytes) bytesBySha.set(sha256(image.bytes), image.bytes);
          }
          yield {
            record: fromFlatRow(flat),
            where,
            imageBytes: async (image) => {
              const bytes = bytesBySha.get(image.sha256);
              if (!bytes) throw new Error(`${where}: the images column does not hold image ${image.sha256.slice(0, 12)}…`);
              return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
            },
          };
        }
        rowStart = rowEnd;
      }
    },
    close: async () => undefined,
  };
}
