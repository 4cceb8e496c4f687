/**
 * A large import's outputs are indexed for search after its merge (search-backlog.ts): its runs
 * are there at once, a search meanwhile misses those outputs and says how many (never matches a
 * wrong one), a run deleted before it is indexed leaves a sound index, and once indexed the search
 * finds everything, exactly as if the import had indexed it itself.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../ingest/import';
import { useTempDir } from '../../test-support/temp';
import { openWorkbench } from '../workbench';
import type { WorkbenchEvent } from '../types/records';
import { openWorkspace, type Db } from './database';
import { INDEX_CHUNK, indexAllOutputs, unindexedOutputs } from './search-backlog';

const MAP = { id: 'qid', question: 'query', answer: 'gold', prediction: 'response' };

function outputsFile(dir: string, name: string, rows: number, word: string): string {
  const path = join(dir, name);
  const lines = Array.from({ length: rows }, (_, i) => JSON.stringify({ qid: `q${i}`, query: `Count the cubes in scene ${i}.`, gold: String(i % 5), response: `<think>${word} ${i}</think> \\boxed{${i % 4}}` }));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const matches = (db: Db, word: string): number => (db.prepare('SELECT COUNT(*) AS n FROM outputs_fts WHERE outputs_fts MATCH ?').get(word) as { n: number }).n;
const checkIndex = (db: Db): void => void db.exec("INSERT INTO outputs_fts (outputs_fts) VALUES ('integrity-check')");

describe('the outputs index after an import', () => {
  const tempDir = useTempDir();
  const large = INDEX_CHUNK + 1;

  it('indexes a small import before it returns, and leaves a large one to a pass of its own that the search reports', async () => {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    const db = openWorkspace(path);
    const small = await importFiles(db, path, [outputsFile(dir, 'small.jsonl', 50, 'zebrafish')], { format: 'jsonl', benchmark: 'b', checkpoint: 'one', map: MAP });
    expect(small.unindexedOutputs).toBeUndefined();
    expect(matches(db, 'zebrafish')).toBe(50);

    const big = await importFiles(db, path, [outputsFile(dir, 'big.jsonl', large, 'okapi')], { format: 'jsonl', benchmark: 'b', checkpoint: 'two', map: MAP });
    expect(big.unindexedOutputs).toBe(large);
    expect(big.predictions).toBe(large);
    expect(matches(db, 'okapi')).toBe(0);
    checkIndex(db);
    db.close();

    // The app's explorer answers at once, says what it could not search, and is told when the pass is done.
    const workbench = openWorkbench(path, { searchIndex: 'background' });
    const done = new Promise<void>((resolve) => {
      workbench.jobs.events.on('event', (event: WorkbenchEvent) => event.type === 'changed' && event.what === 'search' && resolve());
    });
    const early = await workbench.handlers.explore({ query: 'okapi', offset: 0, limit: 10 });
    expect(early.unindexedOutputs).toBe(large);
    expect(early.total).toBe(0);
    await done;
    const later = await workbench.handlers.explore({ query: 'okapi', offset: 0, limit: 10 });
    expect(later.rows).toHaveLength(10);
    expect(later.unindexedOutputs).toBeUndefined();
    expect(matches(workbench.db, 'okapi')).toBe(large);
    checkIndex(workbench.db);
    workbench.close();
  }, 60_000);

  it('keeps the index sound when a run is replaced before its outputs were indexed, and the command line search waits for the index', async () => {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    const db = openWorkspace(path);
    const first = await importFiles(db, path, [outputsFile(dir, 'a.jsonl', large, 'okapi')], { format: 'jsonl', benchmark: 'b', checkpoint: 'one', map: MAP });
    expect(first.unindexedOutputs).toBe(large);
    // Replaced while unindexed: its rows go without "deleting" terms the index never held.
    const second = await importFiles(db, path, [outputsFile(dir, 'b.jsonl', large, 'zebrafish')], { format: 'jsonl', benchmark: 'b', checkpoint: 'one', map: MAP, replace: true });
    expect(second.unindexedOutputs).toBe(large);
    expect(unindexedOutputs(db)).toBe(large);
    checkIndex(db);
    db.close();

    // The command line's explore (before-search) indexes what is left, then answers completely.
    const workbench = openWorkbench(path);
    const page = await workbench.handlers.explore({ query: 'zebrafish', offset: 0, limit: 5 });
    expect(page.rows).toHaveLength(5);
    expect(page.unindexedOutputs).toBeUndefined();
    expect(matches(workbench.db, 'zebrafish')).toBe(large);
    expect((await workbench.handlers.explore({ query: 'okapi', offset: 0, limit: 5 })).total).toBe(0);
    expect(indexAllOutputs(workbench.db)).toBe(0);
    checkIndex(workbench.db);
    workbench.close();
  }, 60_000);
});
