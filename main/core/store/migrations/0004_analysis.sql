-- Analysis: perception-error attribution by an LLM judge and by a caption counterfactual,
-- stored beside the manual labels (main/core/analysis/, main/core/store/attribution.ts).

-- Why a run exists. 'eval': a checkpoint answering a benchmark, what statistics and the overview
-- read. 'counterfactual': failed samples asked again with a description in place of the image.
-- 'caption': a checkpoint describing images for a counterfactual. The last two are kept (their
-- traces can be read) but never count as an evaluation of the checkpoint.
ALTER TABLE runs ADD COLUMN purpose TEXT NOT NULL DEFAULT 'eval' CHECK (purpose IN ('eval', 'counterfactual', 'caption'));

-- Judge prompts, versioned: editing a prompt adds a version, so every judged label still names
-- the exact text that produced it. Placeholders are filled in by analysis/judge-prompt.ts.
CREATE TABLE judge_prompts (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  version       INTEGER NOT NULL,
  system_prompt TEXT NOT NULL,
  user_template TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  UNIQUE (name, version)
);
INSERT INTO judge_prompts (name, version, system_prompt, user_template, created_at) VALUES (
  'failure-attribution', 1,
  'You audit the answers of a vision-language model. You are shown the image, the question, the correct answer and the model''s numbered reasoning, which ended in a wrong answer. Find the first step that went wrong and say why. A perception error misreads the image (counts, colours, positions, text, values read off a chart); a reasoning error reads the image correctly and then goes wrong.',
  'Question:
{question}
{choices}
Correct answer: {gold}
The model''s final answer: {answer}

The model''s reasoning, one step per line:
{steps}

Labels:
{labels}

Reply with one JSON object and nothing else:
{"label": "<one label key from the list>", "first_wrong_step": <the number of the first wrong step, or null>, "rationale": "<one or two sentences>"}',
  '2000-01-01T00:00:00.000Z'
);

-- One attribution pass: a method applied to the failures of one checkpoint (optionally one
-- benchmark). attribution_key identifies "the same pass" so a repeated command resumes it.
CREATE TABLE attribution_runs (
  id                    INTEGER PRIMARY KEY,
  attribution_key       TEXT NOT NULL UNIQUE,
  method                TEXT NOT NULL CHECK (method IN ('judge', 'counterfactual')),
  checkpoint_id         INTEGER NOT NULL REFERENCES checkpoints(id),
  benchmark_id          INTEGER REFERENCES benchmarks(id),   -- NULL: every benchmark
  judge_model           TEXT,                                -- judge: the backend's provenance
  judge_prompt_id       INTEGER REFERENCES judge_prompts(id),
  caption_source        TEXT,                                -- counterfactual: 'dataset' or 'checkpoint:<name>'
  caption_checkpoint_id INTEGER REFERENCES checkpoints(id),
  config_json           TEXT NOT NULL DEFAULT '{}',
  job_id                INTEGER REFERENCES jobs(id),
  created_at            TEXT NOT NULL
);

-- What a pass concluded for each failed prediction, including the attempts that failed (a judge
-- answer that was not valid JSON, a sample without a description): those have error set and no
-- label. The label itself is also written to `annotations` (source judge / counterfactual) so
-- the explorer and the trace view show it beside the manual ones; no foreign key points at that
-- row, so deleting a label in the UI stays possible.
CREATE TABLE attribution_items (
  id                           INTEGER PRIMARY KEY,
  attribution_run_id           INTEGER NOT NULL REFERENCES attribution_runs(id),
  prediction_id                INTEGER NOT NULL REFERENCES predictions(id),
  label                        TEXT,
  first_wrong_step             INTEGER,
  rationale                    TEXT NOT NULL DEFAULT '',
  raw_output                   TEXT NOT NULL DEFAULT '',
  error                        TEXT,
  counterfactual_prediction_id INTEGER REFERENCES predictions(id),
  created_at                   TEXT NOT NULL,
  UNIQUE (attribution_run_id, prediction_id)
);
CREATE INDEX attribution_items_by_prediction ON attribution_items(prediction_id);

-- Which pass wrote a judge or counterfactual label (NULL for manual labels).
ALTER TABLE annotations ADD COLUMN attribution_run_id INTEGER REFERENCES attribution_runs(id);
