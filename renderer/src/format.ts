import type { CheckpointInfo } from '@core/types/records';

/**
 * A number with its thousands grouped as en-US writes them (12,345; fractions to 3 digits), as
 * `toLocaleString()` gives it there. Not toLocaleString itself: its first call in a page loads
 * the locale's data, measured at 30-56 ms of the page's thread in Chromium, inside the first
 * render of every view that shows a count.
 */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(Math.abs(value) * 1000) / 1000;
  const [whole = '0', fraction] = rounded.toFixed(3).replace(/\.?0+$/, '').split('.');
  const sign = value < 0 && rounded !== 0 ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

export const percent = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;

/** A calm red-to-green scale for accuracy cells; text stays readable in both themes. */
export function accuracyColour(accuracy: number | null): string {
  if (accuracy === null) return 'transparent';
  const hue = Math.round(accuracy * 120);
  return `hsl(${hue} 55% 50% / 0.28)`;
}

export const STAGE_LABELS: Record<string, string> = {
  base: 'Base',
  stage1: 'Stage 1 · visual perception',
  stage2: 'Stage 2 · text reasoning',
  stage3: 'Stage 3 · visual reasoning',
  merged: 'Merged',
};

export const stageLabel = (stage: string): string => STAGE_LABELS[stage] ?? (stage || 'Unstaged');

/** Short stage names for chart axes. */
export const STAGE_SHORT: Record<string, string> = { base: 'base', stage1: 'S1', stage2: 'S2', stage3: 'S3', merged: 'merged' };

export const checkpointShort = (checkpoint: Pick<CheckpointInfo, 'stage' | 'step' | 'name'>): string =>
  checkpoint.stage === 'base' || checkpoint.step === null || !STAGE_SHORT[checkpoint.stage]
    ? checkpoint.name
    : `${STAGE_SHORT[checkpoint.stage]}@${checkpoint.step}`;

/** A long name cut in the middle to `max` characters, both ends kept: benchmark variants and checkpoint steps differ at the end. */
export const middleEllipsis = (value: string, max: number): string => {
  if (value.length <= max) return value;
  const head = Math.floor((max - 1) / 2);
  return `${value.slice(0, head)}…${value.slice(value.length - (max - 1 - head))}`;
};

export const milliseconds = (value: number | null | undefined): string => {
  if (value === null || value === undefined) return '—';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
};

/** A difference of two accuracies in percentage points, signed ("+6.4 pts"); never "-0.0". */
export function signedPoints(difference: number): string {
  const rounded = (difference * 100).toFixed(1);
  if (Number(rounded) === 0) return '0.0 pts';
  return `${difference > 0 ? '+' : ''}${rounded} pts`;
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** "3 min ago" for recent times, the date otherwise; the exact time goes in a title. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = (Date.now() - then) / 1000;
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(then).toLocaleDateString();
}

export const fullTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '');

/** Quotes a filter value when it holds spaces (the filter language's rule). */
export const filterValue = (value: string): string => (/[\s"]/.test(value) ? `"${value.replaceAll('"', '')}"` : value);

/** A benchmark's or checkpoint's full name, always quoted: matched whole, never as a prefix (LogicVista is not LogicVista_Rationale). */
export const filterName = (value: string): string => `"${value.replaceAll('"', '')}"`;

/** A fixed palette for up to a few series (checkpoints, benchmarks, labels) in both themes. */
export const SERIES_COLOURS = ['#4f7be8', '#e8864f', '#3fae74', '#b05fd6', '#d6b24f', '#4fc1d6', '#d65f86', '#8a8f99'];
export const seriesColour = (index: number): string => SERIES_COLOURS[index % SERIES_COLOURS.length]!;
