import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { CLI_ENTRY as CLI } from '../../test-support/cli';

const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const ok = (args: string[]): string => {
  const result = run(args);
  expect(result.status, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stdout;
};

describe('sets and export on the command line', () => {
  const tempDir = useTempDir();

  it('makes a set from a filter, edits it, exports it, and imports the export into a fresh workspace', () => {
    const dir = tempDir();
    const db = join(dir, 'demo.sqlite');
    ok(['demo', '--db', db, '--samples', '20']);
    const created = JSON.parse(ok(['sets', 'create', 'stage3 wrong', '--db', db, '--filter', 'checkpoint:stage3 correct:false', '--description', 'for the next stage', '--json'])) as {
      size: number;
    };
    expect(created.size).toBeGreaterThan(0);
    // The output counts what changed: 1 and 2 are stage-0 answers, not in the set until added by hand.
    expect(ok(['sets', 'add', 'stage3 wrong', '1,2', '--db', db])).toMatch(/— added 2 by hand/);
    expect(ok(['sets', 'remove', 'stage3 wrong', '2', '--db', db])).toMatch(/— removed 1/);
    expect(ok(['sets', 'remove', 'stage3 wrong', '2', '--db', db])).toMatch(/— removed 0 \(1 not in the set, kept out of later refreshes\)/);
    expect(ok(['sets', 'add', 'stage3 wrong', '1', '--db', db])).toMatch(/— added 0 by hand \(1 already in the set, now kept by hand through refreshes\)/);
    const list = JSON.parse(ok(['sets', 'list', '--db', db, '--json'])) as Array<{ name: string; size: number; manual: number; excluded: number }>;
    expect(list).toEqual([expect.objectContaining({ name: 'stage3 wrong', manual: 1, excluded: 1 })]);
    const size = list[0]!.size;
    expect(ok(['sets', 'show', 'stage3 wrong', '--db', db])).toContain('in the explorer: set:"stage3 wrong"');
    const refresh = JSON.parse(ok(['sets', 'refresh', 'stage3 wrong', '--dry-run', '--db', db, '--json'])) as { added: number; removed: number };
    expect(refresh).toMatchObject({ added: 0, removed: 0 });

    const parquet = join(dir, 'out', 'stage3.parquet');
    const exported = JSON.parse(ok(['export', '--db', db, '--set', 'stage3 wrong', '--format', 'parquet', '--out', parquet, '--json'])) as { records: number };
    expect(exported.records).toBe(size);
    const folder = join(dir, 'out', 'perception');
    expect(ok(['export', '--db', db, '--filter', 'checkpoint:stage3 correct:false', '--format', 'easyr1', '--out', folder])).toContain('as easyr1');
    expect(readdirSync(folder).sort()).toEqual(['images', 'manifest.json', 'train.jsonl']);

    // Refused: an existing file, an unknown set, an unknown format, both --set and --filter.
    expect(run(['export', '--db', db, '--set', 'stage3 wrong', '--format', 'parquet', '--out', parquet]).stderr).toMatch(/already exists/);
    expect(run(['export', '--db', db, '--set', 'nope', '--format', 'csv', '--out', join(dir, 'x.csv')]).stderr).toMatch(/no failure set named "nope"/);
    expect(run(['export', '--db', db, '--set', 'stage3 wrong', '--format', 'xlsx', '--out', join(dir, 'x.xlsx')]).stderr).toMatch(/--format must be one of/);
    expect(run(['export', '--db', db, '--set', 'a', '--filter', 'b', '--format', 'csv', '--out', join(dir, 'y.csv')]).stderr).toMatch(/either --set/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
    // A filter that matches nothing: written, empty, and said so with the term that names nothing.
    const empty = run(['export', '--db', db, '--filter', 'checkpoint:stage9', '--format', 'jsonl', '--out', join(dir, 'empty')]);
    expect(empty.status).toBe(0);
    expect(empty.stderr).toMatch(/warning: the filter matches no prediction: the export holds no records\n {2}no checkpoint named "stage9"/);

    const copy = join(dir, 'copy.sqlite');
    const imported = JSON.parse(ok(['import', parquet, '--db', copy, '--json'])) as { predictions: number; files: Array<{ format: string }> };
    expect(imported).toMatchObject({ predictions: size, files: [{ format: 'workbench-export' }] });
    const stats = JSON.parse(ok(['stats', '--db', copy, '--json'])) as Array<{ n: number }>;
    expect(stats.reduce((sum, row) => sum + row.n, 0)).toBeGreaterThan(0);
    // The folder export reads back too, by content (no --format needed), and a second time adds nothing.
    expect((JSON.parse(ok(['import', folder, '--db', copy, '--json'])) as { predictions: number }).predictions).toBe(0);
  }, 120_000);
});
