/**
 * The workspace's samples as an import of a later checkpoint joins them (workspace-snapshot.ts):
 * read on a connection of the import's own, one read transaction per staged batch. What it reads
 * is the workspace as of its batch; and whether the import succeeds or fails, it leaves no read
 * transaction open behind it (an open one would keep every later checkpoint from emptying the
 * write-ahead log, which then grows without end).
 */
import { existsSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../ingest/import';
import { useTempDir } from '../../test-support/temp';
import { dumpWorkspace, tinyPng } from '../../test-support/workspace-dump';
import { openWorkspace, type Db } from './database';
import { WorkspaceSnapshot } from './workspace-snapshot';

const jsonl = (records: unknown[]): string => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
const questions = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `q${i}`, question: `How many cubes in scene ${i}?`, answer: String(i % 5) }));

/** This process's open files of the workspace (Linux's /proc; null elsewhere). */
function handlesOf(path: string): number | null {
  if (!existsSync('/proc/self/fd')) return null;
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // closed while listed
    }
  }).length;
}

/** The log can be copied into the file and emptied: no other connection holds a read transaction on it. */
function expectNoReaderLeft(db: Db, path: string): void {
  expect(db.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
  expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
}

describe('the workspace as an import of a later checkpoint reads it', () => {
  const tempDir = useTempDir();

  async function workspaceWithBenchmark(count: number): Promise<{ db: Db; path: string; dir: string }> {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    const db = openWorkspace(path);
    writeFileSync(join(dir, 'bench.jsonl'), jsonl(questions(count)));
    await importFiles(db, path, [join(dir, 'bench.jsonl')], { benchmark: 'Cubes' });
    return { db, path, dir };
  }

  it("joins every prediction to the workspace's sample, over several staged batches, and leaves no reader behind", async () => {
    const { db, path, dir } = await workspaceWithBenchmark(12_000);
    try {
      const answers = questions(12_000).map((q, i) => ({ ...q, prediction: `<think>count</think> \\boxed{${i % 3}}` }));
      writeFileSync(join(dir, 'answers.jsonl'), jsonl(answers));
      const summary = await importFiles(db, path, [join(dir, 'answers.jsonl')], { benchmark: 'Cubes', checkpoint: 'later' });
      expect(summary.samples).toBe(0);
      expect(summary.predictions).toBe(12_000);
      // Graded against the workspace's gold answers: right where i % 3 equals i % 5.
      expect(summary.runs[0]!.correct).toBe(answers.filter((_, i) => i % 3 === i % 5).length);
      expectNoReaderLeft(db, path);
      // Its connection was closed: the next import's opens the file again (SQLite keeps a closed
      // connection's descriptor while another holds locks on the file, and hands it to the next).
      const handles = handlesOf(path);
      writeFileSync(join(dir, 'again.jsonl'), jsonl(answers.slice(0, 6_000)));
      await importFiles(db, path, [join(dir, 'again.jsonl')], { benchmark: 'Cubes', checkpoint: 'later-still' });
      expect(handlesOf(path)).toBe(handles);
    } finally {
      db.close();
    }
  }, 60_000);

  it("leaves the workspace's samples as they are (images, categories) and joins their answers to them", async () => {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    const db = openWorkspace(path);
    try {
      const shown = questions(40).map((q, i) => ({ ...q, category: i % 2 ? 'odd' : 'even', image: `scene${i % 4}.png` }));
      for (let i = 0; i < 4; i++) writeFileSync(join(dir, `scene${i}.png`), tinyPng(2, 2, [i * 60, 0, 0]));
      writeFileSync(join(dir, 'bench.jsonl'), jsonl(shown));
      await importFiles(db, path, [join(dir, 'bench.jsonl')], { benchmark: 'Scenes' });
      const { samples, sample_images, images } = dumpWorkspace(db);
      expect(sample_images).toHaveLength(40);
      // A later checkpoint's file names the same samples, their images and categories included.
      writeFileSync(join(dir, 'later.jsonl'), jsonl(shown.map((q, i) => ({ ...q, prediction: `\\boxed{${i % 5}}` }))));
      const summary = await importFiles(db, path, [join(dir, 'later.jsonl')], { benchmark: 'Scenes', checkpoint: 'later' });
      expect(summary.samples).toBe(0);
      expect(summary.runs[0]).toMatchObject({ predictions: 40, correct: 40 });
      const after = dumpWorkspace(db);
      expect({ samples: after.samples, sample_images: after.sample_images, images: after.images }).toEqual({ samples, sample_images, images });
      // Each answer is joined to the workspace's sample (its category counts it).
      const byCategory = db
        .prepare("SELECT s.category, COUNT(*) AS n FROM predictions p JOIN runs r ON r.id = p.run_id JOIN checkpoints c ON c.id = r.checkpoint_id JOIN samples s ON s.id = p.sample_id WHERE c.name = 'later' GROUP BY s.category ORDER BY 1")
        .all();
      expect(byCategory).toEqual([{ category: 'even', n: 20 }, { category: 'odd', n: 20 }]);
    } finally {
      db.close();
    }
  });

  it('leaves no reader behind when the import fails part-way', async () => {
    const { db, path, dir } = await workspaceWithBenchmark(7_000);
    try {
      const lines = questions(7_000).map((q) => JSON.stringify({ ...q, prediction: '\\boxed{1}' }));
      lines[6_500] = '{"id": "q6500", "prediction": oops}';
      writeFileSync(join(dir, 'broken.jsonl'), `${lines.join('\n')}\n`);
      await expect(importFiles(db, path, [join(dir, 'broken.jsonl')], { benchmark: 'Cubes', checkpoint: 'later' })).rejects.toThrow(/broken\.jsonl, line 6501: not JSON/);
      expectNoReaderLeft(db, path);
    } finally {
      db.close();
    }
  }, 60_000);

  it('reads the workspace as of its batch: a sample written meanwhile is seen once the batch is renewed', async () => {
    const { db, path } = await workspaceWithBenchmark(3);
    const snapshot = new WorkspaceSnapshot(db, path);
    try {
      expect(snapshot.sample('Cubes', 'q1')).toMatchObject({ question: 'How many cubes in scene 1?', answer: '1' });
      db.prepare("INSERT INTO samples (benchmark_id, external_id, question, answer) SELECT id, 'q9', 'Added meanwhile?', '9' FROM benchmarks WHERE name = 'Cubes'").run();
      expect(snapshot.sample('Cubes', 'q9')).toBeUndefined();
      snapshot.renew();
      expect(snapshot.sample('Cubes', 'q9')).toMatchObject({ question: 'Added meanwhile?', answer: '9' });
    } finally {
      snapshot.close();
      expectNoReaderLeft(db, path);
      db.close();
    }
  });
});
