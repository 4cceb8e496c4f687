/**
 * Grade a JSONL stream: one JSON object per input line
 * ({prediction, answer, choices?, answer_type?, benchmark?, question?}), one JSON
 * object per output line, in order, so output line N always answers input
 * line N — including blank and malformed lines, which get an error object.
 */
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { grade, isScorerName } from './grade';
import type { GradeInput, ScorerChoice } from './types';

type LineResult = Record<string, unknown>;

function isChoices(v: unknown): v is Record<string, string> | string[] {
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string' || typeof x === 'number');
  return typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number' || x === null);
}

/** Validate one parsed line; a string is the error message (without the "line N:" prefix). */
function toInput(obj: unknown, defaultScorer: ScorerChoice): GradeInput | string {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return 'expected a JSON object';
  const o = obj as Record<string, unknown>;
  if (!('prediction' in o)) return 'missing field "prediction"';
  if (typeof o.prediction !== 'string') return `field "prediction" must be a string, got ${o.prediction === null ? 'null' : typeof o.prediction}`;
  const a = o.answer;
  if (a === undefined || a === null) return 'missing field "answer"';
  let answer: string | string[];
  if (typeof a === 'string' || typeof a === 'number') answer = String(a);
  else if (Array.isArray(a) && a.length > 0 && a.every((x) => typeof x === 'string' || typeof x === 'number')) answer = a.map(String);
  else return 'field "answer" must be a string, a number or a non-empty array of strings';
  if (o.choices !== undefined && o.choices !== null && !isChoices(o.choices)) return 'field "choices" must be an object of letter -> text or an array of strings';
  const t = o.answer_type;
  if (t !== undefined && t !== null && t !== 'auto' && !isScorerName(t)) return `field "answer_type" must be one of auto, mcq, yesno, numeric, math, relaxed, vqa, text; got ${JSON.stringify(t)}`;
  if (o.benchmark !== undefined && o.benchmark !== null && typeof o.benchmark !== 'string') return 'field "benchmark" must be a string';
  if (o.question !== undefined && o.question !== null && typeof o.question !== 'string') return 'field "question" must be a string';
  return {
    prediction: o.prediction,
    answer,
    choices: (o.choices as GradeInput['choices']) ?? null,
    answerType: (t as ScorerChoice | null | undefined) ?? defaultScorer,
    benchmark: (o.benchmark as string | null | undefined) ?? null,
    question: (o.question as string | null | undefined) ?? null,
  };
}

function gradeLine(line: string, n: number, defaultScorer: ScorerChoice): { out: LineResult; ok: boolean } {
  const fail = (what: string) => ({ out: { line: n, error: `line ${n}: ${what}` }, ok: false });
  if (line.trim() === '') return fail('blank line');
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return fail(`invalid JSON (${(e as Error).message})`);
  }
  const input = toInput(obj, defaultScorer);
  if (typeof input === 'string') return fail(input);
  const r = grade(input);
  return {
    out: {
      line: n,
      correct: r.correct,
      score: r.score,
      extracted: r.extracted,
      reason: r.reason,
      scorer: r.scorer,
      format_compliant: r.trace.formatCompliant,
      grader_version: r.graderVersion,
    },
    ok: true,
  };
}

/**
 * The input's lines as bytes (split at \n, a \r before it dropped), so that a line that is not
 * UTF-8 can be named instead of being graded with replacement characters in it.
 */
async function* byteLines(input: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  const line = (piece: Buffer): Buffer => {
    const whole = pending.length > 0 ? Buffer.concat([...pending, piece]) : piece;
    pending = [];
    return whole.length > 0 && whole[whole.length - 1] === 13 ? whole.subarray(0, -1) : whole;
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(10, start); nl >= 0; nl = bytes.indexOf(10, start)) {
      yield line(bytes.subarray(start, nl));
      start = nl + 1;
    }
    if (start < bytes.length) pending.push(bytes.subarray(start));
  }
  if (pending.length > 0) yield line(Buffer.alloc(0));
}

function decodeLine(bytes: Buffer, n: number): string | { error: string } {
  if (bytes.includes(0)) return { error: 'a NUL byte: the input is not UTF-8 text (UTF-16?); send UTF-8' };
  if (!isUtf8(bytes)) return { error: 'not valid UTF-8 (Latin-1 or Windows-1252?); send UTF-8' };
  const text = bytes.toString('utf8');
  return n === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export async function gradeJsonlStream(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  defaultScorer: ScorerChoice,
): Promise<{ lines: number; errors: number }> {
  let lines = 0;
  let errors = 0;
  for await (const bytes of byteLines(input)) {
    lines++;
    const line = decodeLine(bytes, lines);
    const { out, ok } = typeof line === 'string' ? gradeLine(line, lines, defaultScorer) : { out: { line: lines, error: `line ${lines}: ${line.error}` }, ok: false };
    if (!ok) errors++;
    // Respect back-pressure: a slow consumer must not make us buffer the whole file.
    if (!output.write(`${JSON.stringify(out)}\n`)) await once(output, 'drain');
  }
  return { lines, errors };
}
