-- The first workspace schema. Hot columns (ids, verdicts, lengths) sit apart from bulky text
-- (traces) so that scans over a million predictions touch small rows only.

CREATE TABLE benchmarks (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  simulated   INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
  created_at  TEXT NOT NULL
);

-- Images are content-addressed: the same bytes are stored once whatever refers to them.
CREATE TABLE images (
  sha256      TEXT PRIMARY KEY,
  mime        TEXT NOT NULL,
  width       INTEGER,
  height      INTEGER,
  byte_length INTEGER NOT NULL,
  bytes       BLOB NOT NULL
);

CREATE TABLE samples (
  id           INTEGER PRIMARY KEY,
  benchmark_id INTEGER NOT NULL REFERENCES benchmarks(id),
  external_id  TEXT NOT NULL,
  question     TEXT NOT NULL,
  choices_json TEXT,            -- JSON object letter -> text, or NULL
  answer       TEXT NOT NULL,   -- gold answer as given (JSON array text for multi-answer VQA)
  answer_type  TEXT,            -- scorer name or NULL for benchmark default / auto
  category     TEXT,
  skills_json  TEXT NOT NULL DEFAULT '[]',
  caption      TEXT,            -- a text description of the image, where the dataset has one
  metadata_json TEXT NOT NULL DEFAULT '{}',
  UNIQUE (benchmark_id, external_id)
);

-- A sample may show several images; a reference that could not be resolved is kept as missing.
CREATE TABLE sample_images (
  sample_id    INTEGER NOT NULL REFERENCES samples(id),
  position     INTEGER NOT NULL,
  image_sha256 TEXT REFERENCES images(sha256),
  missing_ref  TEXT,
  PRIMARY KEY (sample_id, position),
  CHECK (image_sha256 IS NOT NULL OR missing_ref IS NOT NULL)
);
CREATE INDEX sample_images_by_image ON sample_images(image_sha256);

CREATE TABLE checkpoints (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  base_model TEXT NOT NULL DEFAULT '',
  stage      TEXT NOT NULL DEFAULT '',   -- curriculum stage, e.g. base, stage1, stage2, stage3, merged
  step       INTEGER,
  uri        TEXT NOT NULL DEFAULT '',   -- path or URI of the weights
  notes      TEXT NOT NULL DEFAULT '',
  simulated  INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
  created_at TEXT NOT NULL
);

-- A run is checkpoint x benchmark x prompt and sampling config. run_key identifies "the same
-- run" (config hash for evaluations, file hash for imports) so a repeated command resumes it.
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),
  benchmark_id  INTEGER NOT NULL REFERENCES benchmarks(id),
  run_key       TEXT NOT NULL UNIQUE,
  config_json   TEXT NOT NULL DEFAULT '{}',
  backend       TEXT NOT NULL,            -- simulated, openai, vllm, onnx, import:<format>
  source        TEXT NOT NULL DEFAULT '', -- source file or endpoint, for provenance
  samples_per_question INTEGER NOT NULL DEFAULT 1,
  status        TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  created_at    TEXT NOT NULL,
  started_at    TEXT,
  finished_at   TEXT
);
CREATE INDEX runs_by_checkpoint ON runs(checkpoint_id, benchmark_id);

-- Hot prediction columns: the current (newest) verdict is copied here from `grades` so that
-- overview, explorer and flip queries never read trace text.
CREATE TABLE predictions (
  id               INTEGER PRIMARY KEY,
  run_id           INTEGER NOT NULL REFERENCES runs(id),
  sample_id        INTEGER NOT NULL REFERENCES samples(id),
  sample_index     INTEGER NOT NULL DEFAULT 0,
  correct          INTEGER CHECK (correct IN (0, 1)),  -- NULL while ungraded or errored
  score            REAL,
  extracted        TEXT,
  format_ok        INTEGER CHECK (format_ok IN (0, 1)),
  think_chars      INTEGER NOT NULL DEFAULT 0,
  output_chars     INTEGER NOT NULL DEFAULT 0,
  prompt_tokens    INTEGER,
  completion_tokens INTEGER,
  latency_ms       REAL,
  finish_reason    TEXT,
  error            TEXT,
  official_correct INTEGER CHECK (official_correct IN (0, 1)),
  created_at       TEXT NOT NULL,
  UNIQUE (run_id, sample_id, sample_index)
);
CREATE INDEX predictions_by_sample ON predictions(sample_id, run_id, correct);
CREATE INDEX predictions_by_run_correct ON predictions(run_id, correct);

-- Bulky text of a prediction. The think part is a slice of raw_output (offsets), not a copy.
CREATE TABLE prediction_texts (
  prediction_id INTEGER PRIMARY KEY REFERENCES predictions(id),
  raw_output    TEXT NOT NULL,
  think_start   INTEGER,
  think_end     INTEGER,
  answer_part   TEXT NOT NULL DEFAULT '',
  official_extracted TEXT
);

