/**
 * VLMEvalKit folders in the shapes real repositories commit besides the dated-launch tree
 * (vlmevalkit-tree.test.ts): a flat `<model>/` folder (older VLMEvalKit, or files copied up),
 * summaries of a judge with a name of the user's own, and the symlinks to the newest launch
 * checked out as text files holding their target's path.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';
import { datasetBeforeCustomJudge } from './names';

const tsv = (rows: string[][]): string => `${rows.map((row) => row.map((cell) => `"${cell}"`).join('\t')).join('\n')}\n`;

const OCRBENCH = tsv([
  ['index', 'question', 'answer', 'category', 'prediction'],
  ['0', 'what text?', "['HELLO']", 'Regular Text Recognition', 'hello'],
  ['1', 'what text?', "['WORLD']", 'Regular Text Recognition', 'word'],
]);

/** The shape of VLMEvalKit's OCRBench `_score.json` (figures per category, Final Score of 1000, Final Score Norm). */
const OCRBENCH_SCORE = JSON.stringify({ 'Text Recognition': 244, 'Scene Text-centric VQA': 171, 'Final Score': 755, 'Final Score Norm': 75.5 }, null, 4);

const MMSTAR = tsv([
  ['index', 'question', 'A', 'B', 'answer', 'category', 'l2_category', 'prediction'],
  ['0', 'Which is red?', 'the cube', 'the ball', 'A', 'coarse perception', 'image scene', 'A'],
  ['1', 'How many?', '2', '3', 'B', 'math', 'numeric', 'A'],
]);

