-- A run's first answers by verdict, with their sample (issue 21): the flip counts of `compare`
-- and the overview pair two runs' right answers sample by sample. Read from this covering index,
-- a run's rows with one verdict are one contiguous range in sample order, and the other run's
-- answer to the same sample is one seek nearby; through the table they cost a row lookup each
-- (a cold `compare` on a million predictions spent 0.1 s there).
CREATE INDEX predictions_by_run_first ON predictions(run_id, sample_index, correct, sample_id);
