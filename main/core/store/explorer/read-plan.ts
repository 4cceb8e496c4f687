/**
 * The read-plan chooser: how SQLite is told to read a page (or a count), from what the summary
 * table says about the filter's scope, and the FROM/WHERE of each plan.
 */
import type { ExplorerFilter } from '../../query/filter';
import type { ExplorerSortField } from '../../types/records';
import { ftsPhrase, inList, orderBy, predictionParts, RUN_IDS_JSON, SORT_SQL, whereOf, type ExplorerSort, type SqlParts } from './filter-sql';
import type { Scope } from './scope';

/** Sort fields with a per-run index (0007_performance.sql): each run's rows can be read in sort order. */
const SORT_INDEX: Partial<Record<ExplorerSortField, string>> = {
  thinkChars: 'predictions_by_run_think',
  latencyMs: 'predictions_by_run_latency',
};
/** A think-length sort of one verdict (`correct:false`) reads its own index: each run's matches in order. */
const VERDICT_THINK_INDEX = 'predictions_by_run_verdict_think';
/** At most this many runs are merged by a sorted read (SQLite's compound SELECT limit is 500). */
const MAX_MERGED_RUNS = 200;
/**
 * From this share of the samples with the searched word in their question, their answers are
 * read by walking predictions in id order (lazily, beside the outputs' matches) instead of
 * gathering every answer of every such sample and sorting them: on a million predictions,
 * `angle` (in 16% of the questions) 666 → 117 ms for the first page, while a word in few
 * questions is read faster through the sample index (a word in none: 15 ms, against 94 ms
 * walking). A second word's set of matches (filter-sql.ts) is gathered the same way: within an
 * estimate's slice, a walk of the slice beats seeking every such sample's answers.
 */
const QUESTION_WALK_SHARE = 0.05;
const walksQuestions = (scope: Scope): boolean[] => scope.questionShares.map((share) => share >= QUESTION_WALK_SHARE);
/** No question holds any of the searched words: the matches are the outputs that hold them all. */
const outputsOnly = (scope: Scope): boolean => scope.questionShares.every((share) => share === 0);

/** Terms that find their matches through an index of their own (full text, labels, sets, sample ids). */
const hasDriver = (filter: ExplorerFilter): boolean =>
  filter.text.length > 0 || filter.labels.length > 0 || filter.sets.length > 0 || filter.samples.length > 0 || filter.labelled === true;

/**
 * How SQLite is told to read a page, chosen from the summary counts (SQLite's own planner
 * cannot know that the first 100 of 400,000 matches are at the start of the table):
 * - walk: predictions in id order, testing each row, until the page is full; cheap when
 *   matches are dense in the span of ids their runs have.
 * - merge: each run's rows in sort order from a per-run index, the first rows of every run
 *   merged; for sorts on an indexed column.
 * - index: the scope's rows through the run index, then sorted; cheap when they are few.
 * - category: the same, starting from the category's samples (samples_by_category) and their
 *   answers in the scope's runs (predictions_by_sample).
 * - text: the first full-text term's matches in id order, lazily (a page stops reading early);
 *   the answers to questions that hold it through the sample index, or, when many questions
 *   do, by walking predictions in id order (`walksQuestions`). Where no question holds any of
 *   the words (`outputsOnly`), the matches are the outputs that hold them all: one full-text
 *   query of all the words, in id order, and nothing else to test.
 * - driven: start from the rows a label, set or sample term names.
 */
export type Strategy =
  | { kind: 'walk' }
  | { kind: 'merge'; index: string }
  | { kind: 'index' }
  | { kind: 'category' }
  | { kind: 'text' }
  | { kind: 'driven' };

export function strategyFor(filter: ExplorerFilter, sort: ExplorerSort | undefined, scope: Scope, rowsWanted: number): Strategy {
  const byId = !sort || sort.field === 'id';
  if (filter.text.length > 0) {
    return !sort || (sort.field === 'id' && sort.direction === 'asc') ? { kind: 'text' } : { kind: 'driven' };
  }
  if (hasDriver(filter)) return { kind: 'driven' };
  const bound = Math.max(scope.bound, 1);
  // Rows a walk reads before the page is full, were matches spread evenly over the ids it
  // walks, against the rows an index read fetches and sorts (each costing a few walked rows).
  const indexed: Strategy = filter.categories.length > 0 ? { kind: 'category' } : { kind: 'index' };
  if (byId) return (rowsWanted * scope.span) / bound <= 3 * scope.bound ? { kind: 'walk' } : indexed;
  const index = sort.field === 'thinkChars' && filter.correct !== undefined ? VERDICT_THINK_INDEX : SORT_INDEX[sort.field];
  if (index && scope.runList.length <= MAX_MERGED_RUNS && rowsWanted * scope.runList.length <= 3 * scope.bound) return { kind: 'merge', index };
  return indexed;
}

