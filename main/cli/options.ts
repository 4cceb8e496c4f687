import { resolve } from 'node:path';
import { defaultWorkspacePath } from '../core/paths';

/** `--db` as given, made absolute; the user's default workspace when omitted. */
export const workspaceOption = (db: string | undefined): string => resolve(db ?? defaultWorkspacePath());

export function positiveInteger(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
    return parsed;
  };
}
