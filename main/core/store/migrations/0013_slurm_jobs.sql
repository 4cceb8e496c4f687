-- SLURM jobs the workbench submitted to serve a checkpoint (issue 19). Kept so a re-run after the
-- workbench died finds its still-running jobs (to reuse or cancel them) and none is orphaned.
CREATE TABLE slurm_jobs (
  id            INTEGER PRIMARY KEY,
  slurm_job_id  TEXT NOT NULL,            -- the scheduler's id, as sbatch printed it
  checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
  serving_key   TEXT NOT NULL,            -- hash of what the job serves (script inputs): equal keys may be reused
  script_path   TEXT NOT NULL,
  output_path   TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'SUBMITTED',  -- last state seen (PENDING, RUNNING, TIMEOUT, …)
  reason        TEXT NOT NULL DEFAULT '',
  endpoint      TEXT,                     -- base URL once the server reported host and port
  submitted_at  TEXT NOT NULL,
  ended_at      TEXT,                     -- when we saw it end or cancelled it; NULL: may still hold an allocation
  end_note      TEXT NOT NULL DEFAULT '',
  owner_pid     INTEGER,                  -- the workbench process using it: a live one's jobs are left alone
  owner_host    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX slurm_jobs_open ON slurm_jobs(checkpoint_id) WHERE ended_at IS NULL;

-- Which runs each job served (a job serves every benchmark of its checkpoint in turn).
CREATE TABLE slurm_job_runs (
  slurm_job INTEGER NOT NULL REFERENCES slurm_jobs(id) ON DELETE CASCADE,
  run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  PRIMARY KEY (slurm_job, run_id)
) WITHOUT ROWID;
CREATE INDEX slurm_job_runs_by_run ON slurm_job_runs(run_id);
