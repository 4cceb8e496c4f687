/**
 * The folders an API caller may name. Over HTTP the caller is whoever holds the token (a browser
 * tab), so `importFiles.paths` and `startExport.outPath` are kept inside the roots the person who
 * started `serve` chose (`--root DIR`; by default the workspace's folder and the working folder).
 * Symlinks are resolved first, so a link inside a root cannot lead out of it.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { BadRequestError } from './errors';

export interface FileRoots {
  /** The roots, absolute and with symlinks resolved. */
  readonly roots: readonly string[];
  /** Throws a BadRequestError naming `field` when `path` is not inside a root. */
  require(path: string, field: string): void;
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest (a file not yet written). */
export function realPathOrAncestor(path: string): string {
  const absolute = resolve(path);
  let existing = absolute;
  const missing: string[] = [];
  for (;;) {
    try {
      const real = realpathSync.native(existing);
      return missing.length > 0 ? resolve(real, ...missing.reverse()) : real;
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return absolute;
      missing.push(existing.slice(parent.length).replace(/^[\\/]+/, ''));
      existing = parent;
    }
  }
}

export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

export function createFileRoots(roots: readonly string[]): FileRoots {
  if (roots.length === 0) throw new Error('at least one root folder is needed');
  const resolved = [...new Set(roots.map((root) => realPathOrAncestor(root)))];
  return {
    roots: resolved,
    require(path, field) {
      if (!isAbsolute(path)) throw new BadRequestError(`${field} must be absolute, got "${path}"`, [{ path: field, message: 'not absolute' }]);
      const real = realPathOrAncestor(path);
      if (!resolved.some((root) => isInside(real, root))) {
        throw new BadRequestError(
          `${field} "${path}" is outside the folders this server may use (${resolved.join(', ')}); ` +
            'restart serve with --root naming its folder to allow it',
          [{ path: field, message: 'outside the allowed roots' }],
        );
      }
    },
  };
}
