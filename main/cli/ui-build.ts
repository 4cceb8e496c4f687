import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

/** Builds the UI once (electron-vite) when `serve` is used before any `npm run build`. */
export function ensureRendererBuilt(): string {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return RENDERER_DIR;
  process.stderr.write('The UI is not built yet; building it once (electron-vite build)…\n');
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('building the UI failed; run `npm run build` to see why');
  }
  return RENDERER_DIR;
}
