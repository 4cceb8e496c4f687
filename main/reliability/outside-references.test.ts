/**
 * Low-severity holes found from outside: a result file naming images outside its folder (or a
 * symlink leading out) and a NUL byte in a filter.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFiles } from '../core/ingest/import';
import { tinyPng } from '../test-support/workspace-dump';
import { findSampleByExternalId } from '../core/store/imports';
import { startHttpServer } from '../core/transport/http-server';
import { openWorkbench, type Workbench } from '../core/workbench';
import { useTempDir } from '../test-support/temp';

describe('references that reach outside', () => {
  const tempDir = useTempDir();
  let workbench: Workbench | undefined;
  afterEach(() => workbench?.close());

  it('images outside the imported file\'s folder (paths, ../, symlinks) are missing unless --images names their folder, and say nothing about existence', async () => {
    const root = tempDir();
    const secretDir = join(root, 'private');
    mkdirSync(secretDir);
    writeFileSync(join(secretDir, 'secret.png'), tinyPng(2, 2, [9, 9, 9]));
    const data = join(root, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'inside.png'), tinyPng(2, 2, [1, 2, 3]));
    symlinkSync(join(secretDir, 'secret.png'), join(data, 'link.png'));
    const refs = { inside: 'inside.png', absolute: join(secretDir, 'secret.png'), dotdot: '../private/secret.png', symlink: 'link.png', nothing: '../private/no-such.png' };
    const lines = Object.entries(refs).map(([id, image]) => JSON.stringify({ id, question: 'q', answer: '1', image }));
    writeFileSync(join(data, 'q.jsonl'), `${lines.join('\n')}\n`);
    workbench = openWorkbench(join(root, 'w.sqlite'));
    const summary = await importFiles(workbench.db, workbench.workspacePath, [join(data, 'q.jsonl')], { benchmark: 'Refs' });
    expect(summary.images).toEqual({ stored: 1, missing: 4 });
    const stored = (id: string) => findSampleByExternalId(workbench!.db, 'Refs', id)!.images[0]!;
    expect(stored('inside').sha256).toMatch(/^[0-9a-f]{64}$/);
    // An existing file outside and a file that does not exist read the same.
    for (const id of ['absolute', 'dotdot', 'symlink', 'nothing']) expect(stored(id)).toEqual({ sha256: null, missing: refs[id as keyof typeof refs] });

    // Named with --images, the folder is allowed.
    await importFiles(workbench.db, workbench.workspacePath, [join(data, 'q.jsonl')], { benchmark: 'Refs2', images: secretDir, replace: true });
    for (const id of ['absolute', 'dotdot', 'symlink']) expect(findSampleByExternalId(workbench.db, 'Refs2', id)!.images[0]!.sha256, id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a NUL in a filter is a 400 naming the problem, not a 500', async () => {
    workbench = openWorkbench(join(tempDir(), 'w.sqlite'));
    const server = await startHttpServer(workbench, { host: '127.0.0.1', port: 0 });
    try {
      for (const query of ['cat\u0000dog', 'checkpoint:a\u0000b', '"x\u0000"']) {
        const response = await fetch(`${server.url}/api/call/explore`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: JSON.stringify({ query }) });
        expect(response.status, JSON.stringify(query)).toBe(400);
        expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/NUL/);
      }
    } finally {
      await server.close();
    }
  });
});
