/**
 * Loaders for the real evaluation outputs in ../shared/fixtures/real (see
 * its README.md): each file becomes a list of grade inputs paired with the
 * official per-sample verdict. Used by agreement.test.ts; not part of the
 * public API.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import readXlsxFile from 'read-excel-file/node';
import type { GradeInput } from '../core/grading/types';

/** The shared fixtures, found relative to this file: <repo>/main/test-support -> <repo>/../shared. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../shared/fixtures/real/', import.meta.url));

export function fixturesPresent(): boolean {
  return existsSync(`${FIXTURES_DIR}README.md`);
}

export type FileKind = 'multiple-choice' | 'math';

export interface AgreementSample {
  id: string;
  input: GradeInput;
  official: boolean;
}

export interface AgreementFile {
  /** Row label: fixture path (and subset). */
  file: string;
  kind: FileKind;
  samples: AgreementSample[];
  /** Accuracy (0..1) the source's own summary file reports for exactly these samples, if it has one. */
  reportedAccuracy?: number;
}

async function json<T>(rel: string): Promise<T> {
  return JSON.parse(await readFile(`${FIXTURES_DIR}${rel}`, 'utf8')) as T;
}

async function jsonl<T>(rel: string): Promise<T[]> {
  const text = await readFile(`${FIXTURES_DIR}${rel}`, 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}

async function xlsxRows(rel: string): Promise<Array<Record<string, unknown>>> {
  const sheets = await readXlsxFile(`${FIXTURES_DIR}${rel}`);
  const [header, ...rows] = sheets[0]!.data;
  const names = header!.map((h) => String(h));
  return rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? null])));
}

async function csvFirstRow(rel: string): Promise<Record<string, string>[]> {
  const text = await readFile(`${FIXTURES_DIR}${rel}`, 'utf8');
  const parse = (line: string) => [...line.matchAll(/"([^"]*)"|([^,]+)/g)].map((m) => m[1] ?? m[2] ?? '');
  const [head, ...rows] = text.trim().split('\n');
  const names = parse(head!);
  return rows.map((r) => Object.fromEntries(parse(r).map((v, i) => [names[i]!, v])));
}

// ---------------------------------------------------------------- MathVista

interface MathVistaRecord {
  pid: string;
  question_type: 'multi_choice' | 'free_form';
  answer_type: 'text' | 'integer' | 'float' | 'list';
  choices: string[] | null;
  answer: string;
  response: string;
  extraction: string;
  true_false: boolean;
}

/**
 * MathVista: the prediction is the `extraction` field (GPT-4's extraction of
 * the answer from `response`), because the responses are long free-form
 * texts with no answer convention and the official scorer grades the
 * extraction too. Multiple-choice and free-form questions are reported as
 * separate rows since they have different thresholds.
 */
export async function loadMathVista(model: 'bard' | 'llava_llama_2_13b'): Promise<AgreementFile[]> {
  const out = await json<Record<string, MathVistaRecord>>(`mathvista/output_${model}.json`);
  const scores = await json<{ question_type: Record<string, { correct: number; total: number }> }>(`mathvista/scores_${model}.json`);
  const rows: AgreementFile[] = [];
  for (const qt of ['multi_choice', 'free_form'] as const) {
    const samples = Object.values(out)
      .filter((r) => r.question_type === qt)
      .map((r): AgreementSample => ({
        id: r.pid,
        official: r.true_false,
        input: {
          prediction: String(r.extraction ?? ''),
          answer: r.answer,
          choices: r.choices,
          answerType: qt === 'multi_choice' ? 'mcq' : r.answer_type === 'list' ? 'math' : 'numeric',
          benchmark: 'MathVista_MINI',
        },
      }));
    const s = scores.question_type[qt]!;
    rows.push({ file: `mathvista/output_${model}.json [${qt}]`, kind: qt === 'multi_choice' ? 'multiple-choice' : 'math', samples, reportedAccuracy: s.correct / s.total });
  }
  return rows;
}

// ---------------------------------------------------------------- MATH-Vision

interface MathVProblem {
  id: string;
  options: string[];
  answer: string;
}
interface MathVOutput {
  id: string;
  response: string;
  model_answer: string;
  correct: boolean;
}

