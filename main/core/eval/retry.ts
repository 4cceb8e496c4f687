import { APIConnectionError, APIError, APIUserAbortError } from 'openai';

/**
 * Which failures of an OpenAI-compatible request are worth another try, and how long to wait.
 * Servers under load answer 429 or 5xx, restart (connection refused or reset), or stall (our
 * per-request timeout); those pass. A request the server rejects (400: prompt too long, 404:
 * wrong model name, 401: bad key) would fail the same way again, so it is not retried.
 */
export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  /** First backoff (ms); doubled each attempt, with jitter, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 4, backoffMs: 500, maxBackoffMs: 20_000 };

export function isRetryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  // Covers refused and reset connections and APIConnectionTimeoutError (our per-request timeout).
  if (error instanceof APIConnectionError) return true;
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    return status === 408 || status === 429 || status >= 500;
  }
  // A 200 whose body is not the JSON it should be (a proxy's error page, a truncated reply).
  return error instanceof SyntaxError;
}

/** Wait before attempt `attempt` (1 = the first retry): the server's Retry-After if it gave one. */
export function backoffDelay(policy: RetryPolicy, attempt: number, error: unknown, random: () => number = Math.random): number {
  const retryAfter = retryAfterMs(error);
  if (retryAfter !== null) return Math.min(retryAfter, policy.maxBackoffMs);
  const exponential = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempt - 1));
  // Full jitter keeps many workers that failed together from retrying in lockstep.
  return exponential / 2 + random() * (exponential / 2);
}

function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof APIError) || !error.headers) return null;
  const header = error.headers.get('retry-after-ms') ?? null;
  if (header !== null && Number.isFinite(Number(header))) return Number(header);
  const seconds = error.headers.get('retry-after');
  if (seconds !== null && seconds !== undefined && Number.isFinite(Number(seconds))) return Number(seconds) * 1000;
  return null;
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One line for the prediction's error column: what failed, and after how many tries. */
export function describeFailure(error: unknown, attempts: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const what = error instanceof APIError && error.status ? `HTTP ${error.status}: ${message}` : message;
  return attempts > 1 ? `${what} (after ${attempts} attempts)` : what;
}
