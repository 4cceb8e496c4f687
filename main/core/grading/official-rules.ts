/**
 * The official rule of each benchmark, as the tool researchers quote (VLMEvalKit, unless the
 * benchmark's own repository says otherwise), beside our own scorer in `benchmarks.ts`.
 *
 * `kind` says how an imported run's official figure is obtained:
 * - 'judge': the figure is the mean of the per-sample verdicts a judge wrote into the file
 *   (`hit`, `score`), or the summary file beside it; we cannot re-run the judge.
 * - 'recomputed': we apply the rule ourselves to the file's predictions (ported line by line in
 *   `ingest/official-rules.ts` and `ingest/vlmevalkit-rules.ts`), so a file without any judge
 *   column still gets its official figure.
 * - 'recomputed-metric': the figure is not an accuracy (COCO BLEU/ROUGE-L/CIDEr): we compute it
 *   ourselves from the file's predictions with the official code (`grading/caption-metrics.ts`)
 *   and keep it beside the tool's summary; like 'summary-only', it is never compared with ours.
 * - 'summary-only': the figure is not an accuracy (MME points, ANLS); it is shown when the tool's
 *   summary file is imported with the run, and never computed by us.
 * A benchmark missing here has "no official rule implemented": stats and the UI say so.
 */
import { lookupBenchmark } from './benchmarks';

export type OfficialKind = 'judge' | 'recomputed' | 'recomputed-metric' | 'summary-only';

/** Kinds whose figure is not an accuracy: never taken as the official accuracy, never compared with ours. */
export const NOT_ACCURACY_KINDS: ReadonlySet<OfficialKind> = new Set(['recomputed-metric', 'summary-only']);

export interface OfficialRule {
  kind: OfficialKind;
  /** One line for people: what the official scorer does. */
  rule: string;
  /** Where a run's per-sample official verdicts come from when the tool's files keep none and our port decides each. */
  perSampleSource?: string;
  /** The official figure is a mean of per-sample partial scores (VQA's), not a share of right answers: ours is compared as the same mean. */
  meanScore?: boolean;
}

const MCQ_JUDGE: OfficialRule = {
  kind: 'judge',
  rule: 'VLMEvalKit MCQ: option letter by exact matching (can_infer), else an LLM judge; accuracy of the `hit` column',
};
const MATH_JUDGE: OfficialRule = { kind: 'judge', rule: 'VLMEvalKit: an LLM judge extracts the answer (`_gpt-4o-mini.xlsx` etc.); accuracy of its verdicts' };