describe('VLMEvalKit folders without dated launches', () => {
  const tempDir = useTempDir();

  async function importFolder(folder: string, workspace: string) {
    const db = openWorkspace(workspace);
    try {
      const summary = await importFiles(db, workspace, [folder]);
      return { summary, runs: runSummaries(db) };
    } finally {
      db.close();
    }
  }

  it('a flat <model>/ folder: TSV predictions and the _score.json / _acc.csv beside them make one run each, with no "only summaries" warning', async () => {
    const dir = tempDir();
    const model = join(dir, 'outputs', 'M');
    mkdirSync(model, { recursive: true });
    writeFileSync(join(model, 'M_OCRBench.tsv'), OCRBENCH);
    writeFileSync(join(model, 'M_OCRBench_score.json'), OCRBENCH_SCORE);
    writeFileSync(join(model, 'M_MMStar.tsv'), MMSTAR);
    writeFileSync(join(model, 'M_MMStar_acc.csv'), '"split","Overall","coarse perception","math"\n"none","0.5","1.0","0.0"\n');
    const { summary, runs } = await importFolder(join(dir, 'outputs'), join(dir, 'w.sqlite'));
    expect(runs.map((r) => `${r.checkpoint}/${r.benchmark}`).sort()).toEqual(['M/MMStar', 'M/OCRBench']);
    expect(summary.warnings.join('\n')).not.toMatch(/only summaries/);
    const ocr = runs.find((r) => r.benchmark === 'OCRBench')!;
    // The summary is over OCRBench's 1000 questions, the file holds 2: said beside the file's own verdicts.
    expect(ocr.provenance.notes.join('\n')).toMatch(/its summary M_OCRBench_score\.json says 75\.50% \(over 1000 samples; the file has 2\)/);
    const mmstar = runs.find((r) => r.benchmark === 'MMStar')!;
    expect(mmstar.provenance.official).toMatchObject({ source: 'M_MMStar_acc.csv', value: 0.5 });
  }, 60_000);

  it('a folder not named after the model: TSV predictions join their summary by the model name in the file names', async () => {
    const dir = tempDir();
    const results = join(dir, 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'M_MMStar.tsv'), MMSTAR);
    writeFileSync(join(results, 'M_MMStar_acc.csv'), '"split","Overall"\n"none","0.5"\n');
    const { summary, runs } = await importFolder(results, join(dir, 'w.sqlite'));
    expect(runs.map((r) => `${r.checkpoint}/${r.benchmark}`)).toEqual(['M/MMStar']);
    expect(runs[0]!.provenance.official).toMatchObject({ source: 'M_MMStar_acc.csv', value: 0.5 });
    expect(summary.warnings.join('\n')).not.toMatch(/only summaries/);
  }, 60_000);

  it("a summary of a judge named by the user (`_dt_gpt_score.csv`) belongs to the dataset before the judge's name", async () => {
    const dir = tempDir();
    const launch = join(dir, 'M', 'T20250419_Gfcbe1e42');
    mkdirSync(launch, { recursive: true });
    writeFileSync(join(launch, 'M_MMStar.tsv'), MMSTAR);
    writeFileSync(join(launch, 'M_MMStar_dt_gpt_score.csv'), '"Task&Skill","tot","hit","acc"\n"Overall","2","1","50.0"\n');
    const { summary, runs } = await importFolder(join(dir, 'M'), join(dir, 'w.sqlite'));
    expect(runs.map((r) => `${r.checkpoint}/${r.benchmark}`)).toEqual(['M/MMStar']);
    expect(runs[0]!.provenance.official).toMatchObject({ source: 'M_MMStar_dt_gpt_score.csv', value: 0.5 });
    expect(summary.warnings.join('\n')).not.toMatch(/only summaries/);
  }, 60_000);

  it('a symlink checked out as a text file holding its target path is skipped with a warning naming it, not read as a summary', async () => {
    const dir = tempDir();
    const launch = join(dir, 'M', 'T20250419_Gfcbe1e42');
    mkdirSync(launch, { recursive: true });
    writeFileSync(join(launch, 'M_MMStar.tsv'), MMSTAR);
    writeFileSync(join(launch, 'M_MMStar_acc.csv'), '"split","Overall"\n"none","0.5"\n');
    writeFileSync(join(dir, 'M', 'M_MMStar_acc.csv'), '/coc/testnvme/someone/outputs/M/T20250419_Gfcbe1e42/M_MMStar_acc.csv');
    const { summary, runs } = await importFolder(join(dir, 'M'), join(dir, 'w.sqlite'));
    expect(runs).toHaveLength(1);
    expect(summary.warnings.join('\n')).toMatch(/M_MMStar_acc\.csv: holds only a path \(\/coc\/testnvme\/.*\): a symlink checked out as a text file/);
    expect(summary.warnings.join('\n')).not.toMatch(/only summaries/);
  }, 60_000);

  it('a summary that is such a link beside its predictions is not read as an empty summary; named alone, it is refused as a link', async () => {
    const dir = tempDir();
    const model = join(dir, 'M');
    mkdirSync(model, { recursive: true });
    writeFileSync(join(model, 'M_MMStar.tsv'), MMSTAR);
    const link = join(model, 'M_MMStar_acc.csv');
    writeFileSync(link, '/coc/testnvme/someone/outputs/M/T20250419_Gfcbe1e42/M_MMStar_acc.csv');
    const { summary, runs } = await importFolder(model, join(dir, 'w.sqlite'));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.provenance.official).toBeNull();
    const said = [...summary.warnings, ...(summary.notes ?? []), ...runs[0]!.provenance.notes].join('\n');
    expect(said).toMatch(/M_MMStar_acc\.csv: holds only a path/);
    expect(said).not.toMatch(/empty summary/);
    const db = openWorkspace(join(dir, 'w2.sqlite'));
    try {
      await expect(importFiles(db, join(dir, 'w2.sqlite'), [link])).rejects.toThrow(/M_MMStar_acc\.csv: holds only a path \(\/coc\/testnvme\/.*\): a symlink checked out as a text file .*; import the file it points to/);
    } finally {
      db.close();
    }
  }, 60_000);

  it("a launch with MMVet's _score_fine.csv, LLaVABench's 1-10 ratings and the model-level links VLMEvalKit makes imports in one command", async () => {
    // Shapes of VLMEvalKit's mmvet.py and llavabench.py; the links beside the launch as run.py makes them.
    const dir = tempDir();
    const model = join(dir, 'outputs', 'M');
    const launch = join(model, 'T20250601_Gabcdef0');
    mkdirSync(launch, { recursive: true });
    const files: Record<string, string> = {
      'M_MMVet.tsv': tsv([['index', 'question', 'answer', 'category', 'prediction'], ['0', 'What is x?', '5<OR>five', 'math', 'x is 5']]),
      'M_MMVet_gpt-4-turbo.tsv': tsv([['index', 'question', 'answer', 'category', 'prediction', 'log', 'score'], ['0', 'What is x?', '5<OR>five', 'math', 'x is 5', 'ok', '0.8']]),
      'M_MMVet_gpt-4-turbo_score.csv': '"Category","tot","acc"\n"math","1","80.0"\n"Overall","1","80.0"\n',
      'M_MMVet_gpt-4-turbo_score_fine.csv': '"Category","tot","acc"\n"math","1","80.0"\n',
      'M_LLaVABench.tsv': tsv([['index', 'question', 'category', 'caption', 'gpt4_ans', 'prediction'], ['0', 'Who is this?', 'conv', 'A man.', 'It is Elon Musk.', 'The photo shows Elon Musk.']]),
      'M_LLaVABench_openai_result.tsv': tsv([['index', 'question', 'category', 'caption', 'gpt4_ans', 'prediction', 'gpt4_score', 'score'], ['0', 'Who is this?', 'conv', 'A man.', 'It is Elon Musk.', 'The photo shows Elon Musk.', '8', '7']]),
      'M_LLaVABench_score.csv': '"split","Relative Score (main)","VLM Score","GPT4 Score"\n"overall","87.5","70.0","80.0"\n',
    };
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(launch, name), text);
      symlinkSync(join(launch, name), join(model, name));
    }
    const { summary, runs } = await importFolder(join(dir, 'outputs'), join(dir, 'w.sqlite'));
    expect(runs.map((r) => `${r.checkpoint}/${r.benchmark}`).sort()).toEqual(['M/LLaVABench', 'M/MMVet']);
    expect((summary.notes ?? []).join('\n')).toMatch(/7 symlink\(s\) to files inside the folder .* read where they lie, once/);
    const llava = runs.find((r) => r.benchmark === 'LLaVABench')!;
    // Ratings are not verdicts, and the Relative Score is no accuracy: said, never compared with ours.
    expect(llava.provenance.official).toBeNull();
    expect(llava.provenance.notes.join('\n')).toMatch(/M_LLaVABench_score\.csv reports Relative Score \(main\) = 87\.5 \(not an accuracy\)/);
    const mmvet = runs.find((r) => r.benchmark === 'MMVet')!;
    expect(mmvet.provenance.official).toMatchObject({ value: 0.8 });
    expect(mmvet.provenance.oursRule).toMatch(/open-ended and its official figure a judge's partial credit/);
  }, 60_000);

  it("takes a trailing word for a judge only where it names one: a dataset's variant keeps its own name", () => {
    expect(datasetBeforeCustomJudge('MathVista_MINI_dt_gpt')).toBe('MathVista_MINI');
    expect(datasetBeforeCustomJudge('ScienceQA_TEST_QCME')).toBeNull();
    expect(datasetBeforeCustomJudge('MathVerse_MINI_Vision_Only')).toBeNull();
    expect(datasetBeforeCustomJudge('SomeNewBench_gpt')).toBeNull();
  });
});
