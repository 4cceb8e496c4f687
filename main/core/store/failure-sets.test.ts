import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { parseQuery, QueryError } from '../query/filter';
import { putImage, upsertBenchmark, upsertCheckpoint, upsertSample } from './catalog';
import { openWorkspace, type Db } from './database';
import { explorerPage } from './explorer';
import {
  createFailureSet,
  deleteFailureSet,
  failureSetDetail,
  FailureSetConflictError,
  failureSetIdPage,
  findFailureSetByName,
  listFailureSets,
  refreshFailureSet,
  updateFailureSet,
} from './failure-sets';
import { addAnnotation, UnknownReferenceError } from './predictions';
import { findOrCreateRun, recordPrediction } from './runs';

/** A run of `n` answers, every third one wrong; returns the prediction ids. */
function workspaceWithAnswers(db: Db, n: number, checkpoint = 'stage3@10'): { ids: number[]; answer: (index: number, correct: boolean) => number } {
  const benchmarkId = upsertBenchmark(db, { name: 'Bench' });
  const checkpointId = upsertCheckpoint(db, { name: checkpoint, stage: 'stage3', step: 10 });
  const { run } = findOrCreateRun(db, { checkpointId, benchmarkId, runKey: `run-${checkpoint}`, config: {}, backend: 'test' });
  const image = putImage(db, { bytes: Buffer.from('not really an image'), mime: 'image/png' });
  const answer = (index: number, correct: boolean): number => {
    const sampleId = upsertSample(db, { benchmarkId, externalId: `q${index}`, question: `question ${index}`, answer: '1', images: [{ sha256: image }] });
    return recordPrediction(db, {
      runId: run.id,
      sampleId,
      sampleIndex: 0,
      rawOutput: correct ? '1' : '2',
      thinkStart: null,
      thinkEnd: null,
      answerPart: correct ? '1' : '2',
      formatOk: true,
      verdict: { scorer: 'numeric', graderVersion: '1.0.0', correct, score: correct ? 1 : 0, extracted: correct ? '1' : '2', reason: '' },
    });
  };
  const ids = Array.from({ length: n }, (_, i) => answer(i, i % 3 !== 0));
  return { ids, answer };
}

const wrong = { query: 'correct:false', parsed: parseQuery('correct:false') };

