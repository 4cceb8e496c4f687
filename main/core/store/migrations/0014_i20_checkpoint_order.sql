-- Checkpoint order and lineage (issue 20). Every order-dependent analysis (learning dynamics,
-- progression, overview deltas, the default comparison) follows one order and connects only
-- checkpoints of one lineage.
--   lineage:    the training line a checkpoint belongs to (base model + training run), set by the
--               researcher; '' means "inferred from the name and base model" (main/core/lineage.ts).
--   order_rank: a position the researcher set (`checkpoints order`, dragging rows in the
--               overview); NULL falls back to stage, step and the name.
ALTER TABLE checkpoints ADD COLUMN lineage TEXT NOT NULL DEFAULT '';
ALTER TABLE checkpoints ADD COLUMN order_rank INTEGER;
