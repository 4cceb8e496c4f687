import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startSimulateServerProcess } from '../../test-support/cli';

interface AttributeOutput {
  pass: { source: string; labelled: number; errors: number; method: string };
  job: { attempted: number; labelled: number; errors: number; errorReasons?: Array<{ message: string; count: number }> };
  summary: Array<{ checkpoint: string; failures: number; labelled: number; perception: { share: number; ci: [number, number] } }>;
}

describe('vlm-workbench attribute', () => {
  let db: string;
  beforeAll(async () => {
    db = join(mkdtempSync(join(os.tmpdir(), 'vlmwb-attribute-')), 'demo.sqlite');
    const demo = await runCli(['demo', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
  });
  afterAll(() => rmSync(dirname(db), { recursive: true, force: true }));

  it('runs the caption counterfactual for a simulated checkpoint and prints the perception share', async () => {
    const result = await runCli(['attribute', '--db', db, '--checkpoint', 'base', '--method', 'counterfactual', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as AttributeOutput;
    expect(output.pass).toMatchObject({ source: 'counterfactual:dataset', method: 'counterfactual', errors: 0 });
    const [row] = output.summary;
    expect(row!.labelled).toBe(row!.failures);
    expect(row!.perception.share).toBeGreaterThan(0.3);
    expect(row!.perception.ci[0]).toBeLessThan(row!.perception.share);
    // Started again, it resumes: nothing left to ask.
    const again = JSON.parse((await runCli(['attribute', '--db', db, '--checkpoint', 'base', '--method', 'counterfactual', '--json'])).stdout) as AttributeOutput;
    expect(again.job.attempted).toBe(0);
    const table = await runCli(['stats', '--db', db, '--json']);
    expect((JSON.parse(table.stdout) as unknown[]).length).toBe(8); // the re-asked run is not an evaluation
  });

  it('asks an OpenAI-compatible server, and records a judge that does not answer in JSON as errors', async () => {
    const server = await startSimulateServerProcess(['--checkpoint', 'stage1-perception@100']);
    try {
      const counterfactual = await runCli([
        'attribute', '--db', db, '--checkpoint', 'stage1-perception@100', '--method', 'counterfactual',
        '--endpoint', server.baseUrl, '--model', server.modelName, '--json',
      ]);
      expect(counterfactual.code, counterfactual.stderr).toBe(0);
      const cf = JSON.parse(counterfactual.stdout) as AttributeOutput;
      expect(cf.summary[0]!.labelled).toBe(cf.summary[0]!.failures);
      expect(cf.pass.errors).toBe(0);

      // The simulated VLM is no judge: its answers hold no JSON, so every attempt is an error, kept for the next try.
      const judged = await runCli([
        'attribute', '--db', db, '--checkpoint', 'base', '--method', 'judge', '--limit', '5',
        '--judge-endpoint', server.baseUrl, '--judge-model', server.modelName, '--json',
      ]);
      // Nothing labelled, every request an error: the command fails, and says why.
      expect(judged.code).toBe(1);
      const judge = JSON.parse(judged.stdout) as AttributeOutput;
      expect(judge.job).toMatchObject({ attempted: 5, labelled: 0, errors: 5 });
      expect(judge.job.errorReasons![0]!.count).toBe(5);
      const readable = await runCli([
        'attribute', '--db', db, '--checkpoint', 'base', '--method', 'judge', '--limit', '2',
        '--judge-endpoint', server.baseUrl, '--judge-model', server.modelName,
      ]);
      expect(readable.code).toBe(1);
      expect(readable.stderr).toMatch(/error \(\d+×\): .*JSON/i);
      expect(judge.pass.source).toBe(`judge:${server.modelName} failure-attribution@v1`);
    } finally {
      await server.stop();
    }
    const missing = await runCli(['attribute', '--db', db, '--checkpoint', 'base', '--method', 'judge']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--judge-endpoint');
  });
});
