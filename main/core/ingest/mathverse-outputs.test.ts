/**
 * MathVerse's own output files (real file: real-files/README.md): a problem in each of its
 * versions is a sample of its own, and the judge's `judgement` (score_answer_s2.py) is the
 * official verdict, whose share is the Acc that script prints.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';

const TEMPLATE = join(__dirname, 'real-files', 'mathverse', 'output_modelname.json');
/** The repository's other template, named after the split it answers, not a model. */
const SPLIT_TEMPLATE = join(__dirname, 'real-files', 'mathverse', 'output_testmini.json');

describe("MathVerse's own output files", () => {
  const tempDir = useTempDir();

  it('imports the output template: each problem version a sample, named by its problem_id and version, the model by the file', async () => {
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [TEMPLATE]);
      expect(summary.files[0]).toMatchObject({ format: 'mathverse', checkpoint: 'modelname', benchmark: 'MathVerse' });
      const ids = (db.prepare('SELECT external_id AS id, category FROM samples').all() as Array<{ id: string; category: string }>).map((s) => `${s.id} (${s.category})`);
      expect(ids.sort()).toEqual(['0/Text Dominant (Length)', '1/Text Lite (Length)', '2/Vision Intensive (Length)', '3/Vision Dominant (Length)', '4/Vision Only (Length)']);
      const [run] = runSummaries(db);
      // The answer is 14 cm; the Vision Only answer ends "is 13 cm".
      expect([run!.correct, run!.n, run!.officialN]).toEqual([4, 5, 0]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("takes score_answer_s2.py's judgement as the official verdict and its extraction as the official answer", async () => {
    const dir = tempDir();
    const records = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Array<Record<string, unknown>>;
    const judged = records.map((record, i) => ({ ...record, extraction: i === 4 ? '13' : '14', judgement: i === 4 ? 0 : 1 }));
    const path = join(dir, 'output_modelname_scored.json');
    writeFileSync(path, JSON.stringify(judged, null, 4));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [path]);
      const [run] = runSummaries(db);
      expect([run!.officialCorrect, run!.officialN, run!.agreement]).toEqual([4, 5, 1]);
      expect(run!.provenance.official).toMatchObject({ value: 0.8, source: "the file's per-sample verdicts" });
      expect(run!.provenance.officialRule).toMatch(/^MathVerse's own evaluation: a GPT judge/);
      const extracted = db.prepare("SELECT t.official_extracted AS extracted FROM prediction_texts t JOIN predictions p ON p.id = t.prediction_id JOIN samples s ON s.id = p.sample_id WHERE s.external_id = '4/Vision Only'").get();
      expect(extracted).toEqual({ extracted: '13' });
    } finally {
      db.close();
    }
  }, 60_000);

  it('takes no split for a model: output_testmini.json asks for --checkpoint, and ours is said as it is applied', async () => {
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await expect(importFiles(db, join(dir, 'w.sqlite'), [SPLIT_TEMPLATE])).rejects.toThrow(/output_testmini\.json: the file's name names no model \("testmini" is a split.*pass --checkpoint NAME/);
      expect(runSummaries(db)).toEqual([]);
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [SPLIT_TEMPLATE], { checkpoint: 'template-model' });
      expect(summary.files[0]).toMatchObject({ format: 'mathverse', checkpoint: 'template-model', benchmark: 'MathVerse' });
      const [run] = runSummaries(db);
      expect(run!.n).toBe(5);
      // All five problem versions are graded alike; no one version's entry is named as if it were the benchmark.
      expect(run!.provenance.oursRule).not.toMatch(/as MathVerse_MINI_Vision_Intensive/);
      expect(run!.provenance.oursRule).toBe(
        "workbench grader: each sample's answer type, exact tolerance (MathVerse: every sample alike, whatever its subset or version; the tolerance of the MathVerse_MINI_Vision_Intensive entry)",
      );
    } finally {
      db.close();
    }
  }, 60_000);

  it('imports testmini.json (no model answers) as the benchmark, named by sample_index', async () => {
    const dir = tempDir();
    const path = join(dir, 'testmini.json');
    const problem = { problem_index: '685', question: 'Find L.', image: 'images_version_5/image_685.png', answer: '14', question_type: 'free-form', metadata: { split: 'testmini', source: 'Geo3D_collected', subject: 'Solid Geometry', subfield: 'Length' } };
    writeFileSync(path, JSON.stringify([{ sample_index: '3424', problem_version: 'Vision Dominant', ...problem }, { sample_index: '3425', problem_version: 'Vision Only', ...problem, question: '' }]));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [path]);
      expect(summary.files[0]).toMatchObject({ format: 'mathverse', kind: 'benchmark' });
      expect(db.prepare('SELECT external_id AS id FROM samples ORDER BY id').all()).toEqual([{ id: '3424' }, { id: '3425' }]);
      expect(runSummaries(db)).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("joins MultiMath's MathVerse summary (MATH-V's `-all` shape over MathVerse's versions) to its run, not to MATH-V", async () => {
    const dir = tempDir();
    const folder = join(dir, 'outputs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'pred_multimath-7b.json'), readFileSync(TEMPLATE));
    writeFileSync(join(folder, 'pred_multimath-7b_result.json'), JSON.stringify({ '-Text Dominant': '285/788=36.17%', '-Vision Only': '119/788=15.1%', '-all': '1092/3940=27.72%' }));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [folder]);
      expect(summary.warnings.join('\n')).not.toMatch(/MathVision|no run yet/);
      const [run] = summary.runs;
      expect([run!.checkpoint, run!.benchmark]).toEqual(['multimath-7b', 'MathVerse']);
      expect(run!.reported.map((figure) => [figure.source, figure.correct, figure.total])).toContainEqual(['pred_multimath-7b_result.json', 1092, 3940]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("lmms-eval's mathverse submission (`prediction`, the judge's `true_false`): the run is the output folder above submissions/", async () => {
    // uriberger/self-saliency @ 043121f, evaluation/results/ease_8k_v2_step124_merged_mnt4096_r1/submissions/mathverse_testmini_results.json,
    // its records 1 and 6 (the prompts cut short here).
    const records = [{"sample_index": "5", "problem_index": "1", "problem_version": "Vision Only", "question": "", "answer": "D", "prediction": "A", "question_type": "multi-choice", "metadata": {"split": "testmini", "source": "GeoQA", "subject": "Plane Geometry", "subfield": "Angle"}, "query_wo": "According to the question shown in the image, please directl", "query_cot": "According to the question shown in the image, please first c", "question_for_eval": "As shown in the figure, DE parallel BC, then the size of angle CED is ()\nChoices:\nA:40°\nB:60°\nC:120°\nD:140°", "true_false": false}, {"sample_index": "205", "problem_index": "41", "problem_version": "Vision Only", "question": "", "answer": "D", "prediction": "D", "question_type": "multi-choice", "metadata": {"split": "testmini", "source": "GeoQA", "subject": "Plane Geometry", "subfield": "Angle"}, "query_wo": "According to the question shown in the image, please directl", "query_cot": "According to the question shown in the image, please first c", "question_for_eval": "then angle 4 is equal to ()\nChoices:\nA:80°\nB:65°\nC:60°\nD:55°", "true_false": true}];
    const dir = tempDir();
    const path = join(dir, 'ease_8k_v2_step124', 'submissions', 'mathverse_testmini_results.json');
    mkdirSync(join(dir, 'ease_8k_v2_step124', 'submissions'), { recursive: true });
    writeFileSync(path, JSON.stringify(records, null, 4));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [path]);
      expect(runSummaries(db)).toMatchObject([{ checkpoint: 'ease_8k_v2_step124', benchmark: 'MathVerse', n: 2, correct: 1, officialN: 2, officialCorrect: 1 }]);
    } finally {
      db.close();
    }
  });
});
