/**
 * `explore`: the explorer's list on the command line, one page of the predictions a filter
 * matches (the same query language and API method as the UI), with their prediction ids for
 * `sets add` and `export`.
 */
import type { Command } from 'commander';
import { EXPLORER_SORT_FIELDS } from '../../core/types/records';
import { existingWorkspace, positiveInteger } from '../options';

/** A cell cut to a terminal column, on one line. */
const cell = (text: string, width: number): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
};

export function registerExplore(program: Command): void {
  program
    .command('explore [query]')
    .description('List the predictions a filter matches, with their ids (the explorer\'s query language, e.g. "checkpoint:stage3 correct:false")')
    .option('--db <file>', 'workspace file')
    .option('--sort <field:direction>', `sort by ${EXPLORER_SORT_FIELDS.join('|')}, asc or desc (e.g. thinkChars:desc)`)
    .option('--limit <n>', 'predictions to list (at most 500)', positiveInteger('--limit'), 20)
    .option('--offset <n>', 'skip this many first', positiveInteger('--offset'), 0)
    .option('--json', 'print the page as JSON: {rows, total, totalExact, offset, limit}')
    .action(async (query: string | undefined, options: { db?: string; sort?: string; limit: number; offset: number; json?: boolean }) => {
      const [field, direction = 'asc'] = (options.sort ?? '').split(':');
      if (options.sort && (!(EXPLORER_SORT_FIELDS as readonly string[]).includes(field!) || !['asc', 'desc'].includes(direction))) {
        throw new Error(`--sort must be FIELD[:asc|desc] with FIELD one of ${EXPLORER_SORT_FIELDS.join(', ')}, got "${options.sort}"`);
      }
      const [{ withCliApi }, { printTable }] = await Promise.all([import('../api'), import('../table')]);
      await withCliApi(existingWorkspace(options.db), async (api) => {
        const page = await api.call('explore', {
          query: query ?? '',
          offset: options.offset,
          limit: Math.min(options.limit, 500),
          ...(options.sort ? { sort: { field: field as (typeof EXPLORER_SORT_FIELDS)[number], direction: direction as 'asc' | 'desc' } } : {}),
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
          return;
        }
        if (page.total === 0) {
          process.stdout.write('no prediction matches this filter\n');
          for (const hint of page.hints ?? []) process.stdout.write(`  ${hint}\n`);
          return;
        }
        printTable(
          ['id', 'sample', 'checkpoint', 'benchmark', 'gold', 'extracted', 'verdict', 'labels'],
          page.rows.map((row) => [
            row.predictionId,
            cell(row.externalId, 16),
            cell(row.checkpoint, 28),
            cell(row.benchmark, 18),
            cell(row.gold, 14),
            cell(row.extracted ?? '—', 14),
            row.error ? 'error' : row.correct === null ? '—' : row.correct ? 'right' : 'wrong',
            cell(row.labels.join(', '), 24),
          ]),
          [0],
        );
        const shown = page.rows.length === 0 ? 'none' : `${page.offset + 1}–${page.offset + page.rows.length}`;
        process.stdout.write(`${shown} of ${page.totalExact ? '' : 'about '}${page.total.toLocaleString('en-US')} prediction(s)${page.offset + page.rows.length < page.total ? ` (--offset ${page.offset + page.rows.length} for more)` : ''}\n`);
      });
    });
}
