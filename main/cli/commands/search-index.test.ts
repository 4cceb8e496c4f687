/**
 * A large import through the command line: the runs are in when it returns, the full-text index
 * of its outputs is built by a detached `vlm-workbench index` it starts (said on stderr), killing
 * that pass loses nothing, a search made meanwhile answers completely, and `index` waits for what
 * is left.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../core/store/database';
import { INDEX_CHUNK } from '../../core/store/search-backlog';
import { runCli, waitUntil } from '../../test-support/cli';
import { processIsAlive } from '../../core/util/process';
import { useTempDir } from '../../test-support/temp';

describe('vlm-workbench import of many predictions, then search', () => {
  const tempDir = useTempDir();

  it('indexes the outputs in the background, and a search or `index` waits for them', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.sqlite');
    const rows = INDEX_CHUNK + 500;
    const file = join(dir, 'many.jsonl');
    writeFileSync(file, Array.from({ length: rows }, (_, i) => JSON.stringify({ qid: `q${i}`, query: `Scene ${i}: how many cubes?`, gold: '3', response: `<think>okapi ${i}</think> \\boxed{3}` })).join('\n'));
    const imported = await runCli(['import', file, '--db', db, '--format', 'jsonl', '--benchmark', 'b', '--checkpoint', 'c', '--map', 'id=qid', '--map', 'question=query', '--map', 'answer=gold', '--map', 'prediction=response']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${rows} prediction(s)`);
    const note = /note: ([\d,]+) outputs are being indexed for full-text search in the background \(process (\d+)\)/.exec(imported.stderr);
    expect(note, imported.stderr).not.toBeNull();
    expect(note![1]).toBe(rows.toLocaleString('en-US'));

    // Killed wherever it is: a chunk is one transaction, so the next pass goes on from what is committed.
    const indexer = Number(note![2]);
    if (processIsAlive(indexer)) process.kill(indexer, 'SIGKILL');
    await waitUntil(() => !processIsAlive(indexer), 'the killed index process to end');

    const searched = await runCli(['explore', 'okapi', '--db', db, '--json', '--limit', '1', '--offset', String(rows - 1)]);
    expect(searched.code, searched.stderr).toBe(0);
    const page = JSON.parse(searched.stdout) as { rows: Array<{ externalId: string }>; unindexedOutputs?: number };
    expect(page.unindexedOutputs).toBeUndefined();
    expect(page.rows).toHaveLength(1); // the last of them is found: the whole import was searched

    const indexed = await runCli(['index', '--db', db]);
    expect(indexed.code, indexed.stderr).toBe(0);
    expect(indexed.stdout).toMatch(/search covers every prediction/);
    const workspace = openWorkspace(db);
    try {
      // An external-content index that disagrees with its table (an output indexed twice, or not at all) fails this.
      workspace.exec("INSERT INTO outputs_fts (outputs_fts) VALUES ('integrity-check')");
      expect((workspace.prepare('SELECT COUNT(*) AS n FROM outputs_fts WHERE outputs_fts MATCH ?').get('okapi') as { n: number }).n).toBe(rows);
    } finally {
      workspace.close();
    }
  }, 120_000);
});
