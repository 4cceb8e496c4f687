/**
 * The model a folder names when the file does not (real file: real-files/README.md, an lmms-eval
 * `--limit 8` MME run on a Jetson Thor with no results.json committed beside it). lmms-eval writes
 * its samples into a `lmms_eval/` folder of its own, so the folder above the file names no model:
 * taking it for one merged every model run this way into a checkpoint called `lmms_eval`.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';
import { cannotNameModel, modelFolderOf } from './model-folder';

const THOR = join(__dirname, 'real-files', 'lmms-eval-outputs', 'jetson-thor');
const LAUNCH = join('mme', 'trt_edgellm-nvfp4', '20260923-200648_limit8', 'lmms_eval');
const SAMPLES = '20260924_020702_samples_mme.jsonl';

describe('the model a folder names', () => {
  it.each([
    ['lmms_eval', true],
    ['logs', true],
    ['results', true],
    ['20260923-200648_limit8', true],
    ['20250601_101500', true],
    ['2025-06-01T10-15-00', true],
    ['trt_edgellm-nvfp4', true],
    ['vllm-bf16', true],
    ['mme', true],
    ['Qwen2.5-VL-3B-Instruct', false],
    ['Qwen2.5-VL-3B-Instruct-AWQ', false],
    ['llava-v1.5-7b', false],
    ['my_finetune', false],
  ])('%s cannot name a model: %s', (folder, expected) => {
    expect(cannotNameModel(folder, ['mme'])).toBe(expected);
  });

  it('walks up past lmms-eval\'s folder, the dated launch, the backend and the task to the model', () => {
    expect(modelFolderOf(join('/x', 'Qwen2.5-VL-3B-Instruct', LAUNCH), ['mme'])).toEqual({
      name: 'Qwen2.5-VL-3B-Instruct',
      passedOver: ['lmms_eval', '20260923-200648_limit8', 'trt_edgellm-nvfp4', 'mme'],
    });
    // `<task>/<model>/` too: the nearest folder that can name one.
    expect(modelFolderOf(join('/x', 'results', 'mme', 'llava-v1.5-7b'), ['mme'])).toEqual({ name: 'llava-v1.5-7b', passedOver: [] });
    expect(modelFolderOf(join('/', 'logs', 'lmms_eval'), [])).toBeNull();
  });

  const tempDir = useTempDir();

  it('names the real samples file\'s checkpoint after the model folder, says so, and keeps two models apart', async () => {
    const dir = tempDir();
    cpSync(THOR, join(dir, 'thor'), { recursive: true });
    // The same launch layout for a second model (its answers changed, so it is another file).
    const other = join(dir, 'thor', 'Qwen2.5-VL-7B-Instruct', LAUNCH);
    cpSync(join(dir, 'thor', 'Qwen2.5-VL-3B-Instruct', LAUNCH), other, { recursive: true });
    const lines = readFileSync(join(other, SAMPLES), 'utf8').trimEnd().split('\n').map((line) => ({ ...JSON.parse(line), filtered_resps: 'Yes' }));
    writeFileSync(join(other, SAMPLES), lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'thor')]);
      const runs = runSummaries(db);
      expect(runs.map((run) => [run.checkpoint, run.benchmark, run.n]).sort()).toEqual([
        ['Qwen2.5-VL-3B-Instruct', 'mme', 8],
        ['Qwen2.5-VL-7B-Instruct', 'mme', 8],
      ]);
      const warning = summary.warnings.find((text) => text.includes('Qwen2.5-VL-3B-Instruct/mme'));
      expect(warning).toMatch(/checkpoint named "Qwen2\.5-VL-3B-Instruct" after the folder of that name .*lmms_eval, 20260923-200648_limit8, trt_edgellm-nvfp4, mme.*--checkpoint/);
      // The real run's answers are garbled (nvfp4): lmms-eval's MME scores are all 0.
      expect(runs.find((run) => run.checkpoint === 'Qwen2.5-VL-3B-Instruct')).toMatchObject({ officialCorrect: 0, officialN: 8 });
    } finally {
      db.close();
    }
  }, 60_000);

  it('says nothing of folders when --checkpoint names the model', async () => {
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(THOR, 'Qwen2.5-VL-3B-Instruct', LAUNCH, SAMPLES)], { checkpoint: 'qwen3b-nvfp4' });
      expect(summary.runs[0]).toMatchObject({ checkpoint: 'qwen3b-nvfp4' });
      expect(summary.warnings.filter((text) => text.includes('after the folder'))).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
