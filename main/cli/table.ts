import Table from 'cli-table3';

/** A plain table for terminals (stdout stays machine-readable with --json instead). */
export function printTable(head: string[], rows: Array<Array<string | number>>, alignRight: number[] = []): void {
  const table = new Table({
    head,
    style: { head: [], border: [], compact: true },
    colAligns: head.map((_, index) => (alignRight.includes(index) ? 'right' : 'left')),
  });
  table.push(...rows.map((row) => row.map(String)));
  process.stdout.write(`${table.toString()}\n`);
}
