import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { launchPlan, type LaunchRequest } from './launch-recipes';
import { GUARD_EXIT_PREFIX, spawnGuarded, type GuardedProcess } from './process-guard';
import { sleep } from './retry';

export interface ManagedServerOptions extends Omit<LaunchRequest, 'port' | 'host'> {
  /** Port to serve on; a free one is picked when omitted. */
  port?: number;
  host?: string;
  /** How long the server may take to load the model before we give up (ms). */
  readyTimeoutMs?: number;
  /** Every line the server prints (stdout and stderr), as it prints it. */
  onLog?: (line: string) => void;
  /** Time between SIGTERM and SIGKILL when stopping (ms). */
  stopGraceMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface ServerExit {
  code: number | null;
  signal: string | null;
}

const LOG_TAIL_LINES = 40;
export const DEFAULT_READY_TIMEOUT_MS = 20 * 60_000;

/** A free TCP port on the host, as the OS hands one out (the server binds it a moment later). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * One model server we launched (vLLM, SGLang, LMDeploy): started under a process guard, its log
 * streamed line by line, ready once its health and model routes answer, stopped with its whole
 * process group. If it dies, `exited` says how and `logTail()` says why.
 */
export class ManagedServer {
  readonly host: string;
  port = 0;
  private guarded: GuardedProcess | undefined;
  private readonly tail: string[] = [];
  private exitInfo: ServerExit | undefined;
  private readonly exitWaiters: Array<(exit: ServerExit) => void> = [];
  private readonly exitListeners: Array<(exit: ServerExit) => void> = [];

  constructor(private readonly options: ManagedServerOptions) {
    this.host = options.host ?? '127.0.0.1';
  }

  get baseUrl(): string {
    return `http://${this.host}:${this.port}/v1`;
  }

  get exited(): ServerExit | undefined {
    return this.exitInfo;
  }

  get pid(): number | undefined {
    return this.guarded?.child.pid;
  }

  /** The server's last lines of output: what a crash report shows. */
  logTail(lines = LOG_TAIL_LINES): string[] {
    return this.tail.slice(-lines);
  }

  onExit(listener: (exit: ServerExit) => void): void {
    if (this.exitInfo) listener(this.exitInfo);
    else this.exitListeners.push(listener);
  }

  /** Resolves true once the server has exited, false if it is still running after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<boolean> {
    if (this.exitInfo || !this.guarded) return Promise.resolve(Boolean(this.exitInfo));
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Launches the server and resolves once it answers; rejects (with its last log lines) if it dies or takes too long. */
  async start(signal?: AbortSignal): Promise<void> {
    if (this.guarded) throw new Error('server already started');
    this.port = this.options.port ?? (await freePort(this.host));
    const plan = launchPlan({ ...this.options, host: this.host, port: this.port });
    this.record(`$ ${[plan.command, ...plan.args].join(' ')}`);
    this.guarded = spawnGuarded(plan.command, plan.args, {
      ...(this.options.env ? { env: this.options.env } : {}),
      ...(this.options.stopGraceMs !== undefined ? { graceMs: this.options.stopGraceMs } : {}),
    });
    const child = this.guarded.child;
    child.stdin?.on('error', () => undefined);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.record(line));
    }
    child.once('exit', (code, exitSignal) => {
      // The guard reports the server's own exit code before it sweeps the group.
      const reported = [...this.tail].reverse().find((line) => line.startsWith(`${GUARD_EXIT_PREFIX}server exited`));
      const match = reported?.match(/code=(\S+) signal=(\S+)/);
      const exit: ServerExit = match
        ? { code: match[1] === 'null' ? null : Number(match[1]), signal: match[2] === 'null' ? null : match[2]! }
        : { code, signal: exitSignal };
      this.exitInfo = exit;
      for (const resolve of this.exitWaiters.splice(0)) resolve(exit);
      for (const listener of this.exitListeners.splice(0)) listener(exit);
    });
    try {
      await this.waitUntilReady(plan.readinessPaths, signal);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops the server and its workers; resolves once the process group is gone. */
  async stop(): Promise<void> {
    const guarded = this.guarded;
    if (!guarded || this.exitInfo) return;
    const exited = new Promise<ServerExit>((resolve) => this.exitWaiters.push(resolve));
    guarded.requestStop();
    const grace = (this.options.stopGraceMs ?? 10_000) + 5_000;
    const timer = setTimeout(() => guarded.killNow(), grace);
    await exited;
    clearTimeout(timer);
    // The guard is gone; anything left in its group (it cannot be, short of a bug) goes too.
    guarded.killNow();
  }

  /** A message for a server that exited: how, and its last log lines. */
  crashReport(prefix: string): string {
    const exit = this.exitInfo;
    const how = exit ? (exit.signal ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`) : 'still running';
    return `${prefix} (${how}). Last log lines:\n${this.logTail(15).join('\n')}`;
  }

  private record(line: string): void {
    this.tail.push(line);
    if (this.tail.length > LOG_TAIL_LINES * 4) this.tail.splice(0, this.tail.length - LOG_TAIL_LINES);
    this.options.onLog?.(line);
  }

  private async waitUntilReady(paths: string[], signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + (this.options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
    const root = `http://${this.host}:${this.port}`;
    let ready = 0;
    while (ready < paths.length) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('cancelled');
      if (this.exitInfo) throw new Error(this.crashReport(`${this.options.kind} exited before it was ready`));
      if (Date.now() > deadline) {
        throw new Error(this.crashReport(`${this.options.kind} was not ready after ${Math.round((this.options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS) / 1000)} s`));
      }
      try {
        const response = await fetch(`${root}${paths[ready]!}`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (response.ok) {
          ready++;
          continue;
        }
      } catch {
        // Not listening yet: keep polling.
      }
      await sleep(250, signal).catch(() => undefined);
    }
    this.record(`[workbench] ${this.options.kind} ready at ${this.baseUrl}`);
  }
}
