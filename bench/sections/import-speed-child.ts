/**
 * One measured load of the import-speed file by another tool, in its own process so its time
 * and peak memory are its own (our import is the CLI itself, import-speed.ts). `MODE FILE
 * WORKSPACE`, MODE one of:
 *   sqlite     a plain better-sqlite3 loop: parse each line, INSERT into a table with an FTS5
 *              index (external content, as the workspace's), one transaction; no grading
 *   duckdb     DuckDB's read_json into a table (no grading, no full-text index)
 *   read       our import's own JSONL reader alone: every line read, decoded and parsed, nothing
 *              graded or written (the first step of our import, the floor under its time)
 * Prints {seconds, rows, peakRssMb} as JSON.
 */
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { createReadStream, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { readJsonl } from '../../main/core/ingest/sources/jsonl';

const [mode, file, workspace] = process.argv.slice(2);
if (!mode || !file || !workspace) throw new Error('usage: import-speed-child.ts sqlite|duckdb|read FILE WORKSPACE');
const remove = (): void => {
  for (const suffix of ['', '-wal', '-shm', '.wal']) rmSync(`${workspace}${suffix}`, { force: true });
};
remove();

async function plainSqlite(): Promise<number> {
  const db = new Database(workspace!);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE predictions (id INTEGER PRIMARY KEY, qid TEXT NOT NULL, question TEXT NOT NULL, choices TEXT, answer TEXT NOT NULL, output TEXT NOT NULL);
    CREATE VIRTUAL TABLE outputs_fts USING fts5(output, content='predictions', content_rowid='id');
    CREATE TRIGGER outputs_fts_insert AFTER INSERT ON predictions BEGIN INSERT INTO outputs_fts(rowid, output) VALUES (new.id, new.output); END;
  `);
  const insert = db.prepare('INSERT INTO predictions (qid, question, choices, answer, output) VALUES (?, ?, ?, ?, ?)');
  let rows = 0;
  db.exec('BEGIN');
  for await (const line of createInterface({ input: createReadStream(file!), crlfDelay: Infinity })) {
    if (line === '') continue;
    const row = JSON.parse(line) as { qid: string; query: string; options: string[]; gold: string; response: string };
    insert.run(row.qid, row.query, JSON.stringify(row.options), row.gold, row.response);
    rows++;
  }
  db.exec('COMMIT');
  db.close();
  return rows;
}

async function duckdb(): Promise<number> {
  const instance = await DuckDBInstance.create(workspace!);
  const connection = await instance.connect();
  await connection.run(`CREATE TABLE predictions AS SELECT * FROM read_json('${file!.replaceAll("'", "''")}', format = 'newline_delimited')`);
  const reader = await connection.runAndReadAll('SELECT COUNT(*) AS n FROM predictions');
  const rows = Number(reader.getRowObjects()[0]!.n);
  connection.closeSync();
  instance.closeSync();
  return rows;
}

async function readOnly(): Promise<number> {
  let rows = 0;
  for await (const record of readJsonl(file!, file!, { add: () => undefined })) if (record.value !== undefined) rows++;
  return rows;
}

const LOADS: Record<string, () => Promise<number>> = { sqlite: plainSqlite, duckdb, read: readOnly };
const started = performance.now();
const rows = LOADS[mode] ? await LOADS[mode]() : NaN;
if (Number.isNaN(rows)) throw new Error(`unknown mode ${mode}`);
const seconds = (performance.now() - started) / 1000;
remove();
process.stdout.write(`${JSON.stringify({ seconds, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
