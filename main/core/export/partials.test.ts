/**
 * An export interrupted (killed) mid-write leaves hidden `.NAME.partial-PID-XXXX` files. The next
 * export to the same place removes those of dead processes, is not refused because of them, and
 * never ships one inside the delivered folder (with or without --overwrite).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoWorkspace } from '../demo/seed';
import { openWorkspace, type Db } from '../store/database';
import { useTempDir } from '../../test-support/temp';
import { exportRecords } from './export';
import { removeStalePartials } from './writers/fs-util';

/** A process id that is certainly not running (above Linux's pid_max ceiling). */
const DEAD_PID = 4_194_305;

const allNames = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? [entry.name, ...allNames(join(dir, entry.name)).map((n) => `${entry.name}/${n}`)] : [entry.name]));

describe('partial files of interrupted exports', () => {
  const tempDir = useTempDir();
  let db: Db | undefined;
  afterEach(() => db?.close());

  async function workspace(): Promise<Db> {
    db = openWorkspace(join(tempDir(), 'w.sqlite'));
    await seedDemoWorkspace(db, { count: 8 });
    return db;
  }

  it('a folder left by a killed export is written again without --overwrite, and no partial ships', async () => {
    const db = await workspace();
    const out = join(tempDir(), 'failures');
    mkdirSync(join(out, 'images'), { recursive: true });
    writeFileSync(join(out, `.records.jsonl.partial-${DEAD_PID}-0a1b2c3d`), '{"half": ');
    writeFileSync(join(out, 'images', `.abc.png.partial-${DEAD_PID}-0a1b2c3d`), 'half an image');
    writeFileSync(join(out, '.records.jsonl.partial-deadbeef'), 'an older partial without a process id');
    const result = await exportRecords(db, { source: { query: '' }, format: 'jsonl', outPath: out });
    expect(result.records).toBeGreaterThan(0);
    expect(allNames(out).filter((name) => name.includes('.partial-'))).toEqual([]);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('with --overwrite a stale partial inside an earlier export is removed, not shipped', async () => {
    const db = await workspace();
    const out = join(tempDir(), 'failures');
    await exportRecords(db, { source: { query: '' }, format: 'jsonl', outPath: out });
    writeFileSync(join(out, `.records.jsonl.partial-${DEAD_PID}-0a1b2c3d`), 'stale');
    await exportRecords(db, { source: { query: '' }, format: 'jsonl', outPath: out, overwrite: true });
    expect(allNames(out).filter((name) => name.includes('.partial-'))).toEqual([]);
  });

  it('file formats clean their own stale partials beside the target, and leave a live process\'s alone', async () => {
    const db = await workspace();
    const dir = tempDir();
    const stale = join(dir, `.set.csv.partial-${DEAD_PID}-0a1b2c3d`);
    const live = join(dir, `.set.csv.partial-${process.ppid}-0a1b2c3d`);
    const other = join(dir, `.other.csv.partial-${DEAD_PID}-0a1b2c3d`);
    for (const file of [stale, live, other]) writeFileSync(file, 'x');
    await exportRecords(db, { source: { query: '' }, format: 'csv', outPath: join(dir, 'set.csv') });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(removeStalePartials(dir)).toEqual([`.other.csv.partial-${DEAD_PID}-0a1b2c3d`]);
  });
});
