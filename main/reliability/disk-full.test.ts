/**
 * Exports when the disk fills: every writer hears its stream's error, the job fails with a clear
 * "disk full" message naming the file, the partial output is removed, and the process lives on
 * (an unheard stream 'error' used to kill it, and `serve` with it). Two ways to fill a disk:
 * the records stream of an export redirected to /dev/full (ENOSPC from the kernel on every write,
 * runs anywhere), and a real 256 KiB tmpfs (only where this test may mount one, as root).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemoWorkspace } from '../core/demo/seed';
import { openWorkbench, type Workbench } from '../core/workbench';
import type { ExportFormat } from '../core/export/api-contract';
import { getJob } from '../core/store/jobs';
import { startImportJob } from '../core/ingest/job';

/** When set, new export partial files whose path starts with it are written to /dev/full. */
const redirect = vi.hoisted(() => ({ under: '' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const createWriteStream = ((path: string, options?: unknown) =>
    redirect.under && typeof path === 'string' && path.startsWith(redirect.under) && path.includes('.partial-')
      ? fs.createWriteStream('/dev/full', options as never)
      : fs.createWriteStream(path, options as never)) as typeof fs.createWriteStream;
  return { ...fs, createWriteStream, default: { ...fs, createWriteStream } };
});

const FORMATS: Array<{ format: ExportFormat; name: string }> = [
  { format: 'csv', name: 'failures.csv' },
  { format: 'vlmevalkit', name: 'failures.tsv' },
  { format: 'jsonl', name: 'failures' },
];

function tryMountTmpfs(dir: string, size = '256k'): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('export to a full disk', () => {
  let dir = '';
  let workbench: Workbench;
  beforeAll(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-diskfull-'));
    workbench = openWorkbench(join(dir, 'w.sqlite'));
    await seedDemoWorkspace(workbench.db, { count: 60 });
  }, 120_000);
  afterAll(() => {
    workbench.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const exportTo = async (format: ExportFormat, outPath: string) => {
    const started = await workbench.handlers.startExport({ query: '', format, outPath, overwrite: false } as never);
    for (;;) {
      const job = getJob(workbench.db, started.job.id)!;
      if (job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it.each(FORMATS)('$format: ENOSPC on every write ends the job with "disk full", removes the partial output, and the process lives on', async ({ format, name }) => {
    const out = join(dir, `full-${format}`);
    mkdirSync(out);
    redirect.under = out;
    try {
      const job = await exportTo(format, join(out, name));
      expect(job.status).toBe('failed');
      expect(job.message).toMatch(new RegExp(`disk full while writing .*${name.replace('.', '\\.')}.*ENOSPC`));
    } finally {
      redirect.under = '';
    }
    expect(readdirSync(out)).toEqual([]);
    // Still alive and working: the same export to a disk with room succeeds.
    const again = await exportTo(format, join(dir, `ok-${format}`, name));
    expect(again.status).toBe('completed');
  });

  const tmpfs = join(os.tmpdir(), `vlmwb-tmpfs-${process.pid}`);
  mkdirSync(tmpfs, { recursive: true });
  const mounted = tryMountTmpfs(tmpfs);
  afterAll(() => {
    if (mounted) execFileSync('umount', [tmpfs]);
    rmSync(tmpfs, { recursive: true, force: true });
  });

  it.skipIf(!mounted).each(FORMATS)('$format on a real 256 KiB tmpfs: "disk full", nothing of ours left behind', async ({ format, name }) => {
    const out = join(tmpfs, format);
    mkdirSync(out);
    const job = await exportTo(format, join(out, name));
    expect(job.status).toBe('failed');
    expect(job.message).toMatch(/disk full while writing .*ENOSPC/);
    expect(readdirSync(out)).toEqual([]);
    rmSync(out, { recursive: true, force: true });
    expect(existsSync(join(out, name))).toBe(false);
  });
});

describe('import into a workspace on a full disk', () => {
  const disk = join(os.tmpdir(), `vlmwb-tmpfs-import-${process.pid}`);
  mkdirSync(disk, { recursive: true });
  const mounted = tryMountTmpfs(disk, '8m');
  afterAll(() => {
    if (mounted) execFileSync('umount', [disk]);
    rmSync(disk, { recursive: true, force: true });
  });

  it.skipIf(!mounted)('says "disk full", removes its staging file, leaves the workspace as it was', async () => {
    const workbench = openWorkbench(join(disk, 'w.sqlite'));
    const source = mkdtempSync(join(os.tmpdir(), 'vlmwb-import-src-'));
    try {
      const lines = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `question ${i} ${'words '.repeat(200)}`, answer: '1', prediction: `<think>${'thinking '.repeat(400)}</think> \\boxed{1}` }));
      writeFileSync(join(source, 'big.jsonl'), `${lines.join('\n')}\n`);
      const started = await startImportJob(workbench, [join(source, 'big.jsonl')], { checkpoint: 'm', benchmark: 'Big' });
      const done = await started.done;
      expect(done.status).toBe('failed');
      expect(done.message).toMatch(/^disk full while importing into .*w\.sqlite: nothing was imported and the staging file was removed/);
      expect(readdirSync(disk).filter((name) => name.includes('.staging'))).toEqual([]);
      expect(workbench.handlers.listRuns({} as never)).toEqual([]);
    } finally {
      workbench.close();
      rmSync(source, { recursive: true, force: true });
    }
  }, 60_000);
});
