import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { FatalBackendError, type GenerationRequest, type GenerationResult, type ModelBackend } from './backend';
import { EndpointPool } from './endpoint-pool';
import { createNodeHttpFetch } from './node-http-fetch';
import { backoffDelay, DEFAULT_RETRY_POLICY, describeFailure, isRetryable, sleep, type RetryPolicy } from './retry';
import { registerSecret } from '../redact';

export interface OpenAiBackendOptions {
  /** Base URLs as OpenAI clients take them (http://gpu-box:8000/v1); requests are spread across them. */
  endpoints: string[];
  /** The served model name (`--served-model-name` of vLLM). */
  model: string;
  /** Defaults to the environment (apiKeyFromEnvironment). Never stored in the workspace. */
  apiKey?: string;
  /** One attempt's limit; a server that has not answered by then counts as failed (and is retried). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Recorded as the run's backend: `openai` for a server you run, `vllm` etc. for one we launched. */
  kind?: string;
  /**
   * Sends the sample index as the request's `seed`, so the k samples of a question are distinct
   * and a resumed run asks exactly what it would have asked (vLLM, SGLang and llama.cpp honour it).
   */
  seedFromSampleIndex?: boolean;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10 * 60_000;
/** After this many connection failures in a row with no answer between, the servers are taken to be gone. */
const UNREACHABLE_AFTER = 32;
/** The preflight's limit per endpoint: listing models is instant on a server that is up. */
const PREFLIGHT_TIMEOUT_MS = 30_000;

/** The API key to send: VLM_WORKBENCH_API_KEY, else OPENAI_API_KEY. Local servers usually need none. */
export function apiKeyFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.VLM_WORKBENCH_API_KEY || env.OPENAI_API_KEY || undefined;
}

/** `http://box:8000` and `http://box:8000/` mean the server's `/v1`, as every OpenAI-compatible server mounts it. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`endpoint "${raw}" is not a URL (expected e.g. http://gpu-box:8000/v1)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`endpoint "${raw}" must be http or https`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1';
  return url.toString().replace(/\/+$/, '');
}

/**
 * Chat completions against OpenAI-compatible servers (vLLM, SGLang, LMDeploy, llama.cpp server,
 * or OpenAI itself) through the official `openai` client. Retries are ours, not the client's,
 * so that a retry can move to another endpoint and wait as the server asks (Retry-After).
 */
export class OpenAiBackend implements ModelBackend {
  readonly kind: string;
  readonly source: string;
  private readonly pool: EndpointPool<{ baseUrl: string; client: OpenAI }>;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private consecutiveConnectionFailures = 0;

  constructor(private readonly options: OpenAiBackendOptions) {
    const baseUrls = options.endpoints.map(normaliseBaseUrl);
    // vLLM and friends accept any key when started without one; the client insists on a string.
    const apiKey = options.apiKey ?? apiKeyFromEnvironment() ?? 'EMPTY';
    registerSecret(apiKey);
    const fetch = createNodeHttpFetch();
    this.pool = new EndpointPool(baseUrls.map((baseUrl) => ({ baseUrl, client: new OpenAI({ baseURL: baseUrl, apiKey, maxRetries: 0, fetch }) })));
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.kind = options.kind ?? 'openai';
    // Provenance: where and which model; the key is never part of it.
    this.source = `${baseUrls.join(' ')} model=${options.model}`;
  }

  /**
   * Preflight, before any question is asked: every endpoint must answer `GET /models` and serve
   * the model we will ask for. A wrong model name would otherwise fail every request with a 404,
   * and a server that is down would fail them one by one; both stop here with the reason.
   * A server without `/models` (some proxies) is let through: its first answers will tell.
   */
  async start(signal?: AbortSignal): Promise<void> {
    for (const endpoint of this.pool.endpoints) {
      let served: string[];
      try {
        const page = await endpoint.client.models.list({ signal, timeout: Math.min(this.timeoutMs, PREFLIGHT_TIMEOUT_MS), maxRetries: 0 });
        served = page.data.map((model) => model.id);
      } catch (error) {
        if (signal?.aborted) throw error;
        if (error instanceof APIError && (error.status === 404 || error.status === 405)) continue;
        throw new FatalBackendError(`cannot use ${endpoint.baseUrl}: ${describeFailure(error, 1)}`, { cause: error });
      }
      if (!served.includes(this.options.model)) {
        const listed = served.length > 0 ? served.map((id) => `"${id}"`).join(', ') : 'no models';
        throw new FatalBackendError(`${endpoint.baseUrl} does not serve the model "${this.options.model}"; it serves ${listed} (set --model to one of them)`);
      }
    }
  }

