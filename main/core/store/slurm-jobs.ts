import { hostname } from 'node:os';
import type { Db } from './database';
import { nowIso, statement } from './statements';

/** A SLURM job the workbench submitted, as recorded (0013_slurm_jobs.sql). */
export interface SlurmJobRecord {
  id: number;
  slurmJobId: string;
  checkpointId: number;
  servingKey: string;
  scriptPath: string;
  outputPath: string;
  state: string;
  reason: string;
  endpoint: string | null;
  submittedAt: string;
  endedAt: string | null;
  endNote: string;
  ownerPid: number | null;
  ownerHost: string;
}

interface Row {
  id: number;
  slurm_job_id: string;
  checkpoint_id: number;
  serving_key: string;
  script_path: string;
  output_path: string;
  state: string;
  reason: string;
  endpoint: string | null;
  submitted_at: string;
  ended_at: string | null;
  end_note: string;
  owner_pid: number | null;
  owner_host: string;
}

const toRecord = (row: Row): SlurmJobRecord => ({
  id: row.id,
  slurmJobId: row.slurm_job_id,
  checkpointId: row.checkpoint_id,
  servingKey: row.serving_key,
  scriptPath: row.script_path,
  outputPath: row.output_path,
  state: row.state,
  reason: row.reason,
  endpoint: row.endpoint,
  submittedAt: row.submitted_at,
  endedAt: row.ended_at,
  endNote: row.end_note,
  ownerPid: row.owner_pid,
  ownerHost: row.owner_host,
});

export function recordSlurmJob(
  db: Db,
  job: { slurmJobId: string; checkpointId: number; servingKey: string; scriptPath: string; outputPath: string },
): SlurmJobRecord {
  const row = statement(
    db,
    `INSERT INTO slurm_jobs (slurm_job_id, checkpoint_id, serving_key, script_path, output_path, submitted_at, owner_pid, owner_host)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  ).get(job.slurmJobId, job.checkpointId, job.servingKey, job.scriptPath, job.outputPath, nowIso(), process.pid, hostname()) as Row;
  return toRecord(row);
}

/** Jobs of this checkpoint not yet seen to end: they may still hold an allocation. */
export function openSlurmJobs(db: Db, checkpointId: number): SlurmJobRecord[] {
  return (statement(db, 'SELECT * FROM slurm_jobs WHERE checkpoint_id = ? AND ended_at IS NULL ORDER BY id').all(checkpointId) as Row[]).map(toRecord);
}

/** This process takes over a job an earlier (dead) workbench left. */
export function claimSlurmJob(db: Db, id: number): void {
  statement(db, 'UPDATE slurm_jobs SET owner_pid = ?, owner_host = ? WHERE id = ?').run(process.pid, hostname(), id);
}

export function updateSlurmJobState(db: Db, id: number, update: { state: string; reason: string; endpoint?: string | null }): void {
  statement(db, 'UPDATE slurm_jobs SET state = ?, reason = ?, endpoint = COALESCE(?, endpoint) WHERE id = ?').run(update.state, update.reason, update.endpoint ?? null, id);
}

export function markSlurmJobEnded(db: Db, id: number, state: string, note: string): void {
  statement(db, 'UPDATE slurm_jobs SET state = ?, end_note = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?').run(state, note, nowIso(), id);
}

export function linkSlurmJobToRun(db: Db, id: number, runId: number): void {
  statement(db, 'INSERT OR IGNORE INTO slurm_job_runs (slurm_job, run_id) VALUES (?, ?)').run(id, runId);
}

/** Every job that served this run, oldest first. */
export function slurmJobsOfRun(db: Db, runId: number): SlurmJobRecord[] {
  return (
    statement(db, 'SELECT j.* FROM slurm_jobs j JOIN slurm_job_runs r ON r.slurm_job = j.id WHERE r.run_id = ? ORDER BY j.id').all(runId) as Row[]
  ).map(toRecord);
}
