import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { createJob, updateJob } from '../store/jobs';
import { openWorkbench, type Workbench } from '../workbench';
import { startHttpServer, type RunningServer } from './http-server';

describe('downloading a finished export in browser mode', () => {
  const tempDir = useTempDir();
  let server: RunningServer | undefined;
  let workbench: Workbench | undefined;
  afterEach(async () => {
    await server?.close();
    workbench?.close();
  });

  it('serves the file the export job wrote, only with the token, and nothing for other jobs', async () => {
    const dir = tempDir();
    workbench = openWorkbench(join(dir, 'w.sqlite'));
    server = await startHttpServer(workbench, { host: '127.0.0.1', port: 0 });
    const out = join(dir, 'stage3 failures.jsonl');
    writeFileSync(out, '{"id":1}\n{"id":2}\n');
    const exportJob = createJob(workbench.db, 'export', 'Export', {});
    updateJob(workbench.db, exportJob.id, { status: 'completed', message: JSON.stringify({ outPath: out, format: 'jsonl', records: 2, images: 0 }) });
    const running = createJob(workbench.db, 'export', 'Export', {});
    const other = createJob(workbench.db, 'import', 'Import', {});
    updateJob(workbench.db, other.id, { status: 'completed', message: JSON.stringify({ outPath: join(dir, 'w.sqlite') }) });

    const get = (id: number, token: string | null = server!.token) =>
      fetch(`${server!.url}/api/exports/${id}/download`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const ok = await get(exportJob.id);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe('attachment; filename="stage3_failures.jsonl"');
    expect(await ok.text()).toBe('{"id":1}\n{"id":2}\n');
    expect((await get(exportJob.id, null)).status).toBe(401);
    expect((await get(running.id)).status).toBe(409);
    expect((await get(other.id)).status).toBe(404);
    expect((await get(999)).status).toBe(404);
  });
});
