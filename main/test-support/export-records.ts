/**
 * Shared by the export tests (not used by the app): awkward data the demo lacks, and the
 * records of a workspace as the exporter sees them, for field-by-field comparisons.
 */
import { PNG } from 'pngjs';
import type { Db } from '../core/store/database';
import { putImage, upsertBenchmark, upsertCheckpoint, upsertSample } from '../core/store/catalog';
import { matchingPredictionIdPage } from '../core/store/explorer';
import { exportPage } from '../core/store/export-records';
import { addAnnotation } from '../core/store/predictions';
import { applyVerdict } from '../core/store/grades';
import { findOrCreateRun, recordPrediction } from '../core/store/runs';
import { saveLabel } from '../core/store/ui';
import { parseQuery } from '../core/query/filter';
import { buildRecords } from '../core/export/build-record';
import { openExport } from '../core/export/read-back';
import type { ExportRecord } from '../core/export/record';

function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) image.data.set([...rgb, 255], i * 4);
  return PNG.sync.write(image);
}

/**
 * A benchmark of samples that stress every format: two images and a missing one, options keyed
 * 1/2/3, text with tabs, quotes, line breaks, formula-like cells and non-Latin script, a failed
 * answer, an official verdict, labels from three sources with notes, and a label of our own.
 */
export function addEdgeCases(db: Db): { predictionIds: number[] } {
  return db.transaction(() => {
    saveLabel(db, { key: 'occlusion', name: 'Occlusion', hotkey: '7', description: 'an object hides another' });
    const benchmarkId = upsertBenchmark(db, { name: 'Edge-Cases', description: 'awkward on purpose' });
    const red = putImage(db, { bytes: png(3, 2, [255, 0, 0]), mime: 'image/png', width: 3, height: 2 });
    const blue = putImage(db, { bytes: png(2, 5, [0, 0, 255]), mime: 'image/png', width: 2, height: 5 });
    const checkpointId = upsertCheckpoint(db, { name: 'edge-model@7', stage: 'stage2', step: 7, baseModel: 'Base-VL', uri: 'models/edge' });
    const { run } = findOrCreateRun(db, {
      checkpointId,
      benchmarkId,
      runKey: 'eval:edge-run',
      config: { prompt: { systemPrompt: 'Think.\tThen answer.' }, sampling: { temperature: 0.7 } },
      backend: 'openai',
      source: 'http://gpu-box:8000/v1',
      samplesPerQuestion: 2,
    });
    const samples = [
      upsertSample(db, {
        benchmarkId,
        externalId: 'multi-image',
        question: 'Which picture is "redder"?\tCompare\nboth.',
        choices: { '1': 'the first', '2': 'the second, "quoted"', '3': '=SUM(A1:A9)' },
        answer: '1',
        answerType: 'mcq',
        category: 'colour',
        skills: ['colour', 'comparison; with a semicolon'],
        caption: null,
        metadata: { source: { split: 'test', n: 3 }, tags: ['a', 'b'] },
        images: [{ sha256: red }, { sha256: blue }, { missing: 'gone/missing.png' }],
      }),
      upsertSample(db, {
        benchmarkId,
        externalId: 'negative',
        question: '-3 + 0 = ? 日本語の質問',
        choices: null,
        answer: '-3',
        answerType: 'numeric',
        category: null,
        skills: [],
        caption: '@mention +plus',
        metadata: {},
        images: [{ sha256: red }],
      }),
    ];
    const ids: number[] = [];
    ids.push(
      recordPrediction(db, {
        runId: run.id,
        sampleId: samples[0]!,
        sampleIndex: 0,
        rawOutput: '<think>The first is red.\n"Quotes"\tand tabs.</think> \\boxed{2}',
        thinkStart: 7,
        thinkEnd: 43,
        answerPart: '\\boxed{2}',
        formatOk: true,
        verdict: { scorer: 'mcq', graderVersion: '0.9.0', correct: false, score: 0, extracted: '2', reason: 'mcq: 2 is not 1' },
        promptTokens: 120,
        completionTokens: 33,
        latencyMs: 812.25,
        finishReason: 'stop',
        officialCorrect: true,
        officialExtracted: '1',
      }),
    );
    ids.push(
      recordPrediction(db, {
        runId: run.id,
        sampleId: samples[0]!,
        sampleIndex: 1,
        rawOutput: '',
        thinkStart: null,
        thinkEnd: null,
        answerPart: '',
        formatOk: null,
        verdict: null,
        error: 'HTTP 500: server said "no"',
      }),
    );
    ids.push(
      recordPrediction(db, {
        runId: run.id,
        sampleId: samples[1]!,
        sampleIndex: 0,
        rawOutput: '=-3',
        thinkStart: null,
        thinkEnd: null,
        answerPart: '=-3',
        formatOk: false,
        verdict: { scorer: 'numeric', graderVersion: '1.0.0', correct: true, score: 1, extracted: '-3', reason: 'numeric: -3 equals gold' },
        finishReason: 'length',
        officialCorrect: false,
        officialExtracted: null,
      }),
    );
    // A re-grade asked for another scorer under the same grader version: both verdicts are kept.
    applyVerdict(db, ids[0]!, 'text', { scorer: 'text', graderVersion: '0.9.0', correct: false, score: 0, extracted: '2', reason: 'text: "2" vs "1"' }, true);
    addAnnotation(db, { predictionId: ids[0]!, label: 'perception', note: 'misread the colour;\n"red" vs "blue"', source: 'manual', author: 'alice' });
    addAnnotation(db, { predictionId: ids[0]!, label: 'occlusion', note: '=HYPERLINK("x")', source: 'manual', author: 'bob' });
    addAnnotation(db, { predictionId: ids[0]!, label: 'reasoning', note: 'step 2 is wrong', source: 'judge', author: 'judge:gpt-4o failure-attribution@v1' });
    addAnnotation(db, { predictionId: ids[2]!, label: 'format', note: '', source: 'counterfactual', author: 'counterfactual:dataset' });
    return { predictionIds: ids };
  }).immediate();
}