/**
 * Only the joins the filter's terms and the sort need: run terms are already run ids, so a page
 * is chosen from predictions (and its samples for a category or sample term) alone, and the
 * page's own rows are joined to everything afterwards.
 */
function joinsFor(filter: ExplorerFilter, sort: ExplorerSort | undefined): string {
  const joins: string[] = [];
  if (sort?.field === 'benchmark' || sort?.field === 'checkpoint') {
    joins.push('CROSS JOIN runs r ON r.id = p.run_id', 'CROSS JOIN benchmarks b ON b.id = r.benchmark_id', 'CROSS JOIN checkpoints c ON c.id = r.checkpoint_id');
  }
  if (filter.categories.length > 0 || filter.samples.length > 0 || sort?.field === 'category') joins.push('CROSS JOIN samples s ON s.id = p.sample_id');
  return joins.join(' ');
}

export interface PlannedSql {
  from: string;
  where: string;
  params: unknown[];
  /** The column that orders by id under this plan (a lazy full-text read must be ordered by its own). */
  idColumn: string;
  /** The sort key as this plan reads it, where not from predictions (a merge reads it from its indexes). */
  sortKey?: string;
}

/** FROM and WHERE of a filter read the way `strategy` says (predictions first, then what it needs). */
export function plannedSql(
  filter: ExplorerFilter,
  sort: ExplorerSort | undefined,
  scope: Scope,
  strategy: Strategy,
  rowsWanted: number,
  /** Only ids in this span (the samples of an estimate). */
  window?: [number, number],
): PlannedSql {
  if (strategy.kind === 'merge') return mergedSql(filter, sort!, scope, strategy.index, rowsWanted);
  const joins = joinsFor(filter, sort);
  const parts: SqlParts = { clauses: [], params: [] };
  let from = `FROM predictions p ${joins}`;
  let idColumn = 'p.id';
  if (strategy.kind === 'walk') {
    const ranges = window ? [window] : scope.ranges;
    if (ranges.length <= 1 || ranges.length > MAX_MERGED_RUNS) {
      from = `FROM predictions p NOT INDEXED ${joins}`;
      parts.clauses.push('p.id BETWEEN ? AND ?');
      parts.params.push(window?.[0] ?? scope.lo, window?.[1] ?? scope.hi);
    } else {
      // The spans of the runs with matches one after another, skipping the runs between them:
      // a merge of ordered arms (UNION: SQLite drops the ORDER BY of a UNION ALL here, and would
      // sort them all), read lazily; literal bounds, as for full-text reads below.
      const spans = ranges.map(([lo, hi]) => `SELECT id FROM predictions WHERE id BETWEEN ${Math.trunc(lo)} AND ${Math.trunc(hi)}`).join(' UNION ');
      from = `FROM (${spans} ORDER BY 1) m CROSS JOIN predictions p ON p.id = m.id ${joins}`;
      idColumn = 'm.id';
    }
  } else if (window) {
    parts.clauses.push('p.id BETWEEN ? AND ?');
    parts.params.push(window[0], window[1]);
  }
  const fromParams: unknown[] = [];
  const walks = walksQuestions(scope);
  const allWords = strategy.kind === 'text' && outputsOnly(scope);
  /** The ids a text read matches, in id order (joined to predictions below where anything else is asked of them). */
  let textMatches: string | undefined;
  if (strategy.kind === 'text') {
    // The outputs that match in id order (only within the id spans of the runs in scope), merged
    // with the answers to questions that match: a page stops reading as soon as it is full.
    // Every word at once where only outputs can hold them (FTS5 intersects their lists lazily).
    const phrase = allWords ? filter.text.map(ftsPhrase).join(' AND ') : ftsPhrase(filter.text[0]!);
    const ranges = window ? [window] : scope.ranges.length <= MAX_MERGED_RUNS ? scope.ranges : null;
    // The spans are written into the SQL (integers of our own): FTS5 seeks to a rowid range it is
    // given as literals, while bound ones leave each arm reading its matches from the start.
    const span = (lo: number, hi: number): string => `${Math.trunc(lo)} AND ${Math.trunc(hi)}`;
    const outputs = ranges
      ? ranges.map(([lo, hi]) => `SELECT rowid AS id FROM outputs_fts WHERE outputs_fts MATCH ? AND rowid BETWEEN ${span(lo, hi)}`).join(' UNION ALL ')
      : 'SELECT rowid AS id FROM outputs_fts WHERE outputs_fts MATCH ?';
    for (let i = 0; i < (ranges?.length ?? 1); i++) fromParams.push(phrase);
    if (allWords) {
      // The arms' spans are disjoint and ascending: UNION merges them in id order, lazily.
      textMatches = `${outputs.replaceAll(' UNION ALL ', ' UNION ')} ORDER BY 1`;
    } else {
      const questionRuns = scope.runIds !== null ? `AND q.run_id ${RUN_IDS_JSON}` : '';
      const questionWindow = window ? `AND q.id BETWEEN ${span(window[0], window[1])}` : '';
      textMatches = `${outputs}
          UNION SELECT q.id FROM predictions q${walks[0] ? ' NOT INDEXED' : ''} WHERE q.sample_id IN (SELECT rowid FROM samples_fts WHERE samples_fts MATCH ?) ${questionRuns} ${questionWindow} ORDER BY 1`;
      fromParams.push(phrase);
      if (scope.runIds !== null) fromParams.push(JSON.stringify(scope.runIds));
    }
    idColumn = 'm.id';
  }
  if (strategy.kind === 'category') {
    // Said again as a set of sample ids, which SQLite reads through samples_by_category.
    parts.clauses.push(`p.sample_id IN (SELECT id FROM samples WHERE ${inList('category', filter.categories.length)})`);
    parts.params.push(...filter.categories);
  }
  if (scope.runIds !== null) {
    // A unary + keeps SQLite from reading by the run index where another path was chosen.
    parts.clauses.push(`${strategy.kind === 'index' || strategy.kind === 'category' ? '' : '+'}p.run_id ${RUN_IDS_JSON}`);
    parts.params.push(JSON.stringify(scope.runIds));
  }
  const textFrom = strategy.kind !== 'text' ? 0 : allWords ? filter.text.length : 1;
  predictionParts(filter, 'rows', parts, { textFrom, idSpans: window ? [window] : scope.ranges, walkQuestions: walks });
  const { where, params } = whereOf(parts);
  if (textMatches !== undefined) {
    // Ids matched by text alone, nothing else asked of them: every one is a prediction (the
    // outputs' index holds only those of existing outputs), so counting them reads no prediction
    // row (an unscoped phrase's count, 150,000 matches: 31 → 5 ms).
    from = where === '' && joins === '' ? `FROM (${textMatches}) m` : `FROM (${textMatches}) m CROSS JOIN predictions p ON p.id = m.id ${joins}`;
  }
  return { from, where, params: [...fromParams, ...params], idColumn };
}

/**
 * A sorted read over a per-run index: the first `rowsWanted` rows of each run in sort order
 * (each a short walk along the index), merged. The outer query sorts those few rows.
 */
function mergedSql(filter: ExplorerFilter, sort: ExplorerSort, scope: Scope, index: string, rowsWanted: number): PlannedSql {
  const inner: SqlParts = { clauses: ['p.run_id = ?'], params: [] };
  predictionParts(filter, 'rows', inner);
  const { where } = whereOf(inner);
  // Each run's first rows with their sort key, both read from the index: choosing the page among
  // them touches no table row (the page's own rows are joined afterwards).
  const perRun = `SELECT * FROM (SELECT p.id, ${SORT_SQL[sort.field]} AS k FROM predictions p INDEXED BY ${index} ${joinsFor(filter, undefined)} ${where} ORDER BY ${orderBy(sort)} LIMIT ?)`;
  const params: unknown[] = [];
  for (const runId of scope.runList) params.push(runId, ...inner.params, rowsWanted);
  return { from: `FROM (${scope.runList.map(() => perRun).join(' UNION ALL ')}) top`, where: '', params, idColumn: 'top.id', sortKey: 'top.k' };
}

