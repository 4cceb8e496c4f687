import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { findSampleByExternalId } from '../store/imports';
import { reportedFigures, trainingMetrics } from '../store/reported-figures';
import { openWorkspace, type Db } from '../store/database';
import { runSummaries } from '../store/summaries';
import { predictionDetail } from '../store/predictions';
import { JobManager } from '../jobs/job-manager';
import { ImportError } from './errors';
import { importFiles } from './import';
import { startImportJob } from './job';
import { createImportHandlers } from './api-handlers';
import { BadRequestError } from '../api/errors';
import { count, dumpWorkspace, tinyPng } from '../../test-support/workspace-dump';
import type { ImportOptions } from './types';

const tsv = (rows: string[][]): string => `${rows.map((row) => row.join('\t')).join('\n')}\n`;
const jsonl = (records: unknown[]): string => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('importing result files', () => {
  const tempDir = useTempDir();

  function workspace(): { db: Db; path: string; dir: string; write(name: string, content: string | Buffer): string } {
    const dir = tempDir();
    const path = join(dir, 'w.sqlite');
    const db = openWorkspace(path);
    return {
      db,
      path,
      dir,
      write(name, content) {
        const file = join(dir, name);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, content);
        return file;
      },
    };
  }
  const run = (w: ReturnType<typeof workspace>, paths: string[], options: ImportOptions = {}) => importFiles(w.db, w.path, paths, options);

  /** A VLMEvalKit benchmark TSV: base64 images, a row sharing another row's image, option columns. */
  function vlmevalkitBenchmark(w: ReturnType<typeof workspace>): string {
    const red = tinyPng(4, 3, [255, 0, 0]).toString('base64');
    const blue = tinyPng(2, 2, [0, 0, 255]).toString('base64');
    return w.write(
      'bench/ToyMCQ.tsv',
      tsv([
        ['index', 'image', 'question', 'hint', 'A', 'B', 'C', 'answer', 'category', 'l2-category', 'split'],
        ['10', red, 'What colour is the square?', 'Look closely', 'red', 'blue', 'green', 'A', 'colour', 'perception', 'dev'],
        ['11', '10', 'Is the square "bright"?', '', 'yes', 'no', '', 'A', 'colour', 'perception', 'dev'],
        ['12', blue, 'Which colour?', '', 'red', 'blue', 'green', 'B', 'colour', 'perception', 'dev'],
      ]),
    );
  }

  it('imports a VLMEvalKit benchmark TSV with base64 images (shared by index), then predictions that join it by id', async () => {
    const w = workspace();
    const benchmark = vlmevalkitBenchmark(w);
    const first = await run(w, [benchmark]);
    expect(first.samples).toBe(3);
    expect(first.images).toEqual({ stored: 2, missing: 0 });
    const shared = findSampleByExternalId(w.db, 'ToyMCQ', '11')!;
    expect(shared.images[0]!.sha256).toBe(findSampleByExternalId(w.db, 'ToyMCQ', '10')!.images[0]!.sha256);
    expect(shared.choices).toEqual({ A: 'yes', B: 'no' });

    const predictions = w.write(
      'outputs/toy_model/toy_model_ToyMCQ.tsv',
      tsv([
        ['index', 'question', 'A', 'B', 'C', 'answer', 'category', 'prediction'],
        ['10', 'What colour is the square?', 'red', 'blue', 'green', 'A', 'colour', 'A. red'],
        ['11', 'Is the square "bright"?', 'yes', 'no', '', 'A', 'colour', 'B'],
        ['12', 'Which colour?', 'red', 'blue', 'green', 'B', 'colour', 'The answer is B.'],
      ]),
    );
    const second = await run(w, [predictions]);
    expect(second.samples).toBe(0); // joined the benchmark's samples
    expect(second.files[0]).toMatchObject({ checkpoint: 'toy_model', benchmark: 'ToyMCQ', status: 'imported' });
    expect(second.runs[0]).toMatchObject({ checkpoint: 'toy_model', benchmark: 'ToyMCQ', predictions: 3, correct: 2 });
  });

  it('reads judged VLMEvalKit files: hit/log and extracted/score are kept as official verdicts', async () => {
    const w = workspace();
    const judged = w.write(
      'm_HallusionBench_auxmatch.csv',
      ['index,question,answer,prediction,extracted,score', 'a1,Is it red?,Yes,"Yes, it is red.",Yes,True', 'a2,Is it big?,No,"Yes, very.",Yes,False', ''].join('\n'),
    );
    const summary = await run(w, [judged], { format: 'vlmevalkit' });
    expect(summary.runs[0]).toMatchObject({ checkpoint: 'm', benchmark: 'HallusionBench', officialN: 2, officialCorrect: 1, correct: 1, agreement: 1 });
    const detail = predictionDetail(w.db, 1)!;
    expect(detail.officialExtracted).toBe('Yes');
    expect(detail.officialCorrect).toBe(true);
  });

  it('maps fields with --map (dotted paths) and parses values written as Python literals', async () => {
    const w = workspace();
    const file = w.write(
      'chart_eval.jsonl',
      jsonl([
        { uid: 'q1', doc: { text: 'Which bar is tallest?', opts: "['red', 'blue', 'green']" }, gt: 'B', out: { text: 'The answer is B' }, judge: 'True', who: 'qwen-7b' },
        { uid: 'q2', doc: { text: 'How many bars?', opts: '[]' }, gt: "['3', 'three']", out: { text: '\\boxed{3}' }, judge: 'False', who: 'qwen-7b' },
      ]),
    );
    const summary = await run(w, [file], {
      benchmark: 'ChartToy',
      map: { id: 'uid', question: 'doc.text', choices: 'doc.opts', answer: 'gt', prediction: 'out.text', correct: 'judge', model: 'who' },
    });
    expect(summary.runs[0]).toMatchObject({ checkpoint: 'qwen-7b', benchmark: 'ChartToy', predictions: 2, correct: 2, officialCorrect: 1 });
    const q1 = findSampleByExternalId(w.db, 'ChartToy', 'q1')!;
    expect(q1.question).toBe('Which bar is tallest?');
    expect(q1.choices).toEqual({ A: 'red', B: 'blue', C: 'green' });
    const q2 = findSampleByExternalId(w.db, 'ChartToy', 'q2')!;
    expect(q2.choices).toBeNull();
    expect(JSON.parse(q2.answer)).toEqual(['3', 'three']); // a list, not the text of its repr
    await expect(run(w, [w.write('other.jsonl', jsonl([{ id: 1, question: 'q', prediction: 'p' }]))], { map: { answer: 'no.such.field' }, checkpoint: 'x' })).rejects.toThrow(
      /--map answer=no\.such\.field: no such field/,
    );
    // A summary of figures is not records: said so, not "key accuracy: not an object".
    await expect(run(w, [w.write('scores.json', JSON.stringify({ accuracy: 0.86, f1_weighted: 0.86 }))], { checkpoint: 'x' })).rejects.toThrow(
      /scores\.json: an object of figures \(accuracy, f1_weighted\), not per-sample records/,
    );
  });

  it('imports a Parquet dataset with image bytes and image paths; a missing image is recorded and the sample still imports', async () => {
    const w = workspace();
    const green = tinyPng(3, 5, [0, 255, 0]);
    w.write('imgs/on-disk.png', tinyPng(6, 2, [9, 9, 9]));
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'question_id', data: ['p1', 'p2', 'p3'] },
        { name: 'question', data: ['Count the cubes.', 'What shape?', 'What colour?'] },
        { name: 'answer', data: ['3', 'cube', 'grey'] },
        { name: 'image', data: [{ bytes: new Uint8Array(green), path: null }, { bytes: null, path: 'imgs/on-disk.png' }, { bytes: null, path: 'imgs/lost.png' }] },
      ],
      // The schema Hugging Face datasets write for an Image feature: struct<bytes: binary, path: string>.
      schema: [
        { name: 'root', num_children: 4 },
        { name: 'question_id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'question', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'answer', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ],
    });
    const file = w.write('clevr-mini.parquet', Buffer.from(buffer));
    const summary = await run(w, [file], { benchmark: 'ClevrMini' });
    expect(summary.samples).toBe(3);
    expect(summary.images).toEqual({ stored: 2, missing: 1 });
    expect(findSampleByExternalId(w.db, 'ClevrMini', 'p1')!.images[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(findSampleByExternalId(w.db, 'ClevrMini', 'p3')!.images).toEqual([{ sha256: null, missing: 'imgs/lost.png' }]);
    const image = w.db.prepare('SELECT width, height, mime FROM images WHERE sha256 = ?').get(findSampleByExternalId(w.db, 'ClevrMini', 'p2')!.images[0]!.sha256);
    expect(image).toEqual({ width: 6, height: 2, mime: 'image/png' });
  });

  it('refuses a Parquet file whose column chunks are not its schema columns, before reading any', async () => {
    const w = workspace();
    const buffer = Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'question', data: ['q'] }, { name: 'answer', data: ['1'] }] }));
    // The footer names each column twice, in the schema and then in the row group's chunk: rename the chunk's.
    const at = buffer.lastIndexOf('answer');
    buffer.write('answex', at);
    const file = w.write('damaged.parquet', buffer);
    await expect(run(w, [file], { benchmark: 'Damaged' })).rejects.toThrow(/damaged\.parquet.*not a readable Parquet file: row group 1: its column chunks are not the schema's columns/);
  });

  it('looks up relative image paths in --images DIR when they are not beside the file', async () => {
    const w = workspace();
    w.write('elsewhere/a.png', tinyPng(2, 2, [1, 2, 3]));
    const file = w.write('data/q.jsonl', jsonl([{ id: 'a', question: 'q', answer: '1', image: 'a.png' }, { id: 'b', question: 'q', answer: '2', image: 'b.png' }]));
    const summary = await run(w, [file], { images: join(w.dir, 'elsewhere'), benchmark: 'Paths' });
    expect(summary.images).toEqual({ stored: 1, missing: 1 });
  });

  it('says a --checkpoint was of no use when no prediction field is found (the file is read as a benchmark)', async () => {
    const w = workspace();
    const file = w.write('custom.jsonl', jsonl([{ id: 'a', question: 'q', answer: '1', resp: { text: '1' } }]));
    const summary = await run(w, [file], { checkpoint: 'my-sft', benchmark: 'Custom' });
    expect(summary.predictions).toBe(0);
    expect(summary.warnings.join('\n')).toMatch(/--checkpoint my-sft given, but no prediction field was found .*the first record has id, question, answer, resp\): imported as a benchmark only; name the field with --map prediction=FIELD/);
  });

  it('refuses --step where the checkpoint the file names carries another step, and changes nothing', async () => {
    const w = workspace();
    const file = w.write('grpo_eval.jsonl', jsonl([{ id: 'a', question: '1+1?', answer: '2', prediction: '\\boxed{2}', model: 'r1-v-3b@2800' }]));
    await expect(run(w, [file], { step: 100 })).rejects.toThrow(/grpo_eval\.jsonl: --step 100 disagrees with the step in the checkpoint's name r1-v-3b@2800; give one of them/);
    expect(runSummaries(w.db)).toEqual([]);
    expect((await run(w, [file], { step: 2800 })).runs[0]).toMatchObject({ checkpoint: 'r1-v-3b@2800', step: 2800 });
  });

  it('finds an optional field the first record lacks in the records that have it (a text-only question first)', async () => {
    const w = workspace();
    w.write('data/a.png', tinyPng(2, 2, [1, 2, 3]));
    // LLaVA's ScienceQA questions: only those with a picture have `image`.
    const file = w.write('data/q.json', JSON.stringify([{ id: 't', question: 'q', answer: '1' }, { id: 'a', question: 'q', answer: '2', image: 'a.png', category: 'physics' }, { id: 'b', question: 'q', answer: '3', image: 'lost/b.png' }]));
    const summary = await run(w, [file], { benchmark: 'Mixed' });
    expect(summary.images).toEqual({ stored: 1, missing: 1 });
    expect(findSampleByExternalId(w.db, 'Mixed', 'b')!.images).toEqual([{ sha256: null, missing: 'lost/b.png' }]);
    expect(findSampleByExternalId(w.db, 'Mixed', 'a')!.category).toBe('physics');
  });

  it('is all or nothing: a malformed row, a missing column or bad base64 names file, row and field and changes nothing', async () => {
    const w = workspace();
    await run(w, [vlmevalkitBenchmark(w)]);
    const before = dumpWorkspace(w.db);
    const good = tsv([
      ['index', 'question', 'A', 'B', 'answer', 'prediction'],
      ['10', 'What colour is the square?', 'red', 'blue', 'A', 'A'],
    ]);
    const shortRow = w.write('m1_ToyMCQ.tsv', `${good}11\tonly three\tfields\n`);
    const noColumn = w.write('m2_ToyMCQ.tsv', tsv([['index', 'answer', 'prediction'], ['1', 'A', 'A']]));
    const badImage = w.write('Broken.tsv', tsv([['index', 'image', 'question', 'answer'], ['1', tinyPng(2, 2, [0, 0, 0]).toString('base64'), 'q', 'a'], ['2', `${'A'.repeat(80)}*==`, 'q', 'a']]));
    const notImage = w.write('NotImage.tsv', tsv([['index', 'image', 'question', 'answer'], ['1', Buffer.from('just some text, not a picture at all: long enough to be base64').toString('base64'), 'q', 'a']]));

    const failure = (paths: string[]) => run(w, paths).then(() => null, (error: unknown) => error);
    const e1 = await failure([shortRow]);
    expect(e1).toBeInstanceOf(ImportError);
    expect((e1 as ImportError).message).toMatch(/m1_ToyMCQ\.tsv, line 3: 3 fields where the header has 6/);
    expect(((await failure([noColumn])) as Error).message).toMatch(/m2_ToyMCQ\.tsv, header, field "question": missing column/);
    expect(((await failure([badImage])) as Error).message).toMatch(/Broken\.tsv, line 3, field "image": not base64/);
    expect(((await failure([notImage])) as Error).message).toMatch(/NotImage\.tsv, line 2, field "image": .*does not decode to an image/);
    // Several files at once: the good one is not imported either.
    const goodFile = w.write('m3_ToyMCQ.tsv', good);
    expect(await failure([goodFile, shortRow])).toBeInstanceOf(ImportError);
    expect(dumpWorkspace(w.db)).toEqual(before);
  });

  it('creates nothing new when the same file is imported again; a changed file is a new run; --replace replaces', async () => {
    const w = workspace();
    const rows = [
      ['index', 'question', 'A', 'B', 'answer', 'prediction'],
      ['1', 'Left or right?', 'left', 'right', 'A', 'A'],
      ['2', 'Up or down?', 'up', 'down', 'B', 'A'],
    ];
    const file = w.write('m_Toy2.tsv', tsv(rows));
    const first = await run(w, [file]);
    const before = dumpWorkspace(w.db);
    const again = await run(w, [file]);
    expect(again.files[0]!.status).toBe('already imported');
    expect(again.files[0]!.runIds).toEqual(first.files[0]!.runIds);
    expect(again.runs).toEqual([]);
    expect(dumpWorkspace(w.db)).toEqual(before);

    rows[2]![5] = 'B';
    writeFileSync(file, tsv(rows));
    const changed = await run(w, [file]);
    expect(changed.runs).toHaveLength(1);
    expect(changed.warnings.join('\n')).toMatch(/m on Toy2 already has imported run 1 .*--replace/);
    expect(count(w.db, 'runs')).toBe(2);

    rows[1]![5] = 'B';
    writeFileSync(file, tsv(rows));
    const replaced = await run(w, [file], { replace: true });
    expect(count(w.db, 'runs')).toBe(1);
    expect(count(w.db, 'predictions')).toBe(2);
    expect(replaced.runs[0]).toMatchObject({ correct: 1 });
    expect(runSummaries(w.db)).toHaveLength(1);
  });

  it('imports lmms-eval --log_samples JSONL with the task metric as the official verdict', async () => {
    const w = workspace();
    w.write('logs/llava-v1.6-7b/results_2025-01-01.json', JSON.stringify({ model_name: 'liuhaotian/llava-v1.6-vicuna-7b', results: { mmstar: { 'average,none': 0.5 } } }));
    const mmstar = w.write(
      'logs/llava-v1.6-7b/20250101_samples_mmstar.jsonl',
      jsonl([
        {
          doc_id: 0,
          doc: { index: 0, question: 'Which option describes the image?\nOptions: A: a cat B: a dog', answer: 'A', category: 'coarse perception' },
          target: 'A',
          arguments: [['<image>\nWhich option…', { max_new_tokens: 32 }]],
          resps: [['A']],
          filtered_resps: ['A'],
          doc_hash: 'abc',
          prompt_hash: 'def',
          target_hash: 'ghi',
          average: { question_id: 0, category: 'coarse perception', score: 1.0 },
        },
        { doc_id: 1, doc: { question: 'Is it raining?', answer: 'B' }, target: 'B', resps: [['The answer is A.']], filtered_resps: ['A'], average: { question_id: 1, score: 0.0 } },
      ]),
    );
    const mmmu = w.write(
      'logs/llava-v1.6-7b/20250101_samples_mmmu_val.jsonl',
      jsonl([
        {
          doc_id: 0,
          doc: { id: 'validation_Art_1', question: 'Which painting?', options: "['Monet', 'Manet']", answer: 'A' },
          target: 'A',
          resps: [['(A) Monet']],
          filtered_resps: ['(A) Monet'],
          mmmu_acc: { id: 'validation_Art_1', subdomain: 'Art', question_type: 'multiple-choice', answer: 'A', parsed_pred: 'A' },
        },
        {
          doc_id: 1,
          doc: { id: 'validation_Math_2', question: 'x = ?', options: '[]', answer: '1.5' },
          target: '1.5',
          resps: [['x is 2']],
          filtered_resps: ['x is 2'],
          mmmu_acc: { id: 'validation_Math_2', question_type: 'open', answer: '1.5', parsed_pred: [2.0, 'x is 2'] },
        },
      ]),
    );
    const summary = await run(w, [mmstar, mmmu]);
    const byTask = Object.fromEntries(summary.runs.map((r) => [r.benchmark, r]));
    expect(byTask.mmstar).toMatchObject({ checkpoint: 'liuhaotian/llava-v1.6-vicuna-7b', predictions: 2, officialCorrect: 1, correct: 1 });
    expect(byTask.mmmu_val).toMatchObject({ predictions: 2, officialN: 2, officialCorrect: 1, correct: 1 });
    expect(findSampleByExternalId(w.db, 'mmmu_val', '0')!.choices).toEqual({ A: 'Monet', B: 'Manet' });
  });

  it('imports EasyR1 logs: step metrics, and validation generations attached to the checkpoint at each validated step', async () => {
    const w = workspace();
    const log = w.write(
      'checkpoints/easy_r1/qwen2_5_vl_geo_grpo/experiment_log.jsonl',
      jsonl([
        { step: 1, actor: { pg_loss: 0.12, entropy_loss: 0.9 }, reward: { overall: 0.31 } },
        { step: 2, actor: { pg_loss: 0.1 }, 'val/reward_score': 0.33, 'val/accuracy': 0.33 },
        { step: 3, actor: { pg_loss: 0.08 }, reward: { overall: 0.52 } },
        { step: 4, actor: { pg_loss: 0.05 }, val: { reward_score: 0.67, accuracy: 0.67 } },
      ]),
    );
    const block = (question: string, output: string, gold: string, score: string) =>
      `[prompt] system\nYou are a helpful assistant.\nuser\n${question}\nassistant\n\n[output] ${output}\n[ground_truth] ${gold}\n[score] ${score}\n\n`;
    const generations = w.write(
      'checkpoints/easy_r1/qwen2_5_vl_geo_grpo/generations.log',
      [
        block('What is 2+3?', '<think>2+3=5</think> \\boxed{5}', '5', '1.0'),
        block('Angle ABC is 40°, find x.', '<think>Vertical angles.\n\nSo x = 50.</think> \\boxed{50}', '40', '0.1'),
        block('How many sides has a hexagon?', '\\boxed{6}', '6', '0.9'),
        block('What is 2+3?', '<think>add</think> \\boxed{5}', '5', '1.0'),
        block('Angle ABC is 40°, find x.', '<think>equal</think> \\boxed{40}', '40', '1.0'),
        block('How many sides has a hexagon?', '<think>six</think> \\boxed{6}', '6', '1.0'),
      ].join(''),
    );
    const summary = await run(w, [generations, log]);
    expect(summary.metrics).toBe(11);
    expect(summary.runs.map((r) => [r.checkpoint, r.step, r.correct, r.officialCorrect])).toEqual([
      ['qwen2_5_vl_geo_grpo@2', 2, 2, 2],
      ['qwen2_5_vl_geo_grpo@4', 4, 3, 3],
    ]);
    expect(summary.samples).toBe(3); // the same validation questions at both steps
    const metrics = trainingMetrics(w.db, 'qwen2_5_vl_geo_grpo');
    expect(metrics.find((m) => m.step === 4 && m.key === 'val/accuracy')).toMatchObject({ value: 0.67 });
    expect(metrics.find((m) => m.step === 4 && m.key === 'val/accuracy')!.checkpointId).not.toBeNull();
    expect(metrics.find((m) => m.step === 1)!.checkpointId).toBeNull();
    const multiLine = predictionDetail(w.db, 2)!;
    expect(multiLine.think).toBe('Vertical angles.\n\nSo x = 50.');

    // --step names the step when there is no experiment log to take it from.
    const lone = w.write('elsewhere/generations.log', block('1+1?', '\\boxed{2}', '2', '1.0'));
    const withStep = await run(w, [lone], { step: 120, checkpoint: 'sft' });
    expect(withStep.runs[0]).toMatchObject({ checkpoint: 'sft@120', step: 120 });
    // A checkpoint given with its step is named once.
    const again = w.write('again/generations.log', block('1+1?', '<think>sum</think> \\boxed{2}', '2', '1.0'));
    expect((await run(w, [again], { step: 120, checkpoint: 'grpo@120' })).runs[0]).toMatchObject({ checkpoint: 'grpo@120', step: 120 });
    // Two steps for one checkpoint are refused, not one of them kept silently.
    const third = w.write('third/generations.log', block('1+1?', '\\boxed{2}', '2', '1.0'));
    await expect(run(w, [third], { step: 100, checkpoint: 'grpo@120' })).rejects.toThrow(/--step: 100 disagrees with --checkpoint grpo@120 \(step 120\)/);
    // Both validated on the same question: one benchmark, named after it, so the two experiments compare.
    expect(new Set(runSummaries(w.db).filter((r) => ['sft@120', 'grpo@120'].includes(r.checkpoint)).map((r) => r.benchmark)).size).toBe(1);
    expect(withStep.warnings.join('\n')).toMatch(/benchmark named "easyr1-val-[0-9a-f]{8}" after its 1 question\(s\)/);

    // A reward that weighs format more (0.6 for a well-formatted wrong answer) says nothing of right or wrong.
    const formatHeavy = w.write('format_heavy/generations.log', block('7+4?', '<think>add</think> \\boxed{12}', '11', '0.6') + block('2+2?', '<think>add</think> \\boxed{4}', '4', '1.5'));
    const heavy = await run(w, [formatHeavy], { step: 50 });
    expect(heavy.runs[0]).toMatchObject({ correct: 1, officialCorrect: 0, officialN: 0 });
    expect(heavy.warnings.join('\n')).toMatch(/\[score\] rewards are not verdicts: some lie between right and wrong \(e\.g\. 0\.6\)/);
    // `stats` names EasyR1's rule and says its verdicts are not in this file, not "no official rule".
    const heavyRun = runSummaries(w.db).find((r) => r.runId === heavy.runs[0]!.runId)!;
    expect(heavyRun.provenance.officialRule).toMatch(/^EasyR1's reward .* not in this file/);
  });

  it('joins an MMMU prediction dict to its separate answer dict and grades it officially with MMMU\'s rules', async () => {
    const w = workspace();
    const answers = w.write(
      'mmmu/eval/answer_dict_val.json',
      JSON.stringify({
        validation_Art_1: { question_type: 'multiple-choice', ground_truth: 'B' },
        validation_Math_2: { question_type: 'open', ground_truth: '1.5' },
        validation_Math_3: { question_type: 'open', ground_truth: ['3', 'three'] },
        validation_Math_4: { question_type: 'multiple-choice', ground_truth: 'C' },
      }),
    );
    const outputs = w.write(
      'mmmu/example_outputs/qwen_vl_chat/total_val_output.json',
      JSON.stringify({ validation_Art_1: 'B', validation_Math_2: [1.5, 'the length is 1.50'], validation_Math_3: ['four'], validation_Math_4: 'A' }),
    );
    const summary = await run(w, [outputs, answers]);
    expect(summary.files.map((f) => f.kind)).toEqual(['benchmark', 'predictions']);
    expect(summary.runs[0]).toMatchObject({ checkpoint: 'qwen_vl_chat', benchmark: 'MMMU_validation', predictions: 4, officialN: 4, officialCorrect: 2 });
    expect(findSampleByExternalId(w.db, 'MMMU_validation', 'validation_Math_3')!.category).toBe('Math');

    // Predictions alone find the answer dict where MMMU keeps it.
    const w2 = workspace();
    w2.write('mmmu/eval/answer_dict_val.json', JSON.stringify({ validation_Art_1: { question_type: 'multiple-choice', ground_truth: 'B' } }));
    const alone = w2.write('mmmu/example_outputs/m/output.json', JSON.stringify({ validation_Art_1: 'B' }));
    const summary2 = await run(w2, [alone]);
    expect(summary2.runs[0]).toMatchObject({ checkpoint: 'm', officialCorrect: 1 });
  });

  it('runs as a job for the UI: progress, the summary as its message, and a runs-changed event', async () => {
    const w = workspace();
    const jobs = new JobManager(w.db);
    const events: string[] = [];
    jobs.events.on('event', (event) => events.push(event.type === 'changed' ? `changed:${event.what}` : event.type === 'job' ? `job:${event.job.status}` : event.type));
    const file = w.write('m_Toy3.tsv', tsv([['index', 'question', 'answer', 'prediction'], ['1', '2+2?', '4', '4']]));
    const started = await startImportJob({ db: w.db, workspacePath: w.path, jobs }, [file], {});
    expect(started.job).toMatchObject({ kind: 'import', status: 'running' });
    const done = await started.done;
    expect(done.status).toBe('completed');
    expect(JSON.parse(done.message)).toMatchObject({ predictions: 1, runs: [{ checkpoint: 'm', benchmark: 'Toy3' }] });
    expect(events).toContain('changed:runs');

    const bad = w.write('bad.jsonl', '{"id": 1, "question": "q", "answer": "a"}\nnot json\n');
    const failed = await (await startImportJob({ db: w.db, workspacePath: w.path, jobs }, [bad], {})).done;
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/bad\.jsonl, line 2: not JSON/);
    expect(count(w.db, 'predictions')).toBe(1);
  });

  it('serves importFiles to the UI: absolute paths only, bad mappings refused before a job starts', async () => {
    const w = workspace();
    const jobs = new JobManager(w.db);
    const finished = new Promise<string>((resolve) =>
      jobs.events.on('event', (event) => {
        if (event.type === 'job' && event.job.status !== 'running') resolve(event.job.status);
      }),
    );
    const handlers = createImportHandlers({ db: w.db, workspacePath: w.path, jobs });
    await expect(handlers.importFiles({ paths: ['relative/file.tsv'] })).rejects.toBeInstanceOf(BadRequestError);
    await expect(handlers.importFiles({ paths: [join(w.dir, 'x.jsonl')], map: ['colour=x'] })).rejects.toThrow(/unknown target "colour"/);
    const file = w.write('m_Toy4.tsv', tsv([['index', 'question', 'answer', 'prediction'], ['1', '1+1?', '2', '2']]));
    const job = await handlers.importFiles({ paths: [file] });
    expect(job).toMatchObject({ kind: 'import', status: 'running' });
    expect(await finished).toBe('completed');
  });

  it('keeps reported figures from summary files beside the per-sample file', async () => {
    const w = workspace();
    const file = w.write('m_MMStar.tsv', tsv([['index', 'question', 'A', 'B', 'answer', 'prediction'], ['1', 'q', 'x', 'y', 'A', 'A'], ['2', 'q2', 'x', 'y', 'B', 'A']]));
    w.write('m_MMStar_acc.csv', '"split","Overall","math"\n"none","0.5","0.5"\n');
    const summary = await run(w, [file]);
    expect(reportedFigures(w.db, summary.runs[0]!.runId)).toEqual([{ metric: 'Overall', value: 0.5, correct: null, total: null, source: 'm_MMStar_acc.csv' }]);
  });
});