  /** How many requests each endpoint has in flight now (for tests and diagnostics). */
  load(): number[] {
    return this.pool.load();
  }

  async generate(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.options.model,
      messages: request.messages as ChatCompletionCreateParamsNonStreaming['messages'],
      max_tokens: request.maxTokens,
      temperature: request.temperature,
      top_p: request.topP,
      ...(request.stop && request.stop.length > 0 ? { stop: request.stop } : {}),
      ...(this.options.seedFromSampleIndex !== false ? { seed: request.sampleIndex } : {}),
    };
    let avoid: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const lease = this.pool.acquire(avoid);
      const started = performance.now();
      // The client and fetch add abort listeners and never take them off; on the run's one
      // long-lived signal they would pile up by the thousand. Each attempt gets its own.
      const attemptSignal = linkedSignal(signal);
      try {
        const { data: completion, response } = await lease.endpoint.client.chat.completions
          .create(body, { signal: attemptSignal.signal, timeout: this.timeoutMs, maxRetries: 0 })
          .withResponse();
        this.consecutiveConnectionFailures = 0;
        const choice = completion.choices?.[0];
        if (!choice) throw new Error('the server answered with no choices');
        return {
          text: outputText(choice.message as unknown as Record<string, unknown>),
          finishReason: choice.finish_reason ?? null,
          promptTokens: completion.usage?.prompt_tokens ?? null,
          completionTokens: completion.usage?.completion_tokens ?? null,
          latencyMs: performance.now() - started,
          ...(response.headers.get('x-simulated') === 'true' ? { simulated: true } : {}),
        };
      } catch (error) {
        if (signal.aborted) throw error;
        this.noteConnectionFailure(error, lease.endpoint.baseUrl);
        if (!isRetryable(error) || attempt > this.policy.retries) throw new Error(describeFailure(error, attempt), { cause: error });
        avoid = lease.index;
        await sleep(backoffDelay(this.policy, attempt, error), signal);
      } finally {
        attemptSignal.unlink();
        lease.release();
      }
    }
  }

  /** Refused connections on and on mean the servers are gone: stop the run rather than fail every sample. */
  private noteConnectionFailure(error: unknown, baseUrl: string): void {
    if (!(error instanceof APIConnectionError) || error instanceof APIConnectionTimeoutError) return;
    if (++this.consecutiveConnectionFailures >= UNREACHABLE_AFTER) {
      throw new FatalBackendError(`cannot connect to ${baseUrl} (${this.consecutiveConnectionFailures} connection failures in a row): is the server running?`);
    }
  }
}

/** Whether a failure (as thrown by generate) was the connection itself: refused, reset, not a timeout. */
export function isConnectionFailure(error: unknown): boolean {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  return cause instanceof APIConnectionError && !(cause instanceof APIConnectionTimeoutError);
}

/** A signal that aborts with `parent`, detached from it again by unlink(). */
function linkedSignal(parent: AbortSignal): { signal: AbortSignal; unlink(): void } {
  const controller = new AbortController();
  if (parent.aborted) controller.abort(parent.reason);
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, unlink: () => parent.removeEventListener('abort', onAbort) };
}

/**
 * The assistant's text. Servers started with a reasoning parser hand the thinking back apart
 * (`reasoning_content`, or `reasoning`); it is put back in <think> tags so the trace reads whole.
 */
function outputText(message: Record<string, unknown> | undefined): string {
  const content = typeof message?.content === 'string' ? message.content : '';
  const reasoning = typeof message?.reasoning_content === 'string' ? message.reasoning_content : typeof message?.reasoning === 'string' ? message.reasoning : null;
  return reasoning ? `<think>${reasoning}</think>${content}` : content;
}