-- Every verdict ever given, versioned; predictions.correct mirrors the newest. requested_scorer
-- is the scorer that was asked for ('auto': the benchmark's or sample's own), so an interrupted
-- re-grade finds what it has not graded yet.
CREATE TABLE grades (
  id             INTEGER PRIMARY KEY,
  prediction_id  INTEGER NOT NULL REFERENCES predictions(id),
  scorer         TEXT NOT NULL,
  requested_scorer TEXT NOT NULL DEFAULT 'auto',
  grader_version TEXT NOT NULL,
  correct        INTEGER NOT NULL CHECK (correct IN (0, 1)),
  score          REAL NOT NULL,
  extracted      TEXT,
  reason         TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  UNIQUE (prediction_id, requested_scorer, grader_version)
);

CREATE TABLE label_taxonomy (
  key         TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  hotkey      TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL
);
INSERT INTO label_taxonomy (key, name, hotkey, description, position) VALUES
  ('perception', 'Perception', '1', 'Misread the image: counts, colours, positions, text, values', 1),
  ('reasoning', 'Reasoning', '2', 'Read the image right, then reasoned wrongly', 2),
  ('knowledge', 'Knowledge', '3', 'Missing or wrong world or domain knowledge', 3),
  ('format', 'Format / instruction following', '4', 'Ignored the answer format or the instruction', 4),
  ('extraction', 'Answer extraction', '5', 'Right answer, but it could not be extracted', 5),
  ('other', 'Other', '6', 'Anything else', 6);

-- Labels from every source stand side by side: manual, an LLM judge, a caption counterfactual.
CREATE TABLE annotations (
  id            INTEGER PRIMARY KEY,
  prediction_id INTEGER NOT NULL REFERENCES predictions(id),
  label         TEXT NOT NULL REFERENCES label_taxonomy(key),
  note          TEXT NOT NULL DEFAULT '',
  source        TEXT NOT NULL DEFAULT 'manual',
  author        TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX annotations_by_prediction ON annotations(prediction_id);
CREATE INDEX annotations_by_label ON annotations(label, prediction_id);

CREATE TABLE failure_sets (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  filter      TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE TABLE failure_set_items (
  set_id        INTEGER NOT NULL REFERENCES failure_sets(id),
  prediction_id INTEGER NOT NULL REFERENCES predictions(id),
  PRIMARY KEY (set_id, prediction_id)
);

CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  title       TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
  params_json TEXT NOT NULL DEFAULT '{}',
  done        INTEGER NOT NULL DEFAULT 0,
  total       INTEGER NOT NULL DEFAULT 0,
  errors      INTEGER NOT NULL DEFAULT 0,
  message     TEXT NOT NULL DEFAULT '',
  owner_pid   INTEGER,            -- the process running it, to tell a live job from an orphan
  created_at  TEXT NOT NULL,
  started_at  TEXT,
  finished_at TEXT
);
CREATE TABLE job_logs (
  id     INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES jobs(id),
  at     TEXT NOT NULL,
  line   TEXT NOT NULL
);
CREATE INDEX job_logs_by_job ON job_logs(job_id, id);

-- Full-text search over questions and model outputs (external content: no second copy).
CREATE VIRTUAL TABLE samples_fts USING fts5(question, content='samples', content_rowid='id');
CREATE TRIGGER samples_fts_insert AFTER INSERT ON samples BEGIN
  INSERT INTO samples_fts(rowid, question) VALUES (new.id, new.question);
END;
CREATE TRIGGER samples_fts_delete AFTER DELETE ON samples BEGIN
  INSERT INTO samples_fts(samples_fts, rowid, question) VALUES ('delete', old.id, old.question);
END;
CREATE TRIGGER samples_fts_update AFTER UPDATE OF question ON samples BEGIN
  INSERT INTO samples_fts(samples_fts, rowid, question) VALUES ('delete', old.id, old.question);
  INSERT INTO samples_fts(rowid, question) VALUES (new.id, new.question);
END;

CREATE VIRTUAL TABLE outputs_fts USING fts5(raw_output, content='prediction_texts', content_rowid='prediction_id');
CREATE TRIGGER outputs_fts_insert AFTER INSERT ON prediction_texts BEGIN
  INSERT INTO outputs_fts(rowid, raw_output) VALUES (new.prediction_id, new.raw_output);
END;
CREATE TRIGGER outputs_fts_delete AFTER DELETE ON prediction_texts BEGIN
  INSERT INTO outputs_fts(outputs_fts, rowid, raw_output) VALUES ('delete', old.prediction_id, old.raw_output);
END;
CREATE TRIGGER outputs_fts_update AFTER UPDATE OF raw_output ON prediction_texts BEGIN
  INSERT INTO outputs_fts(outputs_fts, rowid, raw_output) VALUES ('delete', old.prediction_id, old.raw_output);
  INSERT INTO outputs_fts(rowid, raw_output) VALUES (new.prediction_id, new.raw_output);
END;
