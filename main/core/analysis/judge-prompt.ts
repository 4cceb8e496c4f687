/**
 * The LLM judge's request and the reading of its answer. The request carries the image, the
 * question, the gold answer and the model's reasoning split into numbered steps (so that "the
 * first wrong step" means the same thing to the judge and to us); the answer is asked for as
 * JSON and read forgivingly, because judges wrap JSON in prose, code fences and thoughts.
 */
import type { ChatMessage, ContentPart } from '../eval/backend';
import { formatChoices, toDataUrl } from '../eval/prompt';

export interface JudgeTemplate {
  systemPrompt: string;
  /** Placeholders: {question} {choices} {gold} {answer} {steps} {trace} {labels}. */
  userTemplate: string;
}

export interface JudgeMaterial {
  question: string;
  choices: Record<string, string> | null;
  gold: string;
  /** The answer extracted from the model's output, if any. */
  answer: string | null;
  /** The reasoning (think part), or the whole output when there is none. */
  trace: string;
  images: Array<{ mime: string; bytes: Buffer }>;
}

export interface TaxonomyLabel {
  key: string;
  name: string;
  description: string;
}

/** More steps than this are merged into the last one: a judge prompt must stay readable. */
const MAX_STEPS = 200;

/**
 * Splits reasoning into steps: its non-empty lines, or its sentences when it is one paragraph.
 * Step numbers start at 1.
 */
export function traceSteps(trace: string): string[] {
  const lines = trace
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const steps = lines.length > 1 ? lines : (lines[0] ?? '').split(/(?<=[.!?])\s+(?=\S)/).filter((step) => step.length > 0);
  if (steps.length <= MAX_STEPS) return steps;
  return [...steps.slice(0, MAX_STEPS - 1), steps.slice(MAX_STEPS - 1).join(' ')];
}

export function renderJudgeText(template: JudgeTemplate, material: JudgeMaterial, labels: readonly TaxonomyLabel[]): string {
  const steps = traceSteps(material.trace);
  const values: Record<string, string> = {
    question: material.question,
    choices: material.choices ? `Choices:\n${formatChoices(material.choices)}` : '',
    gold: material.gold,
    answer: material.answer ?? '(no answer could be extracted)',
    steps: steps.length > 0 ? steps.map((step, i) => `${i + 1}. ${step}`).join('\n') : '(no reasoning)',
    trace: material.trace,
    labels: labels.map((label) => `- ${label.key}: ${label.description || label.name}`).join('\n'),
  };
  // One pass over the template, so text inside a value (a question mentioning "{gold}") is never replaced again.
  return template.userTemplate.replace(/\{(question|choices|gold|answer|steps|trace|labels)\}/g, (_, name: string) => values[name] ?? '');
}

/** The chat request: the images first, as in evaluation, then the filled-in template. */
export function buildJudgeMessages(template: JudgeTemplate, material: JudgeMaterial, labels: readonly TaxonomyLabel[]): ChatMessage[] {
  const parts: ContentPart[] = material.images.map((image) => ({ type: 'image_url', image_url: { url: toDataUrl(image.mime, image.bytes) } }));
  parts.push({ type: 'text', text: renderJudgeText(template, material, labels) });
  const messages: ChatMessage[] = [];
  if (template.systemPrompt.trim()) messages.push({ role: 'system', content: template.systemPrompt });
  messages.push({ role: 'user', content: parts });
  return messages;
}

export type JudgeVerdict =
  | { ok: true; label: string; firstWrongStep: number | null; rationale: string }
  | { ok: false; error: string };

/** Every balanced {...} in the text, outermost first, skipping braces inside JSON strings. */
function jsonObjectCandidates(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        found.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return found;
}

const norm = (value: string): string => value.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

function matchLabel(raw: unknown, labels: readonly TaxonomyLabel[]): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const wanted = norm(raw);
  return labels.find((label) => norm(label.key) === wanted || norm(label.name) === wanted)?.key;
}

function readStep(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1) return raw;
  if (typeof raw === 'string') {
    const match = /\d+/.exec(raw);
    if (match) return Number(match[0]) >= 1 ? Number(match[0]) : null;
  }
  return null;
}

/**
 * Reads the judge's answer: the first JSON object (after any <think> block, inside or outside a
 * code fence) whose `label` names a taxonomy label, by key or by name, in any case. A missing or
 * unreadable first_wrong_step is null; anything without a usable label is an error, kept with
 * the raw output by the caller.
 */
export function parseJudgeOutput(text: string, labels: readonly TaxonomyLabel[]): JudgeVerdict {
  const afterThinking = text.replace(/^[\s\S]*<\/think>/i, '');
  const candidates = jsonObjectCandidates(afterThinking);
  if (candidates.length === 0) return { ok: false, error: 'the judge answered without a JSON object' };
  let sawLabel: unknown;
  for (const candidate of candidates) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch {
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) continue;
    const record = parsed as Record<string, unknown>;
    const rawLabel = record.label ?? record.category ?? record.error_type;
    if (rawLabel === undefined) continue;
    sawLabel = rawLabel;
    const label = matchLabel(rawLabel, labels);
    if (!label) continue;
    const rationale = record.rationale ?? record.reason ?? record.explanation ?? '';
    return {
      ok: true,
      label,
      firstWrongStep: readStep(record.first_wrong_step ?? record.firstWrongStep ?? record.first_error_step ?? record.step),
      rationale: (typeof rationale === 'string' ? rationale : JSON.stringify(rationale)).trim().slice(0, 4000),
    };
  }
  if (sawLabel !== undefined) {
    return { ok: false, error: `the judge's label ${JSON.stringify(sawLabel)} is not one of ${labels.map((l) => l.key).join(', ')}` };
  }
  return { ok: false, error: 'the judge answered without a JSON object holding a "label"' };
}
