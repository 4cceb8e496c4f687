#!/usr/bin/env node
// Runs the CLI built into out/cli/ by `npm install` (the `prepare` script) or `npm run build`
// (scripts/build-cli.mjs): plain JavaScript, so a start costs little more than Node's own.
//
// When that build is missing, or older than a source file that went into it (a checkout after
// `git pull`, an edit), it says so and runs the TypeScript sources through tsx instead: slower to
// start, never wrong. The check reads the build's manifest and stats each source it lists.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Plain paths, not URLs: a URL is converted again on every stat.
const root = fileURLToPath(new URL('../', import.meta.url));

/** Why the build cannot be used, or null when it is current. */
function buildProblem() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(`${root}out/cli/build-manifest.json`, 'utf8'));
  } catch {
    return 'the CLI is not built (out/cli/ is missing)';
  }
  for (const source of manifest.sources) {
    let modified;
    try {
      modified = statSync(`${root}${source}`).mtimeMs;
    } catch {
      return `the CLI build is stale (${source} is gone)`;
    }
    if (modified > manifest.builtAt) return `the CLI build is stale (${source} changed after it)`;
  }
  return null;
}

// `--version` alone is answered from package.json (APP_VERSION is kept equal to it): the
// answer needs neither the build check nor the CLI's modules, which cost more than the rest of
// the start.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version}\n`);
  process.exit(0);
}

const problem = process.env.VLM_WORKBENCH_FROM_SOURCE === '1' ? 'VLM_WORKBENCH_FROM_SOURCE=1' : buildProblem();
if (problem === null) {
  await import('../out/cli/index.js');
} else {
  if (process.env.VLM_WORKBENCH_FROM_SOURCE !== '1') {
    process.stderr.write(`vlm-workbench: ${problem}; running the sources through tsx (slower start). Build it with: npm run build:cli\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli/index.ts');
}
