-- Performance at a million predictions (bench/, README "Performance").
--
-- Summary tables kept in step with every write by triggers, so that the overview, the stage
-- progression, the label breakdown's denominators and most explorer totals never scan
-- predictions; and indexes for the explorer's sorted and filtered pages.

-- Prediction counts per run, per sample category and per combination of the hot flags the
-- explorer filters on: a small cube (tens of rows per run, whatever the number of predictions).
-- NULL flags are stored as -1 and a NULL category as '' with category_known = 0, so that the
-- key is never NULL; a filter `correct = 0` reads the same here as on predictions.
CREATE TABLE prediction_counts (
  run_id           INTEGER NOT NULL,
  category         TEXT NOT NULL,      -- the sample's category, '' when it has none
  category_known   INTEGER NOT NULL,   -- samples.category IS NOT NULL
  first            INTEGER NOT NULL,   -- sample_index = 0 (the first answer to its question)
  correct          INTEGER NOT NULL,   -- 1, 0, or -1 while ungraded
  official_correct INTEGER NOT NULL,   -- 1, 0, or -1 without an official verdict
  format_ok        INTEGER NOT NULL,   -- 1, 0, or -1 unknown
  has_error        INTEGER NOT NULL,   -- error IS NOT NULL
  n                INTEGER NOT NULL,
  PRIMARY KEY (run_id, category, category_known, first, correct, official_correct, format_ok, has_error)
);

INSERT INTO prediction_counts (run_id, category, category_known, first, correct, official_correct, format_ok, has_error, n)
  SELECT p.run_id, COALESCE(s.category, ''), s.category IS NOT NULL, p.sample_index = 0, COALESCE(p.correct, -1),
    COALESCE(p.official_correct, -1), COALESCE(p.format_ok, -1), p.error IS NOT NULL, COUNT(*)
  FROM predictions p LEFT JOIN samples s ON s.id = p.sample_id
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

CREATE TRIGGER prediction_counts_insert AFTER INSERT ON predictions BEGIN
  INSERT INTO prediction_counts (run_id, category, category_known, first, correct, official_correct, format_ok, has_error, n)
    SELECT new.run_id, COALESCE(s.category, ''), s.category IS NOT NULL, new.sample_index = 0, COALESCE(new.correct, -1),
      COALESCE(new.official_correct, -1), COALESCE(new.format_ok, -1), new.error IS NOT NULL, 1
    FROM (SELECT 1) LEFT JOIN samples s ON s.id = new.sample_id WHERE true
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER prediction_counts_delete AFTER DELETE ON predictions BEGIN
  UPDATE prediction_counts SET n = n - 1
    WHERE run_id = old.run_id
      AND (category, category_known) = (SELECT COALESCE(s.category, ''), s.category IS NOT NULL FROM (SELECT 1) LEFT JOIN samples s ON s.id = old.sample_id)
      AND first = (old.sample_index = 0) AND correct = COALESCE(old.correct, -1) AND official_correct = COALESCE(old.official_correct, -1)
      AND format_ok = COALESCE(old.format_ok, -1) AND has_error = (old.error IS NOT NULL);
  DELETE FROM prediction_counts WHERE run_id = old.run_id AND n <= 0;
END;

