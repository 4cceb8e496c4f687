/**
 * The Parquet export as a reader other than ours sees it: DuckDB (its own C++ Parquet reader,
 * nothing shared with hyparquet-writer) reads the types, the Hugging Face feature metadata and
 * the values, including the embedded image bytes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { DuckDBBlobValue, DuckDBInstance, DuckDBListValue, DuckDBStructValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorkspace } from '../demo/seed';
import { parseQuery } from '../query/filter';
import { openWorkspace, type Db } from '../store/database';
import { createFailureSet } from '../store/failure-sets';
import { exportRecords } from './export';
import type { ExportRecord } from './record';
import { addEdgeCases, workspaceRecords } from '../../test-support/export-records';
import { FLAT_COLUMNS, toFlatRow } from './writers/flat';

/** What `datasets` turns each feature into in Arrow, and how DuckDB names that type. */
const DUCKDB_TYPE_OF_FEATURE: Record<string, string> = {
  string: 'VARCHAR',
  int64: 'BIGINT',
  float64: 'DOUBLE',
  bool: 'BOOLEAN',
};

function duckTypeOf(feature: Record<string, unknown>): string {
  if (feature._type === 'Value') return DUCKDB_TYPE_OF_FEATURE[feature.dtype as string]!;
  if (feature._type === 'Image') return 'STRUCT(bytes BLOB, path VARCHAR)';
  if (feature._type === 'Sequence') return `${duckTypeOf(feature.feature as Record<string, unknown>)}[]`;
  throw new Error(`unexpected feature ${JSON.stringify(feature)}`);
}

describe('the Parquet export, read by DuckDB', () => {
  let dir: string;
  let db: Db;
  let file: string;
  let records: ExportRecord[];
  let query: <T = Record<string, unknown>>(sql: string) => Promise<T[]>;

  beforeAll(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-parquet-'));
    db = openWorkspace(join(dir, 'w.sqlite'));
    await seedDemoWorkspace(db, { count: 30 });
    const edge = addEdgeCases(db);
    const set = createFailureSet(db, {
      name: 'failures',
      description: '',
      filter: { query: 'correct:false', parsed: parseQuery('correct:false') },
      predictionIds: edge.predictionIds,
    });
    records = workspaceRecords(db, 'set:failures');
    file = join(dir, 'failures.parquet');
    await exportRecords(db, { source: { setId: set.id }, format: 'parquet', outPath: file });
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    query = async <T,>(sql: string) => (await connection.runAndReadAll(sql)).getRowObjects() as T[];
  }, 60_000);

  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has every column nullable, typed as the huggingface metadata says, images as a list of {bytes, path}', async () => {
    const columns = await query<{ column_name: string; column_type: string; null: string }>(`DESCRIBE SELECT * FROM '${file}'`);
    const [meta] = await query<{ value: DuckDBBlobValue }>(`SELECT value FROM parquet_kv_metadata('${file}') WHERE key::VARCHAR = 'huggingface'`);
    const features = (JSON.parse(Buffer.from(meta!.value.bytes).toString('utf8')) as { info: { features: Record<string, Record<string, unknown>> } }).info.features;
    expect(columns.map((c) => c.column_name)).toEqual(Object.keys(features));
    for (const column of columns) {
      expect(column.null, column.column_name).toBe('YES');
      expect(column.column_type, column.column_name).toBe(duckTypeOf(features[column.column_name]!));
    }
    expect(features.images).toEqual({ feature: { _type: 'Image' }, _type: 'Sequence' });
    // Spec-compliant three-level lists, and the Image struct's two fields by name.
    const schema = await query<{ name: string; repetition_type: string; converted_type: string | null }>(
      `SELECT name, repetition_type, converted_type FROM parquet_schema('${file}')`,
    );
    const at = schema.findIndex((element) => element.name === 'images');
    expect(schema.slice(at, at + 5).map((e) => [e.name, e.repetition_type])).toEqual([
      ['images', 'OPTIONAL'],
      ['list', 'REPEATED'],
      ['element', 'OPTIONAL'],
      ['bytes', 'OPTIONAL'],
      ['path', 'OPTIONAL'],
    ]);
    expect(schema[at]!.converted_type).toBe('LIST');
  });

  it('holds every record, value by value, with the image bytes embedded', async () => {
    const rows = await query(`SELECT * FROM '${file}'`);
    expect(rows).toHaveLength(records.length);
    const scalars = FLAT_COLUMNS.filter(([, type]) => type !== 'list').map(([name, type]) => [name, type] as const);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const flat = toFlatRow(records[i]!);
      for (const [name, type] of scalars) {
        const value = row[name];
        const expected = flat[name];
        if (expected === null || expected === undefined) expect(value, name).toBeNull();
        else if (type === 'json') expect(JSON.parse(value as string), name).toEqual(expected);
        else if (type === 'int') expect(Number(value as bigint), name).toBe(expected);
        else expect(value, name).toBe(expected);
      }
      expect((row.labels as DuckDBListValue).items).toEqual(flat.labels);
      expect((row.skills as DuckDBListValue).items).toEqual(flat.skills);
      const images = (row.images as DuckDBListValue).items as DuckDBStructValue[];
      const stored = records[i]!.sample.images.filter((image) => 'sha256' in image);
      expect(images).toHaveLength(stored.length);
      images.forEach((image, position) => {
        const bytes = Buffer.from((image.entries.bytes as DuckDBBlobValue).bytes);
        const expected = stored[position] as { sha256: string; path: string };
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(expected.sha256);
        expect(image.entries.path).toBe(expected.path.replace('images/', ''));
      });
    }
  });

  it('carries the manifest in the file metadata', async () => {
    const [meta] = await query<{ value: DuckDBBlobValue }>(`SELECT value FROM parquet_kv_metadata('${file}') WHERE key::VARCHAR = 'vlm_workbench'`);
    const manifest = JSON.parse(Buffer.from(meta!.value.bytes).toString('utf8')) as { records: number; set: { name: string } };
    expect(manifest).toMatchObject({ records: records.length, set: { name: 'failures' } });
  });
});
