/**
 * Yes/no scorer (POPE, HallusionBench): the response's first word when it is
 * yes or no, else an "answer is yes" phrase, else VLMEvalKit's rule (exactly
 * one of the words yes / no occurs). Committing to both is wrong.
 */
import { squeeze, tail } from './normalize';
import { restatedYesNo } from './restated';
import type { ScoreContext, ScoreOutcome } from './types';

export type YesNo = 'yes' | 'no';

interface YesNoPick {
  value: YesNo | 'both';
  via: string;
}

const GOLD_WORDS: Record<string, YesNo> = { yes: 'yes', no: 'no', true: 'yes', false: 'no', y: 'yes', n: 'no' };

export function goldYesNo(gold: string): YesNo | null {
  // HallusionBench writes its gold `gt_answer` as "1" (yes) and "0" (no).
  const digit = gold.trim();
  if (digit === '1' || digit === '0') return digit === '1' ? 'yes' : 'no';
  const w = gold.toLowerCase().replace(/[^a-z]/g, '');
  return GOLD_WORDS[w] ?? null;
}

function words(s: string): string[] {
  return s.toLowerCase().replace(/[^\p{L}\p{N}'\s]/gu, ' ').split(/\s+/).filter(Boolean);
}

function leadingWord(span: string): YesNoPick | null {
  const s = span.replace(/^[\s*#_`"'(\[]+/, '');
  const m = /^(yes|no)\b/i.exec(s);
  if (!m) return null;
  const first = m[1]!.toLowerCase() as YesNo;
  // "Yes and no", "yes or no", "Yes/No" in the leading clause commit to both.
  const clause = s.split(/[.!?\n]/, 1)[0]!;
  const other = first === 'yes' ? 'no' : 'yes';
  if (new RegExp(`^${first}\\s*(?:and|or|/|,)\\s*${other}\\b`, 'i').test(clause)) return { value: 'both', via: 'leading "yes and no"' };
  return { value: first, via: 'leading word' };
}

const PHRASE = /answer\s*(?:is|would be|should be|:|：)?\s*[*"'(]*\s*(yes|no)\b/gi;

function phrase(text: string): YesNoPick | null {
  let last: string | null = null;
  PHRASE.lastIndex = 0;
  for (let m = PHRASE.exec(text); m; m = PHRASE.exec(text)) last = m[1]!.toLowerCase();
  return last ? { value: last as YesNo, via: '"answer is" phrase' } : null;
}

/** Idioms with "no" in them that say nothing against a yes ("Absolutely yes, no doubt."). */
const NO_IDIOMS = /\bno\s+(?:doubt|problem|question|worries)\b/gi;

function anywhere(text: string): YesNoPick | null {
  const w = new Set(words(text.replace(NO_IDIOMS, ' ')));
  const yes = w.has('yes');
  const no = w.has('no');
  if (yes && no) return { value: 'both', via: 'both words present' };
  if (yes || no) return { value: yes ? 'yes' : 'no', via: 'only word present' };
  return null;
}

/**
 * Where neither word is written: an answer that opens with another word for yes or no ("Yep",
 * "Nope", "Correct", "False", "是的", "不包含"), as people answer a yes/no question.
 */
const LEADING_SYNONYM: Array<[RegExp, YesNo]> = [
  [/^(?:yeah|yep|yup|yea|true|correct|right|affirmative|是|对|可以|有)(?![\p{L}\p{N}])|^(?:是的|对的)/iu, 'yes'],
  [/^(?:nope|nah|false|incorrect|wrong|negative)(?![\p{L}\p{N}])|^(?:不|否|没有|沒有)/iu, 'no'],
];

function leadingSynonym(span: string): YesNoPick | null {
  const s = span.replace(/^[\s*#_`"'(\[]+/, '');
  const hit = LEADING_SYNONYM.find(([pattern]) => pattern.test(s));
  return hit ? { value: hit[1], via: 'leading word for yes or no' } : null;
}

export function readYesNo(span: string, answerPart: string): YesNoPick | null {
  const t = squeeze(tail(span));
  return leadingWord(t) ?? phrase(t) ?? (span !== answerPart ? phrase(squeeze(tail(answerPart))) : null) ?? anywhere(t) ?? leadingSynonym(t);
}

/** The answer said back as a sentence, where it writes neither word. */
function restatedPick(ctx: ScoreContext): YesNoPick | null {
  const restated = restatedYesNo(ctx.question, ctx.trace.answer);
  return restated ? { value: restated.value, via: restated.via } : null;
}

export function scoreYesNo(ctx: ScoreContext): ScoreOutcome {
  const golds = ctx.golds.map(goldYesNo).filter((g): g is YesNo => g !== null);
  const goldDesc = golds.join(' / ') || JSON.stringify(ctx.golds[0] ?? '');
  const pick = readYesNo(ctx.span.text, ctx.trace.answer) ?? restatedPick(ctx);
  if (!pick) return { correct: false, score: 0, extracted: null, reason: `yesno: no yes/no found in ${ctx.span.source}; gold ${goldDesc}` };
  if (pick.value === 'both') {
    return { correct: false, score: 0, extracted: 'yes,no', reason: `yesno: commits to both yes and no (${pick.via}); gold ${goldDesc}` };
  }
  const hit = golds.includes(pick.value);
  return {
    correct: hit,
    score: hit ? 1 : 0,
    extracted: pick.value,
    reason: `yesno: ${pick.value} from ${pick.via} in ${ctx.span.source} ${hit ? 'matches' : 'does not match'} gold ${goldDesc}`,
  };
}
