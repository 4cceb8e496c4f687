/**
 * WeMath's headline (Score (Strict) and (Loose)) from a judged VLMEvalKit file: our port of
 * wemath_evaluate_models, said beside the `_score.csv` VLMEvalKit writes, while the accuracy
 * compared with ours stays the share of `hit`. The port was also checked outside this repository
 * against the Python function itself (pandas) on 300 generated files: identical on every file
 * that has a first-step row.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { writeXlsx } from '../../test-support/xlsx';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';
import { wemathAnswerRight, wemathScores, type WeMathRow } from './wemath-scores';

/**
 * Four problems: 1 (two steps) both steps right, the whole wrong: inadequate generalisation;
 * 2 (three steps) every step wrong, the whole right: rote memorisation (strict and loose);
 * 3 (two steps) one step wrong, the whole right: rote memorisation (strict only);
 * 4 (two steps) its second step missing, the rest wrong: insufficient knowledge.
 */
const VERDICTS: Array<[id: string, key: string, hit: 0 | 1]> = [
  ['1', '2steps_1', 1],
  ['1', '2steps_2', 1],
  ['1', '2steps_multi', 0],
  ['2', '3steps_1', 0],
  ['2', '3steps_2', 0],
  ['2', '3steps_3', 0],
  ['2', '3steps_multi', 1],
  ['3', '2steps_1', 1],
  ['3', '2steps_2', 0],
  ['3', '2steps_multi', 1],
  ['4', '2steps_1', 0],
  ['4', '2steps_multi', 0],
];
const rows: WeMathRow[] = VERDICTS.map(([id, key, hit]) => ({ id, key, right: hit === 1 }));

describe("WeMath's four-dimensional scores", () => {
  const tempDir = useTempDir();

  it('counts IK, IG and RM as wemath_evaluate_models does and scores (525 − 0.5 IG − RM − IK) / 525', () => {
    expect(wemathScores(rows)).toEqual({
      strict: 99.33, // (525 - 0.5 - 2 - 1) / 525
      loose: 99.52, // (525 - 0.5 - 1 - 1) / 525
      insufficientKnowledge: 1,
      inadequateGeneralization: 1,
      roteMemorizationStrict: 2,
      roteMemorizationLoose: 1,
    });
    expect(wemathScores(rows.filter((row) => !row.key.endsWith('_1')))).toBeNull();
  });

  it('reads a raw answer as load_and_process_data does: the first letter after the last "Answer"', () => {
    expect(wemathAnswerRight('Let me think. Answer: <B>.', 'B')).toBe(true);
    expect(wemathAnswerRight('Answer:: C', 'C')).toBe(true);
    expect(wemathAnswerRight('Answer: b', 'B')).toBe(false);
    expect(wemathAnswerRight('B is right', 'B')).toBe(true);
    expect(wemathAnswerRight('I think it is B', 'B')).toBe(false);
  });

  it("imports a judged WeMath file: the accuracy is the share of hit, WeMath's scores are said beside _score.csv's", async () => {
    const dir = tempDir();
    const launch = join(dir, 'M', 'T20250601_G1234abc');
    mkdirSync(launch, { recursive: true });
    await writeXlsx(join(launch, 'M_WeMath_gpt-4o-mini.xlsx'), [
      ['index', 'question', 'A', 'B', 'answer', 'prediction', 'hit', 'ID', 'key'],
      ...VERDICTS.map(([id, key, hit], i) => [i, `Problem ${id}, ${key}?`, '3 cm', '4 cm', 'A', hit ? 'Answer: A' : 'Answer: B', hit, id, key]),
    ]);
    // The shape VLMEvalKit's WeMath.evaluate dumps (wemath_evaluate_models beside wemath_accuracy).
    writeFileSync(
      join(launch, 'M_WeMath_gpt-4o-mini_score.csv'),
      ',Model,Score (Strict),InsufficientKnowledge (Strict),InadequateGeneralization (Strict),CompleteMastery (Strict),RoteMemorization (Strict),Score (Loose),One-step(S1)\n0,,99.33%,0.19% (1),0.19% (1),0.19% (1),66.67% (2),99.52%,50.00%\n',
    );
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'M')]);
      expect(summary.warnings.join('\n')).not.toMatch(/no Overall figure/);
      const [run] = runSummaries(db);
      expect([run!.officialCorrect, run!.officialN]).toEqual([5, 12]);
      expect(run!.provenance.official).toMatchObject({ source: "the file's per-sample verdicts", value: 5 / 12 });
      expect(run!.provenance.differs).toBe(false);
      const notes = run!.provenance.notes.join('\n');
      expect(notes).toMatch(/wemath_evaluate_models \(IK 1, IG 1, RM 2 strict \/ 1 loose, of 525\) \(our port\) gives Score \(Strict\) = 99\.33 \(not an accuracy\), equal to what M_WeMath_gpt-4o-mini_score\.csv reports/);
      expect(notes).toMatch(/gives Score \(Loose\) = 99\.52 \(not an accuracy\), equal to what/);
    } finally {
      db.close();
    }
  }, 60_000);
});
