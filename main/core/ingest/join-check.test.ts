/**
 * Predictions joined by id to a benchmark in the workspace must answer that benchmark's questions.
 * LLaVA's POPE answers are numbered by its own question file (llava_pope_test.jsonl), not by the
 * COCO POPE file's `question_id`: joined to the latter by id, they were graded against other
 * questions' labels without a word.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';
import { asksAnotherQuestion } from './join-check';

const jsonl = (rows: object[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
const OBJECTS = ['car', 'backpack', 'dog', 'bench', 'umbrella', 'clock'];

/** The COCO POPE file's shape (one JSON object per line, named .json): `question_id`, `image`, `text`, `label`. */
const pope = jsonl(OBJECTS.map((object, i) => ({ question_id: i + 1, image: `COCO_val2014_${i}.jpg`, text: `Is there a ${object} in the image?`, label: i % 2 === 0 ? 'yes' : 'no' })));

/** LLaVA's answers file: `prompt` (the question and its instruction), `text` (the answer), numbered by `idOf`. */
const llavaAnswers = (idOf: (i: number) => number): string =>
  jsonl(
    OBJECTS.map((object, i) => ({
      question_id: idOf(i),
      prompt: `Is there a ${object} in the image?\nAnswer the question using a single word or phrase.`,
      text: i % 2 === 0 ? 'Yes' : 'No',
      answer_id: `a${i}`,
      model_id: 'llava-v1.5-13b',
      metadata: {},
    })),
  );

describe('predictions joined by id ask the questions of the samples they join', () => {
  const tempDir = useTempDir();

  it('tells a question apart from its prompt (instructions, image tokens, spacing) and from another question', () => {
    expect(asksAnotherQuestion('<image>\nIs there a car in the image?\nAnswer the question using a single word or phrase.', 'Is there a car  in the image?')).toBe(false);
    expect(asksAnotherQuestion('Is there a backpack in the image?', 'Is there a car in the image?')).toBe(true);
    expect(asksAnotherQuestion('', 'Is there a car in the image?')).toBe(false);
  });

  it('refuses answers whose ids name other questions, and imports them once their ids match', async () => {
    const dir = tempDir();
    // POPE's own file is JSON Lines under a .json name.
    writeFileSync(join(dir, 'coco_pope_random.json'), pope);
    // Numbered by another file: every id is one of the benchmark's, for another question.
    writeFileSync(join(dir, 'shifted.jsonl'), llavaAnswers((i) => ((i + 1) % OBJECTS.length) + 1));
    writeFileSync(join(dir, 'beyond.jsonl'), llavaAnswers((i) => i + 100));
    writeFileSync(join(dir, 'aligned.jsonl'), llavaAnswers((i) => i + 1));
    const workspace = join(dir, 'w.sqlite');
    const db = openWorkspace(workspace);
    try {
      const benchmark = await importFiles(db, workspace, [join(dir, 'coco_pope_random.json')], { kind: 'benchmark' });
      expect(benchmark.notes?.join('\n')).toMatch(/coco_pope_random\.json: holds one JSON object per line \(JSON Lines\), though named \.json: read as JSONL/);
      expect(benchmark.samples).toBe(6);
      // LLaVA's answers file is known by its fields: `text` the answer, `prompt` the question, `model_id` the checkpoint.
      await expect(importFiles(db, workspace, [join(dir, 'aligned.jsonl')])).rejects.toThrow(/LLaVA's answers file: no gold answers in it; import the benchmark's question file .* --benchmark NAME/);
      const options = { benchmark: 'coco_pope_random' };
      await expect(importFiles(db, workspace, [join(dir, 'shifted.jsonl')], options)).rejects.toThrow(
        /6 of the 6 predictions joined by id to benchmark coco_pope_random ask another question .*id 2: "Is there a car in the image\? Answer the question.*" in the file, "Is there a backpack in the image\?" in the workspace.*--map id=FIELD/,
      );
      await expect(importFiles(db, workspace, [join(dir, 'beyond.jsonl')], options)).rejects.toThrow(
        /line 1, field "id": no sample "100" in benchmark coco_pope_random, and no gold answer in the file to add one; .*--map id=FIELD/,
      );
      expect(runSummaries(db)).toEqual([]);
      const summary = await importFiles(db, workspace, [join(dir, 'aligned.jsonl')], options);
      expect(summary.warnings.join('\n')).not.toMatch(/another question/);
      expect(summary.warnings.join('\n')).toMatch(/read as LLaVA's answers file/);
      expect(runSummaries(db).map((run) => [run.checkpoint, run.correct, run.n])).toEqual([['llava-v1.5-13b', 6, 6]]);
    } finally {
      db.close();
    }
  }, 60_000);
});
