import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { parseQuery, QueryError } from '../query/filter';
import { upsertBenchmark, upsertCheckpoint, upsertSample } from './catalog';
import { openWorkspace, type Db } from './database';
import { explorerPage, unmatchedTerms } from './explorer';
import { addAnnotation, labelTaxonomy } from './predictions';
import { findOrCreateRun, recordPrediction } from './runs';
import { deleteAnnotation, deleteLabel, deleteSavedFilter, listSavedFilters, saveFilter, saveLabel, TaxonomyConflictError } from './ui';

function twoFailures(db: Db): number[] {
  const benchmarkId = upsertBenchmark(db, { name: 'Bench' });
  const checkpointId = upsertCheckpoint(db, { name: 'stage1@100', stage: 'stage1', step: 100 });
  const runId = findOrCreateRun(db, { checkpointId, benchmarkId, runKey: 'k', config: {}, backend: 'test' }).run.id;
  return ['a', 'b', 'c'].map((externalId, index) => {
    const sampleId = upsertSample(db, { benchmarkId, externalId, question: `question ${externalId}`, answer: '1' });
    const correct = index === 2;
    return recordPrediction(db, {
      runId,
      sampleId,
      sampleIndex: 0,
      rawOutput: '\\boxed{2}',
      thinkStart: null,
      thinkEnd: null,
      answerPart: '\\boxed{2}',
      formatOk: false,
      verdict: { scorer: 'numeric', graderVersion: 't', correct, score: correct ? 1 : 0, extracted: '2', reason: 'r' },
    });
  });
}

describe('the research UI store', () => {
  const tempDir = useTempDir();
  const open = () => openWorkspace(join(tempDir(), 'w.sqlite'));

  it('keeps saved filters by name; saving a name again replaces its query', () => {
    const db = open();
    const first = saveFilter(db, 'stage 3 failures', 'checkpoint:stage3 correct:false');
    saveFilter(db, 'stage 3 failures', 'checkpoint:stage3 correct:false label:perception');
    saveFilter(db, 'all', '');
    expect(listSavedFilters(db).map((f) => [f.name, f.query])).toEqual([
      ['all', ''],
      ['stage 3 failures', 'checkpoint:stage3 correct:false label:perception'],
    ]);
    expect(deleteSavedFilter(db, first.id)).toBe(true);
    expect(listSavedFilters(db).map((f) => f.name)).toEqual(['all']);
  });

  it('says which names of a filter that matches nothing name nothing, and what may have been meant', () => {
    const db = open();
    twoFailures(db);
    const hints = (query: string): string[] => unmatchedTerms(db, parseQuery(query));
    // A quoted name is matched whole: "Ben" is no benchmark, though Bench starts so.
    expect(hints('benchmark:"Ben"')).toEqual(['no benchmark named exactly "Ben" in this workspace: did you mean benchmark:Bench?']);
    expect(hints('benchmark:Ben checkpoint:stage1 checkpoint:stage1@100')).toEqual([]);
    expect(hints('checkpoint:stage9 run:999')).toEqual(['no checkpoint named "stage9" (or starting so) in this workspace', 'no run 999 in this workspace']);
  });

  it('filters the review queue with labelled:false and single samples with sample:', () => {
    const db = open();
    const [a, b] = twoFailures(db);
    const queue = () => explorerPage(db, { filter: parseQuery('correct:false labelled:false'), offset: 0, limit: 10 }).rows.map((r) => r.predictionId);
    expect(queue()).toEqual([a, b]);
    const annotation = addAnnotation(db, { predictionId: a!, label: 'perception', note: '', source: 'manual', author: 'me' });
    expect(queue()).toEqual([b]);
    expect(explorerPage(db, { filter: parseQuery('labelled:true'), offset: 0, limit: 10 }).rows.map((r) => r.predictionId)).toEqual([a]);
    expect(explorerPage(db, { filter: parseQuery('sample:b'), offset: 0, limit: 10 }).rows.map((r) => r.predictionId)).toEqual([b]);
    expect(deleteAnnotation(db, annotation.id)).toBe(true);
    expect(queue()).toEqual([a, b]);
    expect(() => parseQuery('labelled:maybe')).toThrow(QueryError);
  });

  it('edits the taxonomy: new labels go last, hotkeys stay unique, labels in use are not removed', () => {
    const db = open();
    const [a] = twoFailures(db);
    const taxonomy = saveLabel(db, { key: 'grounding', name: 'Grounding', hotkey: '7', description: 'Looked at the wrong region' });
    expect(taxonomy.at(-1)).toEqual({ key: 'grounding', name: 'Grounding', hotkey: '7', description: 'Looked at the wrong region' });
    expect(() => saveLabel(db, { key: 'hallucination', name: 'Hallucination', hotkey: '1', description: '' })).toThrow(/hotkey 1 already belongs to label "perception"/);
    saveLabel(db, { key: 'perception', name: 'Visual perception', hotkey: '1', description: 'renamed' });
    expect(labelTaxonomy(db)[0]).toMatchObject({ key: 'perception', name: 'Visual perception' });
    addAnnotation(db, { predictionId: a!, label: 'grounding', note: '', source: 'manual', author: 'me' });
    expect(() => deleteLabel(db, 'grounding')).toThrow(TaxonomyConflictError);
    expect(deleteLabel(db, 'other').map((l) => l.key)).not.toContain('other');
  });
});
