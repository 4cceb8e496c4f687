/** Repeats the UI's API calls (scenarios.ts) and reports p50 / p95, in process or over HTTP. */
import type { Figure } from '../harness';
import type { Scenario } from './scenarios';

export interface Timing {
  scenario: Scenario;
  p50: number;
  p95: number;
  calls: number;
}

export interface MeasureOptions {
  /** Calls per scenario (at least `minCalls` even past the time budget). */
  calls: number;
  minCalls: number;
  /** Stop a scenario after this many ms once minCalls are done. */
  budgetMs: number;
}

export const DEFAULT_MEASURE: MeasureOptions = { calls: 40, minCalls: 8, budgetMs: 4000 };

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Times `call` over the scenario's inputs, cycling through them. One untimed warm-up call per
 * scenario (statement preparation, JIT), then `options.calls` timed ones.
 */
export async function measureScenario(
  scenario: Scenario,
  call: (method: string, input: unknown) => Promise<unknown>,
  beforeEach: (() => void | Promise<void>) | undefined,
  options: MeasureOptions = DEFAULT_MEASURE,
): Promise<Timing> {
  const inputs = scenario.inputs;
  await beforeEach?.();
  await call(scenario.method, inputs[inputs.length - 1]);
  // A "first time" scenario that cannot forget cached totals (over HTTP) asks each of its other
  // inputs once rather than repeat one.
  const calls = scenario.cold && !beforeEach && inputs.length > 1 ? Math.min(options.calls, inputs.length - 1) : options.calls;
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    if (i >= options.minCalls && performance.now() - started > options.budgetMs) break;
    await beforeEach?.();
    const at = performance.now();
    await call(scenario.method, inputs[i % inputs.length]);
    times.push(performance.now() - at);
  }
  times.sort((a, b) => a - b);
  return { scenario, p50: percentile(times, 0.5), p95: percentile(times, 0.95), calls: times.length };
}

export function timingFigures(timings: Timing[], prefix = ''): Figure[] {
  const figures: Figure[] = [];
  for (const { scenario, p50, p95, calls } of timings) {
    const note = [`${calls} calls, ${new Set(scenario.inputs.map((input) => JSON.stringify(input))).size} distinct inputs`, scenario.note].filter(Boolean).join('; ');
    figures.push({ name: `${prefix}${scenario.name}: p50`, value: p50, unit: 'ms' });
    figures.push({ name: `${prefix}${scenario.name}: p95`, value: p95, unit: 'ms', ...(scenario.target !== undefined ? { target: { op: '<=' as const, value: scenario.target } } : {}), note });
  }
  return figures;
}

/** POST /api/call/<method> with the bearer token, as the renderer's HTTP client does. */
export function httpCaller(baseUrl: string, token: string): (method: string, input: unknown) => Promise<unknown> {
  return async (method, input) => {
    const response = await fetch(`${baseUrl}/api/call/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input ?? {}),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`${method} over HTTP: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
}
