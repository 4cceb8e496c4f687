/**
 * The file a finished export job wrote, for `GET /api/exports/<jobId>/download`: in browser mode
 * the export lands on the serving machine, and this route hands it to the browser. Only what an
 * export job itself reported writing is served, never a path the caller names.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../store/database';
import { getJob } from '../store/jobs';

export type ExportDownload = { ok: true; path: string; name: string; size: number } | { ok: false; status: number; message: string };

export function exportDownload(db: Db, jobId: number): ExportDownload {
  const job = getJob(db, jobId);
  if (!job || job.kind !== 'export') return { ok: false, status: 404, message: `no export job ${jobId}` };
  if (job.status !== 'completed') return { ok: false, status: 409, message: `export job ${jobId} is ${job.status}, not finished` };
  let outPath: unknown;
  try {
    outPath = (JSON.parse(job.message) as { outPath?: unknown }).outPath;
  } catch {
    outPath = undefined;
  }
  if (typeof outPath !== 'string') return { ok: false, status: 404, message: `export job ${jobId} recorded no file` };
  let stats;
  try {
    stats = statSync(outPath);
  } catch {
    return { ok: false, status: 410, message: `the export file ${outPath} is gone` };
  }
  if (!stats.isFile()) return { ok: false, status: 409, message: `the export ${outPath} is a folder; download it from the machine that serves the workspace` };
  return { ok: true, path: outPath, name: basename(outPath), size: stats.size };
}
