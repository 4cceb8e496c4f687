import { createRequire } from 'node:module';
import type TableConstructor from 'cli-table3';

// Loaded on the first table printed: `--json` output (stats, compare) never pays for it.
const require = createRequire(import.meta.url);

/** A plain table for terminals (stdout stays machine-readable with --json instead). */
export function printTable(head: string[], rows: Array<Array<string | number>>, alignRight: number[] = []): void {
  const Table = require('cli-table3') as typeof TableConstructor;
  const table = new Table({
    head,
    style: { head: [], border: [], compact: true },
    colAligns: head.map((_, index) => (alignRight.includes(index) ? 'right' : 'left')),
  });
  table.push(...rows.map((row) => row.map(String)));
  process.stdout.write(`${table.toString()}\n`);
}
