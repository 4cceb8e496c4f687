/**
 * The import merge builds the full-text index and the summary counts of the rows it adds in one
 * set-based pass each, instead of through the per-row triggers: what a user sees afterwards
 * (search hits, overview counts) must be exactly what the triggers would have given, the
 * triggers must be back for every later write, and a second import joining the first's samples
 * must keep everything consistent.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../ingest/import';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace, type Db } from './database';

const all = (db: Db, sql: string): unknown[] => db.prepare(sql).all();

const countsRecount = (db: Db): unknown[] =>
  all(
    db,
    `SELECT p.run_id, COALESCE(s.category, '') AS category, s.category IS NOT NULL AS category_known, p.sample_index = 0 AS first,
       COALESCE(p.correct, -1) AS correct, COALESCE(p.official_correct, -1) AS official_correct, COALESCE(p.format_ok, -1) AS format_ok,
       p.error IS NOT NULL AS has_error, COUNT(*) AS n
     FROM predictions p JOIN samples s ON s.id = p.sample_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
  );
const countsStored = (db: Db): unknown[] =>
  all(db, 'SELECT run_id, category, category_known, first, correct, official_correct, format_ok, has_error, n FROM prediction_counts WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8');

function predictionsFile(dir: string, name: string, rows: number, word: string): string {
  const path = join(dir, name);
  const lines = Array.from({ length: rows }, (_, i) =>
    JSON.stringify({
      qid: `q${i}`,
      query: `How many ${i % 2 ? 'spheres' : 'cubes'} are there in scene ${i}?`,
      gold: String(i % 5),
      topic: i % 3 ? 'counting' : 'spatial',
      response: `<think>I count the objects, ${word} ${i}.</think> \\boxed{${i % 4}}`,
    }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('the import merge', () => {
  const tempDir = useTempDir();

  it('indexes and counts the new rows exactly as the per-row triggers would, and leaves the triggers in place', async () => {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    const db = openWorkspace(path);
    const triggers = all(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
    const map = { id: 'qid', question: 'query', answer: 'gold', prediction: 'response', category: 'topic' };
    await importFiles(db, path, [predictionsFile(dir, 'a.jsonl', 60, 'zebrafish')], { format: 'jsonl', kind: 'predictions', benchmark: 'b', checkpoint: 'one', map });
    // The second checkpoint answers the same questions: its predictions join the samples already there.
    await importFiles(db, path, [predictionsFile(dir, 'b.jsonl', 80, 'okapi')], { format: 'jsonl', kind: 'predictions', benchmark: 'b', checkpoint: 'two', map });

    expect(all(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).toEqual(triggers);
    expect(countsStored(db)).toEqual(countsRecount(db));
    expect(all(db, 'SELECT benchmark_id, samples FROM benchmark_counts ORDER BY 1')).toEqual(all(db, 'SELECT benchmark_id, COUNT(*) AS samples FROM samples GROUP BY 1 ORDER BY 1'));
    const hits = (sql: string, term: string): number => (db.prepare(sql).get(term) as { n: number }).n;
    expect(hits('SELECT COUNT(*) AS n FROM outputs_fts WHERE outputs_fts MATCH ?', 'zebrafish')).toBe(60);
    expect(hits('SELECT COUNT(*) AS n FROM outputs_fts WHERE outputs_fts MATCH ?', 'okapi')).toBe(80);
    expect(hits('SELECT COUNT(*) AS n FROM samples_fts WHERE samples_fts MATCH ?', 'spheres')).toBe(40);
    // External-content indexes that disagree with their tables fail this check.
    db.exec("INSERT INTO outputs_fts (outputs_fts) VALUES ('integrity-check'); INSERT INTO samples_fts (samples_fts) VALUES ('integrity-check')");

    // Later writes still go through the triggers: deleting a run takes its counts and index entries with it.
    db.exec('DELETE FROM prediction_texts WHERE prediction_id IN (SELECT id FROM predictions WHERE run_id = 1); DELETE FROM grades WHERE prediction_id IN (SELECT id FROM predictions WHERE run_id = 1); DELETE FROM predictions WHERE run_id = 1');
    expect(countsStored(db)).toEqual(countsRecount(db));
    expect(hits('SELECT COUNT(*) AS n FROM outputs_fts WHERE outputs_fts MATCH ?', 'zebrafish')).toBe(0);
    db.close();
  });
});
