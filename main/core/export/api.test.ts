import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import type { JobInfo, WorkbenchEvent } from '../api/contract';
import { dispatch } from '../api/dispatch';
import { BadRequestError, NotFoundError } from '../api/errors';
import { seedDemoWorkspace } from '../demo/seed';
import { openWorkbench } from '../workbench';
import type { FailureSetDetail, FailureSetInfo, FailureSetRefresh } from './api-contract';

describe('the failure-set and export API', () => {
  const tempDir = useTempDir();

  it('creates, edits, refreshes and exports a set as a job with progress, and refuses bad input', async () => {
    const dir = tempDir();
    const workbench = openWorkbench(join(dir, 'w.sqlite'));
    try {
      await seedDemoWorkspace(workbench.db, { count: 30 });
      const call = <T,>(method: string, input: unknown) => dispatch(workbench.handlers, method, input) as Promise<T>;
      const explore = await call<{ rows: Array<{ predictionId: number }> }>('explore', { query: 'checkpoint:base correct:true', limit: 3 });
      const picked = explore.rows.map((row) => row.predictionId);

      const set = await call<FailureSetInfo>('createFailureSet', { name: 'base wrong', query: 'checkpoint:base correct:false', predictionIds: picked.slice(0, 1) });
      expect(set).toMatchObject({ name: 'base wrong', filter: 'checkpoint:base correct:false', manual: 1 });
      expect(await call<FailureSetInfo[]>('listFailureSets', {})).toHaveLength(1);
      const updated = await call<FailureSetInfo>('updateFailureSet', { id: set.id, add: picked.slice(1), remove: picked.slice(0, 1), description: 'for the stage 1 data mix' });
      expect(updated).toMatchObject({ size: set.size + 1, manual: 2, excluded: 1, description: 'for the stage 1 data mix' });
      const detail = await call<FailureSetDetail>('getFailureSet', { id: set.id });
      expect(detail.query).toBe('set:"base wrong"');
      const shown = await call<{ total: number }>('explore', { query: detail.query });
      expect(shown.total).toBe(updated.size);
      const refresh = await call<FailureSetRefresh>('refreshFailureSet', { id: set.id, dryRun: true });
      expect(refresh).toMatchObject({ added: 0, removed: 0, dryRun: true });

      const events: JobInfo[] = [];
      workbench.jobs.events.on('event', (event: WorkbenchEvent) => {
        if (event.type === 'job' && event.job.kind === 'export') events.push(event.job);
      });
      const finishedJob = async (jobId: number): Promise<JobInfo> => {
        for (;;) {
          const last = events.filter((job) => job.id === jobId && job.status !== 'running' && job.status !== 'queued').at(-1);
          if (last) return last;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      };
      const outPath = join(dir, 'exports', 'base-wrong.parquet');
      const started = await call<{ job: JobInfo; outPath: string }>('startExport', { setId: set.id, format: 'parquet', outPath });
      expect(started.outPath).toBe(outPath);
      expect(started.job).toMatchObject({ kind: 'export', status: 'running' });
      const finished = await finishedJob(started.job.id);
      expect(finished.status, finished.message).toBe('completed');
      expect(finished).toMatchObject({ done: updated.size, total: updated.size });
      expect(JSON.parse(finished.message)).toMatchObject({ records: updated.size, format: 'parquet', outPath });
      expect(events.some((job) => job.total === updated.size)).toBe(true);
      expect(existsSync(outPath)).toBe(true);

      // Without a path, exports go to exports/ beside the workspace.
      const byFilter = await call<{ job: JobInfo; outPath: string }>('startExport', { query: 'label:perception', format: 'jsonl' });
      expect(byFilter.outPath.startsWith(join(dir, 'exports', 'filter-jsonl-'))).toBe(true);
      expect((await finishedJob(byFilter.job.id)).status).toBe('completed');
      expect(existsSync(join(byFilter.outPath, 'manifest.json'))).toBe(true);

      await expect(call('startExport', { setId: set.id, format: 'csv', outPath: 'relative.csv' })).rejects.toThrow(BadRequestError);
      await expect(call('startExport', { setId: set.id, query: 'x', format: 'csv' })).rejects.toThrow(/either setId or query/);
      await expect(call('startExport', { setId: set.id, format: 'parquet', outPath })).rejects.toThrow(/already exists/);
      const replaced = await call<{ job: JobInfo }>('startExport', { setId: set.id, format: 'parquet', outPath, overwrite: true });
      expect((await finishedJob(replaced.job.id)).status).toBe('completed');
      const notOurs = join(dir, 'notes.txt');
      writeFileSync(notOurs, 'precious');
      await expect(call('startExport', { setId: set.id, format: 'csv', outPath: notOurs, overwrite: true })).rejects.toThrow(/not a VLM Workbench export/);
      expect(readFileSync(notOurs, 'utf8')).toBe('precious');
      await expect(call('startExport', { setId: 999, format: 'csv' })).rejects.toThrow(NotFoundError);
      await expect(call('createFailureSet', { name: 'with "quotes"' })).rejects.toThrow(/double quote/);
      await expect(call('createFailureSet', { name: 'base wrong' })).rejects.toThrow(/already exists/);
      await expect(call('createFailureSet', { name: 'bad', query: 'colour:red' })).rejects.toThrow(/unknown filter key/);
      const picked2 = await call<FailureSetInfo>('createFailureSet', { name: 'by hand', predictionIds: picked });
      await expect(call('refreshFailureSet', { id: picked2.id })).rejects.toThrow(/no filter/);
      expect(await call('deleteFailureSet', { id: picked2.id })).toEqual({ deleted: true });
      await expect(call('getFailureSet', { id: picked2.id })).rejects.toThrow(NotFoundError);
    } finally {
      workbench.close();
    }
  }, 60_000);
});
