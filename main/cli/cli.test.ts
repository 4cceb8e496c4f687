import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../test-support/temp';
import { CLI_ENTRY as CLI } from '../test-support/cli';

const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

interface StatsRow {
  run_id: number;
  checkpoint: string;
  stage: string;
  benchmark: string;
  n: number;
  correct: number;
  accuracy: number;
  simulated: boolean;
}

describe('the CLI', () => {
  const tempDir = useTempDir();

  it('builds the demo workspace and lists its runs with accuracies that differ by stage', () => {
    const db = join(tempDir(), 'demo.sqlite');
    const demo = run(['demo', '--db', db]);
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toContain('SIMULATED');
    const stats = run(['stats', '--db', db, '--json']);
    expect(stats.status, stats.stderr).toBe(0);
    const rows = JSON.parse(stats.stdout) as StatsRow[];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(row).toMatchObject({ benchmark: expect.stringContaining('simulated'), simulated: true });
      expect(row.accuracy).toBeCloseTo(row.correct / row.n, 12);
      expect(row.n).toBeGreaterThan(0);
    }
    const byStage = (stage: string) => rows.filter((row) => row.stage === stage).map((row) => row.accuracy);
    const base = Math.max(...byStage('base'));
    const final = Math.max(...byStage('stage3'));
    expect(new Set(['base', 'stage1', 'stage2', 'stage3'])).toEqual(new Set(rows.map((row) => row.stage)));
    expect(final - base).toBeGreaterThan(0.15);
    // Running the demo again resumes the same runs instead of duplicating them.
    expect(run(['demo', '--db', db]).status).toBe(0);
    expect((JSON.parse(run(['stats', '--db', db, '--json']).stdout) as StatsRow[]).map((r) => r.n)).toEqual(rows.map((r) => r.n));
  });

  it('serve prints a loopback URL with a token, answers health, and refuses calls without the token', async () => {
    const db = join(tempDir(), 'empty.sqlite');
    const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(output);
          if (match) resolve(match[1]!);
        };
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
      });
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      expect((await fetch(`${url}/api/call/listRuns`, { method: 'POST', body: '{}' })).status).toBe(401);
    } finally {
      child.kill();
    }
  });

  it('refuses to bind a non-loopback address without --allow-remote', () => {
    const result = run(['serve', '--db', join(tempDir(), 'x.sqlite'), '--host', '0.0.0.0', '--port', '0']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('--allow-remote');
  });

  it('names the problem when a workspace cannot be opened', () => {
    const dir = tempDir();
    const result = run(['stats', '--db', dir]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/vlm-workbench: /);
  });
});
