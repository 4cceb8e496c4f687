#!/usr/bin/env node
/**
 * Builds better-sqlite3's native addon for Electron's ABI into .native/electron-abi<N>/, beside
 * (never over) the Node build in node_modules that the CLI, serve and tests use. The core picks
 * the Electron copy only when it runs inside Electron (main/core/store/database.ts).
 *
 * Needs the network once: a prebuilt binary for Electron (prebuild-install), or Electron's
 * headers to compile one (node-gyp).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
const abi = readFileSync(join(electronDir, 'abi_version'), 'utf8').trim();
const target = join(root, '.native', `electron-abi${abi}`, 'better_sqlite3.node');

if (existsSync(target) && !process.argv.includes('--force')) {
  console.log(`better-sqlite3 for Electron ${electronVersion} (ABI ${abi}) is ready: ${target}`);
  process.exit(0);
}

const source = dirname(require.resolve('better-sqlite3/package.json'));
const work = join(root, '.native', 'build', 'better-sqlite3');
rmSync(work, { recursive: true, force: true });
mkdirSync(dirname(work), { recursive: true });
cpSync(source, work, { recursive: true, filter: (path) => !path.includes(`${join(source, 'build')}`) });

const run = (command, args) => spawnSync(command, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' });
const prebuildInstall = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
let result = run(process.execPath, [prebuildInstall, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch]);
if (result.status !== 0) {
  console.log('No prebuilt binary; compiling against Electron headers with node-gyp…');
  result = run('npx', ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`]);
}
const built = join(work, 'build', 'Release', 'better_sqlite3.node');
if (result.status !== 0 || !existsSync(built)) {
  console.error('Could not build better-sqlite3 for Electron. The CLI and `serve` still work with the Node build.');
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
cpSync(built, target);
rmSync(dirname(work), { recursive: true, force: true });
console.log(`Built better-sqlite3 for Electron ${electronVersion} (ABI ${abi}): ${target}`);
