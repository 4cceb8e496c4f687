import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerPage } from '../../core/types/records';
import { runCli } from '../../test-support/cli';

describe('vlm-workbench explore', () => {
  let db: string;
  beforeAll(async () => {
    db = join(mkdtempSync(join(os.tmpdir(), 'vlmwb-explore-')), 'demo.sqlite');
    const demo = await runCli(['demo', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
  });
  afterAll(() => rmSync(dirname(db), { recursive: true, force: true }));

  it('lists the predictions a filter matches, with their ids, as many as stats counts', async () => {
    const stats = JSON.parse((await runCli(['stats', '--db', db, '--json'])).stdout) as Array<{ checkpoint: string; n: number; correct: number }>;
    const failures = stats.filter((run) => run.checkpoint === 'base').reduce((sum, run) => sum + run.n - run.correct, 0);
    const result = await runCli(['explore', 'checkpoint:base correct:false', '--db', db, '--limit', '7', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const page = JSON.parse(result.stdout) as ExplorerPage;
    expect(page.total).toBe(failures);
    expect(page.rows).toHaveLength(7);
    expect(page.rows.every((row) => row.checkpoint === 'base' && row.correct === false)).toBe(true);
    // The table names each prediction by the id `sets add` takes.
    const table = await runCli(['explore', 'checkpoint:base correct:false', '--db', db, '--limit', '3']);
    expect(table.stdout).toMatch(new RegExp(`│ +${page.rows[0]!.predictionId} │`));
    expect(table.stdout).toMatch(new RegExp(`1–3 of ${failures} prediction\\(s\\) \\(--offset 3 for more\\)`));
    const badSort = await runCli(['explore', '--db', db, '--sort', 'think:desc']);
    expect(badSort.code).toBe(1);
    expect(badSort.stderr).toMatch(/--sort must be FIELD\[:asc\|desc\] with FIELD one of id, .*thinkChars/);
  });
});
