/**
 * Which file paths the renderer may hand the core in the desktop app. The renderer shows
 * untrusted model output, so it is not trusted to name files: a path counts only if the person
 * chose it in a native open/save dialog or dropped it on the window (the preload learns a dropped
 * file's path from Electron, which the page cannot forge). Folders chosen cover what is inside.
 */
import { resolve } from 'node:path';
import { isInside } from '../core/api/file-roots';

export class PathGrants {
  private readonly granted = new Set<string>();

  grant(paths: Iterable<string>): void {
    for (const path of paths) if (path) this.granted.add(resolve(path));
  }

  isGranted(path: string): boolean {
    const absolute = resolve(path);
    for (const granted of this.granted) if (absolute === granted || isInside(absolute, granted)) return true;
    return false;
  }

  /** Throws, naming the field, when a call names a path nobody chose. */
  check(method: string, input: unknown): void {
    const value = (input ?? {}) as { paths?: unknown; images?: unknown; outPath?: unknown };
    const named: Array<[string, unknown]> = [];
    if (method === 'importFiles') {
      if (Array.isArray(value.paths)) for (const path of value.paths) named.push(['paths', path]);
      if (value.images !== undefined) named.push(['images', value.images]);
    }
    if (method === 'startExport' && value.outPath !== undefined) named.push(['outPath', value.outPath]);
    for (const [field, path] of named) {
      // Not a string, or relative: left to the core's validation, which names the problem.
      if (typeof path !== 'string' || !path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) continue;
      if (!this.isGranted(path)) {
        throw new Error(`${method}.${field}: "${path}" was not chosen in this app's open or save dialog (or dropped on the window); choose it there`);
      }
    }
  }
}
