/** Helpers for the importer's tests: tiny real images and a content dump of a workspace. */
import { PNG } from 'pngjs';
import type { Db } from '../core/store/database';

/** A real PNG of the given size and colour (distinct colours give distinct images). */
export function tinyPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[i * 4] = rgb[0];
    png.data[i * 4 + 1] = rgb[1];
    png.data[i * 4 + 2] = rgb[2];
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** Every row of every table of a workspace (the test checks that an aborted import changed none). */
export function dumpWorkspace(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' ORDER BY name")
    .all() as Array<{ name: string; sql: string }>;
  // A WITHOUT ROWID table has no rowid; it is read in primary-key order anyway.
  const order = (sql: string) => (/WITHOUT\s+ROWID/i.test(sql) ? '' : ' ORDER BY rowid');
  return Object.fromEntries(tables.map(({ name, sql }) => [name, db.prepare(`SELECT * FROM "${name}"${order(sql)}`).all()]));
}

export function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
}
