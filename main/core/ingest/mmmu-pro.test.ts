/**
 * MMMU-Pro's own output files: the official verdict is evaluate.py's `if_right` where the file has
 * it; otherwise our port of its parse_multi_choice_response, which must read what the script reads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { mmmuProNames } from './formats/mmmu-pro';
import { importFiles } from './import';
import { mmmuProParse } from './mmmu-pro-rule';
import { parsePythonLiteral } from '../util/python-literal';

const REAL = join(__dirname, 'real-files', 'mmmu-pro');
const rowsOf = (name: string) => readFileSync(join(REAL, name), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

const ANIMALS = ['cat', 'dog', 'bird', 'fish'];

describe("MMMU-Pro's parse_multi_choice_response, ported", () => {
  // Each expected letter is what evaluate.py's own function returned for the same response
  // (run with Python; null where it would pick a random letter).
  it.each([
    ['Answer: B', ANIMALS, 'B'],
    ['The answer is (C) because of reasons. Not (A).', ANIMALS, 'A'],
    ['I think A cat is B', ANIMALS, 'B'],
    ['Answer: A or B', ANIMALS, 'B'],
    ['It is the dog for sure, no doubt about it at all', ANIMALS, 'B'],
    ['It is the dog, then the cat, and more words here', ANIMALS, 'A'],
    ['nothing here', ANIMALS, null],
    ['D.', ANIMALS, 'D'],
    ["'B'", ANIMALS, 'B'],
    ['Answer: (F)A. 4.66%; B. 6.20%', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], 'F'],
    ['Between A and C, C is right. So C.', ANIMALS, 'C'],
    ['', ['cat', 'dog'], null],
  ] as const)('%j', (response, options, expected) => {
    expect(mmmuProParse(response, options)).toBe(expected);
  });

  it("reads in real responses the letter evaluate.py wrote beside them (pred_indexs)", () => {
    for (const name of ['gpt-4o_vision_cot.jsonl', 'gpt-4o_standard(10 options)_direct.jsonl']) {
      for (const row of rowsOf(name)) {
        // One of them, "J. A dramatic increase in migration", the script reads as A (the article): so do we.
        expect(mmmuProParse(row.response as string, parsePythonLiteral(row.options as string) as string[]), `${name} ${String(row.id)}`).toBe(row.pred_indexs);
      }
    }
  });

  it('names the model, setting and method from either file name MMMU-Pro writes', () => {
    expect(mmmuProNames('gpt-4o_vision_cot')).toEqual({ model: 'gpt-4o', benchmark: 'MMMU_Pro_V', method: 'cot' });
    expect(mmmuProNames('gpt-4o_standard(10 options)_direct')).toEqual({ model: 'gpt-4o', benchmark: 'MMMU_Pro_10c', method: 'direct' });
    expect(mmmuProNames('InternVL2-8B_direct_Standard(4opts)')).toEqual({ model: 'InternVL2-8B', benchmark: 'MMMU_Pro_4c', method: 'direct' });
    expect(mmmuProNames('results')).toBeNull();
  });
});

describe('MMMU-Pro output files', () => {
  const tempDir = useTempDir();
  const row = (id: string, answer: string, response: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id, question: `Which animal? <image 1> (${id})`, options: "['cat', 'dog', 'bird', 'fish']", explanation: '?', img_type: "['Photographs']", answer, topic_difficulty: 'Easy', subject: 'Biology', response, ...extra });

  it('recomputes the official verdicts with the port where evaluate.py has not run, and leaves out the ones it would guess', async () => {
    const dir = tempDir();
    const path = join(dir, 'my-model_vision_cot.jsonl');
    writeFileSync(path, [row('t_1', 'B', 'It barks.\nAnswer: B'), row('t_2', 'A', 'Answer: (C)'), row('t_3', 'D', 'no idea')].join('\n') + '\n');
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [path]);
      expect(summary.files[0]).toMatchObject({ format: 'mmmu-pro', checkpoint: 'my-model', benchmark: 'MMMU_Pro_V' });
      const [run] = runSummaries(db);
      expect([run!.officialCorrect, run!.officialN, run!.n]).toEqual([1, 2, 3]);
      expect(run!.provenance.officialRule).toMatch(/^MMMU-Pro evaluate\.py/);
      expect(summary.warnings.join('\n')).toMatch(/1 of 3 responses name no option .* random letter/);
    } finally {
      db.close();
    }
  }, 60_000);

  it("takes evaluate.py's if_right and pred_indexs where the file has them", async () => {
    const dir = tempDir();
    const path = join(dir, 'my-model_standard(10 options)_direct.jsonl');
    writeFileSync(path, [row('t_1', 'B', 'Answer: B', { pred_indexs: 'B', if_right: true }), row('t_2', 'A', 'Answer: B', { pred_indexs: 'B', if_right: false })].join('\n') + '\n');
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [path]);
      const [run] = runSummaries(db);
      expect([run!.benchmark, run!.officialCorrect, run!.officialN, run!.correct]).toEqual(['MMMU_Pro_10c', 1, 2, 1]);
    } finally {
      db.close();
    }
  }, 60_000);

  it('imports real MMMU-Pro outputs: the evaluated file with its if_right, the temp_output file against the options the model saw', async () => {
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [join(REAL, 'gpt-4o_vision_cot.jsonl'), join(REAL, 'InternVL2-8B_direct_Standard(10opts).jsonl')]);
      const runs = new Map(runSummaries(db).map((r) => [`${r.checkpoint}/${r.benchmark}`, r]));
      const vision = rowsOf('gpt-4o_vision_cot.jsonl');
      expect(runs.get('gpt-4o/MMMU_Pro_V')!.officialCorrect).toBe(vision.filter((row) => row.if_right === true).length);
      expect(runs.get('gpt-4o/MMMU_Pro_V')!.officialN).toBe(vision.length);
      // Its answers are bare letters of the ten shuffled options; `is_correct` (true on every row) is the dataset's flag.
      const internvl = rowsOf('InternVL2-8B_direct_Standard(10opts).jsonl');
      const run = runs.get('InternVL2-8B/MMMU_Pro_10c')!;
      expect([run.officialCorrect, run.officialN]).toEqual([internvl.filter((row) => row.response === row.shuffled_options_answer).length, internvl.length]);
      expect(run.officialCorrect).toBeLessThan(internvl.length);
    } finally {
      db.close();
    }
  }, 60_000);
});
