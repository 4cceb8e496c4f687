-- Imports of results and benchmarks researchers already have (main/core/ingest/).

-- Every file imported, by content: re-importing the same bytes is recognised by its sha256 and
-- creates nothing new. `path` is the path as given, for provenance only.
CREATE TABLE imported_files (
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL UNIQUE,
  format      TEXT NOT NULL,            -- vlmevalkit, lmms-eval, easyr1-generations, mathvista, ...
  kind        TEXT NOT NULL,            -- benchmark | predictions | metrics | reported
  path        TEXT NOT NULL,
  byte_length INTEGER NOT NULL,
  summary_json TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL
);

-- Which runs a file created (one file may hold several, e.g. EasyR1 validation rounds).
CREATE TABLE imported_file_runs (
  file_id INTEGER NOT NULL REFERENCES imported_files(id),
  run_id  INTEGER NOT NULL REFERENCES runs(id),
  PRIMARY KEY (file_id, run_id)
);
CREATE INDEX imported_file_runs_by_run ON imported_file_runs(run_id);

-- Figures a result file's own summary reports (VLMEvalKit _acc.csv, MathVista scores_*.json,
-- MATH-V *_result.json, R1-V's `accuracy`), kept beside the run they describe so that the
-- official verdicts we stored can be checked against them.
CREATE TABLE reported_figures (
  id      INTEGER PRIMARY KEY,
  run_id  INTEGER NOT NULL REFERENCES runs(id),
  metric  TEXT NOT NULL,                -- e.g. Overall, aAcc, -all, accuracy
  value   REAL NOT NULL,                -- a fraction, 0..1
  correct INTEGER,                      -- when the source states the counts
  total   INTEGER,
  source  TEXT NOT NULL,                -- the file name it was read from
  UNIQUE (run_id, metric, source)
);

-- Training metrics per step (EasyR1 experiment_log.jsonl), by experiment. The steps that were
-- validated are also checkpoints (`<experiment>@<step>`), linked here.
CREATE TABLE training_metrics (
  experiment    TEXT NOT NULL,
  step          INTEGER NOT NULL,
  key           TEXT NOT NULL,
  value         REAL NOT NULL,
  checkpoint_id INTEGER REFERENCES checkpoints(id),
  PRIMARY KEY (experiment, step, key)
);
CREATE INDEX training_metrics_by_checkpoint ON training_metrics(checkpoint_id);
