-- The scorer a re-grade made current for a run's verdicts (`regrade --scorer numeric`), so that
-- what stats and the UI say of ours names it; NULL while the verdicts are those given at
-- evaluation or import, or again by a re-grade with `auto` (store/grades.ts `setRegradedScorer`).
ALTER TABLE runs ADD COLUMN regraded_scorer TEXT;
