/**
 * A VLMEvalKit output tree, as VLMEvalKit writes it (real files: real-files/README.md), imports
 * with one call: one run per checkpoint × benchmark, the newest launch, the judged file and its
 * summary attached to the predictions, the official figure equal to the summary beside it.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { writeXlsx } from '../../test-support/xlsx';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';

const TREE = join(__dirname, 'real-files', 'vlmevalkit-outputs');

/** The Overall row of a VLMEvalKit `_score.csv` (`Task&Skill, tot, hit, acc`). */
function overallOf(path: string): { hit: number; tot: number; acc: number } {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  const row = rows.find((r) => r['Task&Skill'] === 'Overall')!;
  return { hit: Number(row.hit), tot: Number(row.tot), acc: Number(row.acc) };
}

describe('VLMEvalKit output folders', () => {
  const tempDir = useTempDir();

  it('imports a whole outputs/ tree: one run per model and dataset, newest launch, official figures equal to the summaries', async () => {
    const dir = tempDir();
    const outputs = join(dir, 'outputs');
    cpSync(TREE, outputs, { recursive: true });
    // What real trees also hold: pickles and symlinks to the author's machine.
    writeFileSync(join(outputs, 'VLM-R1', 'T20250426_Ga32ffdf2', 'VLM-R1_LogicVista_gpt4o-mini.pkl'), 'not unpickled');
    writeFileSync(join(outputs, 'VLM-R1', 'T20250426_Ga32ffdf2', 'VLM-R1_LogicVista_gpt4o-mini_score_fine.csv'), 'a,b\n1,2\n');
    symlinkSync('/nethome/someone/outputs/VLM-R1/T20250426_Ga32ffdf2/VLM-R1_LogicVista.xlsx', join(outputs, 'VLM-R1', 'VLM-R1_LogicVista.xlsx'));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [outputs]);
      const runs = runSummaries(db);
      expect(runs.map((r) => `${r.checkpoint}/${r.benchmark}`).sort()).toEqual(['VLM-R1/LogicVista', 'VLM-R1/TextVQA_VAL']);

      // LogicVista: launched twice; the newest launch's judged file, its _score.csv reproduced.
      const logic = runs.find((r) => r.benchmark === 'LogicVista')!;
      const newest = overallOf(join(TREE, 'VLM-R1', 'T20250426_Ga32ffdf2', 'VLM-R1_LogicVista_gpt4o-mini_score.csv'));
      expect({ hit: logic.officialCorrect, tot: logic.officialN }).toEqual({ hit: newest.hit, tot: newest.tot });
      expect(logic.provenance.official?.value).toBeCloseTo(newest.acc / 100, 6);
      expect(logic.provenance.official?.source).toBe('VLM-R1_LogicVista_gpt4o-mini_score.csv');
      expect(logic.provenance.notes).toEqual([]);

      // TextVQA: no verdict in the file; VLMEvalKit's VQA score recomputed equals its _acc.csv.
      const textvqa = runs.find((r) => r.benchmark === 'TextVQA_VAL')!;
      const acc = Number(readFileSync(join(TREE, 'VLM-R1', 'T20250426_Ga32ffdf2', 'VLM-R1_TextVQA_VAL_acc.csv'), 'utf8').split('\n')[1]!.replaceAll('"', ''));
      expect(textvqa.provenance.official?.value).toBeCloseTo(acc / 100, 6);
      // The official figure is a mean VQA score: ours is compared as the same mean, which equals it;
      // our accuracy (answers at 2/3 or more) is said beside it.
      expect(textvqa.provenance.oursCompared).toBeCloseTo(acc / 100, 6);
      expect(textvqa.provenance.notes.join('\n')).toMatch(/the official figure is a mean VQA score \(partial credit\): ours as the same mean is \d+\.\d\d% \(our accuracy, \d+\.\d\d%/);
      expect(textvqa.provenance.differs).toBe(false);
      expect(textvqa.provenance.oursRule).toMatch(/right when its VQA score is at least 0\.5 .*where a mean of VQA scores counts partial credit/);

      const notes = (summary.notes ?? []).join('\n');
      expect(notes).toMatch(/VLM-R1 on LogicVista: 2 launches .*imported the newest, T20250426_Ga32ffdf2/);
      expect(notes).toMatch(/VLM-R1_LogicVista\.xlsx read through its judged file VLM-R1_LogicVista_gpt4o-mini\.xlsx/);
      expect(notes).toMatch(/skipped 1 \.pkl file/);
      expect(notes).toMatch(/not read: 1 other file\(s\) .*VLM-R1_LogicVista_gpt4o-mini_score_fine\.csv/);
      expect(summary.warnings.join('\n')).toMatch(/VLM-R1_LogicVista\.xlsx: a dangling symlink \(points to \/nethome/);
    } finally {
      db.close();
    }
  }, 120_000);

  it('reads a summary without an Overall column (MME) without aborting, and never takes it for an accuracy', async () => {
    const dir = tempDir();
    const model = join(dir, 'M', 'T20250101_G0123abc');
    cpSync(join(TREE, 'VLM-R1', 'T20250426_Ga32ffdf2', 'VLM-R1_LogicVista.xlsx'), join(model, 'M_LogicVista.xlsx'));
    writeFileSync(join(model, 'M_LogicVista_acc.csv'), '"perception","reasoning"\n"1234.5","321.0"\n');
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'M')]);
      expect(summary.warnings.join('\n')).toMatch(/M_LogicVista_acc\.csv: no Overall figure/);
      const [run] = runSummaries(db);
      expect(run!.provenance.notes.join('\n')).toMatch(/perception = 1234.5 \(not an accuracy\)/);
    } finally {
      db.close();
    }
  }, 60_000);

  it("MMMU_DEV_VAL's _acc.csv has a row per split and none for the whole file: each split weighted by its rows, equal to the file's verdicts", async () => {
    const dir = tempDir();
    const model = join(dir, 'M');
    mkdirSync(model, { recursive: true });
    // dev: 2 rows, 1 right; validation: 4 rows, 3 right. VLMEvalKit writes one _acc.csv row per split (report_acc).
    const rows = [
      ['dev', 1],
      ['dev', 0],
      ['validation', 1],
      ['validation', 1],
      ['validation', 0],
      ['validation', 1],
    ] as const;
    const lines = ['index\tquestion\tA\tB\tanswer\tcategory\tsplit\tprediction\thit'];
    rows.forEach(([split, hit], i) => lines.push([`${i}`, `Question ${i}?`, 'yes', 'no', 'A', 'Art', split, hit ? 'A' : 'B', `${hit}`].join('\t')));
    writeFileSync(join(model, 'M_MMMU_DEV_VAL_openai_result.tsv'), lines.join('\n') + '\n');
    writeFileSync(join(model, 'M_MMMU_DEV_VAL_acc.csv'), '"split","Overall","Art"\n"dev","0.5","0.5"\n"validation","0.75","0.75"\n');
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [model]);
      const [run] = runSummaries(db);
      expect([run!.officialCorrect, run!.officialN]).toEqual([4, 6]);
      expect(run!.provenance.official).toMatchObject({ metric: "Overall (dev 2 + validation 4 samples, each split's row weighted by its samples)", source: 'M_MMMU_DEV_VAL_acc.csv' });
      expect(run!.provenance.official!.value).toBeCloseTo(4 / 6, 12);
      expect(run!.provenance.notes).toEqual([]);
      expect(run!.provenance.differs).toBe(false);
    } finally {
      db.close();
    }
  }, 60_000);

  it("POPE: _score.csv's accuracy is `acc` (its `Overall` is F1), over rows exploded by category, as VLMEvalKit's POPE_rating counts them", async () => {
    const dir = tempDir();
    const model = join(dir, 'M');
    mkdirSync(model, { recursive: true });
    const rows = [
      ['adversarial,popular', 'Yes', 'Yes', 1],
      ['adversarial', 'Yes', 'No', 0],
      ['random', 'No', 'No', 1],
      ['popular', 'No', 'Yes', 0],
    ] as const;
    const lines = ['index\tquestion\tanswer\tcategory\tprediction\textracted\tscore'];
    rows.forEach(([category, answer, extracted, score], i) => lines.push([`${i}`, `Is there a dog ${i}?`, answer, category, `${extracted}.`, extracted, `${score}`].join('\t')));
    writeFileSync(join(model, 'M_POPE_auxmatch.tsv'), lines.join('\n') + '\n');
    // Exploded: 5 rows, 3 right (acc 60); tp 2, fp 1, fn 1 (F1 66.7). Per row: 2 of 4.
    writeFileSync(join(model, 'M_POPE_score.csv'), '"split","Overall","acc","precision","recall"\n"Overall","66.66666666666666","60.0","66.66666666666666","66.66666666666666"\n"adversarial","66.66666666666666","50.0","100.0","50.0"\n');
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [model]);
      const [run] = runSummaries(db);
      expect([run!.officialCorrect, run!.officialN]).toEqual([2, 4]);
      expect(run!.provenance.official).toMatchObject({ metric: 'acc', value: 0.6, source: 'M_POPE_score.csv' });
      expect(run!.provenance.notes).toEqual([
        'M_POPE_score.csv also reports Overall (F1) = 66.67%',
        'VLMEvalKit POPE_rating (a row counted once per category it is in: 4 rows, 5 counted) (our port) gives 60.00%, equal to what M_POPE_score.csv reports; the per-sample verdicts give 50.00% of all samples',
      ]);
    } finally {
      db.close();
    }
  }, 60_000);
  it("MathVerse's two judge passes (`_<judge>_extract.xlsx`, then `_<judge>_score.xlsx` with the verdicts) make one run with the judge's verdicts, its _score.csv reproduced", async () => {
    const dir = tempDir();
    const launch = join(dir, 'M', 'T20250301_G0a1b2c3');
    mkdirSync(launch, { recursive: true });
    // As MathVerse.evaluate writes them (vlmeval/dataset/image_vqa.py, utils/mathverse.py @8beb24a5).
    const header = ['index', 'question', 'answer', 'question_for_eval', 'metadata', 'prediction'];
    const samples = [
      [1, 'Find x.', '5', 'Find x.', "{'problem_version': 'Vision Intensive', 'subfield': 'Angle'}", 'So x = 5.'],
      [2, 'Find y.', 'C', 'Find y. Choices: A:1 B:2 C:3', "{'problem_version': 'Vision Intensive', 'subfield': 'Length'}", 'The answer is B:2.'],
      [3, 'Find the area.', '12', 'Find the area.', "{'problem_version': 'Vision Intensive', 'subfield': 'Area'}", 'Area = 3 * 4 = 12 square units.'],
      [4, 'Find z.', '0.5', 'Find z.', "{'problem_version': 'Vision Intensive', 'subfield': 'Angle'}", 'z is about 2.'],
    ];
    const extracts = ['5', 'B:2', '12', '2'];
    const scores = [true, false, true, false];
    await writeXlsx(join(launch, 'M_MathVerse_MINI.xlsx'), [header, ...samples]);
    await writeXlsx(join(launch, 'M_MathVerse_MINI_gpt-4o-mini_extract.xlsx'), [[...header, 'extract', 'log_extract'], ...samples.map((row, i) => [...row, extracts[i]!, 'Succeed'])]);
    await writeXlsx(join(launch, 'M_MathVerse_MINI_gpt-4o-mini_score.xlsx'), [
      [...header, 'extract', 'log_extract', 'score', 'log_score'],
      ...samples.map((row, i) => [...row, extracts[i]!, 'Succeed', scores[i]!, i === 0 ? 'Prefetch succeed' : 'Succeed']),
    ]);
    // MathVerse_acc's table, dumped with index=False and every field quoted: the `average` row first.
    writeFileSync(
      join(launch, 'M_MathVerse_MINI_gpt-4o-mini_score.csv'),
      '"accuracy","correct","total","Vision Intensive","Angle"\n"50.0","2","4","",""\n"","","","{\'accuracy\': \'50.00\', \'correct\': 2, \'total\': 4}",""\n',
    );
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'M')]);
      const runs = runSummaries(db);
      expect(runs.map((r) => `${r.checkpoint}/${r.benchmark}`)).toEqual(['M/MathVerse_MINI']);
      const [run] = runs;
      expect([run!.officialCorrect, run!.officialN]).toEqual([2, 4]);
      expect(run!.provenance.official).toMatchObject({ metric: 'accuracy', value: 0.5, source: 'M_MathVerse_MINI_gpt-4o-mini_score.csv' });
      expect(run!.provenance.notes).toEqual([]);
      const notes = (summary.notes ?? []).join('\n');
      expect(notes).toMatch(/M_MathVerse_MINI\.xlsx read through its judged file M_MathVerse_MINI_gpt-4o-mini_score\.xlsx/);
      expect(notes).toMatch(/read M_MathVerse_MINI_gpt-4o-mini_score\.xlsx, not M_MathVerse_MINI_gpt-4o-mini_extract\.xlsx/);
      // The judge's extraction is what the official verdict was made from.
      const second = db.prepare("SELECT t.official_extracted AS extracted FROM prediction_texts t JOIN predictions p ON p.id = t.prediction_id JOIN samples s ON s.id = p.sample_id WHERE s.external_id = '2'").get();
      expect(second).toEqual({ extracted: 'B:2' });
    } finally {
      db.close();
    }
  }, 60_000);
  it("DynaMath's judged file says `correct` beside the judge's `extracted`: its verdicts and _score.csv's Average row", async () => {
    const dir = tempDir();
    const launch = join(dir, 'M', 'T20250302_G0a1b2c3');
    mkdirSync(launch, { recursive: true });
    // As Dynamath.evaluate writes them (vlmeval/dataset/dynamath.py @0b989202): `parse`, `extracted`, `correct`.
    const header = ['index', 'question', 'answer', 'answer_type', 'subject', 'knowledge_level', 'qid', 'varid', 'prediction', 'parse', 'extracted', 'correct'];
    const rows = [
      [1, 'What is f(2)?', '4.000', 'float', 'algebra', 'high school', 1, 1, '{"solution": "f(2) = 4", "short answer": "4.000"}', true, 4, true],
      [2, 'What is f(3)?', '9.000', 'float', 'algebra', 'high school', 1, 2, '{"solution": "f(3) = 6", "short answer": "6.000"}', true, 6, false],
      [3, 'Which graph?', 'B', 'multiple choice', 'graph theory', 'elementary', 2, 1, 'I cannot tell.', false, null, false],
    ];
    await writeXlsx(join(launch, 'M_DynaMath.xlsx'), [header.slice(0, 9), ...rows.map((row) => row.slice(0, 9))]);
    await writeXlsx(join(launch, 'M_DynaMath_gpt-4o-mini.xlsx'), [header, ...rows]);
    writeFileSync(
      join(launch, 'M_DynaMath_gpt-4o-mini_score.csv'),
      '"Setting","Overall","Subject-algebra","Subject-graph theory","Level-high school","Level-elementary"\n"Average","0.3333333333333333","0.5","0.0","0.5","0.0"\n"Worst Case","0.0","0.0","0.0","0.0","0.0"\n',
    );
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'M')]);
      const [run] = runSummaries(db);
      expect([run!.officialCorrect, run!.officialN]).toEqual([1, 3]);
      expect(run!.provenance.official).toMatchObject({ metric: 'Overall (Average)', source: 'M_DynaMath_gpt-4o-mini_score.csv' });
      expect(run!.provenance.official!.value).toBeCloseTo(1 / 3, 12);
      expect(run!.provenance.notes).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
  it("OlympiadBench's judged file is `_judge_result.xlsx` and its summary `_score_result.csv` (AVG)", async () => {
    const dir = tempDir();
    const launch = join(dir, 'M', 'T20250303_G0a1b2c3');
    mkdirSync(launch, { recursive: true });
    // As OlympiadBench.evaluate writes them (vlmeval/dataset/image_vqa.py @00b1c8d4): `score` per row, AVG in percent.
    const header = ['index', 'question', 'final_answer', 'answer_type', 'source', 'prediction'];
    const rows = [
      [1, 'Find n.', "['$5$']", 'Numerical', 'OE_MM_maths_en_COMP', 'So the final answer is $\\boxed{5}$.'],
      [2, 'Find the speed.', "['$3$']", 'Numerical', 'OE_MM_physics_en_COMP', 'So the final answer is $\\boxed{4}$.'],
    ];
    await writeXlsx(join(launch, 'M_OlympiadBench.xlsx'), [header, ...rows]);
    await writeXlsx(join(launch, 'M_OlympiadBench_judge_result.xlsx'), [[...header, 'score'], [...rows[0]!, true], [...rows[1]!, false]]);
    writeFileSync(join(launch, 'M_OlympiadBench_score_result.csv'), 'OE_MM_maths_en_COMP,OE_MM_physics_en_COMP,en_maths,en_physics,maths,physics,AVG\n100.0,0.0,100.0,0.0,100.0,0.0,50.0\n');
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'M')]);
      const runs = runSummaries(db);
      expect(runs.map((r) => `${r.checkpoint}/${r.benchmark}`)).toEqual(['M/OlympiadBench']);
      expect([runs[0]!.officialCorrect, runs[0]!.officialN, runs[0]!.correct]).toEqual([1, 2, 1]);
      expect(runs[0]!.provenance.official).toMatchObject({ metric: 'AVG', value: 0.5, source: 'M_OlympiadBench_score_result.csv' });
    } finally {
      db.close();
    }
  }, 60_000);
});
