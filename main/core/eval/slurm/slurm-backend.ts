import { FatalBackendError, type GenerationRequest, type GenerationResult, type ModelBackend } from '../backend';
import { OpenAiBackend, type OpenAiBackendOptions } from '../openai-backend';
import type { PoolSlot, SlurmServerPool } from './slurm-server-pool';

/** Attempts one request gets across jobs that end under it (time limits), before it fails. */
const MAX_JOB_SWITCHES = 8;

/**
 * One run's view of a checkpoint's SLURM jobs: requests go to the ready jobs in turn. A request
 * caught by a job that ends (its time limit) waits for the replacement and is asked again there,
 * so no answer is recorded as failed because of the scheduler. The pool outlives the run (it
 * serves every benchmark of the checkpoint); whoever made the pool closes it.
 */
export class SlurmBackend implements ModelBackend {
  readonly kind = 'slurm';
  readonly source: string;
  private readonly clients = new Map<PoolSlot, OpenAiBackend>();

  constructor(
    private readonly pool: SlurmServerPool,
    private readonly client: Pick<OpenAiBackendOptions, 'timeoutMs' | 'retry'> = {},
  ) {
    const { settings, checkpoint } = pool;
    const where = [settings.partition ? `partition ${settings.partition}` : 'default partition', `${settings.gpusPerJob} GPU(s)/job`, `${settings.jobsPerCheckpoint} job(s)`];
    this.source = `${settings.server} serve ${checkpoint.path} in SLURM jobs (${where.join(', ')}) model=${checkpoint.name}`;
  }

  async start(signal?: AbortSignal): Promise<void> {
    await this.pool.start(signal);
  }

  async generate(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
    for (let switches = 0; ; switches++) {
      const slot = await this.pool.nextReadySlot(signal);
      try {
        return await this.clientOf(slot).generate(request, AbortSignal.any([signal, slot.gone.signal]));
      } catch (error) {
        if (signal.aborted) throw error;
        // A job that ends (its time limit) fails requests a while before the scheduler says it
        // ended: a failure counts as the answer's own only while the server still serves.
        if (!slot.gone.signal.aborted) await this.pool.stillServing(slot);
        if (this.pool.failure) throw this.pool.failure;
        if (slot.gone.signal.aborted && switches < MAX_JOB_SWITCHES) continue;
        if (slot.gone.signal.aborted) throw new FatalBackendError(`request failed on ${switches + 1} SLURM jobs in turn: ${(error as Error).message}`);
        throw error;
      }
    }
  }

  private clientOf(slot: PoolSlot): OpenAiBackend {
    let client = this.clients.get(slot);
    if (!client) {
      client = new OpenAiBackend({ endpoints: [slot.endpoint!], model: this.pool.checkpoint.name, kind: this.kind, apiKey: 'EMPTY', ...this.client });
      this.clients.set(slot, client);
    }
    return client;
  }

  /** The pool is shared across the checkpoint's runs and closed by its owner. */
  async close(): Promise<void> {}
}
