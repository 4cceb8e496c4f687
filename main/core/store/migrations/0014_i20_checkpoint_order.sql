-- Checkpoint order and lineage (issue 20). Every order-dependent analysis (learning dynamics,
-- progression, overview deltas, the default comparison) follows one order and connects only
-- checkpoints of one lineage.
--   lineage:    the training line a checkpoint belongs to (base model + training run), set by the
--               researcher; '' means "inferred from the name and base model" (main/core/lineage.ts).
--   order_rank: a position the researcher set (`checkpoints order`, dragging rows in the
--               overview); NULL falls back to stage, step and the name.
ALTER TABLE checkpoints ADD COLUMN lineage TEXT NOT NULL DEFAULT '';
ALTER TABLE checkpoints ADD COLUMN order_rank INTEGER;

-- Whether a run's answers came from a simulated model: the demo's backend, or a server that says
-- so (simulate-server's `x-simulated` header). The "simulated" badge follows the answers, the
-- same in the overview and in `stats`.
ALTER TABLE runs ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1));
