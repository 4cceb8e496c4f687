/**
 * The MME tool's results folder (real files: real-files/README.md): its subtask files are one
 * run, each answer judged as calculation.py judges it, and the perception and cognition points
 * equal what calculation.py printed for those subtasks (its output is kept beside the files).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { reportedFigures } from '../store/reported-figures';
import { runSummaries } from '../store/summaries';
import { mmeAnswerOf } from './formats/mme-eval-tool';
import { importFiles } from './import';

const FIXTURE = join(__dirname, 'real-files', 'mme-eval-tool');

/** Per-subtask scores as calculation.py prints them ("\t existence  score: 170.0"). */
function officialSubtaskScores(): Map<string, number> {
  const text = readFileSync(join(FIXTURE, 'calculation-output.txt'), 'utf8');
  return new Map([...text.matchAll(/^\s*(\w+)\s+score:\s*([\d.]+)\s*$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

describe('MME eval_tool results folder', () => {
  const tempDir = useTempDir();

  it("imports a model's subtask files as one run whose MME points equal calculation.py's", async () => {
    const dir = tempDir();
    cpSync(join(FIXTURE, 'llava-v1.5-13b'), join(dir, 'answers', 'llava-v1.5-13b'), { recursive: true });
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'answers')]);
      const [run, ...others] = runSummaries(db);
      expect(others).toEqual([]);
      expect({ checkpoint: run!.checkpoint, benchmark: run!.benchmark, n: run!.n, officialN: run!.officialN }).toEqual({ checkpoint: 'llava-v1.5-13b', benchmark: 'MME', n: 180, officialN: 180 });
      const official = officialSubtaskScores();
      const figures = new Map(reportedFigures(db, run!.runId).map((f) => [f.metric, f]));
      expect(figures.get('mme_perception_score')!.value).toBeCloseTo(official.get('existence')! + official.get('OCR')!, 9);
      expect(figures.get('mme_cognition_score')!.value).toBeCloseTo(official.get('numerical_calculation')! + official.get('code_reasoning')!, 9);
      expect(figures.get('mme_perception_score')!.source).toMatch(/2 of its 10 subtasks/);
      // Points are never taken for an accuracy: the accuracy shown is the verdicts', the points are said beside it.
      expect(run!.provenance.official).toMatchObject({ metric: 'accuracy', source: "the file's per-sample verdicts" });
      expect(run!.provenance.notes.join('\n')).toMatch(/MME calculation\.py over llava-v1\.5-13b\/ .*gives mme_perception_score = 280 \(not an accuracy\)/);
      expect(summary.warnings.join('\n')).toMatch(/read the folder's 4 MME subtask files as one run.*not there: count, position/);
    } finally {
      db.close();
    }
  }, 60_000);

  it('judges an answer as calculation.py does: yes/no, else the one its first four characters hold, else other', () => {
    expect(['Yes', 'no', 'Yes, there is.', 'No.', 'It is yes', 'Usa', 'Art museum'].map(mmeAnswerOf)).toEqual(['yes', 'no', 'yes', 'no', 'other', 'other', 'other']);
  });

  it('refuses a line without four fields, naming the file and line, and imports nothing', async () => {
    const dir = tempDir();
    const model = join(dir, 'm');
    cpSync(join(FIXTURE, 'llava-v1.5-13b'), model, { recursive: true });
    writeFileSync(join(model, 'OCR.txt'), `${readFileSync(join(model, 'OCR.txt'), 'utf8')}0001.jpg\tIs it red?\tYes\n`);
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await expect(importFiles(db, join(dir, 'w.sqlite'), [join(model, 'existence.txt')])).rejects.toThrow(/OCR\.txt.*line 41.*3 tab-separated fields/);
      expect(runSummaries(db)).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('refuses a subtask file beside the one named that is not UTF-8, naming it', async () => {
    const dir = tempDir();
    const model = join(dir, 'm');
    cpSync(join(FIXTURE, 'llava-v1.5-13b'), model, { recursive: true });
    writeFileSync(join(model, 'count.txt'), Buffer.from('0001.jpg\tIs there one caf\xe9? Please answer yes or no.\tYes\tYes\n', 'latin1'));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await expect(importFiles(db, join(dir, 'w.sqlite'), [join(model, 'existence.txt')])).rejects.toThrow(/count\.txt.*not valid UTF-8/);
      expect(runSummaries(db)).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
