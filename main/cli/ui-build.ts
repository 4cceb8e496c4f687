import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

/** Builds the UI once (electron-vite) when `serve` is used before any `npm run build`. */
export function ensureRendererBuilt(): string {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return RENDERER_DIR;
  process.stderr.write('The UI is not built yet; building it once (electron-vite build, about 20 s)…\n');
  // Its asset listing (forty lines) is kept back; a failed build shows it.
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 || !existsSync(join(RENDERER_DIR, 'index.html'))) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error('building the UI failed (its output is above); `npm run build` builds it again');
  }
  return RENDERER_DIR;
}
