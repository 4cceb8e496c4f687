import { createHash } from 'node:crypto';
import type { Db } from './database';
import { nowIso, statement } from './statements';
import { insertSample, toStoredSample, type SampleInput, type SampleRow, type StoredSample } from './tables';

export interface BenchmarkInput {
  name: string;
  description?: string;
  simulated?: boolean;
}

export function upsertBenchmark(db: Db, input: BenchmarkInput): number {
  const existing = statement(db, 'SELECT id FROM benchmarks WHERE name = ?').get(input.name) as { id: number } | undefined;
  if (existing) return existing.id;
  const result = statement(db, 'INSERT INTO benchmarks (name, description, simulated, created_at) VALUES (?, ?, ?, ?)').run(
    input.name,
    input.description ?? '',
    input.simulated ? 1 : 0,
    nowIso(),
  );
  return Number(result.lastInsertRowid);
}

export interface CheckpointInput {
  name: string;
  baseModel?: string;
  stage?: string;
  step?: number | null;
  /** '' or left out: inferred from the name and base model (main/core/lineage.ts). */
  lineage?: string;
  uri?: string;
  notes?: string;
  simulated?: boolean;
}

export function upsertCheckpoint(db: Db, input: CheckpointInput): number {
  return findOrCreateCheckpoint(db, input).id;
}

/** The checkpoint of this name, created with these details when there is none yet. */
export function findOrCreateCheckpoint(db: Db, input: CheckpointInput): { id: number; created: boolean } {
  const existing = statement(db, 'SELECT id FROM checkpoints WHERE name = ?').get(input.name) as { id: number } | undefined;
  if (existing) return { id: existing.id, created: false };
  const result = statement(
    db,
    'INSERT INTO checkpoints (name, base_model, stage, step, lineage, uri, notes, simulated, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    input.name,
    input.baseModel ?? '',
    input.stage ?? '',
    input.step ?? null,
    input.lineage ?? '',
    input.uri ?? '',
    input.notes ?? '',
    input.simulated ? 1 : 0,
    nowIso(),
  );
  return { id: Number(result.lastInsertRowid), created: true };
}

export interface ImageInput {
  bytes: Buffer;
  mime: string;
  width?: number | null;
  height?: number | null;
}

/** Stores an image once per content hash and returns that hash. */
export function putImage(db: Db, image: ImageInput): string {
  const sha256 = createHash('sha256').update(image.bytes).digest('hex');
  statement(
    db,
    'INSERT OR IGNORE INTO images (sha256, mime, width, height, byte_length, bytes) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(sha256, image.mime, image.width ?? null, image.height ?? null, image.bytes.length, image.bytes);
  return sha256;
}

export function getImage(db: Db, sha256: string): { mime: string; bytes: Buffer } | undefined {
  return statement(db, 'SELECT mime, bytes FROM images WHERE sha256 = ?').get(sha256) as { mime: string; bytes: Buffer } | undefined;
}

export type { SampleImageRef, SampleInput, StoredSample } from './tables';
export { insertSample } from './tables';

/** Inserts a sample (or returns the existing one with the same benchmark and external id). */
export function upsertSample(db: Db, input: SampleInput): number {
  const existing = statement(db, 'SELECT id FROM samples WHERE benchmark_id = ? AND external_id = ?').get(
    input.benchmarkId,
    input.externalId,
  ) as { id: number } | undefined;
  if (existing) return existing.id;
  return insertSample(db, input);
}

export function getSample(db: Db, sampleId: number): StoredSample | undefined {
  const row = statement(db, 'SELECT * FROM samples WHERE id = ?').get(sampleId) as SampleRow | undefined;
  return row ? toStoredSample(db, row) : undefined;
}

export function listSamples(db: Db, benchmarkId: number, limit?: number): StoredSample[] {
  const rows = statement(db, 'SELECT * FROM samples WHERE benchmark_id = ? ORDER BY id LIMIT ?').all(benchmarkId, limit ?? -1) as SampleRow[];
  return rows.map((row) => toStoredSample(db, row));
}

export function benchmarkName(db: Db, benchmarkId: number): string | undefined {
  return (statement(db, 'SELECT name FROM benchmarks WHERE id = ?').get(benchmarkId) as { name: string } | undefined)?.name;
}

export function findBenchmarkId(db: Db, name: string): number | undefined {
  return (statement(db, 'SELECT id FROM benchmarks WHERE name = ?').get(name) as { id: number } | undefined)?.id;
}
