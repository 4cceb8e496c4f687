/**
 * An lmms-eval output folder as today's lmms-eval writes it (`<output>/<model>/<date>_results.json`
 * beside `<date>_samples_<task>.jsonl`, `filtered_resps` a plain value and `resps` dropped when
 * equal to it) imports with one call and reproduces results.json: first on files written here in
 * that shape, then on a real folder (real-files/README.md) whose samples file is a 10-row slice,
 * where the figure must be said to differ, and why.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/cli';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from '../store/database';
import { runSummaries } from '../store/summaries';
import { importFiles } from './import';

const REAL_FOLDER = fileURLToPath(new URL('./real-files/lmms-eval-outputs/liuhaotian__llava-v1.5-7b/', import.meta.url));
/** Whole real lmms-eval runs (`--limit 8` of MME): results.json and every line of its samples file. */
const REAL_MME_FOLDER = fileURLToPath(new URL('./real-files/lmms-eval-outputs/Qwen2.5-VL-3B-Instruct__mme_limit8/', import.meta.url));
/** The same 8 documents answered by Qwen2.5-VL-7B served by vLLM, which also timed each answer. */
const REAL_MME_VLLM_FOLDER = fileURLToPath(new URL('./real-files/lmms-eval-outputs/Qwen2.5-VL-7B-Instruct__mme_vllm_limit8/', import.meta.url));

const SAMPLES = [
  { doc_id: 0, doc: { question: 'Which way? A. left B. right', answer: 'A' }, target: 'A', arguments: [['prompt']], filtered_resps: 'A', exact_match: 1.0, doc_hash: 'h0' },
  { doc_id: 1, doc: { question: 'How many? A. 2 B. 3', answer: 'B' }, target: 'B', arguments: [['prompt']], resps: [['The answer is A.']], filtered_resps: 'A', exact_match: 0.0, doc_hash: 'h1' },
  { doc_id: 2, doc: { question: 'Colour? A. red B. blue', answer: 'B' }, target: 'B', arguments: [['prompt']], filtered_resps: 'B', exact_match: 1.0, doc_hash: 'h2' },
  { doc_id: 3, doc: { question: 'Is it on? A. yes B. no', answer: 'A' }, target: 'A', arguments: [['prompt']], filtered_resps: 'B', exact_match: 0.0, doc_hash: 'h3' },
];

