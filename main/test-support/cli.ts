import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `bin/vlm-workbench.js` lives. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * How every test starts the CLI: `node bin/vlm-workbench.js`, as users do. It runs the build in
 * out/cli/, which vitest's global setup (main/test-support/build-cli.global.ts) and Playwright's
 * (e2e/support/build-cli.global.ts) make fresh before any test, so tests see the sources as edited.
 */
export const CLI_ENTRY = fileURLToPath(new URL('../../bin/vlm-workbench.js', import.meta.url));
const CLI = CLI_ENTRY;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node bin/vlm-workbench.js ARGS` as a real process (the CLI as users run it). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return Object.assign(child, { output });
}

export function waitForExit(child: ChildProcess & { output: { stdout: string; stderr: string } }): Promise<CliResult> {
  return new Promise((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null): void => resolve({ code, signal, ...child.output });
    if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode, child.signalCode);
    else child.once('close', done);
  });
}

export const runCli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => waitForExit(spawnCli(args, env));

/** Waits until `predicate` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitUntil(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** `vlm-workbench simulate-server …` as a process; resolves with its base URL once it listens. */
export async function startSimulateServerProcess(args: string[]): Promise<{ baseUrl: string; modelName: string; stop(): Promise<void> }> {
  const child = spawnCli(['simulate-server', '--port', '0', ...args]);
  await waitUntil(() => /at (http\S+) model=(\S+)/.test(child.output.stdout) || child.exitCode !== null, 'the simulated server to listen', 120_000);
  const match = /at (http\S+) model=(\S+)/.exec(child.output.stdout);
  if (!match) throw new Error(`simulate-server did not start: ${child.output.stderr}`);
  return {
    baseUrl: match[1]!,
    modelName: match[2]!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await waitForExit(child);
    },
  };
}

