/**
 * Failure sets: named snapshots of predictions. A set is made from an explorer filter (its
 * matches at that moment), from a selection, or both; items are added and removed by hand. The
 * filter is kept, but re-running it is always explicit (`refreshFailureSet`): hand-added items
 * survive a refresh and hand-removed ones are not brought back (0006_export.sql).
 */
import { failureSetNameProblem, type FailureSetDetail, type FailureSetInfo } from '../types/export';
import type { ExplorerFilter } from '../query/filter';
import type { Db } from './database';
import { matchingPredictionIdPage } from './explorer';
import { UnknownReferenceError } from './predictions';
import { nowIso, statement } from './statements';

/** How many ids a filter walk takes per query. */
const PAGE = 5000;

export class FailureSetConflictError extends Error {
  override name = 'FailureSetConflictError';
}

const INFO_SQL = `SELECT f.id, f.name, f.description, f.filter, f.created_at AS createdAt, f.updated_at AS updatedAt, f.refreshed_at AS refreshedAt,
    (SELECT COUNT(*) FROM failure_set_items i WHERE i.set_id = f.id) AS size,
    (SELECT COUNT(*) FROM failure_set_items i WHERE i.set_id = f.id AND i.origin = 'manual') AS manual,
    (SELECT COUNT(*) FROM failure_set_exclusions x WHERE x.set_id = f.id) AS excluded
  FROM failure_sets f`;

export function listFailureSets(db: Db): FailureSetInfo[] {
  return statement(db, `${INFO_SQL} ORDER BY f.name`).all() as FailureSetInfo[];
}

export function getFailureSet(db: Db, id: number): FailureSetInfo | undefined {
  return statement(db, `${INFO_SQL} WHERE f.id = ?`).get(id) as FailureSetInfo | undefined;
}

export function findFailureSetByName(db: Db, name: string): FailureSetInfo | undefined {
  return statement(db, `${INFO_SQL} WHERE f.name = ?`).get(name) as FailureSetInfo | undefined;
}

/** A set with what it holds, by checkpoint, benchmark and label (for the set's page in the UI). */
export function failureSetDetail(db: Db, id: number): FailureSetDetail | undefined {
  const info = getFailureSet(db, id);
  if (!info) return undefined;
  const items = `FROM failure_set_items i JOIN predictions p ON p.id = i.prediction_id JOIN runs r ON r.id = p.run_id`;
  const checkpoints = statement(
    db,
    `SELECT c.name AS checkpoint, COUNT(*) AS n ${items} JOIN checkpoints c ON c.id = r.checkpoint_id WHERE i.set_id = ? GROUP BY c.id ORDER BY n DESC, c.name`,
  ).all(id) as Array<{ checkpoint: string; n: number }>;
  const benchmarks = statement(
    db,
    `SELECT b.name AS benchmark, COUNT(*) AS n ${items} JOIN benchmarks b ON b.id = r.benchmark_id WHERE i.set_id = ? GROUP BY b.id ORDER BY n DESC, b.name`,
  ).all(id) as Array<{ benchmark: string; n: number }>;
  const labels = statement(
    db,
    `SELECT a.label, COUNT(DISTINCT a.prediction_id) AS n FROM failure_set_items i JOIN annotations a ON a.prediction_id = i.prediction_id
     WHERE i.set_id = ? GROUP BY a.label ORDER BY n DESC, a.label`,
  ).all(id) as Array<{ label: string; n: number }>;
  return { ...info, query: `set:"${info.name}"`, checkpoints, benchmarks, labels };
}

export interface CreateFailureSetInput {
  name: string;
  description: string;
  /** The query text as typed (kept for refreshes) and its parsed form; null for a hand-picked set. */
  filter: { query: string; parsed: ExplorerFilter } | null;
  predictionIds: number[];
}

/** Creates a set in one transaction: the filter's matches now, plus the hand-picked ids. */
/** The name as stored (trimmed); refuses one the filter language could not quote, wherever it comes from. */
function usableName(name: string): string {
  const problem = failureSetNameProblem(name);
  if (problem) throw new FailureSetConflictError(`"${name}": ${problem}`);
  return name.trim();
}

