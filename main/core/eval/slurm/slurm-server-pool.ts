import { setMaxListeners } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Db } from '../../store/database';
import { claimSlurmJob, linkSlurmJobToRun, markSlurmJobEnded, openSlurmJobs, recordSlurmJob, updateSlurmJobState, type SlurmJobRecord } from '../../store/slurm-jobs';
import { FatalBackendError } from '../backend';
import { sleep } from '../retry';
import { endpointFileOf, heartbeatFileOf, jobFilesOf, outputPathOf, renderSbatchScript, servingKeyOf, type JobFiles } from './sbatch-script';
import { cancelJobs, isEndedState, isReplaceableEnd, queryJob, submitBatchScript, type SlurmJobState } from './slurm-commands';
import type { ServedCheckpoint, SlurmSettings } from './slurm-settings';

/** One SLURM job of the pool and what we know of it. */
export interface PoolSlot {
  record: SlurmJobRecord;
  state: string;
  reason: string;
  /** Base URL (…/v1) once the job reported host and port. */
  endpoint?: string;
  ready: boolean;
  /** When the job was first seen running: the ready timeout counts from here. */
  runningSince?: number;
  /** Aborted once the job has ended or the pool failed: requests to it stop at once. */
  gone: AbortController;
  /** Seen to end (or cancelled by us): it holds no allocation any more. */
  ended: boolean;
}

const OUTPUT_TAIL_LINES = 15;

