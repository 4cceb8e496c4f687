/**
 * Import at disk speed: one generated file (BENCH_SPEED_ROWS predictions, default 100,000, of
 * mapped JSONL with ~2 KB <think> traces) loaded three ways in one run, each in its own process:
 * our import as a user runs it (`vlm-workbench import --map …`, the built CLI as a whole process,
 * start-up included: parsed, graded in its worker thread, staged, merged; then the full-text
 * index its detached pass builds, timed until `vlm-workbench index` says it is complete),
 * a plain better-sqlite3 loop
 * into a table with an FTS5 index (no grading: the floor a hand-written loader reaches), and
 * DuckDB's read_json (no index: what reading the file costs a columnar engine). Printed as
 * rows/s and as our import's ratio to each; beside them, our import's JSONL reader alone (the
 * file read and parsed, nothing else: the floor under our import's time on this machine). The
 * file is kept in bench/cache/ and reused.
 *
 * Our import runs into a new workspace, and into a copy of the million-prediction bench
 * workspace (bench/workspace/, built first if missing): the same file, so the ratio of the two
 * is what a workspace's size costs an import (the build's own checkpoints cannot tell: their
 * files grow stage by stage). Into the new workspace, a second file follows: another
 * checkpoint's answers to the same questions, the usual import of a researcher (its predictions
 * join the samples the first one brought).
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, copyFileSync, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { recordCleanClose } from '../../main/core/store/integrity';
import type { BenchSection, Figure } from '../harness';
import { ensureBenchWorkspace } from '../workspace/cache';
import { measureCliImport, removeWorkspace } from './cli-import';
import { describeWait, waitForQuietDisk, type QuietDisk } from './quiet-disk';

const CACHE = fileURLToPath(new URL('../cache/', import.meta.url));
const CHILD = fileURLToPath(new URL('./import-speed-child.ts', import.meta.url));
/** The field mapping of the generated file (the names a user passes as --map). */
const IMPORT_SPEED_MAP = ['id=qid', 'question=query', 'choices=options', 'answer=gold', 'prediction=response'];
const WORDS = 'the cube sphere cylinder left right behind front red blue green large small metal rubber count compare so therefore answer is wait check again angle'.split(' ');

/**
 * The generated file: mapped field names (qid, query, options, gold, response), traces of ~2 KB.
 * `later`: another checkpoint's answers to the same questions (its own traces and answers).
 */
async function speedFile(rows: number, checkpoint: 'first' | 'later' = 'first'): Promise<string> {
  const path = `${CACHE}import-speed-${rows}${checkpoint === 'later' ? '-later' : ''}.jsonl`;
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  let state = checkpoint === 'later' ? 20250602 : 20250601;
  const random = (): number => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < rows; i++) {
    let think = '';
    while (think.length < 2000) think += `${WORDS[Math.floor(random() * WORDS.length)]} `;
    const gold = 'ABCD'[i % 4]!;
    const predicted = random() < 0.6 ? gold : 'ABCD'[(i + 1) % 4]!;
    const line = JSON.stringify({
      qid: `q${i}`,
      query: `Which object is left of the red cube in scene ${i}?`,
      options: ['the cube', 'the sphere', 'the cylinder', 'none'],
      gold,
      response: `<think>${think}</think> The answer is \\boxed{${predicted}}.`,
    });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
  return path;
}

interface ChildFigures {
  seconds: number;
  rows: number;
  peakRssMb: number;
  /** Ours: from spawn until search covers every output (the import's detached index pass done), when later than `seconds`. */
  searchableSeconds?: number;
  /** The wait for a quiet disk before it started. */
  wait: QuietDisk;
}

async function measure(mode: 'sqlite' | 'duckdb' | 'read', file: string): Promise<ChildFigures> {
  const workspace = `${CACHE}import-speed-${mode}.db`;
  const wait = await waitForQuietDisk(CACHE);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', CHILD, mode, file, workspace], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${mode} load failed: ${stderr || error.message}`));
      else resolve({ ...(JSON.parse(stdout.trim().split('\n').pop()!) as ChildFigures), wait });
    });
  });
}

/**
 * A copy of the cleanly closed workspace at `grown`, stamped as one (so its open skips the
 * integrity check a copy otherwise gets) and on disk before any clock starts (else the import's
 * first fsync would wait for gigabytes of the copy's writeback).
 */
function copyGrownWorkspace(grown: string): string {
  const workspace = `${CACHE}import-speed-grown.db`;
  removeWorkspace(workspace);
  copyFileSync(grown, workspace);
  const copy = openSync(workspace, 'r+');
  fsyncSync(copy);
  closeSync(copy);
  recordCleanClose(workspace);
  return workspace;
}

/**
 * Our import of the file into `workspace` (a new one where none is there), as a whole CLI
 * process (cli-import.ts). With `later`, that file is imported next into the same workspace as
 * another checkpoint, and its figures are returned as `later`. The workspace is removed after.
 */
