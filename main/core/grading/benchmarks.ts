/**
 * Registry of the benchmarks we grade, keyed by their VLMEvalKit names:
 * which scorer decides, with which tolerance, and what the gold looks like.
 * 'per-sample' means the benchmark mixes question kinds (MathVista has both
 * multiple-choice and free-form questions): each sample's answerType (or
 * auto inference) picks the scorer.
 */
import type { ScorerName, Tolerance } from './types';

export type Suite = 'main' | 'extended';

export interface BenchmarkSpec {
  name: string;
  scorer: ScorerName | 'per-sample';
  tolerance?: Tolerance;
  /** What the gold answers look like, for people reading the registry. */
  answerFormat: string;
  suites: Suite[];
}

const EXACT: Tolerance = { kind: 'exact' };

const LIST: BenchmarkSpec[] = [
  // main suite
  { name: 'MathVista_MINI', scorer: 'per-sample', tolerance: EXACT, answerFormat: 'multi_choice: option text (choices given); free_form: integer, float with stated precision, or list', suites: ['main'] },
  { name: 'MathVision_MINI', scorer: 'per-sample', tolerance: EXACT, answerFormat: 'option letter A-E when options are given, else a LaTeX expression', suites: ['main'] },
  { name: 'MathVerse_MINI_Vision_Intensive', scorer: 'per-sample', tolerance: EXACT, answerFormat: 'option letter for multiple-choice questions, else a number or LaTeX expression', suites: ['main'] },
  { name: 'WeMath', scorer: 'mcq', answerFormat: 'option letter A-E (choices in the question)', suites: ['main'] },
  { name: 'A-OKVQA', scorer: 'mcq', answerFormat: 'option letter A-D', suites: ['main'] },
  { name: 'RealWorldQA', scorer: 'mcq', answerFormat: 'option letter A-D', suites: ['main'] },
  { name: 'MMStar', scorer: 'mcq', answerFormat: 'option letter A-D', suites: ['main'] },
  { name: 'POPE', scorer: 'yesno', answerFormat: 'yes / no', suites: ['main'] },
  // extended suite
  { name: 'MathVerse_MINI_Vision_Only', scorer: 'per-sample', tolerance: EXACT, answerFormat: 'option letter for multiple-choice questions, else a number or LaTeX expression', suites: ['extended'] },
  { name: 'DynaMath', scorer: 'per-sample', tolerance: EXACT, answerFormat: 'option letter (multiple choice), float, or short free-form text', suites: ['extended'] },
  { name: 'HallusionBench', scorer: 'yesno', answerFormat: 'Yes / No', suites: ['extended'] },
  { name: 'BLINK', scorer: 'mcq', answerFormat: 'option letter, e.g. (A)', suites: ['extended'] },
  { name: 'VisOnlyQA-Synthetic', scorer: 'mcq', answerFormat: 'option letter (options are values or True/False)', suites: ['extended'] },
  { name: 'VisOnlyQA-Real', scorer: 'mcq', answerFormat: 'option letter (options are values or True/False)', suites: ['extended'] },
  { name: 'CV-Bench-2D', scorer: 'mcq', answerFormat: 'option letter, e.g. (A)', suites: ['extended'] },
  { name: 'VStarBench', scorer: 'mcq', answerFormat: 'option letter A-D', suites: ['extended'] },
  { name: 'ChartQA_TEST', scorer: 'relaxed', tolerance: { kind: 'relative', value: 0.05 }, answerFormat: 'number (5% relative tolerance) or short text (exact, case-insensitive)', suites: ['extended'] },
  { name: 'TextVQA_VAL', scorer: 'vqa', answerFormat: 'ten human answers; VQA score min(1, matches/3)', suites: ['extended'] },
  // Imported only (MultimodalOCR's answer files): a handwritten formula to transcribe. Its gold is
  // the whole formula; read as math, "y = 3 . y = - 1" became its last value, -1, and any answer
  // ending in -1 was right.
  { name: 'HME', scorer: 'text', answerFormat: 'a handwritten formula transcribed as LaTeX, compared whole (spacing and punctuation aside)', suites: [] },
];

export const BENCHMARKS: Readonly<Record<string, BenchmarkSpec>> = Object.freeze(Object.fromEntries(LIST.map((b) => [b.name, b])));

export const SUITES: Readonly<Record<Suite, readonly string[]>> = Object.freeze({
  main: LIST.filter((b) => b.suites.includes('main')).map((b) => b.name),
  extended: LIST.filter((b) => b.suites.includes('extended')).map((b) => b.name),
});

/** Lower-case, letters and digits only: "MathVista testmini" -> "mathvistatestmini". */
function key(name: string): string {
  return name.toLowerCase().replace(/\*/g, 'star').replace(/[^a-z0-9]/g, '');
}

/** Other spellings people use, by key. */
const ALIASES: Record<string, string> = {
  mathvista: 'MathVista_MINI',
  mathvistatestmini: 'MathVista_MINI',
  mathvistaminitestmini: 'MathVista_MINI',
  mathv: 'MathVision_MINI',
  mathvision: 'MathVision_MINI',
  mathvisionmini: 'MathVision_MINI',
  mathvisiontestmini: 'MathVision_MINI',
  mathvmini: 'MathVision_MINI',
  mathverse: 'MathVerse_MINI_Vision_Intensive',
  mathversevisionintensive: 'MathVerse_MINI_Vision_Intensive',
  mathversevisiononly: 'MathVerse_MINI_Vision_Only',
  aokvqa: 'A-OKVQA',
  realworld: 'RealWorldQA',
  hallusion: 'HallusionBench',
  visonlyqa: 'VisOnlyQA-Synthetic',
  visonlyqasyn: 'VisOnlyQA-Synthetic',
  cvbench: 'CV-Bench-2D',
  cvbench2d: 'CV-Bench-2D',
  vstar: 'VStarBench',
  vstarbench: 'VStarBench',
  chartqa: 'ChartQA_TEST',
  textvqa: 'TextVQA_VAL',
  hme100k: 'HME',
};

const BY_KEY = new Map<string, BenchmarkSpec>(LIST.map((b) => [key(b.name), b]));
for (const [alias, name] of Object.entries(ALIASES)) BY_KEY.set(alias, BENCHMARKS[name]!);

/** Split suffixes that name a split, not a benchmark. */
const SPLIT_SUFFIX = /(?:testmini|minitest|mini|test|val|validation|dev|bench)$/;

/**
 * Forgiving lookup: exact name, then case/punctuation-insensitive, then
 * known aliases ("MATH-V", "mathvista testmini", "ChartQA"), then the same
 * with a trailing split name removed. Unknown names give undefined.
 */
export function lookupBenchmark(name: string | null | undefined): BenchmarkSpec | undefined {
  if (!name) return undefined;
  const exact = BENCHMARKS[name];
  if (exact) return exact;
  let k = key(name);
  for (let i = 0; i < 3 && k !== ''; i++) {
    const hit = BY_KEY.get(k);
    if (hit) return hit;
    const shorter = k.replace(SPLIT_SUFFIX, '');
    if (shorter === k) break;
    k = shorter;
  }
  return undefined;
}
