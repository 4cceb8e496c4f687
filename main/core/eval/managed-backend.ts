import { setMaxListeners } from 'node:events';
import { FatalBackendError, type GenerationRequest, type GenerationResult, type ModelBackend } from './backend';
import { ManagedServer, type ManagedServerOptions } from './managed-server';
import { isConnectionFailure, OpenAiBackend, type OpenAiBackendOptions } from './openai-backend';

/** How long a connection failure waits to learn whether the server died. */
const CRASH_NOTICE_MS = 2_000;

export interface ManagedBackendOptions extends ManagedServerOptions {
  /** Client settings for talking to the launched server (timeout, retries). */
  client?: Pick<OpenAiBackendOptions, 'timeoutMs' | 'retry'>;
}

/**
 * A server we launch for the run (`eval --vllm PATH`) and talk to like any OpenAI-compatible
 * endpoint. If the server dies mid-run the requests in flight are aborted and the run stops
 * with the server's last log lines, leaving the unanswered samples pending for a re-run.
 */
export class ManagedServerBackend implements ModelBackend {
  readonly kind: string;
  readonly source: string;
  readonly server: ManagedServer;
  private client: OpenAiBackend | undefined;
  private readonly died = new AbortController();

  constructor(private readonly options: ManagedBackendOptions) {
    this.kind = options.kind;
    this.source = `${options.kind} serve ${options.checkpointPath} (launched by the workbench) model=${options.servedModelName}`;
    this.server = new ManagedServer(options);
    setMaxListeners(0, this.died.signal);
    this.server.onExit(() => this.died.abort(new FatalBackendError(this.server.crashReport(`${options.kind} stopped during the run`))));
  }

  async start(signal?: AbortSignal): Promise<void> {
    await this.server.start(signal);
    this.client = new OpenAiBackend({
      endpoints: [this.server.baseUrl],
      model: this.options.servedModelName,
      kind: this.kind,
      // Our own server needs no key; never send the user's OpenAI key to it.
      apiKey: 'EMPTY',
      ...this.options.client,
    });
  }

  async generate(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
    if (!this.client) throw new FatalBackendError(`${this.kind} server is not started`);
    if (this.died.signal.aborted) throw this.died.signal.reason as Error;
    try {
      return await this.client.generate(request, AbortSignal.any([signal, this.died.signal]));
    } catch (error) {
      if (signal.aborted) throw error;
      // A server that dies drops its connections a moment before we hear it exit: a refused or
      // reset connection waits for that, so the request stays pending instead of failing.
      if (!this.died.signal.aborted && isConnectionFailure(error)) await this.server.waitForExit(CRASH_NOTICE_MS);
      if (this.died.signal.aborted) throw this.died.signal.reason as Error;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.server.stop();
  }
}
