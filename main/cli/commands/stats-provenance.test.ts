/**
 * `stats` says, for every imported run, the official figure beside ours and the rule behind it,
 * and flags (table and --json) where they differ or where no official rule is implemented.
 * Real VLMEvalKit files: main/core/ingest/real-files/README.md.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli, waitForExit, REPO_ROOT } from '../../test-support/cli';
import { useTempDir } from '../../test-support/temp';

const LAUNCH = join(REPO_ROOT, 'main/core/ingest/real-files/vlmevalkit-outputs/VLM-R1/T20250426_Ga32ffdf2');

interface Row {
  benchmark: string;
  accuracy: number;
  official: number | null;
  official_rule: string;
  differs: boolean | null;
}

describe('stats: ours beside the official figure', () => {
  const tempDir = useTempDir();

  it('prints the official figure and its rule, flags differences and benchmarks without an official rule', async () => {
    const dir = tempDir();
    const model = join(dir, 'outputs', 'VLM-R1', 'T20250426_Ga32ffdf2');
    cpSync(join(LAUNCH, 'VLM-R1_LogicVista_gpt4o-mini.xlsx'), join(model, 'VLM-R1_LogicVista_gpt4o-mini.xlsx'));
    cpSync(join(LAUNCH, 'VLM-R1_LogicVista_gpt4o-mini_score.csv'), join(model, 'VLM-R1_LogicVista_gpt4o-mini_score.csv'));
    // A benchmark we have no official rule for (a real file renamed: the rule is looked up by name).
    cpSync(join(LAUNCH, 'VLM-R1_LogicVista.xlsx'), join(model, 'VLM-R1_SomeNewBench.xlsx'));
    const db = join(dir, 'w.sqlite');
    const imported = await waitForExit(spawnCli(['import', '--db', db, join(dir, 'outputs')]));
    expect(imported.code, imported.stderr).toBe(0);

    const json = await waitForExit(spawnCli(['stats', '--db', db, '--json']));
    const rows = JSON.parse(json.stdout) as Row[];
    const logic = rows.find((r) => r.benchmark === 'LogicVista')!;
    expect(logic.official).toBeCloseTo(170 / 447, 6);
    expect(logic.official_rule).toMatch(/LogicVista/);
    expect(logic.differs).toBe(Math.abs(logic.accuracy - logic.official!) > 0.005);
    const unknown = rows.find((r) => r.benchmark === 'SomeNewBench')!;
    expect(unknown).toMatchObject({ official: null, official_rule: 'no official rule implemented', differs: null });

    const table = await waitForExit(spawnCli(['stats', '--db', db]));
    expect(table.stdout).toMatch(/SomeNewBench.*no official rule implemented/);
    if (logic.differs) expect(table.stdout).toMatch(/LogicVista.*DIFFERS: ours \d+\.\d pts (lower|higher)/);
  }, 120_000);
});