export function createFailureSet(db: Db, given: CreateFailureSetInput): FailureSetInfo {
  const input = { ...given, name: usableName(given.name) };
  return db.transaction(() => {
    if (statement(db, 'SELECT 1 FROM failure_sets WHERE name = ?').get(input.name)) {
      throw new FailureSetConflictError(`a failure set named "${input.name}" already exists`);
    }
    const now = nowIso();
    const setId = Number(
      statement(db, 'INSERT INTO failure_sets (name, description, filter, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
        input.name,
        input.description,
        input.filter?.query ?? '',
        now,
        now,
      ).lastInsertRowid,
    );
    if (input.filter) insertFilterMatches(db, setId, input.filter.parsed, now);
    addItems(db, setId, input.predictionIds, now);
    return getFailureSet(db, setId)!;
  }).immediate();
}

function insertFilterMatches(db: Db, setId: number, filter: ExplorerFilter, now: string): void {
  const insert = statement(
    db,
    `INSERT OR IGNORE INTO failure_set_items (set_id, prediction_id, origin, added_at)
     SELECT ?, ?, 'filter', ? WHERE NOT EXISTS (SELECT 1 FROM failure_set_exclusions WHERE set_id = ? AND prediction_id = ?)`,
  );
  for (let after = 0; ; ) {
    const ids = matchingPredictionIdPage(db, filter, after, PAGE);
    for (const id of ids) insert.run(setId, id, now, setId, id);
    if (ids.length < PAGE) break;
    after = ids[ids.length - 1]!;
  }
}

function requireSet(db: Db, setId: number): void {
  if (!statement(db, 'SELECT 1 FROM failure_sets WHERE id = ?').get(setId)) throw new UnknownReferenceError(`failure set ${setId} does not exist`);
}

function checkPredictionsExist(db: Db, ids: number[]): void {
  if (ids.length === 0) return;
  const found = statement(db, 'SELECT COUNT(*) AS n FROM predictions WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify([...new Set(ids)])) as {
    n: number;
  };
  if (found.n !== new Set(ids).size) {
    const missing = ids.filter((id) => !statement(db, 'SELECT 1 FROM predictions WHERE id = ?').get(id));
    throw new UnknownReferenceError(`prediction(s) ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} do not exist`);
  }
}

/** Hand-picked items: kept through refreshes, and no longer excluded if they were removed before. */
function addItems(db: Db, setId: number, ids: number[], now: string): number {
  checkPredictionsExist(db, ids);
  const insert = statement(
    db,
    `INSERT INTO failure_set_items (set_id, prediction_id, origin, added_at) VALUES (?, ?, 'manual', ?)
     ON CONFLICT (set_id, prediction_id) DO UPDATE SET origin = 'manual'`,
  );
  const unexclude = statement(db, 'DELETE FROM failure_set_exclusions WHERE set_id = ? AND prediction_id = ?');
  for (const id of ids) {
    insert.run(setId, id, now);
    unexclude.run(setId, id);
  }
  return ids.length;
}

function removeItems(db: Db, setId: number, ids: number[], now: string): void {
  const remove = statement(db, 'DELETE FROM failure_set_items WHERE set_id = ? AND prediction_id = ?');
  const exclude = statement(db, 'INSERT OR REPLACE INTO failure_set_exclusions (set_id, prediction_id, removed_at) VALUES (?, ?, ?)');
  for (const id of ids) {
    remove.run(setId, id);
    exclude.run(setId, id, now);
  }
}

export interface UpdateFailureSetInput {
  name?: string;
  description?: string;
  /** A new filter: the items change only on the next refresh. */
  filter?: string;
  add?: number[];
  remove?: number[];
}

