import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defaultWorkspacePath } from '../core/paths';
import { stampPath } from '../core/store/integrity';

/** `--db` as given, made absolute; the user's default workspace when omitted. */
export const workspaceOption = (db: string | undefined): string => resolve(db ?? defaultWorkspacePath());

/**
 * The workspace a command reads or changes, which must exist already: a mistyped `--db` must
 * say so, not open a new empty workspace that answers "no runs yet".
 */
export function existingWorkspace(db: string | undefined): string {
  const path = workspaceOption(db);
  if (!existsSync(path)) {
    throw new Error(`no workspace at ${path} (create one with \`vlm-workbench import --db ${db ?? path} FILE\` or \`vlm-workbench demo --db ${db ?? path}\`)`);
  }
  if (!statSync(path).isFile()) throw new Error(`${path} is not a workspace file`);
  return path;
}

/**
 * A workspace that may be created by this command (`import`, `demo`, `serve`). Its folder must
 * exist, unless it is the default workspace, whose folder is ours to make. `discardIfNew`
 * removes a workspace this command created when the command failed, so a failed first import
 * leaves no empty file behind.
 */
export function workspaceToCreate(db: string | undefined): { path: string; isNew: boolean; discardIfNew(): void } {
  const path = workspaceOption(db);
  const isNew = !existsSync(path);
  if (isNew && db !== undefined && !existsSync(dirname(path))) {
    throw new Error(`cannot create the workspace ${path}: the folder ${dirname(path)} does not exist`);
  }
  return {
    path,
    isNew,
    discardIfNew: () => {
      if (!isNew) return;
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
      rmSync(stampPath(path), { force: true });
    },
  };
}

export function positiveInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
    return parsed;
  };
}

/** An integer flag within the bounds the API's schema sets for the same value. */
export function integerWithin(name: string, { min, max }: { min: number; max: number }) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
    return parsed;
  };
}