/** MATH-V: prediction = raw `response`; options (when present) are the choices A–E. */
export async function loadMathV(model: string): Promise<AgreementFile[]> {
  const problems = new Map((await jsonl<MathVProblem>('math-v/test.jsonl')).map((p) => [p.id, p]));
  const outputs = await jsonl<MathVOutput>(`math-v/outputs/${model}.jsonl`);
  const result = await json<Record<string, string>>(`math-v/outputs/${model}_result.json`);
  const [correct, total] = (/^(\d+)\/(\d+)/.exec(result['-all'] ?? '') ?? []).slice(1).map(Number);
  const mc: AgreementSample[] = [];
  const free: AgreementSample[] = [];
  for (const o of outputs) {
    const p = problems.get(o.id);
    if (!p) continue;
    const isMc = p.options.length > 0;
    const sample: AgreementSample = {
      id: o.id,
      official: o.correct,
      input: { prediction: o.response, answer: p.answer, choices: isMc ? p.options : null, answerType: isMc ? 'mcq' : 'math', benchmark: 'MathVision' },
    };
    (isMc ? mc : free).push(sample);
  }
  const all = mc.length + free.length;
  return [
    { file: `math-v/outputs/${model}.jsonl [multiple-choice]`, kind: 'multiple-choice', samples: mc },
    {
      file: `math-v/outputs/${model}.jsonl [free-form]`,
      kind: 'math',
      samples: free,
      // The result file's "-all" covers both rows together; kept on this row for the combined check.
      reportedAccuracy: correct !== undefined && total === all ? correct / total : undefined,
    },
  ];
}

// ---------------------------------------------------------------- VLMEvalKit

export async function loadMMStar(): Promise<AgreementFile> {
  const rows = await xlsxRows('vlmevalkit/vila_13b_MMStar_openai_result.xlsx');
  const acc = await csvFirstRow('vlmevalkit/vila_13b_MMStar_acc.csv');
  const samples = rows.map((r): AgreementSample => {
    const choices: Record<string, string> = {};
    for (const l of ['A', 'B', 'C', 'D']) if (r[l] !== null && r[l] !== undefined) choices[l] = String(r[l]);
    return { id: String(r.index), official: Number(r.hit) === 1, input: { prediction: String(r.prediction ?? ''), answer: String(r.answer), choices, benchmark: 'MMStar' } };
  });
  return { file: 'vlmevalkit/vila_13b_MMStar_openai_result.xlsx', kind: 'multiple-choice', samples, reportedAccuracy: Number(acc[0]!.Overall) };
}

export async function loadHallusionBench(): Promise<AgreementFile> {
  const rows = await xlsxRows('vlmevalkit/vila_13b_HallusionBench_auxmatch.xlsx');
  const score = await csvFirstRow('vlmevalkit/vila_13b_HallusionBench_score.csv');
  const overall = score.find((r) => r.split === 'Overall');
  const samples = rows.map((r): AgreementSample => ({
    id: String(r.index),
    official: r.score === true || r.score === 1 || r.score === 'True',
    input: { prediction: String(r.prediction ?? ''), answer: String(r.answer), benchmark: 'HallusionBench' },
  }));
  return { file: 'vlmevalkit/vila_13b_HallusionBench_auxmatch.xlsx', kind: 'multiple-choice', samples, reportedAccuracy: overall ? Number(overall.aAcc) / 100 : undefined };
}

/**
 * VLMEvalKit's relaxed_correctness, ported line by line, as the reference
 * for ChartQA (whose prediction file has no per-sample verdict, only the
 * aggregate in _acc.csv, which this port reproduces exactly). Python
 * float() accepts what Number() accepts for these cells; a '%' divides by 100.
 */