export function updateFailureSet(db: Db, setId: number, given: UpdateFailureSetInput): FailureSetInfo {
  const update = given.name === undefined ? given : { ...given, name: usableName(given.name) };
  return db.transaction(() => {
    requireSet(db, setId);
    const now = nowIso();
    if (update.name !== undefined) {
      const clash = statement(db, 'SELECT id FROM failure_sets WHERE name = ? AND id <> ?').get(update.name, setId);
      if (clash) throw new FailureSetConflictError(`a failure set named "${update.name}" already exists`);
    }
    statement(
      db,
      'UPDATE failure_sets SET name = COALESCE(?, name), description = COALESCE(?, description), filter = COALESCE(?, filter), updated_at = ? WHERE id = ?',
    ).run(update.name ?? null, update.description ?? null, update.filter ?? null, now, setId);
    addItems(db, setId, update.add ?? [], now);
    removeItems(db, setId, update.remove ?? [], now);
    return getFailureSet(db, setId)!;
  }).immediate();
}

/**
 * Re-runs the set's filter: filter items that no longer match leave, new matches come in, hand-
 * added items stay and hand-removed ones stay out. A dry run reports the same counts and writes
 * nothing (the whole thing runs in a transaction that is rolled back).
 */
export function refreshFailureSet(
  db: Db,
  setId: number,
  filter: ExplorerFilter,
  dryRun: boolean,
): { set: FailureSetInfo; added: number; removed: number; kept: number } {
  class DryRun extends Error {}
  let counts = { added: 0, removed: 0, kept: 0 };
  try {
    db.transaction(() => {
      requireSet(db, setId);
      const now = nowIso();
      db.exec('CREATE TEMP TABLE IF NOT EXISTS refresh_matches (id INTEGER PRIMARY KEY)');
      db.exec('DELETE FROM temp.refresh_matches');
      const insert = statement(db, 'INSERT INTO temp.refresh_matches (id) VALUES (?)');
      for (let after = 0; ; ) {
        const ids = matchingPredictionIdPage(db, filter, after, PAGE);
        for (const id of ids) insert.run(id);
        if (ids.length < PAGE) break;
        after = ids[ids.length - 1]!;
      }
      db.prepare('DELETE FROM temp.refresh_matches WHERE id IN (SELECT prediction_id FROM failure_set_exclusions WHERE set_id = ?)').run(setId);
      const removed = db
        .prepare("DELETE FROM failure_set_items WHERE set_id = ? AND origin = 'filter' AND prediction_id NOT IN (SELECT id FROM temp.refresh_matches)")
        .run(setId).changes;
      const added = db
        .prepare(
          `INSERT OR IGNORE INTO failure_set_items (set_id, prediction_id, origin, added_at)
           SELECT ?, id, 'filter', ? FROM temp.refresh_matches`,
        )
        .run(setId, now).changes;
      const size = (statement(db, 'SELECT COUNT(*) AS n FROM failure_set_items WHERE set_id = ?').get(setId) as { n: number }).n;
      counts = { added, removed, kept: size - added };
      db.exec('DELETE FROM temp.refresh_matches');
      statement(db, 'UPDATE failure_sets SET refreshed_at = ?, updated_at = ? WHERE id = ?').run(now, now, setId);
      if (dryRun) throw new DryRun();
    }).immediate();
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return { set: getFailureSet(db, setId)!, ...counts };
}

export function deleteFailureSet(db: Db, setId: number): boolean {
  return db.transaction(() => {
    statement(db, 'DELETE FROM failure_set_items WHERE set_id = ?').run(setId);
    statement(db, 'DELETE FROM failure_set_exclusions WHERE set_id = ?').run(setId);
    return statement(db, 'DELETE FROM failure_sets WHERE id = ?').run(setId).changes > 0;
  }).immediate();
}

/** One page of a set's prediction ids, in id order, after `afterId` (exports walk a set this way). */
export function failureSetIdPage(db: Db, setId: number, afterId: number, limit: number): number[] {
  return (
    statement(db, 'SELECT prediction_id AS id FROM failure_set_items WHERE set_id = ? AND prediction_id > ? ORDER BY prediction_id LIMIT ?').all(
      setId,
      afterId,
      limit,
    ) as Array<{ id: number }>
  ).map((row) => row.id);
}
