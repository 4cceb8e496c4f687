-- Full-text indexes gather up to 8 MB of new terms in memory before writing a segment, instead
-- of FTS5's default 1 MB (fts5_config.c, FTS5_DEFAULT_HASHSIZE; issue 21). An import's merge
-- indexes its traces in one statement, and each flush is a small segment merged again later;
-- measured here, indexing 100,000 traces of ~2 KB took 1.9 s at 1 MB and 1.4 s at 8 MB (64 MB:
-- no faster).
INSERT INTO outputs_fts(outputs_fts, rank) VALUES ('hashsize', 8388608);
INSERT INTO samples_fts(samples_fts, rank) VALUES ('hashsize', 8388608);
