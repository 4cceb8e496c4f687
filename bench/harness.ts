/**
 * `npm run bench`: each section measures one part of the workbench and returns named figures
 * with their target. Figures are printed as a table and written to bench/results.json; nothing
 * here asserts: a missed target is reported with its margin.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** e.g. { op: '>=', value: 20000 } means "at least 20,000". */
  target?: { op: '>=' | '<='; value: number };
  note?: string;
}

export interface BenchSection {
  name: string;
  run(): Promise<Figure[]>;
}

export function meetsTarget(figure: Figure): boolean | null {
  if (!figure.target) return null;
  return figure.target.op === '>=' ? figure.value >= figure.target.value : figure.value <= figure.target.value;
}