export function vlmevalkitRelaxed(target: string, prediction: string): boolean {
  const toFloat = (t: string): number | null => {
    const s = t.endsWith('%') ? t.replace(/%+$/, '') : t;
    if (!/^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(s) && !/^\s*[+-]?(?:inf|infinity|nan)\s*$/i.test(s)) return null;
    const v = Number(s.trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
    return t.endsWith('%') ? v / 100 : v;
  };
  const p = toFloat(prediction);
  const t = toFloat(target);
  if (p !== null && t) return Math.abs(p - t) / Math.abs(t) <= 0.05;
  return prediction.toLowerCase() === target.toLowerCase();
}

/** VLMEvalKit eval()s an answer cell that is a Python list and accepts a match with any member. */
function chartqaAnswers(answer: string): string[] {
  const m = /^\s*\[(.*)\]\s*$/s.exec(answer);
  if (!m) return [answer];
  const parts = m[1]!.split(',').map((x) => x.trim());
  // eval() yields numbers for numeric members (str() of which drops a trailing ".0"), strings for quoted ones.
  if (parts.every((x) => /^[+-]?\d+(?:\.\d+)?$/.test(x) || /^(['"]).*\1$/.test(x))) {
    return parts.map((x) => (/^['"]/.test(x) ? x.slice(1, -1) : String(Number(x))));
  }
  return [answer];
}

export async function loadChartQA(): Promise<{ file: AgreementFile; reportedBySplit: Record<string, number> }> {
  const rows = await xlsxRows('vlmevalkit/vila_13b_ChartQA_TEST.xlsx');
  const acc = (await csvFirstRow('vlmevalkit/vila_13b_ChartQA_TEST_acc.csv'))[0]!;
  const samples = rows.map((r): AgreementSample => {
    const answer = String(r.answer);
    const pred = String(r.prediction ?? '').trim();
    return {
      id: `${String(r.split)}:${String(r.index)}`,
      official: chartqaAnswers(answer).some((a) => vlmevalkitRelaxed(a, pred)),
      input: { prediction: String(r.prediction ?? ''), answer, benchmark: 'ChartQA_TEST' },
    };
  });
  return {
    file: { file: 'vlmevalkit/vila_13b_ChartQA_TEST.xlsx (reference: port of relaxed_correctness)', kind: 'math', samples, reportedAccuracy: Number(acc.Overall) / 100 },
    reportedBySplit: { test_human: Number(acc.test_human) / 100, test_augmented: Number(acc.test_augmented) / 100 },
  };
}

// ---------------------------------------------------------------- R1-V

interface R1vLog {
  accuracy: number;
  results: Array<{ ground_truth: string | number; model_output: string; extracted_answer: string | number | null; is_correct?: boolean }>;
}

/**
 * R1-V logs: prediction = raw `model_output` with its <think>/<answer> tags.
 * SuperCLEVR logs carry no per-sample flag: the official one is R1-V's own
 * test, extracted_answer == ground_truth (its extractor reads an integer
 * from <answer>..</answer>), which reproduces the logged accuracy.
 */
export async function loadR1V(name: string): Promise<AgreementFile> {
  const log = await json<R1vLog>(`r1v/${name}.json`);
  const counting = name.startsWith('counting');
  const samples = log.results.map((r, i): AgreementSample => ({
    id: String(i),
    official: r.is_correct ?? r.extracted_answer === r.ground_truth,
    input: { prediction: r.model_output, answer: String(r.ground_truth), answerType: counting ? 'numeric' : 'auto' },
  }));
  return { file: `r1v/${name}.json`, kind: 'math', samples, reportedAccuracy: log.accuracy / 100 };
}

export async function loadAll(): Promise<{ files: AgreementFile[]; chartqaBySplit: Record<string, number> }> {
  const chart = await loadChartQA();
  const files = [
    ...(await loadMathVista('bard')),
    ...(await loadMathVista('llava_llama_2_13b')),
    ...(await loadMathV('Gemini-Pro-CoT')),
    ...(await loadMathV('InternLM-XComposer2-VL-CoT')),
    ...(await loadMathV('InternLM-XComposer2-VL')),
    await loadMMStar(),
    await loadHallusionBench(),
    chart.file,
    await loadR1V('geoqa_test_qwen2vl_7b_instruct_legacy'),
    await loadR1V('geoqa_test_qwen2vl_7b_grpo_2epochs_legacy'),
    await loadR1V('counting_results_superclevr_200_qwen2vl_2b_instruct_legacy'),
    await loadR1V('counting_results_superclevr_200_qwen2vl_2b_instruct_grpo100_legacy'),
  ];
  return { files, chartqaBySplit: chart.reportedBySplit };
}