describe('lmms-eval output folders', () => {
  const tempDir = useTempDir();

  it('gives each launch its own results.json when one command imports two of one model and task, and names the model of a folder per task', async () => {
    const dir = tempDir();
    const resultsOf = (accuracy: number) => ({
      results: { realworldqa: { alias: 'realworldqa', 'exact_match,none': accuracy } },
      configs: { realworldqa: { task: 'realworldqa' } },
      config: { model: 'llava_onevision', model_args: 'pretrained=lmms-lab/llava-onevision-qwen2-7b-ov' },
    });
    // Two launches of the same model on the same task (e.g. two pruning ratios), each in its folder.
    for (const [launch, accuracy] of [['ratio_5', 0.5], ['ratio_10', 0.25]] as const) {
      const folder = join(dir, launch, 'model');
      mkdirSync(folder, { recursive: true });
      // Each launch answered on its own (files of the same bytes would be one file, imported once).
      const answers = SAMPLES.map((sample) => ({ ...sample, launch }));
      writeFileSync(join(folder, `2025_${launch}_samples_realworldqa.jsonl`), answers.map((s) => JSON.stringify(s)).join('\n') + '\n');
      writeFileSync(join(folder, `2025_${launch}_results.json`), JSON.stringify(resultsOf(accuracy)));
    }
    // `<model>/<task>/` with results.json naming no model: the model is the folder above the task's.
    const perTask = join(dir, 'eval_results', 'Qwen2.5-VL-7B-Instruct', 'realworldqa');
    mkdirSync(perTask, { recursive: true });
    writeFileSync(join(perTask, '2025_samples_realworldqa.jsonl'), SAMPLES.map((s) => JSON.stringify(s)).join('\n') + '\n');
    writeFileSync(join(perTask, '2025_results.json'), JSON.stringify({ ...resultsOf(0.5), config: { model: 'qwen2_5_vl', model_args: '' }, model_name: '' }));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'ratio_5'), join(dir, 'ratio_10'), join(dir, 'eval_results')]);
      const runs = runSummaries(db);
      // Each launch's run holds its own results.json's figures and nothing of the other's.
      const sourcesOf = (runId: number): string[] =>
        (db.prepare('SELECT DISTINCT source FROM reported_figures WHERE run_id = ? ORDER BY source').all(runId) as Array<{ source: string }>).map((row) => row.source);
      const launches = runs.filter((run) => run.checkpoint === 'lmms-lab/llava-onevision-qwen2-7b-ov');
      expect(launches.map((run) => sourcesOf(run.runId)).sort()).toEqual([['2025_ratio_10_results.json'], ['2025_ratio_5_results.json']]);
      expect(runs.find((run) => run.checkpoint === 'Qwen2.5-VL-7B-Instruct')).toMatchObject({ benchmark: 'realworldqa' });
      // A results.json with nothing numeric (DocVQA's test split: `anls: []`, a submission file) says so.
      const docvqa = join(dir, 'docvqa', 'model');
      mkdirSync(docvqa, { recursive: true });
      writeFileSync(join(docvqa, '2025_results.json'), JSON.stringify({ results: { docvqa_test: { alias: 'docvqa_test', 'anls,none': [], 'submission,none': null } }, configs: { docvqa_test: {} } }));
      await expect(importFiles(db, join(dir, 'w.sqlite'), [join(docvqa, '2025_results.json')])).rejects.toThrow(/nothing to import \(.*2025_results\.json holds no numeric figure/);
    } finally {
      db.close();
    }
  });

  it("keeps a launch's results.json off the samples of another launch in the same folder (jyssys/MLLM-EP's dry runs)", async () => {
    const dir = tempDir();
    const folder = join(dir, 'outputs', 'lmms_dry_run_realworldqa');
    mkdirSync(folder, { recursive: true });
    const results = (accuracy: number) => JSON.stringify({ results: { realworldqa: { alias: 'realworldqa', 'exact_match,none': accuracy } }, config: { model_args: 'pretrained=org/model' } });
    writeFileSync(join(folder, '20260624_155054_samples_realworldqa.jsonl'), SAMPLES.map((s) => JSON.stringify(s)).join('\n') + '\n');
    writeFileSync(join(folder, '20260624_155054_results.json'), results(0.5));
    // A later launch whose samples were not kept.
    writeFileSync(join(folder, '20260624_155739_results.json'), results(0.75));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'outputs')]);
      const [run] = runSummaries(db);
      expect(run!.provenance.official).toMatchObject({ value: 0.5, source: '20260624_155054_results.json' });
      expect(summary.warnings.join('\n')).toMatch(/20260624_155739_results\.json: a results\.json of launch 20260624_155739, whose samples are not in its folder/);
    } finally {
      db.close();
    }
  });

  it('imports results.json and its samples in one command, one run per task, reproducing results.json', async () => {
    const dir = tempDir();
    const model = join(dir, 'logs', 'Qwen__Qwen2.5-VL-3B-Instruct');
    mkdirSync(model, { recursive: true });
    writeFileSync(join(model, '20250601_101500_samples_realworldqa.jsonl'), SAMPLES.map((s) => JSON.stringify(s)).join('\n') + '\n');
    const results = {
      results: { realworldqa: { alias: 'realworldqa', 'exact_match,none': 0.5, 'exact_match_stderr,none': 0.2887 } },
      configs: { realworldqa: { task: 'realworldqa' } },
      'n-samples': { realworldqa: { original: 4, effective: 4 } },
      config: { model: 'vllm', model_args: 'model=Qwen/Qwen2.5-VL-3B-Instruct' },
      model_name: 'Qwen/Qwen2.5-VL-3B-Instruct',
      lmms_eval_version: '0.7.2',
    };
    writeFileSync(join(model, '20250601_101500_results.json'), JSON.stringify(results));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'logs')]);
      const runs = runSummaries(db);
      expect(runs).toHaveLength(1);
      const [run] = runs;
      expect(run!.checkpoint).toBe('Qwen/Qwen2.5-VL-3B-Instruct');
      expect(run!.benchmark).toBe('realworldqa');
      expect(run!.officialCorrect / run!.officialN).toBe(results.results.realworldqa['exact_match,none']);
      expect(run!.provenance.official).toMatchObject({ value: 0.5, source: '20250601_101500_results.json', metric: 'exact_match,none' });
      expect(run!.provenance.notes).toEqual([]);
      // The raw generation is kept where lmms-eval kept it, else the filtered one.
      const outputs = db.prepare('SELECT raw_output AS o FROM prediction_texts ORDER BY prediction_id').all() as Array<{ o: string }>;
      expect(outputs.map((r) => r.o)).toEqual(['A', 'The answer is A.', 'B', 'B']);
    } finally {
      db.close();
    }
  }, 60_000);

  it('refuses a results.json named on its own whose tasks have no samples imported (nothing would be kept)', async () => {
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      await expect(importFiles(db, join(dir, 'w.sqlite'), [join(REAL_FOLDER, '20260218_234435_results.json')])).rejects.toThrow(
        /20260218_234435_results\.json: a summary of liuhaotian\/llava-v1\.5-7b on pope, scienceqa_img, which have no run yet; import its samples_<task>\.jsonl first/,
      );
      expect(runSummaries(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("a real lmms-eval folder slice: the per-sample verdicts are the run's official figure, results.json's over all samples said beside them", async () => {
    const dir = tempDir();
    cpSync(REAL_FOLDER, join(dir, 'liuhaotian__llava-v1.5-7b'), { recursive: true });
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'liuhaotian__llava-v1.5-7b')]);
      expect(summary.warnings.join('\n')).toMatch(/reports task pope, which has no samples imported/);
      const [run, ...others] = runSummaries(db);
      expect(others).toEqual([]);
      expect(run!.checkpoint).toBe('liuhaotian/llava-v1.5-7b');
      expect(run!.benchmark).toBe('scienceqa_img');
      // The file's own `exact_match` of its 10 rows: 1,1,1,0,0,0,1,0,1,0.
      expect([run!.officialCorrect, run!.officialN]).toEqual([5, 10]);
      expect(run!.correct).toBe(5);
      // The headline metric only: its standard errors (`_stderr`, `_stderr_clt`) are not figures of the run.
      // results.json is over all 2017 samples: not this 10-row slice's figure, which its own verdicts give.
      expect(run!.provenance.official).toMatchObject({ value: 0.5, source: "the file's per-sample verdicts" });
      expect(db.prepare("SELECT metric, value FROM reported_figures").all()).toEqual([{ metric: 'exact_match,none', value: 0.6950917203767972 }]);
      expect(run!.provenance.officialRule).toMatch(/^lmms-eval task scienceqa_img: /);
      expect(run!.provenance.differs).toBe(false);
      expect(run!.provenance.notes).toContain(
        "the file's per-sample verdicts give 50.00%, its summary 20260218_234435_results.json says 69.51% (over 2017 samples; the file has 10)",
      );
    } finally {
      db.close();
    }
  }, 60_000);

  it('a run folder as lmms-eval commits it, nine folders deep, beside a console log, tegrastats, flops.json and a gzipped twin: the run imports, the rest is named', async () => {
    // EvolvingLMMs-Lab/lmms-eval's jetson/results/<board>/<model>/<task>/<backend>/<run>/ keeps these beside lmms_eval/.
    const root = join(tempDir(), 'jetson');
    const run = join(root, 'results', 'orin', 'Qwen2.5-VL-3B-Instruct', 'mme', 'hf-bf16', '20260923-112448_limit8');
    cpSync(REAL_MME_FOLDER, join(run, 'lmms_eval'), { recursive: true });
    writeFileSync(join(run, 'run.log'), 'torch 2.10.0 transformers 4.57.3\n2026-09-23 09:25:05 | INFO | lmms_eval.__main__:cli_evaluate\n');
    writeFileSync(join(run, 'tegrastats.log'), 'RAM 5120/62841MB CPU [12%@1728]\n');
    writeFileSync(join(run, 'flops.json'), JSON.stringify({ model: 'Qwen2.5-VL-3B-Instruct', method: 'analytical', image_pixels: [200704, 1605632], tasks: { mme: { n: 8 } } }));
    const other = join(root, 'results', 'thor', 'Qwen2.5-VL-3B-Instruct', 'mme', 'hf-bf16', '20260928-042208_limit8', 'lmms_eval');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, '20260928_042208_samples_mme.jsonl.gz'), gzipSync(readFileSync(join(REAL_MME_FOLDER, '20260923_172512_samples_mme.jsonl'))));
    const dir = tempDir();
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [root]);
      expect(runSummaries(db).map((r) => [r.checkpoint, r.benchmark, r.correct, r.n])).toEqual([['Qwen/Qwen2.5-VL-3B-Instruct', 'mme', 7, 8]]);
      const warnings = summary.warnings.join('\n');
      expect(warnings).toMatch(/run\.log: in no format this tool reads; skipped/);
      expect(warnings).toMatch(/tegrastats\.log: in no format this tool reads; skipped/);
      expect(warnings).toMatch(/flops\.json: a JSON object of other data \(model, method, image_pixels, …\), not per-sample records; skipped/);
      expect(warnings).toMatch(/skipped 1 gzip-compressed file\(s\) \(.*20260928_042208_samples_mme\.jsonl\.gz\): decompress them \(gunzip -k FILE\) and import again/);
      // Named on its own, the compressed file is refused for what it is, not as a text of another encoding.
      await expect(importFiles(db, join(dir, 'w.sqlite'), [join(other, '20260928_042208_samples_mme.jsonl.gz')])).rejects.toThrow(/gzip-compressed; decompress it first/);
    } finally {
      db.close();
    }
    // Deeper than the walk goes: said, not silently left out.
    let deep = join(tempDir(), 'deep');
    for (let level = 0; level < 11; level++) deep = join(deep, `level${level}`);
    cpSync(REAL_MME_FOLDER, deep, { recursive: true });
    const deepDb = openWorkspace(join(dir, 'deep.sqlite'));
    try {
      const top = deep.split('/level0/')[0]!;
      await expect(importFiles(deepDb, join(dir, 'deep.sqlite'), [top])).rejects.toThrow(/no result files in the folder \(.*level10: more than 10 folders deep; not read/);
    } finally {
      deepDb.close();
    }
  }, 60_000);

  it('two whole real lmms-eval MME runs in their output tree, imported with the CLI in one command, each reproduce the score its results.json reports', async () => {
    // The tree as the repository holds it: <model>/mme/<backend>/<launch>/lmms_eval/.
    const tree = join(tempDir(), 'results');
    cpSync(REAL_MME_FOLDER, join(tree, 'Qwen2.5-VL-3B-Instruct', 'mme', 'hf-bf16', '20260923-112448_limit8', 'lmms_eval'), { recursive: true });
    cpSync(REAL_MME_VLLM_FOLDER, join(tree, 'Qwen2.5-VL-7B-Instruct', 'mme', 'vllm-bf16', '20260923-174045_limit8', 'lmms_eval'), { recursive: true });
    const workspace = join(tempDir(), 'w.sqlite');
    const imported = await runCli(['import', tree, '--db', workspace]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    // Both runs answered the same 8 documents: one sample each. lmms-eval stores no images: the
    // ones it showed (`input_media`) are named as missing.
    expect(imported.stdout).toMatch(/2 run\(s\), 8 new sample\(s\), 16 prediction\(s\), 0 image\(s\) stored, 8 missing/);
    expect(imported.stdout).toMatch(/recomputed by lmms-eval MME rule over 20260923_172512_samples_mme\.jsonl \(4 images\): mme_cognition_score,none \(162\.5, not an accuracy\)/);
    const stats = await runCli(['stats', '--db', workspace, '--json']);
    const runs = JSON.parse(stats.stdout) as Array<Record<string, unknown>>;
    // The models are named by their Hugging Face ids, not by the cache paths lmms-eval recorded.
    expect(runs.map((run) => run.checkpoint).sort()).toEqual(['Qwen/Qwen2.5-VL-3B-Instruct', 'Qwen/Qwen2.5-VL-7B-Instruct']);
    for (const run of runs) {
      expect(run).toMatchObject({ benchmark: 'mme', n: 8, correct: 7, official_correct: 7, differs: false });
      // MME points are not an accuracy: the accuracy is the verdicts' own, the points are said beside it.
      expect(run.official_rule).toBe('the per-sample verdicts the file carries');
      expect((run.notes as string[]).join('\n')).toMatch(/\(our port\) gives mme_cognition_score,none = 162\.5 \(not an accuracy\), equal to what 20260923_\d+_results\.json reports/);
    }
    // The vLLM run timed each answer (`token_counts`): tokens and latency are kept, as for our own runs.
    const db = openWorkspace(workspace, { readonly: true });
    try {
      const first = db
        .prepare(
          `SELECT p.prompt_tokens AS prompt, p.completion_tokens AS completion, p.latency_ms AS latency FROM predictions p
           JOIN runs r ON r.id = p.run_id JOIN checkpoints c ON c.id = r.checkpoint_id JOIN samples s ON s.id = p.sample_id
           WHERE s.external_id = '0' ORDER BY c.name`,
        )
        .all();
      expect(first).toEqual([
        { prompt: null, completion: 2, latency: null },
        { prompt: 319, completion: 2, latency: 6351 },
      ]);
    } finally {
      db.close();
    }
  }, 60_000);

  it("lmms-eval's older output (v0.1-v0.2: <launch>/results.json beside <task>.json holding `logs`) imports the same way", async () => {
    const dir = tempDir();
    // The launch folder as lmms-eval 0.2 names it: <datetime>_<log_samples_suffix>_avlargs_<hash>.
    const launch = join(dir, 'logs', '0612_1200_llava_v1.5_mme_avlargs_1f2e3d');
    mkdirSync(launch, { recursive: true });
    const logs = SAMPLES.map(({ filtered_resps: filtered, resps, ...sample }) => ({
      ...sample,
      resps: resps ?? [[filtered]],
      filtered_resps: [filtered],
    }));
    writeFileSync(join(launch, 'scienceqa_img.json'), JSON.stringify({ args: { model: 'llava', model_args: 'pretrained=liuhaotian/llava-v1.5-7b' }, model_configs: { task: 'scienceqa_img' }, logs, time: '0612_1200' }, null, 4));
    const results = {
      results: { scienceqa_img: { 'exact_match,none': 0.5, 'exact_match_stderr,none': 0.2887, alias: 'scienceqa_img' } },
      configs: { scienceqa_img: { task: 'scienceqa_img' } },
      versions: { scienceqa_img: 'Yaml' },
      config: { model: 'llava', model_args: 'pretrained=liuhaotian/llava-v1.5-7b' },
    };
    writeFileSync(join(launch, 'results.json'), JSON.stringify(results, null, 4));
    const db = openWorkspace(join(dir, 'w.sqlite'));
    try {
      const summary = await importFiles(db, join(dir, 'w.sqlite'), [join(dir, 'logs')]);
      expect(summary.warnings).toEqual([]);
      const runs = runSummaries(db);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ checkpoint: 'liuhaotian/llava-v1.5-7b', benchmark: 'scienceqa_img', n: 4, officialCorrect: 2, officialN: 4 });
      expect(runs[0]!.provenance.official).toMatchObject({ value: 0.5, metric: 'exact_match,none', source: 'results.json' });
      expect(runs[0]!.provenance.notes).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
