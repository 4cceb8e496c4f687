import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A model server we launch must not outlive us, however we end. Killing a process group is the
 * only way to catch vLLM's own worker processes too, but a group cannot be told "die with your
 * parent" from Node, and `kill -9` of the workbench runs no handler. So the server runs under a
 * tiny guard process: the guard leads a new process group holding the server and its workers,
 * and tears the whole group down (SIGTERM, then SIGKILL after a grace period) when
 *   - its stdin closes: the workbench exited, normally or by kill -9 (the OS closes the pipe);
 *   - it receives SIGTERM/SIGINT/SIGHUP: the workbench asked it to stop;
 *   - the server exits by itself: stray workers are swept up.
 * The guard is inline source run with Node (`-e`), so it needs no file beside the bundle. It loads
 * modules with process.getBuiltinModule rather than require(: electron-vite injects a CommonJS
 * shim into any ESM bundle whose text contains require(, and places it by a regex that strings fool.
 */
const GUARD_SOURCE = String.raw`
const { spawn } = process.getBuiltinModule('node:child_process');
const { writeSync } = process.getBuiltinModule('node:fs');
const [command, ...args] = process.argv.slice(1);
const graceMs = Number(process.env.VLM_WORKBENCH_GUARD_GRACE_MS || 10000);
const killGroup = (signal) => { try { process.kill(-process.pid, signal); } catch {} };
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  killGroup('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), graceMs);
};
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (error) => {
  writeSync(2, '[guard] cannot start ' + command + ': ' + error.message + '\n');
  process.exit(127);
});
child.on('exit', (code, signal) => {
  // Written synchronously: the group kill below ends this process too.
  writeSync(2, '[guard] server exited: code=' + code + ' signal=' + signal + '\n');
  killGroup('SIGKILL');
  process.exit(code === null ? 1 : code);
});
`;

export const GUARD_EXIT_PREFIX = '[guard] ';

export interface GuardedProcess {
  child: ChildProcess;
  /** Asks for a graceful stop: the guard sends SIGTERM to the group, SIGKILL after the grace period. */
  requestStop(): void;
  /** SIGKILL to the whole group at once. */
  killNow(): void;
}

/** Starts `command args` under a guard in a new process group; stdout/stderr are the server's. */
export function spawnGuarded(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; graceMs?: number; cwd?: string } = {}): GuardedProcess {
  const child = spawn(process.execPath, ['-e', GUARD_SOURCE, command, ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: {
      ...process.env,
      ...options.env,
      // Inside Electron, execPath is the Electron binary: make it behave as plain Node.
      ELECTRON_RUN_AS_NODE: '1',
      ...(options.graceMs !== undefined ? { VLM_WORKBENCH_GUARD_GRACE_MS: String(options.graceMs) } : {}),
    },
  });
  const signalGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  // Our exit (normal, or process.exit after SIGINT) also stops it; kill -9 is covered by the stdin pipe.
  const onExit = (): void => signalGroup('SIGTERM');
  process.once('exit', onExit);
  child.once('exit', () => process.removeListener('exit', onExit));
  return {
    child,
    requestStop: () => signalGroup('SIGTERM'),
    killNow: () => signalGroup('SIGKILL'),
  };
}
