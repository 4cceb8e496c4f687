import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../core/query/filter';
import { openWorkspace } from '../../core/store/database';
import { explorerPage } from '../../core/store/explorer';
import { runSummaries } from '../../core/store/summaries';
import { runCli } from '../../test-support/cli';

interface CompareLine {
  n: number;
  a_correct: number;
  b_correct: number;
  a_right_b_wrong: number;
  a_wrong_b_right: number;
  both_right: number;
  both_wrong: number;
  mcnemar_p: number;
  diff: number;
  diff_ci: [number, number];
}

describe('vlm-workbench compare', () => {
  let db: string;
  // One demo workspace for the file's tests (building it takes a few seconds).
  beforeAll(async () => {
    db = join(mkdtempSync(join(os.tmpdir(), 'vlmwb-compare-')), 'demo.sqlite');
    const demo = await runCli(['demo', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
  });
  afterAll(() => rmSync(dirname(db), { recursive: true, force: true }));

  /** First-answer verdicts of a checkpoint by sample, read through the explorer (not the compare code). */
  function verdicts(checkpoint: string): Map<number, boolean> {
    const workspace = openWorkspace(db, { readonly: true });
    try {
      const runId = runSummaries(workspace).find((run) => run.checkpoint === checkpoint)!.runId;
      const { rows } = explorerPage(workspace, { filter: parseQuery(`run:${runId}`), offset: 0, limit: 500 });
      return new Map(rows.map((row) => [row.sampleId, row.correct === true]));
    } finally {
      workspace.close();
    }
  }

  it('prints per benchmark and overall n, flips, the exact McNemar p and the interval of b minus a as JSON', async () => {
    const a = 'base';
    const b = 'stage1-perception@200';
    const result = await runCli(['compare', '--db', db, '--a', a, '--b', b, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as { a: string; b: string; benchmarks: Array<CompareLine & { benchmark: string }>; overall: CompareLine };
    expect(output).toMatchObject({ a, b });
    const va = verdicts(a);
    const vb = verdicts(b);
    const pairs = [...va].filter(([sample]) => vb.has(sample));
    const expected = {
      n: pairs.length,
      a_correct: pairs.filter(([, right]) => right).length,
      b_correct: pairs.filter(([sample]) => vb.get(sample)).length,
      a_right_b_wrong: pairs.filter(([sample, right]) => right && !vb.get(sample)).length,
      a_wrong_b_right: pairs.filter(([sample, right]) => !right && vb.get(sample)).length,
    };
    for (const line of [output.benchmarks[0]!, output.overall]) {
      expect(line).toMatchObject(expected);
      expect(line.diff).toBeCloseTo((expected.b_correct - expected.a_correct) / expected.n, 12);
      expect(line.diff_ci).toHaveLength(2);
      expect(line.diff_ci[0]).toBeLessThanOrEqual(line.diff);
      expect(line.diff_ci[1]).toBeGreaterThanOrEqual(line.diff);
      expect(line.mcnemar_p).toBeGreaterThan(0);
      expect(line.mcnemar_p).toBeLessThanOrEqual(1);
      expect(line.both_right + line.both_wrong + line.a_right_b_wrong + line.a_wrong_b_right).toBe(line.n);
    }
    expect(expected.a_wrong_b_right).toBeGreaterThan(expected.a_right_b_wrong);
    // The same seed gives the same interval.
    const again = JSON.parse((await runCli(['compare', '--db', db, '--a', a, '--b', b, '--json'])).stdout) as typeof output;
    expect(again.overall.diff_ci).toEqual(output.overall.diff_ci);
  });

  it('prints a readable table, and says what is wrong with a bad name', async () => {
    const table = await runCli(['compare', '--db', db, '--a', 'base', '--b', 'stage3-visual-reasoning@279']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('McNemar p');
    expect(table.stdout).toContain('CLEVR-Sim');
    const bad = await runCli(['compare', '--db', db, '--a', 'base', '--b', 'no-such-checkpoint']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('checkpoint "no-such-checkpoint" does not exist');
  });

  it('fails where the two share no benchmark: nothing was compared', async () => {
    const file = join(dirname(db), 'other.jsonl');
    writeFileSync(file, `${JSON.stringify({ id: 'q1', question: 'How many?', answer: '3', prediction: '3' })}\n`);
    const imported = await runCli(['import', file, '--db', db, '--benchmark', 'Other', '--checkpoint', 'other-model']);
    expect(imported.code, imported.stderr).toBe(0);
    const result = await runCli(['compare', '--db', db, '--a', 'base', '--b', 'other-model']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/base and other-model share no evaluated benchmark \(.*Other.*\): nothing to compare/);
  });
});
