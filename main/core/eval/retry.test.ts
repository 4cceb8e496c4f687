import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, sleep } from './retry';

const httpError = (status: number, headers: Record<string, string> = {}): APIError =>
  APIError.generate(status, { error: { message: 'x' } }, 'x', new Headers(headers));

describe('retry policy', () => {
  it('retries overload, server errors, dropped connections and timeouts, not rejections or aborts', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(isRetryable(httpError(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 422]) expect(isRetryable(httpError(status))).toBe(false);
    expect(isRetryable(new APIConnectionError({ message: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetryable(new APIConnectionTimeoutError())).toBe(true);
    expect(isRetryable(new SyntaxError('Unexpected token'))).toBe(true);
    expect(isRetryable(new APIUserAbortError())).toBe(false);
    expect(isRetryable(new TypeError('a bug of ours'))).toBe(false);
  });

  it('backs off exponentially with jitter, capped, and waits as long as Retry-After asks', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, backoffMs: 100, maxBackoffMs: 1000 };
    expect(backoffDelay(policy, 1, httpError(503), () => 0)).toBe(50);
    expect(backoffDelay(policy, 3, httpError(503), () => 1)).toBe(400);
    expect(backoffDelay(policy, 10, httpError(503), () => 1)).toBe(1000);
    expect(backoffDelay(policy, 1, httpError(429, { 'retry-after': '0.25' }))).toBe(250);
    expect(backoffDelay(policy, 1, httpError(429, { 'retry-after-ms': '30' }))).toBe(30);
    expect(backoffDelay(policy, 1, httpError(429, { 'retry-after': '3600' }))).toBe(1000);
  });

  it('a wait ends at once when the run is cancelled', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(10_000, controller.signal);
    controller.abort(new Error('cancelled by the user'));
    await expect(waiting).rejects.toThrow('cancelled by the user');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
