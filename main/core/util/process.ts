import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether a process with this id is alive on this machine: signal 0 tests without sending.
 * EPERM means it exists but belongs to someone else, which still counts as alive.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resolves once the process has ended (polled: it need not be our child). */
export async function processEnded(pid: number, pollMs = 20): Promise<void> {
  while (processIsAlive(pid)) await sleep(pollMs);
}
