#!/usr/bin/env node
/**
 * `npm start`: build, then open the desktop app on the default workspace (seeded with the demo on
 * first start). Where Electron's binary cannot be had (an offline machine), say so and serve the
 * same UI in the browser at a loopback URL instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const node = process.execPath;
const step = (args, options = {}) => spawnSync(node, args, { cwd: root, stdio: 'inherit', ...options });

if (step([join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']).status !== 0) process.exit(1);
if (step([join(root, 'scripts', 'build-cli.mjs')]).status !== 0) process.exit(1);

// Requiring `electron` resolves its binary, downloading it on first use; that fails offline.
const probe = spawnSync(node, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8' });
const electronBinary = probe.status === 0 ? probe.stdout.trim() : null;

if (electronBinary) {
  if (step([join(root, 'scripts', 'electron-native.mjs')]).status !== 0) process.exit(1);
  const app = spawn(electronBinary, ['.'], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
} else {
  // electron's own advice ("delete node_modules/electron and run npx install-electron") cannot
  // help on a machine without a network, so the download failure is named instead.
  const lines = probe.stderr.split('\n').map((line) => line.trim());
  const networkFailure = lines.find((line) => /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT/.test(line));
  const reason = networkFailure
    ? `its first-launch download failed: ${networkFailure}; it needs a network connection once`
    : (lines.find((line) => line.startsWith('Error')) ?? lines.filter(Boolean).at(-1) ?? 'unknown error');
  console.log(`Electron's binary is not available on this machine (${reason}).`);
  console.log('Serving the same UI in your browser instead; open the URL below.');
  const serve = spawn(node, [join(root, 'bin', 'vlm-workbench.js'), 'serve', '--demo-if-new', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
  serve.on('exit', (code) => process.exit(code ?? 0));
}
