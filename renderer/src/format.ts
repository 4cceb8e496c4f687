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
