/**
 * After an import too large to index for search at once (store/search-backlog.ts), the command
 * line hands the index to a process of its own, detached, so the shell gets its prompt back as
 * soon as the runs are in: `vlm-workbench index --db FILE --quiet`, the command a user can also
 * run (it waits for the index; two passes share the work chunk by chunk).
 */
import { spawn } from 'node:child_process';
import { waitForWriter } from '../core/store/open-writers';

/** How long the import waits for the pass to open the workspace before it closes it anyway. */
const PASS_OPEN_TIMEOUT_MS = 5000;

/**
 * Starts the detached pass and returns once it holds the workspace open: the import's own close
 * is then not the last, which would copy the whole WAL back into the file before the prompt
 * returns (the pass does that instead, store/database.ts `deferCheckpoints`). Returns the pass's
 * process id (undefined where it could not start: the next search indexes instead).
 */
export async function indexInBackground(workspacePath: string): Promise<number | undefined> {
  const entry = process.argv[1];
  if (!entry) return undefined;
  const child = spawn(process.execPath, [entry, 'index', '--db', workspacePath, '--quiet'], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined); // never started: the backlog stays for the next pass
  child.unref();
  if (child.pid) await waitForWriter(workspacePath, child.pid, PASS_OPEN_TIMEOUT_MS);
  return child.pid;
}
