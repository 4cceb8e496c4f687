/** Text scorer: normalised exact match for short free text ("Paris", "the red car"). */
import { unwrapAnswer } from './normalize';
import type { ScoreContext, ScoreOutcome } from './types';

export function normalizeText(s: string): string {
  return unwrapAnswer(s)
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'a' && w !== 'an' && w !== 'the')
    .join(' ');
}

export function scoreText(ctx: ScoreContext): ScoreOutcome {
  const pred = normalizeText(ctx.span.text);
  const goldDesc = ctx.golds.map((g) => JSON.stringify(g)).join(' / ');
  if (pred === '') return { correct: false, score: 0, extracted: null, reason: `text: empty answer in ${ctx.span.source}; gold ${goldDesc}` };
  const hit = ctx.golds.find((g) => normalizeText(g) === pred);
  return hit !== undefined
    ? { correct: true, score: 1, extracted: ctx.span.text, reason: `text: ${JSON.stringify(pred)} equals gold ${JSON.stringify(hit)} after normalisation` }
    : { correct: false, score: 0, extracted: ctx.span.text, reason: `text: ${JSON.stringify(pred)} differs from gold ${goldDesc}` };
}
