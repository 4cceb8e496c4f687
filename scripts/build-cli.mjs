#!/usr/bin/env node
/**
 * Builds the CLI (and `serve`) into plain JavaScript under out/cli/, so a start does not compile
 * TypeScript. `npm install` runs it (the `prepare` script) and so does `npm run build`; it takes
 * well under a second.
 *
 * - One ESM bundle per entry, split into chunks: each command's action loads its own chunk with
 *   `import()`, so `--version` or `stats` never parse the evaluation, parquet or UI code.
 * - npm packages stay external (loaded from node_modules as usual; native addons must).
 * - Chunks sit beside the entry (no subfolder): modules locate files relative to
 *   `import.meta.url` (migrations, the repository root) and must see the same depth as in main/cli/.
 * - out/cli/build-manifest.json lists the sources that went in and when, so bin/vlm-workbench.js
 *   can tell cheaply (a stat per source) whether the build is older than the sources.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const CLI_OUT_DIR = join(root, 'out', 'cli');

/** Entry points: the CLI and the modules started as worker threads (they need their own file). */
const ENTRIES = {
  index: 'main/cli/index.ts',
  'grade-worker': 'main/core/grading/grade-worker.ts',
};

/**
 * npm packages bundled into the build instead of loaded from node_modules: @stdlib ships each
 * function as its own small CommonJS package, so `compare` resolved and read some 300 files at
 * every start (about 0.1 s); bundled, they are one chunk.
 */
const BUNDLED_PACKAGES = /^@stdlib\//;

/** esbuild's `packages: 'external'`, except for the packages matching `bundled`. */
function externalPackagesExcept(bundled) {
  return {
    name: 'external-packages-except',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => (bundled.test(args.path) ? undefined : { path: args.path, external: true }));
    },
  };
}

/** How long chunks of earlier builds are kept beside a new one. */
const KEEP_EARLIER_CHUNKS_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A process started from an earlier build (a `serve` left running on a GPU box while the
 * checkout is pulled and rebuilt) imports its command chunks lazily, by their hashed names:
 * those chunks are copied into the new build (with their own times), so it keeps working until
 * restarted. Chunks are named by their content, so a kept one never collides with a new one.
 */
function carryEarlierChunks(staging) {
  let earlier;
  try {
    earlier = readdirSync(CLI_OUT_DIR);
  } catch {
    return;
  }
  const fresh = new Set(readdirSync(staging));
  const entries = new Set(Object.keys(ENTRIES).map((entry) => `${entry}.js`));
  for (const name of earlier) {
    if (!name.endsWith('.js') || fresh.has(name) || entries.has(name)) continue;
    const from = join(CLI_OUT_DIR, name);
    if (Date.now() - statSync(from).mtimeMs > KEEP_EARLIER_CHUNKS_MS) continue;
    cpSync(from, join(staging, name), { preserveTimestamps: true });
  }
}

export async function buildCli({ quiet = false } = {}) {
  const startedAt = Date.now();
  // Build into a fresh folder and swap it in, so a CLI started meanwhile never sees half a build.
  const staging = `${CLI_OUT_DIR}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [externalPackagesExcept(BUNDLED_PACKAGES)],
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  cpSync(join(root, 'main', 'core', 'store', 'migrations'), join(staging, 'store-migrations'), { recursive: true });
  const sources = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules'))
    .sort();
  writeFileSync(join(staging, 'build-manifest.json'), `${JSON.stringify({ builtAt: startedAt, sources }, null, 1)}\n`);
  writeFileSync(join(staging, 'meta.json'), JSON.stringify(result.metafile));
  mkdirSync(dirname(CLI_OUT_DIR), { recursive: true });
  carryEarlierChunks(staging);
  const retired = `${CLI_OUT_DIR}.old-${process.pid}`;
  rmSync(retired, { recursive: true, force: true });
  try {
    renameSync(CLI_OUT_DIR, retired);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  renameSync(staging, CLI_OUT_DIR);
  rmSync(retired, { recursive: true, force: true });
  if (!quiet) {
    const files = Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js')).length;
    process.stdout.write(`CLI built into ${relative(root, CLI_OUT_DIR)}/ (${sources.length} sources, ${files} files) in ${Date.now() - startedAt} ms\n`);
  }
  return { sources };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli().catch((error) => {
    process.stderr.write(`building the CLI failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
