/**
 * The CLI's front door: a command that does what an API method does calls that method through
 * `dispatch`, as the UI does over IPC or HTTP, so the input is checked by the same schema and the
 * same handler, and a rule lives in one place. The command keeps only its presentation (flags,
 * progress bar, tables, --json). The workbench, `dispatch` and with it zod load only when a command
 * opens the API, so `--version`, `stats` and `compare` (issue 21) never load them.
 */
import type { ApiInput, ApiMethod, ApiOutputs } from '../core/api/contract';
import type { FailureSetInfo } from '../core/types/export';
import type { JobInfo, WorkbenchEvent } from '../core/types/records';
import type { Workbench } from '../core/workbench';
import { existingWorkspace } from './options';

export interface CliApi {
  readonly workbench: Workbench;
  /** One API method, validated and answered exactly as for the UI. */
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]>;
  /**
   * Starts a job through the API (`start` answers its id) and waits for it to end; `onProgress`
   * sees its progress events. Resolves with the finished job, whatever its status.
   */
  runJob(start: () => Promise<number>, onProgress?: (job: JobInfo) => void): Promise<JobInfo>;
  /** The failure set of this name (the API knows sets by id). */
  setNamed(name: string): Promise<FailureSetInfo>;
  close(): void;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/**
 * `deferCheckpoints`: the command hands its last work to a process of its own that copies the WAL
 * back into the file (store/database.ts `deferCheckpoints`), as a large import does.
 */
export async function openCliApi(workspacePath: string, options: { deferCheckpoints?: boolean } = {}): Promise<CliApi> {
  const [{ openWorkbench }, { dispatch }, { deferCheckpoints }] = await Promise.all([
    import('../core/workbench'),
    import('../core/api/dispatch'),
    import('../core/store/database'),
  ]);
  const workbench = openWorkbench(workspacePath, { trustedCaller: true });
  if (options.deferCheckpoints) deferCheckpoints(workbench.db);
  const call = async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> =>
    (await dispatch(workbench.handlers, method, input)) as ApiOutputs[M];
  return {
    workbench,
    call,
    runJob: async (start, onProgress) => {
      // Listening before the job starts: its end is never missed, however quick it is.
      const ended = new Map<number, JobInfo>();
      let jobId: number | undefined;
      let finish: ((job: JobInfo) => void) | undefined;
      const listener = (event: WorkbenchEvent): void => {
        if (event.type !== 'job') return;
        if (jobId === undefined) {
          if (FINISHED.has(event.job.status)) ended.set(event.job.id, event.job);
          return;
        }
        if (event.job.id !== jobId) return;
        onProgress?.(event.job);
        if (FINISHED.has(event.job.status)) finish?.(event.job);
      };
      workbench.jobs.events.on('event', listener);
      try {
        const id = await start();
        jobId = id;
        return await new Promise<JobInfo>((resolve) => {
          finish = resolve;
          const already = ended.get(id);
          if (already) resolve(already);
        });
      } finally {
        workbench.jobs.events.off('event', listener);
      }
    },
    setNamed: async (name) => {
      const set = (await call('listFailureSets', {})).find((candidate) => candidate.name === name);
      if (!set) throw new Error(`no failure set named "${name}" (see: vlm-workbench sets list)`);
      return set;
    },
    close: () => workbench.close(),
  };
}

/** Opens the workspace, runs `work` with its API, and closes it again. */
export async function withCliApi<T>(workspacePath: string, work: (api: CliApi) => Promise<T>): Promise<T> {
  const api = await openCliApi(workspacePath);
  try {
    return await work(api);
  } finally {
    api.close();
  }
}

/**
 * A subcommand's action (`sets …`, `checkpoints …`) run against the API of the existing workspace
 * its own or its parent's --db names; commander passes the options and the command last.
 */
export function withWorkspaceApi<T extends unknown[]>(work: (api: CliApi, ...args: T) => Promise<void>) {
  return async (...args: T): Promise<void> => {
    const options = args[args.length - 2] as { db?: string } | undefined;
    const command = args[args.length - 1] as { optsWithGlobals(): { db?: string } };
    await withCliApi(existingWorkspace(command.optsWithGlobals().db ?? options?.db), (api) => work(api, ...args));
  };
}
