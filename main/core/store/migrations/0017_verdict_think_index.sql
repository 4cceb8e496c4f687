-- Failures by think length (`correct:false`, sorted by think): the explorer merges each run's
-- first rows in sort order (store/explorer/read-plan.ts). From predictions_by_run_think every
-- index entry cost a row lookup to test the verdict; here a run's rows with one verdict are one
-- range already in think order (a cold `checkpoint:X correct:false` by think length on a million
-- predictions: 84 ms before). predictions_by_run_think stays for sorts without a verdict filter.
CREATE INDEX predictions_by_run_verdict_think ON predictions(run_id, correct, think_chars);
