import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { e2eTempDir } from './temp-root';

export const CLI = join(process.cwd(), 'bin', 'vlm-workbench.js');

/** Runs the real CLI and returns its stdout; throws with stderr when it fails. */
export function cli(args: string[]): string {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vlm-workbench ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

export function demoWorkspace(): string {
  const path = join(e2eTempDir('demo-'), 'demo.sqlite');
  cli(['demo', '--db', path]);
  return path;
}

/** Starts `vlm-workbench serve --port 0` and resolves with the URL it prints. */
export async function serve(db: string): Promise<{ url: string; process: ChildProcess; stop(): void }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/[?#]token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return { url, process: child, stop: () => child.kill('SIGTERM') };
}