describe('failure sets', () => {
  const tempDir = useTempDir();
  const open = () => openWorkspace(join(tempDir(), 'w.sqlite'));

  it('are snapshots: a new matching prediction joins only when the set is refreshed', () => {
    const db = open();
    const { ids, answer } = workspaceWithAnswers(db, 12);
    const set = createFailureSet(db, { name: 'wrong', description: '', filter: wrong, predictionIds: [] });
    const failing = ids.filter((_, i) => i % 3 === 0);
    expect(set).toMatchObject({ size: failing.length, manual: 0, excluded: 0, filter: 'correct:false', refreshedAt: null });
    expect(failureSetIdPage(db, set.id, 0, 100)).toEqual(failing);

    const late = answer(100, false);
    expect(findFailureSetByName(db, 'wrong')!.size).toBe(failing.length);
    const preview = refreshFailureSet(db, set.id, wrong.parsed, true);
    expect(preview).toMatchObject({ added: 1, removed: 0, kept: failing.length });
    expect(findFailureSetByName(db, 'wrong')).toMatchObject({ size: failing.length, refreshedAt: null }); // a dry run writes nothing
    const refreshed = refreshFailureSet(db, set.id, wrong.parsed, false);
    expect(refreshed).toMatchObject({ added: 1, removed: 0 });
    expect(refreshed.set.size).toBe(failing.length + 1);
    expect(refreshed.set.refreshedAt).not.toBeNull();
    expect(failureSetIdPage(db, set.id, 0, 100)).toContain(late);
    db.close();
  });

  it('keep hand-picked items through a refresh and keep hand-removed ones out', () => {
    const db = open();
    const { ids } = workspaceWithAnswers(db, 9);
    const set = createFailureSet(db, { name: 'mixed', description: 'by hand too', filter: wrong, predictionIds: [ids[1]!] });
    expect(set).toMatchObject({ size: 4, manual: 1 });
    const removedByHand = ids[3]!;
    const updated = updateFailureSet(db, set.id, { remove: [removedByHand], add: [ids[2]!] });
    expect(updated).toMatchObject({ size: 4, manual: 2, excluded: 1 });
    const refreshed = refreshFailureSet(db, set.id, wrong.parsed, false);
    expect(refreshed).toMatchObject({ added: 0, removed: 0 });
    const items = failureSetIdPage(db, set.id, 0, 100);
    expect(items).toContain(ids[1]);
    expect(items).toContain(ids[2]);
    expect(items).not.toContain(removedByHand);
    // Adding it back by hand lifts the exclusion.
    expect(updateFailureSet(db, set.id, { add: [removedByHand] })).toMatchObject({ excluded: 0, size: 5 });
    db.close();
  });

  it('a refresh drops filter items that no longer match', () => {
    const db = open();
    const { ids } = workspaceWithAnswers(db, 6);
    const labelled = { query: 'label:perception', parsed: parseQuery('label:perception') };
    addAnnotation(db, { predictionId: ids[0]!, label: 'perception', note: '', source: 'manual', author: 't' });
    const annotation = addAnnotation(db, { predictionId: ids[3]!, label: 'perception', note: '', source: 'manual', author: 't' });
    const set = createFailureSet(db, { name: 'perception', description: '', filter: labelled, predictionIds: [] });
    expect(set.size).toBe(2);
    db.prepare('DELETE FROM annotations WHERE id = ?').run(annotation.id);
    expect(refreshFailureSet(db, set.id, labelled.parsed, false)).toMatchObject({ added: 0, removed: 1, kept: 1 });
    db.close();
  });

  it('show in the explorer as set:NAME, with their breakdown', () => {
    const db = open();
    const { ids } = workspaceWithAnswers(db, 6);
    addAnnotation(db, { predictionId: ids[0]!, label: 'reasoning', note: '', source: 'judge', author: 'j' });
    const set = createFailureSet(db, { name: 'my set', description: '', filter: null, predictionIds: [ids[0]!, ids[4]!] });
    const page = explorerPage(db, { filter: parseQuery('set:"my set"'), offset: 0, limit: 50 });
    expect(page.rows.map((row) => row.predictionId)).toEqual([ids[0], ids[4]]);
    expect(explorerPage(db, { filter: parseQuery('set:"my set" correct:false'), offset: 0, limit: 50 }).total).toBe(1);
    expect(explorerPage(db, { filter: parseQuery('set:nope'), offset: 0, limit: 50 }).total).toBe(0);
    const detail = failureSetDetail(db, set.id)!;
    expect(detail).toMatchObject({ query: 'set:"my set"', filter: '', manual: 2 });
    expect(detail.checkpoints).toEqual([{ checkpoint: 'stage3@10', n: 2 }]);
    expect(detail.labels).toEqual([{ label: 'reasoning', n: 1 }]);
    // A key left empty is said, not searched for as the word "set".
    expect(() => parseQuery('set:')).toThrow(QueryError);
    expect(() => parseQuery('set:')).toThrow(/set: needs a value \(e\.g\. set:"NAME"\)/);
    db.close();
  });

  it('refuse duplicate names and unknown predictions; rename, describe and delete', () => {
    const db = open();
    const { ids } = workspaceWithAnswers(db, 3);
    const a = createFailureSet(db, { name: 'a', description: '', filter: null, predictionIds: [ids[0]!] });
    createFailureSet(db, { name: 'b', description: '', filter: null, predictionIds: [] });
    expect(() => createFailureSet(db, { name: 'a', description: '', filter: null, predictionIds: [] })).toThrow(FailureSetConflictError);
    expect(() => updateFailureSet(db, a.id, { name: 'b' })).toThrow(FailureSetConflictError);
    expect(() => createFailureSet(db, { name: 'c', description: '', filter: null, predictionIds: [999] })).toThrow(UnknownReferenceError);
    expect(findFailureSetByName(db, 'c')).toBeUndefined(); // nothing half-made
    expect(updateFailureSet(db, a.id, { name: 'renamed', description: 'why' })).toMatchObject({ name: 'renamed', description: 'why', size: 1 });
    expect(listFailureSets(db).map((set) => set.name)).toEqual(['b', 'renamed']);
    expect(deleteFailureSet(db, a.id)).toBe(true);
    expect(listFailureSets(db).map((set) => set.name)).toEqual(['b']);
    db.close();
  });
});
