/**
 * After an import too large to index for search at once (store/search-backlog.ts), the command
 * line hands the index to a process of its own, detached, so the shell gets its prompt back as
 * soon as the runs are in: `vlm-workbench index --db FILE --quiet`, the command a user can also
 * run (it waits for the index; two passes share the work chunk by chunk).
 */
import { spawn } from 'node:child_process';
import { waitForWriter } from '../core/store/open-writers';
import { processIsAlive } from '../core/util/process';

/** How long the import waits for the pass to open the workspace before it closes it anyway. */
const PASS_OPEN_TIMEOUT_MS = 5000;

function spawnPass(workspacePath: string, extra: string[] = []): number | undefined {
  const entry = process.argv[1];
  if (!entry) return undefined;
  const child = spawn(process.execPath, [entry, 'index', '--db', workspacePath, '--quiet', ...extra], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined); // never started: the backlog stays for the next pass
  child.unref();
  return child.pid;
}

/**
 * The detached pass of one import. Its close must not be the last on the workspace, which would
 * copy the whole WAL back into the file before the prompt returns (the pass does that instead,
 * store/database.ts `deferCheckpoints`), so the import closes only once the pass holds the
 * workspace open.
 */
export class BackgroundIndexPass {
  private early: number | undefined;

  constructor(private readonly workspacePath: string) {}

  /**
   * Starts the pass before the import's merge (`index --after`): it starts up and opens the
   * workspace on the core the merge leaves idle, instead of the import waiting ~0.2 s for that
   * at its end, and indexes once this process has ended (nothing, if the import indexed its few
   * outputs itself or failed).
   */
  startEarly(): void {
    this.early ??= spawnPass(this.workspacePath, ['--after', String(process.pid)]);
  }

  /**
   * Hands the index to the pass (the early one, else one started now) and returns once it holds
   * the workspace open; the pass's process id (undefined where none could start: the next search
   * indexes instead).
   */
  async handOver(): Promise<number | undefined> {
    const pid = this.early !== undefined && processIsAlive(this.early) ? this.early : spawnPass(this.workspacePath);
    if (pid) await waitForWriter(this.workspacePath, pid, PASS_OPEN_TIMEOUT_MS);
    return pid;
  }
}
