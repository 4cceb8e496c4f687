/**
 * After an import too large to index for search at once (store/search-backlog.ts), the command
 * line hands the index to a process of its own, detached, so the shell gets its prompt back as
 * soon as the runs are in: `vlm-workbench index --db FILE --quiet`, the command a user can also
 * run (it waits for the index; two passes share the work chunk by chunk).
 */
import { spawn } from 'node:child_process';

/** Starts the detached pass; returns its process id (undefined where it could not start: the next search indexes instead). */
export function indexInBackground(workspacePath: string): number | undefined {
  const entry = process.argv[1];
  if (!entry) return undefined;
  const child = spawn(process.execPath, [entry, 'index', '--db', workspacePath, '--quiet'], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined); // never started: the backlog stays for the next pass
  child.unref();
  return child.pid;
}
