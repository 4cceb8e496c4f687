import { formatCount } from '../../format';

/** What a job's progress counts, by job kind: an import reads bytes, the others count items. */
const ITEM_UNITS: Record<string, string> = { eval: 'answers', evaluation: 'answers', regrade: 'predictions', export: 'records', attribution: 'failures' };

export function bytes(value: number): string {
  if (value < 1024) return `${Math.round(value)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let scaled = value / 1024;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${scaled.toFixed(scaled >= 100 ? 0 : 1)} ${units[unit]}`;
}

/** "4.2 MB of 12.3 MB" and "4.2 MB/s" for an import; "120 of 754 answers" and "12.5 answers/s" otherwise. */
export function progressText(kind: string, done: number, total: number, rate: number | null): { amount: string; rate: string | null } {
  if (kind === 'import') {
    return { amount: `${bytes(done)} of ${bytes(total)} read`, rate: rate === null ? null : `${bytes(rate)}/s` };
  }
  const unit = ITEM_UNITS[kind] ?? ITEM_UNITS[kind.split('-')[0]!] ?? 'items';
  return { amount: `${formatCount(done)} of ${formatCount(total)} ${unit}`, rate: rate === null ? null : `${rate.toFixed(1)} ${unit}/s` };
}
