/**
 * The explorer's small query language, shared by the UI's filter bar and the CLI:
 *
 *   benchmark:MathVista checkpoint:stage3 correct:false label:perception "vertical angle"
 *
 * `key:value` terms narrow the predictions (values with spaces go in double quotes); every other
 * word or quoted phrase is searched in questions and model outputs (full text). Terms combine
 * with AND; repeating a key ORs its values (checkpoint:a checkpoint:b).
 */

export interface ExplorerFilter {
  benchmarks: string[];
  checkpoints: string[];
  stages: string[];
  labels: string[];
  categories: string[];
  runIds: number[];
  correct?: boolean;
  official?: boolean;
  /** `agrees:false`: ours and the official verdict both given and different (`true`: the same). */
  agreesWithOfficial?: boolean;
  formatOk?: boolean;
  hasError?: boolean;
  /** Whether the prediction carries any label (any source); `labelled:false` is the review queue. */
  labelled?: boolean;
  /** Samples by their benchmark's own id (external id), e.g. for side-by-side traces. */
  samples: string[];
  finishReasons: string[];
  /** Failure sets by name (`set:NAME`): the set's saved snapshot, not its filter re-run. */
  sets: string[];
  /**
   * `vs:CHECKPOINT:right|wrong`: samples that checkpoint answered right (wrong), first answer of
   * its evaluation; with `checkpoint:`/`run:` and `correct:` it lists one cell of a flip table.
   */
  versus?: Array<{ checkpoint: string; correct: boolean }>;
  text: string[];
}

export class QueryError extends Error {
  override name = 'QueryError';
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, yes: true, '1': true, false: false, no: false, '0': false };

/** A value each key takes, for the message when one is left empty. */
const KEY_EXAMPLES: Record<(typeof QUERY_KEYS)[number], string> = {
  benchmark: 'MathVista_MINI',
  checkpoint: 'stage3',
  stage: '1',
  label: 'perception',
  category: '"geometry reasoning"',
  run: '3',
  correct: 'false',
  official: 'true',
  agrees: 'false',
  format: 'false',
  error: 'true',
  finish: 'length',
  labelled: 'false',
  sample: 'ID',
  set: '"NAME"',
  vs: 'CHECKPOINT:right',
};

/** Marks a benchmark or checkpoint named whole, not as a prefix (`benchmark:=LogicVista`). */
export const EXACT = '=';

export const QUERY_KEYS = ['benchmark', 'checkpoint', 'stage', 'label', 'category', 'run', 'correct', 'official', 'agrees', 'format', 'error', 'finish', 'labelled', 'sample', 'set', 'vs'] as const;

function parseBoolean(key: string, value: string): boolean {
  const parsed = BOOLEAN_WORDS[value.toLowerCase()];
  if (parsed === undefined) throw new QueryError(`${key}:${value}: expected true or false`);
  return parsed;
}

/** Splits the query into terms, keeping quoted values and phrases whole. */
function tokenize(query: string): Array<{ key?: string; value: string; quoted?: boolean }> {
  const terms: Array<{ key?: string; value: string; quoted?: boolean }> = [];
  const pattern = /(?:([A-Za-z_]+):)?(?:"([^"]*)"|(\S+))/g;
  for (const match of query.matchAll(pattern)) {
    const [, key, quoted, bare] = match;
    const value = quoted ?? bare ?? '';
    if (key !== undefined) terms.push({ key: key.toLowerCase(), value, ...(quoted !== undefined ? { quoted: true } : {}) });
    else if (value.length > 0) terms.push({ value });
  }
  if ((query.match(/"/g)?.length ?? 0) % 2 === 1) throw new QueryError('unclosed double quote in the filter');
  // `label:` with nothing after it would otherwise be searched for as the word "label".
  for (const match of query.matchAll(/(?:^|\s)([A-Za-z_]+):(?=\s|$)/g)) {
    const key = match[1]!.toLowerCase();
    if ((QUERY_KEYS as readonly string[]).includes(key)) throw new QueryError(`${key}: needs a value (e.g. ${key}:${KEY_EXAMPLES[key as (typeof QUERY_KEYS)[number]]})`);
  }
  return terms;
}

export function parseQuery(query: string): ExplorerFilter {
  // SQLite and the full-text index treat NUL as the end of a string: refuse it as bad input.
  if (query.includes('\u0000')) throw new QueryError('the filter contains a NUL character');
  const filter: ExplorerFilter = {
    benchmarks: [],
    checkpoints: [],
    stages: [],
    labels: [],
    categories: [],
    runIds: [],
    samples: [],
    finishReasons: [],
    sets: [],
    text: [],
  };
  for (const term of tokenize(query)) {
    if (term.key === undefined) {
      filter.text.push(term.value);
      continue;
    }
    const value = term.value;
    switch (term.key) {
      // A name quoted, or written after "=", is matched whole (`benchmark:"LogicVista"` is not LogicVista_Rationale).
      case 'benchmark':
        filter.benchmarks.push(term.quoted && !value.startsWith(EXACT) ? `${EXACT}${value}` : value);
        break;
      case 'checkpoint':
        filter.checkpoints.push(term.quoted && !value.startsWith(EXACT) ? `${EXACT}${value}` : value);
        break;
      case 'stage': {
        filter.stages.push(value);
        // `stage:1`, `stage:S1` and `stage:"stage 1"` also name the stored `stage1` (values OR).
        const numbered = /^(?:s|stage)?\s*(\d+)$/i.exec(value);
        if (numbered && `stage${numbered[1]}` !== value) filter.stages.push(`stage${numbered[1]}`);
        break;
      }
      case 'label':
        filter.labels.push(value);
        break;
      case 'category':
        filter.categories.push(value);
        break;
      case 'run': {
        const runId = Number(value);
        if (!Number.isInteger(runId) || runId <= 0) throw new QueryError(`run:${value}: expected a run id (a positive integer)`);
        filter.runIds.push(runId);
        break;
      }
      case 'correct':
        filter.correct = parseBoolean('correct', value);
        break;
      case 'official':
        filter.official = parseBoolean('official', value);
        break;
      case 'agrees':
        filter.agreesWithOfficial = parseBoolean('agrees', value);
        break;
      case 'format':
        if (value !== 'ok' && value !== 'violation') throw new QueryError(`format:${value}: expected ok or violation`);
        filter.formatOk = value === 'ok';
        break;
      case 'error':
        filter.hasError = parseBoolean('error', value);
        break;
      case 'finish':
        filter.finishReasons.push(value);
        break;
      case 'labelled':
        filter.labelled = parseBoolean('labelled', value);
        break;
      case 'sample':
        filter.samples.push(value);
        break;
      case 'set':
        filter.sets.push(value);
        break;
      case 'vs': {
        const match = /^(.+):(right|wrong)$/i.exec(value);
        if (!match) throw new QueryError(`vs:${value}: expected CHECKPOINT:right or CHECKPOINT:wrong`);
        (filter.versus ??= []).push({ checkpoint: match[1]!, correct: match[2]!.toLowerCase() === 'right' });
        break;
      }
      default:
        throw new QueryError(`unknown filter key "${term.key}"; known keys: ${QUERY_KEYS.join(', ')}`);
    }
  }
  return filter;
}
