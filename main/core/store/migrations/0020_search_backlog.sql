-- Outputs not yet in the full-text index (issue 21). An import's merge no longer tokenises its
-- traces inside its transaction: it records their ids here, and the index is built right after,
-- in short transactions of its own (store/search-backlog.ts), while the runs are already there.
-- The triggers leave an id inside a range to that pass: it indexes whatever text the row has
-- when it gets there, and a row it never indexed must not be "deleted" from the index (FTS5
-- would subtract terms it never added and corrupt the index).
CREATE TABLE search_backlog (
  first_id INTEGER NOT NULL,
  last_id  INTEGER NOT NULL,
  CHECK (first_id <= last_id)
);

DROP TRIGGER outputs_fts_insert;
CREATE TRIGGER outputs_fts_insert AFTER INSERT ON prediction_texts
  WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE new.prediction_id BETWEEN first_id AND last_id)
BEGIN
  INSERT INTO outputs_fts(rowid, raw_output) VALUES (new.prediction_id, new.raw_output);
END;
DROP TRIGGER outputs_fts_delete;
CREATE TRIGGER outputs_fts_delete AFTER DELETE ON prediction_texts
  WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE old.prediction_id BETWEEN first_id AND last_id)
BEGIN
  INSERT INTO outputs_fts(outputs_fts, rowid, raw_output) VALUES ('delete', old.prediction_id, old.raw_output);
END;
DROP TRIGGER outputs_fts_update;
CREATE TRIGGER outputs_fts_update AFTER UPDATE OF raw_output ON prediction_texts
  WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE old.prediction_id BETWEEN first_id AND last_id)
BEGIN
  INSERT INTO outputs_fts(outputs_fts, rowid, raw_output) VALUES ('delete', old.prediction_id, old.raw_output);
  INSERT INTO outputs_fts(rowid, raw_output) VALUES (new.prediction_id, new.raw_output);
END;
