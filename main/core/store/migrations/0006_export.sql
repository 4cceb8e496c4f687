-- Failure sets as snapshots (store/failure-sets.ts, main/core/export/). The tables came with
-- 0001; this adds what a snapshot needs to be refreshed on purpose, never silently.

-- Why an item is in its set: 'filter' items came from the set's filter (created or refreshed),
-- 'manual' items were added by hand and survive a refresh.
ALTER TABLE failure_set_items ADD COLUMN origin TEXT NOT NULL DEFAULT 'filter' CHECK (origin IN ('filter', 'manual'));
ALTER TABLE failure_set_items ADD COLUMN added_at TEXT;
CREATE INDEX failure_set_items_by_prediction ON failure_set_items(prediction_id);

-- When the filter was last re-run (NULL: never since the set was created).
ALTER TABLE failure_sets ADD COLUMN refreshed_at TEXT;

-- Predictions removed from a set by hand: a refresh does not bring them back. No foreign key
-- to predictions, so that deleting imported runs (import --replace) is never blocked by one.
CREATE TABLE failure_set_exclusions (
  set_id        INTEGER NOT NULL REFERENCES failure_sets(id),
  prediction_id INTEGER NOT NULL,
  removed_at    TEXT NOT NULL,
  PRIMARY KEY (set_id, prediction_id)
);
