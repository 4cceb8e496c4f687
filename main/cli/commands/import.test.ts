/**
 * The README's "Importing results" commands, run through the real CLI on the shared real
 * fixtures: every file imports, and the official totals stored per sample add up to the figures
 * the tools' own summary files report (read here from those files, not written down).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireFixturesInCi } from '../../test-support/fixtures';
import { CLI_ENTRY as CLI } from '../../test-support/cli';

const REAL = '../shared/fixtures/real';
const present = existsSync(join(REAL, 'README.md'));

interface StatsRow {
  run_id: number;
  checkpoint: string;
  benchmark: string;
  n: number;
  official_n?: number;
  official_correct?: number;
  official_accuracy?: number;
}

/** Runs the CLI without blocking the test worker (a blocked worker misses vitest's heartbeats). */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The commands of README.md, in its order (each imports one fixture file). */
const COMMANDS: Record<string, string[]> = {
  vlmevalkit: [
    'vlmevalkit/vila_13b_MMStar_openai_result.xlsx',
    'vlmevalkit/vila_13b_HallusionBench_auxmatch.xlsx',
    'vlmevalkit/vila_13b_ChartQA_TEST.xlsx',
    'vlmevalkit/vila_13b_MMStar_acc.csv',
    'vlmevalkit/vila_13b_HallusionBench_score.csv',
    'vlmevalkit/vila_13b_ChartQA_TEST_acc.csv',
  ],
  mathvista: ['mathvista/testmini.json', 'mathvista/output_bard.json', 'mathvista/output_llava_llama_2_13b.json', 'mathvista/scores_bard.json', 'mathvista/scores_llava_llama_2_13b.json'],
  'math-v': [
    'math-v/test.jsonl',
    'math-v/outputs/Gemini-Pro-CoT.jsonl',
    'math-v/outputs/InternLM-XComposer2-VL-CoT.jsonl',
    'math-v/outputs/InternLM-XComposer2-VL.jsonl',
    'math-v/outputs/Gemini-Pro-CoT_result.json',
    'math-v/outputs/InternLM-XComposer2-VL-CoT_result.json',
    'math-v/outputs/InternLM-XComposer2-VL_result.json',
  ],
  r1v: [
    'r1v/geoqa_test_qwen2vl_7b_instruct_legacy.json',
    'r1v/geoqa_test_qwen2vl_7b_grpo_2epochs_legacy.json',
    'r1v/counting_results_superclevr_200_qwen2vl_2b_instruct_legacy.json',
    'r1v/counting_results_superclevr_200_qwen2vl_2b_instruct_grpo100_legacy.json',
  ],
};

const csvRows = (path: string): Array<Record<string, string>> => parse(readFileSync(join(REAL, path), 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(REAL, path), 'utf8')) as Record<string, unknown>;

requireFixturesInCi(present, 'the README import commands', REAL);

// Each command is a fresh CLI process (about 2 s of start-up each), hence the generous timeout.
describe.skipIf(!present)('importing the real fixtures through the CLI (README commands)', { timeout: 240_000 }, () => {
  let dir = '';
  let db = '';
  let stats: StatsRow[] = [];

  // One workspace for all four folders, as a researcher would build it.
  beforeAll(() => {
    dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-real-'));
    db = join(dir, 'real.sqlite');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const importFolder = async (folder: string) => {
    for (const file of COMMANDS[folder]!) {
      const result = await cli(['import', '--db', db, join(REAL, file)]);
      expect(result.status, `${file}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/^imported /m);
    }
    const out = await cli(['stats', '--db', db, '--json']);
    expect(out.status, out.stderr).toBe(0);
    stats = JSON.parse(out.stdout) as StatsRow[];
  };
  const runOf = (checkpoint: string, benchmark: string): StatsRow => {
    const row = stats.find((r) => r.checkpoint === checkpoint && r.benchmark === benchmark);
    expect(row, `${checkpoint} on ${benchmark}`).toBeDefined();
    return row!;
  };

  it('VLMEvalKit: official verdicts reproduce _acc.csv / _score.csv', async () => {
    await importFolder('vlmevalkit');
    const mmstar = Number(csvRows('vlmevalkit/vila_13b_MMStar_acc.csv')[0]!.Overall);
    expect(runOf('vila_13b', 'MMStar').official_accuracy).toBeCloseTo(mmstar, 12);
    const hallusion = Number(csvRows('vlmevalkit/vila_13b_HallusionBench_score.csv').find((r) => r.split === 'Overall')!.aAcc) / 100;
    expect(runOf('vila_13b', 'HallusionBench').official_accuracy).toBeCloseTo(hallusion, 12);
    const chartqa = Number(csvRows('vlmevalkit/vila_13b_ChartQA_TEST_acc.csv')[0]!.Overall) / 100;
    expect(runOf('vila_13b', 'ChartQA_TEST').official_accuracy).toBeCloseTo(chartqa, 12);
    // Importing the same file again creates nothing.
    const again = await cli(['import', '--db', db, '--json', join(REAL, COMMANDS.vlmevalkit![0]!)]);
    expect(JSON.parse(again.stdout)).toMatchObject({ files: [{ status: 'already imported' }], runs: [], predictions: 0 });
  });

  it('MathVista: official verdicts reproduce scores_<model>.json (Bard 348/1000)', async () => {
    await importFolder('mathvista');
    for (const model of ['bard', 'llava_llama_2_13b']) {
      const average = json(`mathvista/scores_${model}.json`).average as { correct: number; total: number };
      expect(runOf(model, 'MathVista_MINI')).toMatchObject({ official_correct: average.correct, official_n: average.total });
    }
    expect(runOf('bard', 'MathVista_MINI')).toMatchObject({ official_correct: 348, official_n: 1000 });
  });

  it('MATH-V: official verdicts reproduce the "-all" of each <model>_result.json', async () => {
    await importFolder('math-v');
    for (const model of ['Gemini-Pro-CoT', 'InternLM-XComposer2-VL-CoT', 'InternLM-XComposer2-VL']) {
      const [correct, total] = /^(\d+)\/(\d+)/.exec(String(json(`math-v/outputs/${model}_result.json`)['-all']))!.slice(1).map(Number);
      expect(runOf(model, 'MathVision')).toMatchObject({ official_correct: correct, official_n: total });
    }
  });

  it('R1-V: official verdicts reproduce the `accuracy` at the top of each log', async () => {
    await importFolder('r1v');
    const logs: Array<[string, string, string]> = [
      ['r1v/geoqa_test_qwen2vl_7b_instruct_legacy.json', 'qwen2vl_7b_instruct_legacy', 'geoqa_test'],
      ['r1v/geoqa_test_qwen2vl_7b_grpo_2epochs_legacy.json', 'qwen2vl_7b_grpo_2epochs_legacy', 'geoqa_test'],
      ['r1v/counting_results_superclevr_200_qwen2vl_2b_instruct_legacy.json', 'qwen2vl_2b_instruct_legacy', 'counting_superclevr_200'],
      ['r1v/counting_results_superclevr_200_qwen2vl_2b_instruct_grpo100_legacy.json', 'qwen2vl_2b_instruct_grpo100_legacy', 'counting_superclevr_200'],
    ];
    for (const [file, checkpoint, benchmark] of logs) {
      expect(runOf(checkpoint, benchmark).official_accuracy! * 100).toBeCloseTo(json(file).accuracy as number, 9);
    }
  });
});
