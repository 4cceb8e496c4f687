/**
 * Import throughput: a generated VLMEvalKit prediction TSV with base64 images (BENCH_IMPORT_MB,
 * default 1024 MB) and a text-only one (BENCH_IMPORT_ROWS predictions, default 200,000), each
 * imported into a fresh workspace by `vlm-workbench import` as a user runs it (cli-import.ts:
 * the built CLI, its grading worker, until search covers every output). Reports predictions/s,
 * MB/s and the import process's peak RSS, which must stay bounded whatever the file's size.
 * Generated files are kept under bench/cache/ (gitignored) and reused.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import type { BenchSection, Figure } from '../harness';
import { measureCliImport, removeWorkspace, type CliImportFigures } from './cli-import';
import { describeWait } from './quiet-disk';

const CACHE = fileURLToPath(new URL('../cache/', import.meta.url));
const LETTERS = ['A', 'B', 'C', 'D'] as const;

/** A noisy PNG of about `bytes` (noise does not compress, like a photo). */
function noisePng(side: number, seed: number): Buffer {
  const png = new PNG({ width: side, height: side });
  let state = seed;
  for (let i = 0; i < png.data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    png.data[i] = i % 4 === 3 ? 255 : state >>> 24;
  }
  return PNG.sync.write(png);
}

/** The same picture made distinct per row by a text chunk, so every row stores its own image. */
function withRowChunk(png: Buffer, row: number): Buffer {
  const body = Buffer.from(`tEXtrow\0${row}`, 'latin1');
  const chunk = Buffer.alloc(12 + body.length - 4);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), 8 + body.length - 4);
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
}

function row(index: number, image: string | null): string {
  const answer = LETTERS[index % 4]!;
  const predicted = LETTERS[(index * 7) % 4]!;
  const cells = [
    String(index),
    ...(image === null ? [] : [image]),
    `Which option describes the relationship between the objects in scene ${index}?`,
    'The red cube is left of the sphere.',
    'The red cube is right of the sphere.',
    'The sphere is behind the cylinder.',
    'None of the above.',
    answer,
    'spatial relation',
    `<think>The cube is at x=${index % 97}, the sphere further right.</think> The answer is ${predicted}.`,
  ];
  return `${cells.join('\t')}\n`;
}

async function generate(path: string, targetBytes: number | null, rows: number | null, withImages: boolean): Promise<void> {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  const header = ['index', ...(withImages ? ['image'] : []), 'question', 'A', 'B', 'C', 'D', 'answer', 'category', 'prediction'];
  out.write(`${header.join('\t')}\n`);
  const base = withImages ? noisePng(220, 7) : null; // about 190 KB, like a benchmark photo
  let written = 0;
  for (let i = 0; (targetBytes === null || written < targetBytes) && (rows === null || i < rows); i++) {
    const line = row(i, base ? withRowChunk(base, i).toString('base64') : null);
    written += line.length;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, path);
}

/** A fresh workspace for one measured import, removed after it. */
async function importIntoNew(file: string, workspace: string): Promise<CliImportFigures> {
  removeWorkspace(workspace);
  try {
    return await measureCliImport(workspace, [file]);
  } finally {
    removeWorkspace(workspace);
  }
}

export const importSection: BenchSection = {
  name: 'import (VLMEvalKit TSV, vlm-workbench import)',
  async run(): Promise<Figure[]> {
    const megabytes = Number(process.env.BENCH_IMPORT_MB ?? 1024);
    const textRows = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
    // VLMEvalKit prediction files are named <model>_<dataset>.tsv.
    const withImages = `${CACHE}import-images-${megabytes}mb/bench-model_MMStar.tsv`;
    const textOnly = `${CACHE}import-text-${textRows}/bench-model_MMStar.tsv`;
    await generate(withImages, megabytes * 2 ** 20, null, true);
    await generate(textOnly, null, textRows, false);

    const text = await importIntoNew(textOnly, `${CACHE}import-bench-text.sqlite`);
    const images = await importIntoNew(withImages, `${CACHE}import-bench-images.sqlite`);
    const fileMb = statSync(withImages).size / 2 ** 20;
    const runsIn = (figures: CliImportFigures): string =>
      `the runs in after ${figures.seconds.toFixed(1)} s, searchable after ${figures.searchableSeconds.toFixed(1)} s; ${describeWait(figures.wait)}`;
    return [
      {
        name: 'text-only predictions',
        value: text.predictions / text.searchableSeconds,
        unit: 'predictions/s',
        target: { op: '>=', value: 100_000 },
        note: `${text.predictions.toLocaleString('en-US')} rows, graded, merged and indexed for search; ${runsIn(text)}`,
      },
      { name: 'text-only peak RSS', value: text.peakRssMb, unit: 'MB' },
      { name: `TSV with base64 images (${Math.round(fileMb)} MB)`, value: images.predictions / images.searchableSeconds, unit: 'predictions/s', note: `${images.images} images stored; ${runsIn(images)}` },
      { name: 'TSV with base64 images', value: fileMb / images.searchableSeconds, unit: 'MB/s' },
      { name: 'TSV with base64 images: peak RSS', value: images.peakRssMb, unit: 'MB', target: { op: '<=', value: 500 }, note: 'bounded: independent of the file size' },
    ];
  },
};
