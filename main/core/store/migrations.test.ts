import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { openWorkspace } from './database';

const shippedMigrations = fileURLToPath(new URL('./migrations', import.meta.url));

describe('workspace migrations', () => {
  const tempDir = useTempDir();

  /** A workspace whose migrations folder is a private copy the test may tamper with. */
  function workspaceWithOwnMigrations() {
    const dir = tempDir();
    const migrationsDir = join(dir, 'migrations');
    cpSync(shippedMigrations, migrationsDir, { recursive: true });
    return { path: join(dir, 'w.sqlite'), migrationsDir };
  }

  it('creates the schema once, in WAL mode with foreign keys, and records each migration with its hash', () => {
    const { path, migrationsDir } = workspaceWithOwnMigrations();
    const db = openWorkspace(path, { migrationsDir });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const recorded = db.prepare('SELECT version, name, sha256 FROM schema_migrations').all() as Array<{ sha256: string }>;
    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    db.prepare("INSERT INTO benchmarks (name, created_at) VALUES ('kept', 'now')").run();
    db.close();
    const reopened = openWorkspace(path, { migrationsDir });
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: recorded.length });
    expect(reopened.prepare('SELECT name FROM benchmarks').all()).toEqual([{ name: 'kept' }]);
    reopened.close();
  });

  it('refuses to open a workspace whose applied migration was edited, and leaves it unchanged', () => {
    const { path, migrationsDir } = workspaceWithOwnMigrations();
    openWorkspace(path, { migrationsDir }).close();
    const before = readFileSync(path);
    const file = join(migrationsDir, '0001_init.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- edited\n`);
    expect(() => openWorkspace(path, { migrationsDir })).toThrow(/0001_init\.sql was edited after it was applied/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses to open a workspace that has a migration this build does not know', () => {
    const { path, migrationsDir } = workspaceWithOwnMigrations();
    openWorkspace(path, { migrationsDir }).close();
    rmSync(join(migrationsDir, '0001_init.sql'));
    expect(() => openWorkspace(path, { migrationsDir })).toThrow(/0001_init\.sql was applied to this workspace but is missing/);
  });

  it('applies a new numbered migration on the next open without touching existing data', () => {
    const { path, migrationsDir } = workspaceWithOwnMigrations();
    const db = openWorkspace(path, { migrationsDir });
    db.prepare("INSERT INTO benchmarks (name, created_at) VALUES ('kept', 'now')").run();
    db.close();
    writeFileSync(join(migrationsDir, '9999_add_column.sql'), "ALTER TABLE benchmarks ADD COLUMN homepage TEXT NOT NULL DEFAULT '';");
    const upgraded = openWorkspace(path, { migrationsDir });
    expect(upgraded.prepare('SELECT name, homepage FROM benchmarks').all()).toEqual([{ name: 'kept', homepage: '' }]);
    upgraded.close();
  });
});