async function measureOurImport(file: string, workspace: string, later?: string): Promise<ChildFigures & { later?: ChildFigures }> {
  try {
    const importOf = async (path: string, checkpoint: string): Promise<ChildFigures> => {
      const args = [path, '--format', 'jsonl', '--benchmark', 'speed-bench', '--checkpoint', checkpoint];
      for (const pair of IMPORT_SPEED_MAP) args.push('--map', pair);
      const figures = await measureCliImport(workspace, args);
      return { seconds: figures.seconds, rows: figures.predictions, peakRssMb: figures.peakRssMb, searchableSeconds: figures.searchableSeconds, wait: figures.wait };
    };
    const first = await importOf(file, 'speed-ckpt');
    return later === undefined ? first : { ...first, later: await importOf(later, 'speed-ckpt-later') };
  } finally {
    removeWorkspace(workspace);
  }
}

export const importSpeedSection: BenchSection = {
  name: 'import speed: our import beside a plain SQLite+FTS5 loop and DuckDB read_json (same file)',
  async run(): Promise<Figure[]> {
    const rows = Number(process.env.BENCH_SPEED_ROWS ?? 100_000);
    const file = await speedFile(rows);
    const megabytes = statSync(file).size / 2 ** 20;
    const grownWorkspace = await ensureBenchWorkspace();
    const grownPredictions = grownWorkspace.build.imports.reduce((sum, item) => sum + item.predictions, 0).toLocaleString('en-US');
    // Sequential, never side by side: each has the machine (such as it is) to itself, and starts
    // once the disk is quiet (quiet-disk.ts: after the copy of the large workspace, the copy's
    // after-effect was charged to the workspace's size).
    const fresh = `${CACHE}import-speed-workbench.db`;
    removeWorkspace(fresh);
    // The common case last: a later checkpoint's answers to questions the workspace already has.
    const ours = await measureOurImport(file, fresh, await speedFile(rows, 'later'));
    const grown = await measureOurImport(file, copyGrownWorkspace(grownWorkspace.path));
    const later = ours.later!;
    const sqlite = await measure('sqlite', file);
    const duck = await measure('duckdb', file);
    const reading = await measure('read', file);
    const rate = (figures: ChildFigures): number => figures.rows / figures.seconds;
    const note = (figures: ChildFigures): string =>
      `${figures.rows.toLocaleString('en-US')} rows in ${figures.seconds.toFixed(1)} s, ${(megabytes / figures.seconds).toFixed(1)} MB/s, peak RSS ${Math.round(figures.peakRssMb)} MB; ${describeWait(figures.wait)}`;
    const searchable = { ...ours, seconds: ours.searchableSeconds ?? ours.seconds };
    const grownSearchable = { ...grown, seconds: grown.searchableSeconds ?? grown.seconds };
    return [
      { name: `our import: vlm-workbench import, whole process (${Math.round(megabytes)} MB JSONL, graded; the runs are in when it exits)`, value: rate(ours), unit: 'predictions/s', target: { op: '>=', value: 50_000 }, note: note(ours) },
      {
        name: 'our import until search covers every output (its detached index pass done)',
        value: rate(searchable),
        unit: 'predictions/s',
        note: `${searchable.seconds.toFixed(1)} s from spawn; the full-text index is built after the import process exits`,
      },
      { name: `our import into a workspace of ${grownPredictions} predictions (the bench workspace, copied)`, value: rate(grown), unit: 'predictions/s', note: note(grown) },
      {
        name: 'the same until search covers every output',
        value: rate(grownSearchable),
        unit: 'predictions/s',
        note: `${grownSearchable.seconds.toFixed(1)} s from spawn`,
      },
      {
        name: 'our import of a later checkpoint: the same questions, already in the workspace (the usual import)',
        value: rate(later),
        unit: 'predictions/s',
        note: `${note(later)}; joined to the workspace's samples; searchable after ${(later.searchableSeconds ?? later.seconds).toFixed(1)} s`,
      },
      { name: 'into that workspace ÷ into a new one (1: size costs nothing)', value: rate(grown) / rate(ours), unit: '×', note: `until searchable: ${(rate(grownSearchable) / rate(searchable)).toFixed(2)}×` },
      { name: 'plain better-sqlite3 + FTS5 loop (no grading)', value: rate(sqlite), unit: 'rows/s', note: note(sqlite) },
      { name: 'DuckDB read_json (no grading, no index)', value: rate(duck), unit: 'rows/s', note: note(duck) },
      {
        name: "our JSONL reader alone: the file read, decoded and parsed, nothing graded or written (our import's first step)",
        value: rate(reading),
        unit: 'rows/s',
        // Where the import target stands against this machine: the part of its time budget one core spends only reading the file.
        note: `${note(reading)}; an import at the 50,000/s target takes ${(reading.rows / 50_000).toFixed(2)} s in all, of which this alone is ${Math.round((100 * reading.seconds * 50_000) / reading.rows)}%`,
      },
      { name: 'ours ÷ plain SQLite+FTS5 loop', value: rate(ours) / rate(sqlite), unit: '×', target: { op: '>=', value: 2 } },
      { name: 'ours until searchable ÷ plain SQLite+FTS5 loop', value: rate(searchable) / rate(sqlite), unit: '×' },
      { name: 'ours ÷ DuckDB read_json', value: rate(ours) / rate(duck), unit: '×' },
      { name: 'our import peak RSS', value: ours.peakRssMb, unit: 'MB', target: { op: '<=', value: 500 } },
    ];
  },
};
