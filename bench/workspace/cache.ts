/**
 * The million-prediction bench workspace, built once and kept under bench/cache/ (gitignored).
 * Its folder is named by a hash of the generator's version, the scale and every schema
 * migration: a schema change (or a new generator) builds a fresh one, and older builds are
 * removed. The build runs in a child process (build.ts), through the real importer.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_SCALE, GENERATOR_VERSION, type BenchScale } from './generate';

const CACHE = fileURLToPath(new URL('../cache/', import.meta.url));
const MIGRATIONS = fileURLToPath(new URL('../../main/core/store/migrations/', import.meta.url));
const BUILD = fileURLToPath(new URL('./build.ts', import.meta.url));

export interface BuildFigures {
  scale: BenchScale;
  benchmarks: string[];
  imports: Array<{ checkpoint: string; predictions: number; megabytes: number; generateSeconds: number; importSeconds: number; cpuSeconds: number }>;
  importPeakRssMb: number;
  labels: number;
  labelSeconds: number;
  builtAt: string;
  loadAverage: number;
}

export interface BenchWorkspace {
  path: string;
  build: BuildFigures;
  /** Whether this run built it (false: reused from the cache). */
  built: boolean;
}

/** The scale: FULL_SCALE, or BENCH_SAMPLES samples per benchmark for a quick look. */
export function benchScale(): BenchScale {
  const samples = Number(process.env.BENCH_SAMPLES ?? FULL_SCALE.samples);
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`BENCH_SAMPLES=${process.env.BENCH_SAMPLES}: expected a positive integer`);
  return { ...FULL_SCALE, samples };
}

export function cacheKey(scale: BenchScale): string {
  const hash = createHash('sha256').update(`generator ${GENERATOR_VERSION}\n${JSON.stringify(scale)}\n`);
  for (const name of readdirSync(MIGRATIONS).filter((file) => file.endsWith('.sql')).sort()) {
    hash.update(`${name}\n`).update(readFileSync(join(MIGRATIONS, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

function runBuild(path: string, scale: BenchScale): Promise<BuildFigures> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--import', 'tsx', BUILD, path, JSON.stringify(scale)], { maxBuffer: 1 << 22 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`building the bench workspace failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as BuildFigures);
    });
    child.stderr?.pipe(process.stderr);
  });
}

/** The cached workspace for this schema and scale, building it when missing. */
export async function ensureBenchWorkspace(): Promise<BenchWorkspace> {
  const scale = benchScale();
  const key = cacheKey(scale);
  const dir = join(CACHE, `workspace-${key}`);
  const path = join(dir, 'workspace.sqlite');
  const figures = join(dir, 'build.json');
  if (existsSync(path) && existsSync(figures)) return { path, build: JSON.parse(readFileSync(figures, 'utf8')) as BuildFigures, built: false };
  mkdirSync(CACHE, { recursive: true });
  // Builds for another schema or scale are of no use any more (and take gigabytes).
  for (const name of readdirSync(CACHE)) if (name.startsWith('workspace-') && name !== `workspace-${key}`) rmSync(join(CACHE, name), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  const building = join(CACHE, `building-${key}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  process.stderr.write(`  building the bench workspace (${(scale.benchmarks * scale.checkpoints * scale.samples).toLocaleString('en-US')} predictions, once; cached in bench/cache/)\n`);
  const build = await runBuild(join(building, 'workspace.sqlite'), scale);
  writeFileSync(join(building, 'build.json'), `${JSON.stringify(build, null, 2)}\n`);
  renameSync(building, dir);
  return { path, build, built: true };
}
