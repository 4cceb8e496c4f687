/**
 * A large import through the command line: the runs are in when it returns, the full-text index
 * of its outputs is built by a detached `vlm-workbench index` it starts (said on stderr), killing
 * that pass loses nothing, a search made meanwhile answers completely, and `index` waits for what
 * is left.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../core/store/database';
import { INDEX_CHUNK } from '../../core/store/search-backlog';
import { spawn } from 'node:child_process';
import { runCli, spawnCli, waitForExit, waitUntil } from '../../test-support/cli';
import { liveWriters } from '../../core/store/open-writers';
import { processIsAlive } from '../../core/util/process';
import { useTempDir } from '../../test-support/temp';

describe('vlm-workbench import of many predictions, then search', () => {
  const tempDir = useTempDir();

  it('indexes the outputs in the background, and a search or `index` waits for them', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.sqlite');
    const rows = INDEX_CHUNK + 500;
    const file = join(dir, 'many.jsonl');
    // ~9.5 MB: large enough that the import starts its index pass before its merge (`index --after`).
    const trace = 'counting the cubes again '.repeat(16);
    writeFileSync(file, Array.from({ length: rows }, (_, i) => JSON.stringify({ qid: `q${i}`, query: `Scene ${i}: how many cubes?`, gold: '3', response: `<think>okapi ${i} ${trace}</think> \\boxed{3}` })).join('\n'));
    const imported = await runCli(['import', file, '--db', db, '--format', 'jsonl', '--benchmark', 'b', '--checkpoint', 'c', '--map', 'id=qid', '--map', 'question=query', '--map', 'answer=gold', '--map', 'prediction=response']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${rows} prediction(s)`);
    const note = /note: ([\d,]+) outputs are being indexed for full-text search in the background \(process (\d+)\)/.exec(imported.stderr);
    expect(note, imported.stderr).not.toBeNull();
    expect(note![1]).toBe(rows.toLocaleString('en-US'));

    const indexer = Number(note![2]);
    // The pass named is the one the import started before its merge, to index once the import had ended.
    if (existsSync(`/proc/${indexer}/cmdline`)) expect(readFileSync(`/proc/${indexer}/cmdline`, 'utf8').split('\0')).toContain('--after');
    // Killed wherever it is: a chunk is one transaction, so the next pass goes on from what is committed.
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

  it('`index --after PID` holds the workspace open while that process lives, then runs and ends', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.sqlite');
    const file = join(dir, 'few.jsonl');
    writeFileSync(file, Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: `q${i}`, question: `Q${i}?`, answer: '3', prediction: '\\boxed{3}' })).join('\n'));
    expect((await runCli(['import', file, '--db', db, '--format', 'jsonl', '--benchmark', 'b', '--checkpoint', 'c'])).code).toBe(0);
    // The import whose end the pass waits for.
    const importer = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const pass = spawnCli(['index', '--db', db, '--after', String(importer.pid)]);
    try {
      await waitUntil(() => liveWriters(db).includes(pass.pid!), 'the pass to open the workspace');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pass.exitCode).toBeNull();
    } finally {
      importer.kill('SIGKILL');
    }
    const ended = await waitForExit(pass);
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toMatch(/search covers every prediction/);
    expect(liveWriters(db)).not.toContain(pass.pid);
  }, 60_000);
});
