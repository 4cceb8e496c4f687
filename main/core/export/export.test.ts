import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWorkspace } from '../demo/seed';
import { GRADER_VERSION } from '../grading';
import { parseQuery } from '../query/filter';
import { getImage } from '../store/catalog';
import { openWorkspace, type Db } from '../store/database';
import { createFailureSet } from '../store/failure-sets';
import { labelTaxonomy } from '../store/predictions';
import { APP_VERSION } from '../version';
import { EXPORT_FORMATS, type ExportFormat } from './api-contract';
import { EXPORT_EXTENSIONS, exportRecords } from './export';
import { openExport, importWorkbenchExport } from './read-back';
import { EXPORT_SCHEMA_VERSION, type ExportRecord } from './record';
import { addEdgeCases, asCsvKeepsIt, comparable, recordsOfExport, workspaceRecords } from '../../test-support/export-records';
import { easyR1Line } from './writers/easyr1';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('exporting a failure set and reading it back', () => {
  let dir: string;
  let db: Db;
  let setId: number;
  let originals: ExportRecord[];
  const fresh = (name: string): Db => openWorkspace(join(dir, `${name}.sqlite`));
  const target = (format: ExportFormat, name: string = format): string => join(dir, 'out', `${name}${EXPORT_EXTENSIONS[format]}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-export-'));
    db = openWorkspace(join(dir, 'source.sqlite'));
    await seedDemoWorkspace(db, { count: 40 });
    const edge = addEdgeCases(db);
    // Labels on some demo failures too, so every format carries labels beside unlabelled records.
    const demoFailures = workspaceRecords(db, 'benchmark:CLEVR correct:false').slice(0, 5);
    for (const record of demoFailures) {
      db.prepare("INSERT INTO annotations (prediction_id, label, note, source, author, created_at) VALUES (?, 'perception', 'miscounted', 'manual', 'carol', '2026-01-02T03:04:05.000Z')").run(
        record.source_prediction_id,
      );
    }
    const set = createFailureSet(db, {
      name: 'stage3 failures',
      description: 'what stage 3 still gets wrong',
      filter: { query: 'checkpoint:stage3 correct:false', parsed: parseQuery('checkpoint:stage3 correct:false') },
      predictionIds: [...edge.predictionIds, ...demoFailures.map((r) => r.source_prediction_id)],
    });
    setId = set.id;
    originals = workspaceRecords(db, 'set:"stage3 failures"');
    expect(originals.length).toBe(set.size);
  }, 60_000);

  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the awkward cases it means to test', () => {
    const byId = new Map(originals.map((r) => [r.sample.id, r]));
    const multi = originals.find((r) => r.sample.id === 'multi-image' && r.sample_index === 0)!;
    expect(multi.sample.images).toHaveLength(3);
    expect(multi.sample.images[2]).toEqual({ missing: 'gone/missing.png' });
    expect(multi.labels.map((l) => l.source).sort()).toEqual(['judge', 'manual', 'manual']);
    expect(multi.official).toEqual({ correct: true, extracted: '1' });
    expect(multi.think_span).toEqual([7, 43]);
    expect(multi.verdicts.map((v) => [v.requested_scorer, v.scorer, v.grader_version])).toEqual([
      ['text', 'text', '0.9.0'],
      ['auto', 'mcq', '0.9.0'],
    ]);
    expect(originals.some((r) => r.error !== null)).toBe(true);
    expect(byId.get('negative')!.sample.answer).toBe('-3');
    expect(originals.filter((r) => r.benchmark.startsWith('CLEVR')).length).toBeGreaterThan(10);
  });

  for (const format of EXPORT_FORMATS) {
    it(`${format}: writes the records with a manifest, reads them back field by field, and imports them into a fresh workspace`, async () => {
      const out = target(format);
      const progress: Array<[number, number]> = [];
      const result = await exportRecords(db, { source: { setId }, format, outPath: out, pageSize: 7, onProgress: (done, total) => progress.push([done, total]) });
      expect(result.records).toBe(originals.length);
      expect(progress.at(-1)).toEqual([originals.length, originals.length]);
      expect(progress.length).toBeGreaterThan(3); // page by page, not all at once

      // The manifest: set, filter, runs and checkpoints, grader versions, taxonomy, annotators, versions.
      const manifest = result.manifest;
      expect(manifest).toMatchObject({
        schema_version: EXPORT_SCHEMA_VERSION,
        tool: 'vlm-workbench',
        tool_version: APP_VERSION,
        format,
        records: originals.length,
        set: { name: 'stage3 failures', filter: 'checkpoint:stage3 correct:false', description: 'what stage 3 still gets wrong' },
        simulated: true,
      });
      expect(new Set(manifest.runs.map((run) => run.run_key))).toEqual(new Set(originals.map((r) => r.run_key)));
      expect(manifest.checkpoints.map((c) => c.name)).toContain('edge-model@7');
      // The edge cases carry verdicts of graders 0.9.0 and 1.0.0; the demo's are graded by the current one.
      expect(manifest.grader_versions).toEqual([...new Set(['0.9.0', '1.0.0', GRADER_VERSION])].sort());
      expect(manifest.label_taxonomy).toEqual(labelTaxonomy(db));
      expect(manifest.annotators).toEqual([
        { source: 'counterfactual', author: 'counterfactual:dataset', labels: 1 },
        { source: 'judge', author: 'judge:gpt-4o failure-attribution@v1', labels: 1 },
        { source: 'manual', author: 'alice', labels: 1 },
        { source: 'manual', author: 'bob', labels: 1 },
        { source: 'manual', author: 'carol', labels: 5 },
      ]);
      const reader = (await openExport(out))!;
      expect(reader.format).toBe(format);
      expect(reader.manifest).toEqual(manifest);
      await reader.close();

      // Read back: every record equal to what the workspace holds, field by field.
      const expected = format === 'csv' ? originals.map(asCsvKeepsIt) : originals;
      const read = await recordsOfExport(out);
      expect(read.map((r) => r.record_id)).toEqual(expected.map((r) => r.record_id));
      for (let i = 0; i < read.length; i++) expect(read[i], read[i]!.record_id).toEqual(expected[i]);

      // Imported into a fresh workspace: the same samples, images, predictions, verdicts and labels.
      const copy = fresh(`copy-${format}`);
      try {
        const summary = await importWorkbenchExport(copy, out);
        expect(summary).toMatchObject({ records: originals.length, predictionsAdded: originals.length, predictionsKept: 0 });
        expect(summary.labelsAdded).toBe(originals.reduce((n, r) => n + r.labels.length, 0));
        expect(summary.taxonomyAdded).toEqual(['occlusion']);
        const restored = comparable(workspaceRecords(copy));
        expect([...restored.keys()].sort()).toEqual(expected.map((r) => r.record_id).sort());
        for (const [id, record] of comparable(expected)) expect(restored.get(id), id).toEqual(record);
        for (const record of originals) {
          for (const image of record.sample.images) {
            if ('sha256' in image) expect(sha256(getImage(copy, image.sha256)!.bytes)).toBe(image.sha256);
          }
        }
        // Reading the same export again adds nothing.
        const again = await importWorkbenchExport(copy, out);
        expect(again).toMatchObject({ predictionsAdded: 0, predictionsKept: originals.length, labelsAdded: 0, samplesAdded: 0, imagesAdded: 0 });
      } finally {
        copy.close();
      }
    }, 60_000);
  }

  it('jsonl and easyr1 write a folder with the records file, images/ and manifest.json', async () => {
    for (const format of ['jsonl', 'easyr1'] as const) {
      const out = target(format, `${format}-layout`);
      await exportRecords(db, { source: { setId }, format, outPath: out });
      const images = readdirSync(join(out, 'images'));
      expect(readdirSync(out).sort()).toEqual(['images', 'manifest.json', format === 'jsonl' ? 'records.jsonl' : 'train.jsonl']);
      const distinct = new Set(originals.flatMap((r) => r.sample.images.flatMap((i) => ('sha256' in i ? [i.sha256] : []))));
      expect(images).toHaveLength(distinct.size);
      for (const name of images) expect(`${sha256(readFileSync(join(out, 'images', name)))}.png`).toBe(name);
    }
  });

  it('easyr1 lines have problem with one <image> per image, the gold answer, and image paths', async () => {
    const out = target('easyr1', 'easyr1-lines');
    await exportRecords(db, { source: { setId }, format: 'easyr1', outPath: out });
    const lines = readFileSync(join(out, 'train.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const multi = lines.find((line) => (line.problem as string).includes('redder'))!;
    expect(multi.problem).toBe('<image><image>Which picture is "redder"?\tCompare\nboth.\n1. the first\n2. the second, "quoted"\n3. =SUM(A1:A9)');
    expect(multi.answer).toBe('1');
    expect((multi.images as string[]).every((path) => /^images\/[0-9a-f]{64}\.png$/.test(path))).toBe(true);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['answer', 'images', 'problem', 'workbench']);
      const images = line.images as string[];
      expect((line.problem as string).split('<image>').length - 1).toBe(images.length);
      for (const path of images) expect(existsSync(join(out, path))).toBe(true);
    }
    expect(easyR1Line(originals[0]!).answer).toBe(originals[0]!.sample.answer);
  });

  it('vlmevalkit: options lettered A, B, C, images as base64 once and then by row index, gold letters', async () => {
    const out = target('vlmevalkit', 'vlmevalkit-columns');
    await exportRecords(db, { source: { setId }, format: 'vlmevalkit', outPath: out });
    const { parse } = await import('csv-parse/sync');
    const rows = parse(readFileSync(out), { columns: true, delimiter: '\t' }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!).slice(0, 3)).toEqual(['index', 'image', 'question']);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['A', 'B', 'C', 'answer', 'category', 'wb_record']));
    const multi = rows.find((row) => row.question!.includes('redder'))!;
    // A formula-like option is neutralised for spreadsheets (the exact text stays in wb_record).
    expect([multi.A, multi.B, multi.C, multi.answer]).toEqual(['the first', 'the second, "quoted"', "'=SUM(A1:A9)", 'A']);
    for (const row of rows) for (const column of ['question', 'A', 'B', 'C', 'category']) expect(row[column] ?? '', column).not.toMatch(/^[=+@]|^-(?!\d)/);
    expect((await recordsOfExport(out)).some((record) => Object.values(record.sample.choices ?? {}).includes('=SUM(A1:A9)'))).toBe(true);
    const images = JSON.parse(multi.image!) as string[];
    expect(images).toHaveLength(2);
    const seen = new Map<string, string>();
    for (const row of rows) {
      if (row.image!.length > 64) seen.set(row.index!, row.image!);
      else if (row.image !== '') expect(seen.get(row.image!), 'a short image cell names an earlier row with the images').toBeDefined();
    }
  });

  it('csv keeps spreadsheets from running cells as formulas, and still reads them back exactly', async () => {
    const out = target('csv', 'csv-guard');
    await exportRecords(db, { source: { setId }, format: 'csv', outPath: out });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain("'=-3");
    expect(text).not.toMatch(/(^|,)=-3/m);
    expect(existsSync(`${out}.manifest.json`)).toBe(true);
    const read = await recordsOfExport(out);
    expect(read.find((r) => r.sample.id === 'negative')!.output).toBe('=-3');
  });

  it('exports a filter as it matches when the export starts', async () => {
    const out = target('jsonl', 'filter');
    const result = await exportRecords(db, { source: { query: 'benchmark:Edge label:perception' }, format: 'jsonl', outPath: out });
    expect(result.records).toBe(1);
    expect(result.manifest.set).toMatchObject({ name: null, filter: 'benchmark:Edge label:perception' });
  });

  it('an empty selection still makes a valid export of every format, with its manifest', async () => {
    for (const format of EXPORT_FORMATS) {
      const out = target(format, `empty-${format}`);
      const result = await exportRecords(db, { source: { query: 'correct:true correct:false sample:no-such-sample' }, format, outPath: out });
      expect(result.records).toBe(0);
      expect(await recordsOfExport(out), format).toEqual([]);
      const reader = (await openExport(out))!;
      expect(reader.manifest?.records).toBe(0);
      await reader.close();
    }
  });

  it('refuses to overwrite unless asked, and a failed or cancelled export leaves nothing behind', async () => {
    const file = target('parquet', 'exists');
    mkdirSync(join(dir, 'out'), { recursive: true });
    writeFileSync(file, 'keep me');
    await expect(exportRecords(db, { source: { setId }, format: 'parquet', outPath: file })).rejects.toThrow(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    await exportRecords(db, { source: { setId }, format: 'parquet', outPath: file, overwrite: true });
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('PAR1');

    for (const format of EXPORT_FORMATS) {
      const controller = new AbortController();
      const out = target(format, `cancelled-${format}`);
      const before = readdirSync(join(dir, 'out')).sort();
      await expect(
        exportRecords(db, {
          source: { setId },
          format,
          outPath: out,
          pageSize: 5,
          signal: controller.signal,
          onProgress: (done) => {
            if (done >= 10) controller.abort(new Error('cancelled by the test'));
          },
        }),
      ).rejects.toThrow(/cancelled by the test/);
      const after = readdirSync(join(dir, 'out')).sort();
      // Only the images/ folder that CSV shares with other exports may have appeared.
      expect(after.filter((name) => name !== 'images'), format).toEqual(before.filter((name) => name !== 'images'));
    }
  });
});
