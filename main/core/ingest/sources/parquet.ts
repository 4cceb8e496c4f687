/**
 * Rows of a Parquet file (Hugging Face datasets), read one row group at a time so memory is
 * bounded by the largest row group, not the file. Binary columns (image bytes) stay bytes.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ImportError } from '../errors';
import { formatBytes, MAX_PARQUET_ROW_GROUP_BYTES } from './bounds';
import type { ByteCounter } from './progress';

export interface ParquetRow {
  value: Record<string, unknown>;
  /** 0-based row number in the file. */
  row: number;
}

/**
 * Every row group's column chunks must be the schema's leaf columns, each once. The reader decodes
 * all chunks of a row group at once but waits only for those it can place in the schema: a chunk
 * a damaged footer names otherwise fails unobserved, an unhandled rejection that ends the process.
 */
function checkChunksAreSchemaColumns(metadata: FileMetaData): void {
  const leaves: string[] = [];
  const walk = (node: ReturnType<typeof parquetSchema>): void => {
    if (node.children.length === 0) leaves.push(node.path.join('.'));
    else node.children.forEach(walk);
  };
  parquetSchema(metadata).children.forEach(walk);
  const expected = [...leaves].sort().join('\n');
  if (new Set(leaves).size !== leaves.length) throw new Error('the schema names a column twice');
  metadata.row_groups.forEach((group, i) => {
    const chunks = group.columns.map((column) => column.meta_data?.path_in_schema.join('.') ?? '').sort().join('\n');
    if (chunks !== expected) throw new Error(`row group ${i + 1}: its column chunks are not the schema's columns`);
  });
}

export async function* readParquet(path: string, displayPath: string, bytes: ByteCounter): AsyncGenerator<ParquetRow> {
  let file;
  let metadata;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
    checkChunksAreSchemaColumns(metadata);
  } catch (error) {
    throw new ImportError(displayPath, null, null, `not a readable Parquet file: ${(error as Error).message}`);
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    // A row group is read whole: its claimed size decides the memory it takes, so check it first.
    const uncompressed = group.columns.reduce((sum, column) => sum + Number(column.meta_data?.total_uncompressed_size ?? 0), 0);
    if (uncompressed > MAX_PARQUET_ROW_GROUP_BYTES) {
      throw new ImportError(displayPath, `rows ${rowStart + 1}–${rowEnd}`, null, `a row group of ${formatBytes(uncompressed)} uncompressed, over the limit of ${formatBytes(MAX_PARQUET_ROW_GROUP_BYTES)}; rewrite the file with smaller row groups`);
    }
    // utf8: false keeps un-annotated binary columns (image bytes) as bytes; STRING columns are still text.
    let rows: unknown[];
    try {
      rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors, utf8: false });
    } catch (error) {
      // A damaged page or column chunk: name the rows it holds (the reader's own message says what broke).
      throw new ImportError(displayPath, `rows ${rowStart + 1}–${rowEnd}`, null, `not readable Parquet data: ${(error as Error).message}`);
    }
    bytes.add(Number(group.total_compressed_size ?? group.total_byte_size ?? 0));
    for (let i = 0; i < rows.length; i++) yield { value: rows[i] as Record<string, unknown>, row: rowStart + i };
    rowStart = rowEnd;
  }
}