/** Keyed by VLMEvalKit dataset name; looked up case- and punctuation-insensitively (`officialRuleFor`). */
const RULES: Record<string, OfficialRule> = {
  // main suite
  MathVista_MINI: { kind: 'judge', rule: 'MathVista: GPT extraction, then the answer snapped to the nearest choice (MC) or compared at the stated precision; VLMEvalKit `_score.csv` Overall' },
  MathVision_MINI: MATH_JUDGE,
  MathVision: MATH_JUDGE,
  MathVerse: { kind: 'judge', rule: "MathVerse's own evaluation: a GPT judge extracts the answer (`extraction`), then says whether it matches (`judgement` 0/1; exact equality with --quick_match); Acc is the share of judgement 1" },
  MathVerse_MINI: MATH_JUDGE,
  MathVerse_MINI_Vision_Intensive: MATH_JUDGE,
  MathVerse_MINI_Vision_Only: MATH_JUDGE,
  WeMath: {
    kind: 'judge',
    rule: "VLMEvalKit WeMath: MCQ hit per question (the accuracy compared here); its headline, Score (Strict) and (Loose), penalises a problem's steps answered apart from the whole (wemath_evaluate_models: (525 − 0.5 × IG − RM − IK) / 525), recomputed by our port and said beside `_score.csv`",
  },
  'A-OKVQA': MCQ_JUDGE,
  RealWorldQA: MCQ_JUDGE,
  MMStar: MCQ_JUDGE,
  POPE: { kind: 'judge', rule: 'VLMEvalKit POPE: yes/no extracted (YOrN_Extraction); accuracy and F1 in `_score.csv`' },
  // extended suite
  DynaMath: MATH_JUDGE,
  HallusionBench: { kind: 'judge', rule: 'VLMEvalKit HallusionBench: yes/no extracted (`_auxmatch.xlsx` `score`); aAcc = per-question accuracy' },
  BLINK: MCQ_JUDGE,
  'VisOnlyQA-Synthetic': MCQ_JUDGE,
  'VisOnlyQA-Real': MCQ_JUDGE,
  'CV-Bench-2D': MCQ_JUDGE,
  VStarBench: MCQ_JUDGE,
  ChartQA_TEST: { kind: 'recomputed', rule: 'VLMEvalKit ChartQA: relaxed_correctness (5% relative tolerance for numbers, else exact)' },
  TextVQA_VAL: { kind: 'recomputed', rule: 'VLMEvalKit TextVQA: mean VQA score min(1, matching annotators / 3) over the 10 answers', meanScore: true },
  // other benchmarks researchers of this field quote
  LogicVista: { kind: 'judge', rule: 'VLMEvalKit LogicVista: a GPT judge extracts the option letter(s) (`_gpt4o-mini.xlsx` `hit`); `_score.csv` Overall hit/tot' },
  ScienceQA_TEST: MCQ_JUDGE,
  ScienceQA_VAL: MCQ_JUDGE,
  ScienceQA_IMG: MCQ_JUDGE,
  AI2D_TEST: MCQ_JUDGE,
  SEEDBench_IMG: MCQ_JUDGE,
  SEEDBench2: { kind: 'judge', rule: 'VLMEvalKit SEEDBench2: MCQ hit; the dataset repeats some indices, each row counted as VLMEvalKit counts it' },
  SEEDBench2_Plus: MCQ_JUDGE,
  MMBench_DEV_EN: { kind: 'judge', rule: 'VLMEvalKit MMBench circular evaluation: a question counts as right only if every rotation of its options is right' },
  MMBench_DEV_CN: { kind: 'judge', rule: 'VLMEvalKit MMBench circular evaluation: a question counts as right only if every rotation of its options is right' },
  MMBench_DEV_EN_V11: { kind: 'judge', rule: 'VLMEvalKit MMBench circular evaluation: a question counts as right only if every rotation of its options is right' },
  CCBench: { kind: 'judge', rule: 'VLMEvalKit CCBench circular evaluation: a question counts as right only if every rotation of its options is right' },
  MMMU_DEV_VAL: MCQ_JUDGE,
  OCRBench: { kind: 'recomputed', rule: 'VLMEvalKit OCRBench: an answer counts if it is a substring of the prediction (case-insensitive; spaces dropped for HME100k); Final Score = sum over categories, of 1000' },
  MTVQA_TEST: { kind: 'recomputed', rule: 'VLMEvalKit MTVQA: the gold answer inside the prediction (lower-cased; the prediction without full stops); `_acc.csv` has per-language means only' },
  OCRVQA_TEST: { kind: 'recomputed', rule: 'VLMEvalKit OCRVQA: mean VQA score (exact match after VQA normalisation)', meanScore: true },
  OCRVQA_TESTCORE: { kind: 'recomputed', rule: 'VLMEvalKit OCRVQA: mean VQA score (exact match after VQA normalisation)', meanScore: true },
  DocVQA_VAL: { kind: 'summary-only', rule: 'VLMEvalKit DocVQA: mean ANLS (not an accuracy); shown from `_acc.csv`' },
  InfoVQA_VAL: { kind: 'summary-only', rule: 'VLMEvalKit InfoVQA: mean ANLS (not an accuracy); shown from `_acc.csv`' },
  MME: { kind: 'summary-only', rule: 'VLMEvalKit MME: per category (acc + acc+) ×100 points, summed into perception (of 2000) and reasoning (of 800); not an accuracy' },
  MMVet: { kind: 'judge', rule: 'VLMEvalKit MMVet: a GPT judge gives each answer a partial-credit score 0..1; the figure is the mean score' },
  LLaVABench: { kind: 'summary-only', rule: "VLMEvalKit LLaVABench: GPT-4 rates the answer and its own reference answer 1..10; Relative Score = 100 × the answers' total ÷ the references' (not an accuracy); shown from `_score.csv`" },
  COCO_VAL: { kind: 'recomputed-metric', rule: 'VLMEvalKit COCO Caption: pycocoevalcap BLEU-1..4 (closest reference length), ROUGE-L and CIDEr(-D) ×100 over the file, no tokenizer; recomputed beside `_score.json`' },
  MME_CoT: { kind: 'summary-only', rule: 'MME-CoT: judged precision/recall of reasoning steps; not computed here' },
};

function key(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const BY_KEY = new Map(Object.entries(RULES).map(([name, rule]) => [key(name), rule]));

/** Longest first, for prompt variants VLMEvalKit names `<dataset>_<variant>` (TextVQA_VAL_[1], LogicVista_Rationale). */
const BY_PREFIX = Object.keys(RULES).sort((a, b) => b.length - a.length);

/** The official rule of a benchmark: by its exact name, its spelling without punctuation, the registry's alias, or the dataset a prompt variant names. */
export function officialRuleFor(benchmark: string): OfficialRule | undefined {
  const direct = RULES[benchmark] ?? BY_KEY.get(key(benchmark)) ?? (lookupBenchmark(benchmark) ? RULES[lookupBenchmark(benchmark)!.name] : undefined);
  if (direct) return direct;
  const prefix = BY_PREFIX.find((name) => benchmark.toLowerCase().startsWith(`${name.toLowerCase()}_`));
  return prefix ? RULES[prefix] : undefined;
}

/** Benchmarks with an official rule in this registry (for the README table and tests). */
export const OFFICIAL_RULE_NAMES: readonly string[] = Object.keys(RULES);
