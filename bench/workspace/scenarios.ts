/**
 * The API calls the UI makes, as the bench repeats them on the million-prediction workspace.
 * Each scenario cycles through distinct inputs (another run, benchmark or checkpoint each
 * time), so that a figure is the cost of a filter the workspace has not just answered, not of
 * a cache hit; `paging` scenarios are the exception, on purpose: the next pages of a list
 * already open.
 */
import { BENCHMARKS, CHECKPOINTS, SEARCH_TERMS } from './generate';

export interface Scenario {
  /** Figure name. */
  name: string;
  method: string;
  inputs: unknown[];
  /** p95 target in ms. */
  target?: number;
  /** Shown beside the figure. */
  note?: string;
  /** Also measured over HTTP against the serve process. */
  http?: boolean;
  /** Before each call: forget cached explorer counts (a filter seen for the first time). */
  cold?: boolean;
}

export interface WorkspaceFacts {
  runs: Array<{ runId: number; checkpoint: string; benchmark: string }>;
  benchmarks: string[];
  checkpoints: string[];
  predictionIds: { min: number; max: number };
}

const q = (value: string): string => (/[\s"]/.test(value) ? `"${value.replaceAll('"', '')}"` : value);

export function scenarios(facts: WorkspaceFacts): Scenario[] {
  const { runs, benchmarks, checkpoints } = facts;
  const combos = benchmarks.flatMap((b) => checkpoints.map((c) => ({ b, c })));
  const first = checkpoints[0]!;
  const last = checkpoints[checkpoints.length - 1]!;
  const pairs = checkpoints.slice(1).map((other) => ({ a: first, b: other }));
  const categories = BENCHMARKS.filter((b) => benchmarks.includes(b.name)).flatMap((b) => b.categories.slice(0, 2));
  const span = facts.predictionIds.max - facts.predictionIds.min;
  const ids = Array.from({ length: 40 }, (_, i) => facts.predictionIds.min + Math.floor(((i * 7919) % 40) / 40 * span));
  return [
    { name: 'overview matrix', method: 'overview', inputs: [{}], target: 20, http: true },
    { name: 'explorer first page, no filter', method: 'explore', inputs: [{ query: '', offset: 0, limit: 100 }], target: 30, http: true, cold: true },
    {
      name: 'explorer first page, one run (overview cell)',
      method: 'explore',
      inputs: runs.map((run) => ({ query: `run:${run.runId}`, offset: 0, limit: 100 })),
      target: 30,
      http: true,
      cold: true,
    },
    {
      name: 'explorer first page, benchmark+checkpoint+failures',
      method: 'explore',
      inputs: combos.map(({ b, c }) => ({ query: `benchmark:${q(b)} checkpoint:${q(c)} correct:false`, offset: 0, limit: 100 })),
      target: 30,
      http: true,
      cold: true,
    },
    {
      name: 'explorer first page, filter + sort by think length',
      method: 'explore',
      inputs: combos.map(({ b, c }, i) => ({
        query: i % 2 === 0 ? `checkpoint:${q(c)} correct:false` : `benchmark:${q(b)} correct:true`,
        sort: { field: 'thinkChars', direction: 'desc' },
        offset: 0,
        limit: 100,
      })),
      target: 30,
      http: true,
      cold: true,
    },
    {
      name: 'explorer first page, sort by latency, no filter',
      method: 'explore',
      inputs: [{ query: '', sort: { field: 'latencyMs', direction: 'desc' }, offset: 0, limit: 100 }, { query: '', sort: { field: 'thinkChars', direction: 'asc' }, offset: 0, limit: 100 }],
      target: 30,
      cold: true,
    },
    {
      name: 'explorer next pages (scrolling a filter)',
      method: 'explore',
      inputs: Array.from({ length: 20 }, (_, i) => ({ query: `checkpoint:${q(last)} correct:false`, offset: (i + 1) * 100, limit: 100 })),
      target: 30,
      note: 'same filter, pages 2-21',
    },
    {
      name: 'explorer, category filter',
      method: 'explore',
      inputs: categories.map((category, i) => ({ query: `category:${q(category)} checkpoint:${q(checkpoints[i % checkpoints.length]!)}`, offset: 0, limit: 100 })),
      target: 30,
      cold: true,
    },
    {
      name: 'explorer, label filter',
      method: 'explore',
      inputs: checkpoints.flatMap((c) => ['perception', 'reasoning'].map((label) => ({ query: `label:${label} checkpoint:${q(c)}`, offset: 0, limit: 100 }))),
      target: 30,
      cold: true,
    },
    {
      name: 'explorer, flip cell (vs:)',
      method: 'explore',
      inputs: runs
        .filter((run) => run.checkpoint === last)
        .map((run) => ({ query: `run:${run.runId} vs:${q(`${first}:right`)} correct:false`, offset: 0, limit: 100 })),
      target: 30,
      cold: true,
    },
    {
      name: 'review queue head (correct:false labelled:false)',
      method: 'explore',
      inputs: ['', ...checkpoints.map((c) => `checkpoint:${q(c)}`)].map((scope) => ({ query: `${scope} correct:false labelled:false`.trim(), offset: 0, limit: 1 })),
      target: 30,
      cold: true,
    },
    {
      name: `full-text search "${SEARCH_TERMS.phrase}"`,
      method: 'explore',
      inputs: ['', ...benchmarks.map((b) => `benchmark:${q(b)}`), ...checkpoints.map((c) => `checkpoint:${q(c)}`)].map((scope) => ({
        query: `${scope} "${SEARCH_TERMS.phrase}"`.trim(),
        offset: 0,
        limit: 100,
      })),
      target: 50,
      http: true,
      cold: true,
    },
    {
      name: `full-text search ${SEARCH_TERMS.rare} (rare word)`,
      method: 'explore',
      inputs: ['', ...checkpoints.map((c) => `checkpoint:${q(c)} correct:false`)].map((scope) => ({ query: `${scope} ${SEARCH_TERMS.rare}`.trim(), offset: 0, limit: 100 })),
      target: 50,
      cold: true,
    },
    {
      name: `full-text search ${SEARCH_TERMS.common} (in most traces)`,
      method: 'explore',
      inputs: ['', ...benchmarks.map((b) => `benchmark:${q(b)}`)].map((scope) => ({ query: `${scope} ${SEARCH_TERMS.common}`.trim(), offset: 0, limit: 100 })),
      target: 50,
      cold: true,
    },
    {
      // The second word's matches are gathered within the runs in scope for each statement: all
      // of them unscoped (the first pass of the count and the page read), the slices' otherwise.
      name: `full-text search of two words, ${SEARCH_TERMS.common} angle`,
      method: 'explore',
      inputs: ['', ...benchmarks.map((b) => `benchmark:${q(b)}`)].map((scope) => ({ query: `${scope} ${SEARCH_TERMS.common} angle`.trim(), offset: 0, limit: 100 })),
      note: 'no target of its own; 4-7 s before the second word was read within the runs in scope',
      cold: true,
    },
    {
      name: 'flips of two checkpoints, all benchmarks',
      method: 'compareCheckpoints',
      inputs: pairs.map((pair) => ({ ...pair, includeIds: true, idsLimit: 3 })),
      target: 100,
      note: `${benchmarks.length} benchmarks, as the compare view asks (with 3 ids per cell)`,
      http: true,
    },
    { name: 'stage-progression series', method: 'stageProgression', inputs: [{}], target: 100, http: true },
    { name: 'label breakdown', method: 'labelBreakdown', inputs: [{ source: 'manual' }, {}], target: 100, http: true },
    { name: 'trace view (getPrediction)', method: 'getPrediction', inputs: ids.map((predictionId) => ({ predictionId })), target: 30, http: true },
  ];
}
