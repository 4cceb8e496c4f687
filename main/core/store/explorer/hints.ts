/**
 * Why a filter matches nothing, where a name in it names nothing in the workspace: `benchmark:"MathVista"`
 * (quoted: the whole name) beside `MathVista_MINI`, a checkpoint misspelt, `run:999`. The explorer
 * shows these under an empty list, the CLI prints them.
 */
import { EXACT, type ExplorerFilter } from '../../query/filter';
import type { Db } from '../database';
import { statement } from '../statements';

type Table = 'benchmarks' | 'checkpoints';

/** Whether a term (whole with EXACT, else a prefix) names something in the table; checkpoints also by stage. */
function names(db: Db, table: Table, term: string): boolean {
  const whole = term.startsWith(EXACT);
  const value = whole ? term.slice(EXACT.length) : term;
  const stage = table === 'checkpoints' ? ' OR stage = ?' : '';
  const sql = whole ? `SELECT 1 FROM ${table} WHERE name = ?${stage} LIMIT 1` : `SELECT 1 FROM ${table} WHERE (substr(name, 1, length(?)) = ?${stage}) LIMIT 1`;
  const params = whole ? [value, ...(stage ? [value] : [])] : [value, value, ...(stage ? [value] : [])];
  return statement(db, sql).get(...params) !== undefined;
}

/** Names in the table that hold the term, any case: what the user may have meant. */
function near(db: Db, table: Table, term: string): string[] {
  const value = (term.startsWith(EXACT) ? term.slice(EXACT.length) : term).toLowerCase();
  return (statement(db, `SELECT name FROM ${table} WHERE instr(lower(name), ?) > 0 OR instr(?, lower(name)) > 0 ORDER BY name LIMIT 3`).all(value, value) as Array<{ name: string }>).map(
    (row) => row.name,
  );
}

function unnamed(db: Db, table: Table, terms: readonly string[], key: string): string[] {
  const what = table === 'benchmarks' ? 'benchmark' : 'checkpoint';
  return terms
    .filter((term) => !names(db, table, term))
    .map((term) => {
      const value = term.startsWith(EXACT) ? term.slice(EXACT.length) : term;
      const meant = near(db, table, term);
      // As the filter language writes it: a name with spaces quoted.
      const hint = meant.length > 0 ? `: did you mean ${meant.map((name) => `${key}:${/[\s"]/.test(name) ? `"${name.replaceAll('"', '')}"` : name}`).join(', ')}?` : '';
      return `no ${what} named ${term.startsWith(EXACT) ? `exactly "${value}"` : `"${value}" (or starting so)`} in this workspace${hint}`;
    });
}

/** What in the filter names nothing in the workspace (empty where every name is known). */
export function unmatchedTerms(db: Db, filter: ExplorerFilter): string[] {
  const runs = filter.runIds.filter((id) => statement(db, 'SELECT 1 FROM runs WHERE id = ?').get(id) === undefined).map((id) => `no run ${id} in this workspace`);
  return [...unnamed(db, 'benchmarks', filter.benchmarks, 'benchmark'), ...unnamed(db, 'checkpoints', filter.checkpoints, 'checkpoint'), ...runs];
}
