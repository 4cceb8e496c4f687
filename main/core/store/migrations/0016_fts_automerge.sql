-- Full-text indexes merge their segments 16 at a time instead of FTS5's default 4 (issue 21).
-- An import adds its traces' index as new segments; at 4, each import also rewrote the large
-- segments of every import before it, so importing cost grew with the workspace (20,000 traces
-- into a million-trace workspace: 0.47 s of index work at 4, 0.33 s at 16; 0.24 s into an empty
-- one). Searches read at most 15 segments a level instead of 3, still well under their budget
-- (`npm run bench`, api section).
INSERT INTO outputs_fts(outputs_fts, rank) VALUES ('automerge', 16);
INSERT INTO samples_fts(samples_fts, rank) VALUES ('automerge', 16);
