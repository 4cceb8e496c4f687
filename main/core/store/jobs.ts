import type { JobInfo, JobStatus } from '../types/records';
import type { Db } from './database';
import { nowIso, statement } from './statements';
import { processIsAlive } from '../util/process';
import { redactSecrets } from '../redact';

interface JobRow {
  id: number;
  kind: string;
  title: string;
  status: JobStatus;
  done: number;
  total: number;
  errors: number;
  message: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function toJobInfo(row: JobRow): JobInfo {
  const started = row.started_at ? Date.parse(row.started_at) : null;
  const end = row.finished_at ? Date.parse(row.finished_at) : Date.now();
  const seconds = started !== null ? Math.max(0.001, (end - started) / 1000) : null;
  const rate = seconds !== null && row.done > 0 ? row.done / seconds : null;
  const etaSeconds = rate && row.status === 'running' && row.total > row.done ? (row.total - row.done) / rate : null;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    status: row.status,
    done: row.done,
    total: row.total,
    errors: row.errors,
    message: row.message,
    rate,
    etaSeconds,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function createJob(db: Db, kind: string, title: string, params: Record<string, unknown>): JobInfo {
  const result = statement(
    db,
    "INSERT INTO jobs (kind, title, status, params_json, owner_pid, created_at) VALUES (?, ?, 'queued', ?, ?, ?)",
  ).run(kind, title, JSON.stringify(params), process.pid, nowIso());
  return getJob(db, Number(result.lastInsertRowid))!;
}

export function getJob(db: Db, jobId: number): JobInfo | undefined {
  const row = statement(db, 'SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
  return row ? toJobInfo(row) : undefined;
}

export function listJobs(db: Db, limit: number): JobInfo[] {
  return (statement(db, 'SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[]).map(toJobInfo);
}

export interface JobUpdate {
  status?: JobStatus;
  done?: number;
  total?: number;
  errors?: number;
  message?: string;
}

export function updateJob(db: Db, jobId: number, update: JobUpdate): JobInfo {
  const now = nowIso();
  statement(
    db,
    `UPDATE jobs SET
       status = COALESCE(?, status), done = COALESCE(?, done), total = COALESCE(?, total),
       errors = COALESCE(?, errors), message = COALESCE(?, message),
       started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
       finished_at = CASE WHEN ? IN ('completed', 'failed', 'cancelled') THEN ? ELSE finished_at END
     WHERE id = ?`,
  ).run(
    update.status ?? null,
    update.done ?? null,
    update.total ?? null,
    update.errors ?? null,
    update.message === undefined ? null : redactSecrets(update.message),
    update.status ?? null,
    now,
    update.status ?? null,
    now,
    jobId,
  );
  return getJob(db, jobId)!;
}

export function appendJobLog(db: Db, jobId: number, line: string): void {
  statement(db, 'INSERT INTO job_logs (job_id, at, line) VALUES (?, ?, ?)').run(jobId, nowIso(), redactSecrets(line));
}

/** The last `limit` log lines of a job, oldest first. */
export function jobLog(db: Db, jobId: number, limit: number): Array<{ at: string; line: string }> {
  return (statement(db, 'SELECT at, line FROM job_logs WHERE job_id = ? ORDER BY id DESC LIMIT ?').all(jobId, limit) as Array<{ at: string; line: string }>).reverse();
}

/**
 * Jobs left queued or running by a process that died are marked failed. A job whose process is
 * still alive (the CLI working beside the app on the same workspace) is left alone.
 */
export function failOrphanedJobs(db: Db): number {
  const open = statement(db, "SELECT id, owner_pid AS ownerPid FROM jobs WHERE status IN ('queued', 'running')").all() as Array<{
    id: number;
    ownerPid: number | null;
  }>;
  const orphans = open.filter((job) => job.ownerPid === null || (job.ownerPid !== process.pid && !processIsAlive(job.ownerPid)));
  const mark = statement(
    db,
    "UPDATE jobs SET status = 'failed', message = 'interrupted: the process running it stopped', finished_at = ? WHERE id = ?",
  );
  for (const job of orphans) mark.run(nowIso(), job.id);
  return orphans.length;
}