/** Every prediction of a workspace (or those matching a query) as exported records, in id order. */
export function workspaceRecords(db: Db, query = ''): ExportRecord[] {
  const filter = parseQuery(query);
  const records: ExportRecord[] = [];
  for (let after = 0; ; ) {
    const ids = matchingPredictionIdPage(db, filter, after, 500);
    if (ids.length === 0) break;
    records.push(...buildRecords(exportPage(db, ids)));
    after = ids[ids.length - 1]!;
  }
  return records;
}

export async function recordsOfExport(path: string): Promise<ExportRecord[]> {
  const reader = await openExport(path);
  if (!reader) throw new Error(`${path} is not an export`);
  const records: ExportRecord[] = [];
  try {
    for await (const item of reader.records()) records.push(item.record);
  } finally {
    await reader.close();
  }
  return records;
}

/** A record without what differs between workspaces (its prediction id there), keyed for comparison. */
export function comparable(records: ExportRecord[]): Map<string, Omit<ExportRecord, 'source_prediction_id'>> {
  return new Map(
    records.map((record) => {
      const { source_prediction_id: _id, ...rest } = record;
      return [record.record_id, rest];
    }),
  );
}

/**
 * What a CSV can hold: an empty text and a missing one are the same cell, so the nullable texts
 * that were empty read back as missing (documented in readers/csv.ts).
 */
export function asCsvKeepsIt(record: ExportRecord): ExportRecord {
  const nullIfEmpty = (value: string | null): string | null => (value === '' ? null : value);
  return {
    ...record,
    sample: { ...record.sample, answer_type: nullIfEmpty(record.sample.answer_type), category: nullIfEmpty(record.sample.category), caption: nullIfEmpty(record.sample.caption) },
    extracted: nullIfEmpty(record.extracted),
    finish_reason: nullIfEmpty(record.finish_reason),
    error: nullIfEmpty(record.error),
    official:
      record.official && (record.official.correct !== null || nullIfEmpty(record.official.extracted) !== null)
        ? { correct: record.official.correct, extracted: nullIfEmpty(record.official.extracted) }
        : null,
  };
}
