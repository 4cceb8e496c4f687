import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepares a statement once per connection; hot paths call this instead of db.prepare. */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let prepared = byText.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    byText.set(sql, prepared);
  }
  return prepared;
}

const rawCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A statement prepared once per connection that returns rows as arrays (for large results). */
export function rawStatement(db: Database.Database, sql: string): Database.Statement {
  let byText = rawCache.get(db);
  if (!byText) {
    byText = new Map();
    rawCache.set(db, byText);
  }
  let prepared = byText.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql).raw(true);
    byText.set(sql, prepared);
  }
  return prepared;
}

const varying = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const VARYING_LIMIT = 128;

/**
 * Like `statement`, for SQL whose text varies with user input (the explorer's filters): the
 * most recently used statements are kept, the oldest dropped, so a long session of ever new
 * filters does not keep every statement it ever prepared.
 */
export function recentStatement(db: Database.Database, sql: string): Database.Statement {
  let byText = varying.get(db);
  if (!byText) {
    byText = new Map();
    varying.set(db, byText);
  }
  let prepared = byText.get(sql);
  if (prepared) byText.delete(sql);
  else prepared = db.prepare(sql);
  byText.set(sql, prepared);
  if (byText.size > VARYING_LIMIT) byText.delete(byText.keys().next().value!);
  return prepared;
}

let lastIso = { ms: NaN, text: '' };
/** The current time as ISO text; bulk writers ask once per row, so one millisecond's text is reused. */
export const nowIso = (): string => {
  const ms = Date.now();
  if (ms !== lastIso.ms) lastIso = { ms, text: new Date(ms).toISOString() };
  return lastIso.text;
};
