import type { LabelDefinition, SavedFilter } from '../types/records';
import type { Db } from './database';
import { labelTaxonomy, UnknownReferenceError } from './predictions';
import { nowIso, statement } from './statements';

/** Saved explorer filters, by name. */
export function listSavedFilters(db: Db): SavedFilter[] {
  return statement(db, 'SELECT id, name, query, created_at AS createdAt, updated_at AS updatedAt FROM saved_filters ORDER BY name').all() as SavedFilter[];
}

/** Saves a filter under a name; saving an existing name replaces its query. */
export function saveFilter(db: Db, name: string, query: string): SavedFilter {
  const now = nowIso();
  statement(
    db,
    `INSERT INTO saved_filters (name, query, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET query = excluded.query, updated_at = excluded.updated_at`,
  ).run(name, query, now, now);
  return statement(db, 'SELECT id, name, query, created_at AS createdAt, updated_at AS updatedAt FROM saved_filters WHERE name = ?').get(name) as SavedFilter;
}

export function deleteSavedFilter(db: Db, id: number): boolean {
  return statement(db, 'DELETE FROM saved_filters WHERE id = ?').run(id).changes > 0;
}

export class TaxonomyConflictError extends Error {
  override name = 'TaxonomyConflictError';
}

/**
 * Adds a label to the workspace's taxonomy or changes one (found by key). Hotkeys are unique;
 * a new label goes last.
 */
export function saveLabel(db: Db, label: LabelDefinition): LabelDefinition[] {
  const clash = statement(db, 'SELECT key FROM label_taxonomy WHERE hotkey = ? AND key <> ?').get(label.hotkey, label.key) as { key: string } | undefined;
  if (clash) throw new TaxonomyConflictError(`hotkey ${label.hotkey} already belongs to label "${clash.key}"`);
  statement(
    db,
    `INSERT INTO label_taxonomy (key, name, hotkey, description, position)
     VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM label_taxonomy))
     ON CONFLICT(key) DO UPDATE SET name = excluded.name, hotkey = excluded.hotkey, description = excluded.description`,
  ).run(label.key, label.name, label.hotkey, label.description);
  return labelTaxonomy(db);
}

/** Removes a label nobody has used yet; a label in use stays (annotations keep their history). */
export function deleteLabel(db: Db, key: string): LabelDefinition[] {
  if (!statement(db, 'SELECT 1 FROM label_taxonomy WHERE key = ?').get(key)) throw new UnknownReferenceError(`label "${key}" does not exist`);
  const { uses } = statement(db, 'SELECT COUNT(*) AS uses FROM annotations WHERE label = ?').get(key) as { uses: number };
  if (uses > 0) throw new TaxonomyConflictError(`label "${key}" is used by ${uses} annotation(s); rename it instead of removing it`);
  statement(db, 'DELETE FROM label_taxonomy WHERE key = ?').run(key);
  return labelTaxonomy(db);
}

/** Removes one manual annotation (undoing a mistaken key press); labels from other sources stay. */
export function deleteAnnotation(db: Db, annotationId: number): boolean {
  return statement(db, "DELETE FROM annotations WHERE id = ? AND source = 'manual'").run(annotationId).changes > 0;
}