/** Whether the server at this base URL answers /models (still loading or gone: false). */
async function answersModels(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/models`, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** SLURM job ids a pool of this process holds: never adopted by a second pool. */
const heldByThisProcess = new Set<string>();

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last lines a job wrote: what an error about it shows. */
export function outputTail(path: string, lines = OUTPUT_TAIL_LINES): string {
  if (!existsSync(path)) return `(no output yet at ${path})`;
  const text = readFileSync(path, 'utf8').trimEnd();
  return text.split('\n').slice(-lines).join('\n') || `(${path} is empty)`;
}

/**
 * The SLURM jobs that serve one checkpoint: submitted (or found again after a crash), watched
 * until their servers answer, kept up while runs use them (a job that hits its time limit is
 * replaced by a new one), and cancelled at the end. Every job is recorded in the workspace the
 * moment sbatch names it, so none is ever lost track of.
 */
export class SlurmServerPool {
  readonly slots: PoolSlot[] = [];
  private readonly files: JobFiles;
  private readonly servingKey: string;
  private fatal: Error | undefined;
  private started: Promise<void> | undefined;
  private monitor: Promise<void> | undefined;
  private closed = false;
  private resubmits = 0;
  private readonly runIds = new Set<number>();
  private readonly stopMonitor = new AbortController();
  private cursor = 0;

  constructor(
    private readonly db: Db,
    private readonly checkpointId: number,
    readonly checkpoint: ServedCheckpoint,
    readonly settings: SlurmSettings,
    private readonly onLog: (line: string) => void = () => undefined,
  ) {
    this.files = jobFilesOf(settings, checkpoint);
    this.servingKey = servingKeyOf(settings, checkpoint);
  }

  /** The failure that ended the pool, if one did. */
  get failure(): Error | undefined {
    return this.fatal;
  }

  /** Records every job (now and later) as serving this run. */
  serveRun(runId: number): void {
    this.runIds.add(runId);
    for (const slot of this.slots) linkSlurmJobToRun(this.db, slot.record.id, runId);
  }

  /** Finds or submits the jobs, then resolves once one server answers. Safe to call from every run. */
  async start(signal?: AbortSignal): Promise<void> {
    this.started ??= this.submitAll();
    await this.started;
    this.monitor ??= this.watch();
    await this.nextReadySlot(signal);
  }

  /** A ready job's slot, in turn; waits while none is (pending, or being replaced). */
  async nextReadySlot(signal?: AbortSignal): Promise<PoolSlot> {
    for (;;) {
      if (this.fatal) throw this.fatal;
      if (this.closed) throw new FatalBackendError(`the SLURM jobs of ${this.checkpoint.name} were cancelled`);
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('cancelled');
      const ready = this.slots.filter((slot) => slot.ready && !slot.gone.signal.aborted);
      if (ready.length > 0) return ready[this.cursor++ % ready.length]!;
      await sleep(100, signal).catch(() => undefined);
    }
  }

  /**
   * After a request to this job failed: whether its server still serves. A job at its time limit
   * gets SIGTERM (its connections drop, or its server answers errors while shutting down) a
   * while before the scheduler reports it ended; this waits for one or the other.
   */
  async stillServing(slot: PoolSlot, timeoutMs = 90_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !this.closed) {
      await this.refresh(slot).catch(() => undefined);
      if (slot.ended || slot.gone.signal.aborted) return false;
      if (slot.endpoint && (await answersModels(slot.endpoint))) return true;
      await sleep(500);
    }
    // Neither answering nor ended: report the request's own error.
    return !slot.gone.signal.aborted;
  }

  /** Cancels every job and waits until the scheduler has let them go. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopMonitor.abort();
    await this.monitor?.catch(() => undefined);
    const live = this.slots.filter((slot) => !slot.ended);
    if (live.length === 0) return;
    const ids = live.map((slot) => slot.record.slurmJobId);
    await cancelJobs(ids).catch((error: Error) => this.onLog(`scancel failed: ${error.message}`));
    this.onLog(`cancelled slurm job(s) ${ids.join(', ')}`);
    const deadline = Date.now() + 60_000;
    for (const slot of live) {
      let state = await queryJob(slot.record.slurmJobId).catch(() => undefined);
      while (state && !isEndedState(state.state) && Date.now() < deadline) {
        await sleep(500);
        state = await queryJob(slot.record.slurmJobId).catch(() => undefined);
      }
      slot.gone.abort();
      slot.ended = true;
      heldByThisProcess.delete(slot.record.slurmJobId);
      markSlurmJobEnded(this.db, slot.record.id, state?.state ?? 'CANCELLED', 'cancelled by the workbench when its runs ended');
    }
  }

  private async submitAll(): Promise<void> {
    mkdirSync(this.settings.stateDir, { recursive: true });
    writeFileSync(this.files.scriptPath, renderSbatchScript(this.settings, this.checkpoint), { mode: 0o755 });
    await this.adoptOrCancelLeftovers();
    while (this.slots.length < this.settings.jobsPerCheckpoint) await this.submitOne();
  }

  /**
   * Whether another live workbench uses this job: on this host its process still runs; on
   * another host (a workspace on a shared disk) its heartbeat is fresh.
   */
  private inUseElsewhere(record: SlurmJobRecord): boolean {
    if (heldByThisProcess.has(record.slurmJobId)) return true;
    if (record.ownerPid === null || record.ownerPid === process.pid) return false;
    if (record.ownerHost === hostname()) return processIsAlive(record.ownerPid);
    try {
      const age = Date.now() - statSync(heartbeatFileOf(this.settings.stateDir, record.slurmJobId)).mtimeMs;
      return age < Math.max(30_000, 5 * this.settings.pollMs);
    } catch {
      return false;
    }
  }

  /** Jobs an earlier workbench submitted for this checkpoint and did not see end. */
  private async adoptOrCancelLeftovers(): Promise<void> {
    const stale: SlurmJobRecord[] = [];
    for (const record of openSlurmJobs(this.db, this.checkpointId)) {
      if (this.inUseElsewhere(record)) {
        this.onLog(`slurm job ${record.slurmJobId} serves this checkpoint for another running workbench; leaving it alone`);
        continue;
      }
      const state = await queryJob(record.slurmJobId);
      if (!state || isEndedState(state.state)) {
        markSlurmJobEnded(this.db, record.id, state?.state ?? 'GONE', 'ended while no workbench watched it');
        continue;
      }
      if (record.servingKey === this.servingKey && this.slots.length < this.settings.jobsPerCheckpoint) {
        this.touchHeartbeat(record.slurmJobId);
        claimSlurmJob(this.db, record.id);
        const slot = this.addSlot(record);
        this.apply(slot, state);
        this.onLog(`reusing slurm job ${record.slurmJobId} left by an earlier workbench (${state.state}${state.node ? ` on ${state.node}` : ''})`);
      } else stale.push(record);
    }
    if (stale.length > 0) {
      const ids = stale.map((record) => record.slurmJobId);
      await cancelJobs(ids);
      for (const record of stale) markSlurmJobEnded(this.db, record.id, 'CANCELLED', 'left by an earlier workbench with other settings; cancelled');
      this.onLog(`cancelled slurm job(s) ${ids.join(', ')}: left by an earlier workbench with other settings`);
    }
  }

  private async submitOne(): Promise<PoolSlot> {
    const jobId = await submitBatchScript(this.files.scriptPath);
    const record = recordSlurmJob(this.db, {
      slurmJobId: jobId,
      checkpointId: this.checkpointId,
      servingKey: this.servingKey,
      scriptPath: this.files.scriptPath,
      outputPath: outputPathOf(this.files, jobId),
    });
    this.touchHeartbeat(jobId);
    this.onLog(`submitted slurm job ${jobId} for ${this.checkpoint.name} (${this.files.scriptPath})`);
    return this.addSlot(record);
  }

  private addSlot(record: SlurmJobRecord): PoolSlot {
    const gone = new AbortController();
    setMaxListeners(0, gone.signal);
    const slot: PoolSlot = { record, state: record.state, reason: record.reason, ready: false, gone, ended: false };
    this.slots.push(slot);
    heldByThisProcess.add(record.slurmJobId);
    for (const runId of this.runIds) linkSlurmJobToRun(this.db, record.id, runId);
    return slot;
  }

  /** Polls every live job until the pool closes or fails. */
  private async watch(): Promise<void> {
    while (!this.closed && !this.fatal) {
      for (const slot of this.slots.filter((candidate) => !candidate.ended)) {
        try {
          await this.refresh(slot);
        } catch (error) {
          this.fail(error instanceof Error ? error : new Error(String(error)));
        }
        if (this.closed || this.fatal) return;
      }
      await sleep(this.settings.pollMs, this.stopMonitor.signal).catch(() => undefined);
    }
  }

  private async refresh(slot: PoolSlot): Promise<void> {
    if (slot.ended || this.closed) return;
    this.touchHeartbeat(slot.record.slurmJobId);
    const state = await queryJob(slot.record.slurmJobId);
    if (this.closed) return;
    this.apply(slot, state ?? { state: 'GONE', reason: 'None', node: '', exitCode: '' });
    if (!slot.gone.signal.aborted && slot.state === 'RUNNING' && !slot.ready) await this.probe(slot);
  }

  /** Takes in a state the scheduler reported: logs changes, and handles a job that ended. */
  private apply(slot: PoolSlot, state: SlurmJobState): void {
    // A poll and a failed request may both report the same end; it is handled once.
    if (slot.ended) return;
    const id = slot.record.slurmJobId;
    if (state.state !== slot.state || state.reason !== slot.reason) {
      const why = state.reason && state.reason !== 'None' ? ` (${state.reason})` : '';
      this.onLog(`slurm job ${id}: ${state.state}${why}${state.state === 'RUNNING' && state.node ? ` on ${state.node}` : ''}`);
      slot.state = state.state;
      slot.reason = state.reason;
      updateSlurmJobState(this.db, slot.record.id, { state: state.state, reason: state.reason });
    }
    if (state.state === 'RUNNING') slot.runningSince ??= Date.now();
    if (state.state !== 'GONE' && !isEndedState(state.state)) return;
    const wasReady = slot.ready;
    slot.ready = false;
    slot.ended = true;
    heldByThisProcess.delete(slot.record.slurmJobId);
    slot.gone.abort(new FatalBackendError(`slurm job ${id} ended (${state.state})`));
    markSlurmJobEnded(this.db, slot.record.id, state.state, wasReady ? 'ended during the run' : 'ended before its server was ready');
    if (isReplaceableEnd(state.state) && this.resubmits < this.settings.maxResubmits) {
      this.resubmits++;
      this.onLog(`slurm job ${id} ${state.state === 'TIMEOUT' ? 'hit its time limit' : `ended (${state.state})`}; submitting a new job to finish the run (${this.resubmits} of at most ${this.settings.maxResubmits})`);
      // Pending requests wait for the replacement; finished answers are kept.
      void this.submitOne().catch((error: Error) => this.fail(error));
      return;
    }
    const exit = state.exitCode ? `, exit code ${state.exitCode}` : '';
    const reason = state.reason && state.reason !== 'None' ? `, reason ${state.reason}` : '';
    const when = wasReady ? 'during the run' : 'before the server came up';
    const limit = isReplaceableEnd(state.state) ? ` (and ${this.settings.maxResubmits} replacement job(s) already)` : '';
    this.fail(
      new FatalBackendError(
        `slurm job ${id} ended ${when}: ${state.state}${exit}${reason}${limit}. Last lines of ${slot.record.outputPath}:\n${outputTail(slot.record.outputPath)}`,
      ),
    );
  }

  /** Reads the job's host and port and asks its server for /v1/models. */
  private async probe(slot: PoolSlot): Promise<void> {
    const id = slot.record.slurmJobId;
    if (!slot.endpoint) {
      const file = endpointFileOf(this.settings.stateDir, id);
      if (existsSync(file)) {
        const [host, port] = readFileSync(file, 'utf8').trim().split(/\s+/);
        if (host && port && /^\d+$/.test(port)) {
          slot.endpoint = `http://${host}:${port}/v1`;
          updateSlurmJobState(this.db, slot.record.id, { state: slot.state, reason: slot.reason, endpoint: slot.endpoint });
          this.onLog(`slurm job ${id} serves at ${slot.endpoint}; waiting for the server to load`);
        }
      }
    }
    if (slot.endpoint && (await answersModels(slot.endpoint))) {
      slot.ready = true;
      this.onLog(`slurm job ${id}: server ready at ${slot.endpoint}`);
      return;
    }
    const since = slot.runningSince ?? Date.now();
    if (Date.now() - since > this.settings.readyTimeoutMs) {
      await cancelJobs([id]).catch(() => undefined);
      slot.ended = true;
      heldByThisProcess.delete(slot.record.slurmJobId);
      slot.gone.abort();
      markSlurmJobEnded(this.db, slot.record.id, 'CANCELLED', 'server not ready in time');
      this.fail(
        new FatalBackendError(
          `slurm job ${id}: the server did not answer ${slot.endpoint ?? '(no host and port reported)'}/models within ${Math.round(this.settings.readyTimeoutMs / 1000)} s of the job starting; cancelled it. Last lines of ${slot.record.outputPath}:\n${outputTail(slot.record.outputPath)}`,
        ),
      );
    }
  }

  private fail(error: Error): void {
    if (this.fatal || this.closed) return;
    this.fatal = error instanceof FatalBackendError ? error : new FatalBackendError(error.message);
    this.onLog(this.fatal.message);
    for (const slot of this.slots) slot.gone.abort(this.fatal);
  }

  /** Tells the job's orphan guard that the workbench still uses it. */
  private touchHeartbeat(jobId: string): void {
    const file = heartbeatFileOf(this.settings.stateDir, jobId);
    try {
      const now = new Date();
      if (existsSync(file)) utimesSync(file, now, now);
      else closeSync(openSync(file, 'a'));
    } catch (error) {
      this.onLog(`could not touch ${file}: ${(error as Error).message}`);
    }
  }
}