-- A re-grade (or any change of a counted column) moves the prediction from one cell to another.
CREATE TRIGGER prediction_counts_update AFTER UPDATE OF run_id, sample_id, sample_index, correct, official_correct, format_ok, error ON predictions BEGIN
  UPDATE prediction_counts SET n = n - 1
    WHERE run_id = old.run_id
      AND (category, category_known) = (SELECT COALESCE(s.category, ''), s.category IS NOT NULL FROM (SELECT 1) LEFT JOIN samples s ON s.id = old.sample_id)
      AND first = (old.sample_index = 0) AND correct = COALESCE(old.correct, -1) AND official_correct = COALESCE(old.official_correct, -1)
      AND format_ok = COALESCE(old.format_ok, -1) AND has_error = (old.error IS NOT NULL);
  INSERT INTO prediction_counts (run_id, category, category_known, first, correct, official_correct, format_ok, has_error, n)
    SELECT new.run_id, COALESCE(s.category, ''), s.category IS NOT NULL, new.sample_index = 0, COALESCE(new.correct, -1),
      COALESCE(new.official_correct, -1), COALESCE(new.format_ok, -1), new.error IS NOT NULL, 1
    FROM (SELECT 1) LEFT JOIN samples s ON s.id = new.sample_id WHERE true
    ON CONFLICT DO UPDATE SET n = n + 1;
  DELETE FROM prediction_counts WHERE run_id = old.run_id AND n <= 0;
END;

-- A sample given another category moves its predictions' counts with it.
CREATE TRIGGER prediction_counts_category AFTER UPDATE OF category ON samples WHEN old.category IS NOT new.category BEGIN
  UPDATE prediction_counts SET n = n - (
      SELECT COUNT(*) FROM predictions p
      WHERE p.sample_id = old.id AND p.run_id = prediction_counts.run_id AND (p.sample_index = 0) = prediction_counts.first
        AND COALESCE(p.correct, -1) = prediction_counts.correct AND COALESCE(p.official_correct, -1) = prediction_counts.official_correct
        AND COALESCE(p.format_ok, -1) = prediction_counts.format_ok AND (p.error IS NOT NULL) = prediction_counts.has_error)
    WHERE category = COALESCE(old.category, '') AND category_known = (old.category IS NOT NULL)
      AND run_id IN (SELECT run_id FROM predictions WHERE sample_id = old.id);
  INSERT INTO prediction_counts (run_id, category, category_known, first, correct, official_correct, format_ok, has_error, n)
    SELECT p.run_id, COALESCE(new.category, ''), new.category IS NOT NULL, p.sample_index = 0, COALESCE(p.correct, -1),
      COALESCE(p.official_correct, -1), COALESCE(p.format_ok, -1), p.error IS NOT NULL, COUNT(*)
    FROM predictions p WHERE p.sample_id = new.id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
  DELETE FROM prediction_counts WHERE n <= 0 AND run_id IN (SELECT run_id FROM predictions WHERE sample_id = new.id);
END;

-- Samples per benchmark (the overview's benchmark list).
CREATE TABLE benchmark_counts (
  benchmark_id INTEGER PRIMARY KEY,
  samples      INTEGER NOT NULL
);

INSERT INTO benchmark_counts (benchmark_id, samples) SELECT benchmark_id, COUNT(*) FROM samples GROUP BY benchmark_id;

CREATE TRIGGER benchmark_counts_insert AFTER INSERT ON samples BEGIN
  INSERT INTO benchmark_counts (benchmark_id, samples) VALUES (new.benchmark_id, 1) ON CONFLICT DO UPDATE SET samples = samples + 1;
END;

CREATE TRIGGER benchmark_counts_delete AFTER DELETE ON samples BEGIN
  UPDATE benchmark_counts SET samples = samples - 1 WHERE benchmark_id = old.benchmark_id;
END;

CREATE TRIGGER benchmark_counts_update AFTER UPDATE OF benchmark_id ON samples BEGIN
  UPDATE benchmark_counts SET samples = samples - 1 WHERE benchmark_id = old.benchmark_id;
  INSERT INTO benchmark_counts (benchmark_id, samples) VALUES (new.benchmark_id, 1) ON CONFLICT DO UPDATE SET samples = samples + 1;
END;

-- The explorer's sorts on the hot columns read each run's rows in order from these indexes and
-- merge the runs' first rows (store/explorer.ts), instead of sorting every match.
CREATE INDEX predictions_by_run_think ON predictions(run_id, think_chars);
CREATE INDEX predictions_by_run_latency ON predictions(run_id, latency_ms);
