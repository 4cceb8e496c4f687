import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkbench, type Workbench } from '../workbench';
import { createFileRoots } from './file-roots';
import { BadRequestError } from './errors';

describe('file roots of the API (serve --root)', () => {
  const tempDir = useTempDir();
  let workbench: Workbench | undefined;
  afterEach(() => workbench?.close());

  it('allows paths inside a root, refuses others, and follows symlinks before deciding', () => {
    const dir = tempDir();
    const root = join(dir, 'root');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'outside.txt'), 'x');
    symlinkSync(join(dir, 'outside.txt'), join(root, 'link.txt'));
    symlinkSync(dir, join(root, 'up'));
    const roots = createFileRoots([root]);
    expect(() => roots.require(join(root, 'sub'), 'paths')).not.toThrow();
    expect(() => roots.require(join(root, 'sub', 'not-yet', 'export.jsonl'), 'outPath')).not.toThrow();
    expect(() => roots.require(join(root, '..x'), 'paths')).not.toThrow();
    expect(() => roots.require(join(dir, 'rootless'), 'paths')).toThrow(BadRequestError);
    for (const bad of ['/etc/passwd', join(root, '..', 'outside.txt'), join(root, 'link.txt'), join(root, 'up', 'outside.txt'), join(root, 'up', 'new-file')]) {
      expect(() => roots.require(bad, 'paths'), bad).toThrow(/paths ".*" is outside the folders this server may use .*--root/);
    }
    expect(() => roots.require('relative/file.csv', 'paths')).toThrow(/must be absolute/);
  });

  it('refuses an import or an export outside the roots through the API, before any job starts', async () => {
    const dir = tempDir();
    workbench = openWorkbench(join(dir, 'w.sqlite'), { fileRoots: createFileRoots([dir]) });
    await expect(workbench.handlers.importFiles({ paths: ['/etc/passwd'], map: ['question=0'] } as never)).rejects.toThrow(/outside the folders/);
    await expect(workbench.handlers.importFiles({ paths: [join(dir, 'r.jsonl')], images: '/etc' } as never)).rejects.toThrow(/images .* outside/);
    await expect(workbench.handlers.startExport({ query: '', format: 'jsonl', outPath: '/tmp/elsewhere-export.jsonl' } as never)).rejects.toThrow(/outPath .* outside/);
    expect(workbench.handlers.listJobs({ limit: 50 } as never)).toEqual([]);
  });
});
