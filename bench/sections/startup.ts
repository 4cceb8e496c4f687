/**
 * Start-up, as users meet it: whole `node bin/vlm-workbench.js …` processes, medians of several.
 * `--version`; `stats --json` and `compare --json` on the million-prediction bench workspace;
 * `serve` from spawn until /api/health answers. And `npx vlm-workbench --version` as the README
 * writes it, which adds npm's own resolution of the project's bin to every call.
 */
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchSection, Figure } from '../harness';
import { ensureBenchWorkspace } from '../workspace/cache';
import { CHECKPOINTS } from '../workspace/generate';

const CLI = fileURLToPath(new URL('../../bin/vlm-workbench.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const REPEAT = Number(process.env.BENCH_STARTUP_REPEAT ?? 7);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timeProcess(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { maxBuffer: 1 << 24 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`vlm-workbench ${args.join(' ')} failed: ${stderr || error.message}`));
      // A stale or missing build falls back to tsx and says so: that would not be the start-up measured here.
      else if (stderr.includes('running the sources through tsx')) reject(new Error(`the CLI build is stale: ${stderr.trim()} (run npm run build:cli)`));
      else resolve((performance.now() - started) / 1000);
    });
  });
}

/** `npx vlm-workbench --version` in the repository, as a user types it. */
function timeNpx(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile('npx', ['vlm-workbench', '--version'], { cwd: REPO }, (error, stdout, stderr) => {
      if (error || !/^\d+\.\d+\.\d+/.test(stdout.trim())) reject(new Error(`npx vlm-workbench --version failed: ${stderr || error?.message || stdout}`));
      else resolve((performance.now() - started) / 1000);
    });
  });
}

/** Seconds from spawning `serve` until /api/health answers 200. */
async function timeServe(db: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (;;) {
      const url = /at (http:\/\/[^/\s]+)/.exec(output)?.[1];
      if (url) {
        const response = await fetch(`${url}/api/health`).catch(() => null);
        if (response?.ok) return (performance.now() - started) / 1000;
      }
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    child.kill('SIGTERM');
  }
}

async function medianOf(run: () => Promise<number>): Promise<{ median: number; runs: number[] }> {
  await run(); // warm the page cache; not counted
  const runs: number[] = [];
  for (let i = 0; i < REPEAT; i++) runs.push(await run());
  return { median: median(runs), runs };
}

export const startupSection: BenchSection = {
  name: 'start-up (whole processes, medians; stats/compare/serve on the million-prediction workspace)',
  async run(): Promise<Figure[]> {
    const { path } = await ensureBenchWorkspace();
    const [a, b] = [CHECKPOINTS[0]!.name, CHECKPOINTS[1]!.name];
    const version = await medianOf(() => timeProcess(['--version']));
    const throughNpx = await medianOf(timeNpx);
    const stats = await medianOf(() => timeProcess(['stats', '--db', path, '--json']));
    const compare = await medianOf(() => timeProcess(['compare', '--db', path, '--a', a, '--b', b, '--json']));
    const serve = await medianOf(() => timeServe(path));
    const spread = (runs: number[]): string => `${REPEAT} runs, ${Math.min(...runs).toFixed(2)}–${Math.max(...runs).toFixed(2)} s`;
    return [
      { name: 'vlm-workbench --version', value: version.median, unit: 's', target: { op: '<=', value: 0.15 }, note: spread(version.runs) },
      {
        name: 'npx vlm-workbench --version',
        value: throughNpx.median,
        unit: 's',
        note: `${spread(throughNpx.runs)}; npm resolves the project's own bin on every call (node bin/vlm-workbench.js, or the command npm link installs, skip it)`,
      },
      { name: 'vlm-workbench stats --json', value: stats.median, unit: 's', target: { op: '<=', value: 0.3 }, note: spread(stats.runs) },
      { name: `vlm-workbench compare --json (${a} vs ${b})`, value: compare.median, unit: 's', target: { op: '<=', value: 0.3 }, note: spread(compare.runs) },
      { name: 'vlm-workbench serve until /api/health answers', value: serve.median, unit: 's', target: { op: '<=', value: 0.5 }, note: spread(serve.runs) },
    ];
  },
};
