/**
 * Import at disk speed: one generated file (BENCH_SPEED_ROWS predictions, default 100,000, of
 * mapped JSONL with ~2 KB <think> traces) loaded three ways in one run, each in its own process:
 * our import (parsed, graded, staged, merged, full-text indexed), a plain better-sqlite3 loop
 * into a table with an FTS5 index (no grading: the floor a hand-written loader reaches), and
 * DuckDB's read_json (no index: what reading the file costs a columnar engine). Printed as
 * rows/s and as our import's ratio to each. The file is kept in bench/cache/ and reused.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchSection, Figure } from '../harness';

const CACHE = fileURLToPath(new URL('../cache/', import.meta.url));
const CHILD = fileURLToPath(new URL('./import-speed-child.ts', import.meta.url));
const WORDS = 'the cube sphere cylinder left right behind front red blue green large small metal rubber count compare so therefore answer is wait check again angle'.split(' ');

/** The generated file: mapped field names (qid, query, options, gold, response), traces of ~2 KB. */
async function speedFile(rows: number): Promise<string> {
  const path = `${CACHE}import-speed-${rows}.jsonl`;
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  let state = 20250601;
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
}

function measure(mode: 'workbench' | 'sqlite' | 'duckdb', file: string): Promise<ChildFigures> {
  const workspace = `${CACHE}import-speed-${mode}.db`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', CHILD, mode, file, workspace], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${mode} load failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildFigures);
    });
  });
}

export const importSpeedSection: BenchSection = {
  name: 'import speed: our import beside a plain SQLite+FTS5 loop and DuckDB read_json (same file)',
  async run(): Promise<Figure[]> {
    const rows = Number(process.env.BENCH_SPEED_ROWS ?? 100_000);
    const file = await speedFile(rows);
    const megabytes = statSync(file).size / 2 ** 20;
    // Sequential, never side by side: each has the machine (such as it is) to itself.
    const ours = await measure('workbench', file);
    const sqlite = await measure('sqlite', file);
    const duck = await measure('duckdb', file);
    const rate = (figures: ChildFigures): number => figures.rows / figures.seconds;
    const note = (figures: ChildFigures): string => `${figures.rows.toLocaleString('en-US')} rows in ${figures.seconds.toFixed(1)} s, ${(megabytes / figures.seconds).toFixed(1)} MB/s, peak RSS ${Math.round(figures.peakRssMb)} MB`;
    return [
      { name: `our import (${Math.round(megabytes)} MB JSONL, graded, full-text indexed)`, value: rate(ours), unit: 'predictions/s', target: { op: '>=', value: 50_000 }, note: note(ours) },
      { name: 'plain better-sqlite3 + FTS5 loop (no grading)', value: rate(sqlite), unit: 'rows/s', note: note(sqlite) },
      { name: 'DuckDB read_json (no grading, no index)', value: rate(duck), unit: 'rows/s', note: note(duck) },
      { name: 'ours ÷ plain SQLite+FTS5 loop', value: rate(ours) / rate(sqlite), unit: '×', target: { op: '>=', value: 2 } },
      { name: 'ours ÷ DuckDB read_json', value: rate(ours) / rate(duck), unit: '×' },
      { name: 'our import peak RSS', value: ours.peakRssMb, unit: 'MB', target: { op: '<=', value: 500 } },
    ];
  },
};
