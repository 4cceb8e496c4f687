/**
 * Why a filter matches nothing, where a name in it names nothing in the workspace: `benchmark:"MathVista"`
 * (quoted: the whole name) beside `MathVista_MINI`, a checkpoint misspelt, `run:999`. The explorer
 * shows these under an empty list, the CLI prints them.
 */
import { EXACT, type ExplorerFilter } from '../../query/filter';
import type { Db } from '../database';
import { statement } from '../statements';
import { benchmarkTermSql, checkpointTermSql } from './filter-sql';

type Table = 'benchmarks' | 'checkpoints';

/** Whether a term names something in the table, as the filter itself reads it (`filter-sql.ts`). */
function names(db: Db, table: Table, term: string): boolean {
  const { sql, params } = table === 'benchmarks' ? benchmarkTermSql(term, 't') : checkpointTermSql(term, 't');
  return statement(db, `SELECT 1 FROM ${table} t WHERE ${sql} LIMIT 1`).get(...params) !== undefined;
}

/** Names in the table that hold the value (or that it holds), any case: what the user may have meant. */
function near(db: Db, table: Table, name: string): string[] {
  const value = name.toLowerCase();
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
      const meant = near(db, table, value);
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
