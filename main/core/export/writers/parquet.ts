/**
 * Parquet that Hugging Face `datasets` loads as it is (hyparquet-writer). Every column is
 * OPTIONAL and the `huggingface` key of the file's metadata describes the features, because
 * `datasets` only trusts a described feature when its Arrow type matches the file's exactly
 * (nullable fields included). `images` is a list of Image features: a struct {bytes: binary,
 * path: string} with the image bytes embedded. The manifest is the `vlm_workbench` key.
 *
 * Row groups are written as records arrive (at most ROW_GROUP_ROWS rows or ROW_GROUP_BYTES of
 * images each), so memory holds one row group, never the whole export.
 */
import { rename } from 'node:fs/promises';
import { ParquetWriter, fileWriter, type SchemaElement } from 'hyparquet-writer';
import { APP_VERSION } from '../../version';
import type { Manifest } from '../manifest';
import { imageFileName } from '../images';
import { storedImages, type ExportRecord } from '../record';
import { FLAT_COLUMNS, toFlatRow, type FlatType } from './flat';
import { checkFileTarget, partialPath, removeQuietly } from './fs-util';
import type { ExportWriter, WriterContext } from './types';

const ROW_GROUP_ROWS = 1000;
const ROW_GROUP_BYTES = 64 * 1024 * 1024;

/** The key of the file metadata holding our manifest. */
export const PARQUET_MANIFEST_KEY = 'vlm_workbench';
export const IMAGES_COLUMN = 'images';

const string = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
  repetition_type: 'OPTIONAL',
});

/** A spec-compliant three-level LIST: `name (LIST) { repeated group list { element } }`. */
function listOf(name: string, element: SchemaElement[]): SchemaElement[] {
  return [
    { name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    ...element,
  ];
}

function leaf(name: string, type: FlatType): SchemaElement[] {
  switch (type) {
    case 'int':
      return [{ name, type: 'INT64', repetition_type: 'OPTIONAL' }];
    case 'float':
      return [{ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' }];
    case 'bool':
      return [{ name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' }];
    case 'list':
      return listOf(name, [string('element')]);
    default:
      return [string(name)];
  }
}

export function parquetSchema(): SchemaElement[] {
  const columns = [...FLAT_COLUMNS.map(([name, type]) => leaf(name, type)), imagesColumn()];
  return [{ name: 'schema', num_children: columns.length }, ...columns.flat()];
}

function imagesColumn(): SchemaElement[] {
  return listOf(IMAGES_COLUMN, [
    { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
    { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
    string('path'),
  ]);
}

const HF_VALUE: Record<FlatType, string> = { string: 'string', json: 'string', int: 'int64', float: 'float64', bool: 'bool', list: 'string' };

/** The features `datasets` reads from the `huggingface` metadata key. */
export function huggingFaceFeatures(): Record<string, unknown> {
  const features: Record<string, unknown> = {};
  for (const [name, type] of FLAT_COLUMNS) {
    const value = { dtype: HF_VALUE[type], _type: 'Value' };
    features[name] = type === 'list' ? { feature: value, _type: 'Sequence' } : value;
  }
  features[IMAGES_COLUMN] = { feature: { _type: 'Image' }, _type: 'Sequence' };
  return { info: { features } };
}

function cellOf(value: unknown, type: FlatType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int':
      return BigInt(value as number);
    case 'json':
      return JSON.stringify(value);
    case 'list':
      return (value as unknown[]).map(String);
    default:
      return value;
  }
}

export function createParquetWriter(context: WriterContext): ExportWriter {
  checkFileTarget(context.outPath, context.overwrite);
  const partial = partialPath(context.outPath);
  const output = fileWriter(partial);
  let writer: ParquetWriter | undefined;
  let columns = emptyColumns();
  let rows = 0;
  let imageBytes = 0;
  const seen = new Set<string>();

  function emptyColumns(): Map<string, unknown[]> {
    return new Map([...FLAT_COLUMNS.map(([name]) => [name, [] as unknown[]] as const), [IMAGES_COLUMN, []]]);
  }

  async function flush(kvMetadata?: Array<{ key: string; value: string }>): Promise<void> {
    writer ??= new ParquetWriter({ writer: output, schema: parquetSchema(), createdBy: `vlm-workbench version ${APP_VERSION}`, ...(kvMetadata ? { kvMetadata } : {}) });
    if (rows > 0) {
      await writer.write({ columnData: [...columns].map(([name, data]) => ({ name, data })), rowGroupSize: rows });
    }
    columns = emptyColumns();
    rows = 0;
    imageBytes = 0;
  }

  return {
    get imageCount() {
      return seen.size;
    },
    async write(record: ExportRecord) {
      const flat = toFlatRow(record);
      for (const [name, type] of FLAT_COLUMNS) columns.get(name)!.push(cellOf(flat[name], type));
      const images = storedImages(record).map((image) => {
        seen.add(image.sha256);
        const bytes = context.imageBytes(image.sha256);
        imageBytes += bytes.length;
        return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path: imageFileName(image.sha256, image.mime) };
      });
      columns.get(IMAGES_COLUMN)!.push(images);
      rows++;
      if (rows >= ROW_GROUP_ROWS || imageBytes >= ROW_GROUP_BYTES) await flush();
    },
    async finish(manifest: Manifest) {
      // The metadata is written in the footer, so the manifest (with its final counts) goes in last.
      const kvMetadata = [
        { key: 'huggingface', value: JSON.stringify(huggingFaceFeatures()) },
        { key: PARQUET_MANIFEST_KEY, value: JSON.stringify(manifest) },
      ];
      if (writer) writer.kvMetadata = kvMetadata;
      await flush(kvMetadata);
      await writer!.finish();
      await rename(partial, context.outPath);
    },
    async abort() {
      await removeQuietly(partial);
    },
  };
}
