/**
 * How lmms-eval scores the tasks researchers of this field run, read from each task's yaml and
 * utils.py (EvolvingLMMs-Lab/lmms-eval, lmms_eval/tasks/<task>/): which `results.json` metric is
 * the task's accuracy, on what scale its aggregation returns it, and where one `--log_samples`
 * line holds the per-sample verdict (lmms-eval writes `process_results`' return value under each
 * metric's name). Without this, a percentage (MathVista's 62.5) reads as "not an accuracy", a
 * category's figure (MMStar's first key) as the task's, and a partial-credit score or a format
 * score as a verdict.
 *
 * No imports: `stats` reads the rules here without loading the importer.
 */

/** Where a samples line holds the official verdict, under a metric's key. */
export type LmmsVerdict =
  /** The value itself, 0/1 or a boolean (exact_match, relaxed_overall, acc_score). */
  | { from: 'value' }
  /** A field of the dict, 0/1 or a boolean. */
  | { from: 'field'; field: string }
  /** A list field, one verdict per generation: the first, as the first answer is the one kept. */
  | { from: 'first-of'; field: string }
  /** Two fields compared as strings at aggregation (SEED-Bench: `pred == answer`). */
  | { from: 'equal'; left: string; right: string }
  /** MMMU's `{answer, parsed_pred, question_type}`: MMMU's own rule decides at aggregation. */
  | { from: 'mmmu-rule' }
  /** No verdict in the file: a judge decides at aggregation, or the value is partial credit. */
  | { from: 'none' };

export interface LmmsTaskSpec {
  /** The task family, as lmms-eval's folder names it. */
  family: string;
  tasks: RegExp;
  /** The task's accuracy in results.json, by metric name (before the `,<filter>`), in order of preference: names changed between versions. */
  headline: readonly string[];
  /** Metrics whose aggregation returns a percentage (×100), beside the headline: read as fractions (`lmmsFraction`). */
  percent: readonly string[];
  verdict: LmmsVerdict;
  /** lmms-eval MMStar averages its sub-categories' accuracies: recomputed from the samples' `{l2_category, score}` (`ingest/lmms-macro.ts`). */
  macroOver?: 'l2_category';
  /** The figure is not an accuracy (ANLS): shown as written, never compared with ours, as for VLMEvalKit's DocVQA. */
  notAccuracy?: true;
  /** A doc field holding the yes/no gold as "1"/"0", where the task's target is not the answer a model gives (HallusionBench's target is its explanation). */
  yesNoGold?: string;
  rule: string;
}

/** A judge decides at aggregation, or the per-sample value is partial credit. */
const NO_VERDICT = { from: 'none' } as const;

const SPECS: readonly LmmsTaskSpec[] = [
  {
    family: 'mathvista',
    tasks: /^mathvista/i,
    headline: ['llm_as_judge_eval', 'gpt_eval_score'],
    percent: ['llm_as_judge_eval', 'gpt_eval_score'],
    verdict: { from: 'field', field: 'true_false' },
    rule: 'lmms-eval mathvista: a GPT extractor reads the answer (`extraction`), normalized and compared with the gold (`true_false`); results.json gives the percentage right',
  },
  {
    family: 'mathverse',
    tasks: /^mathverse/i,
    headline: ['gpt_eval_score', 'llm_as_judge_eval'],
    percent: [],
    verdict: { from: 'value' },
    rule: 'lmms-eval mathverse: an LLM judge says whether the answer equals the gold (0/1 per sample), averaged',
  },
  {
    family: 'mathvision',
    tasks: /^mathvision/i,
    headline: ['mathvision_standard_eval', 'llm_as_judge_eval'],
    percent: ['mathvision_standard_eval'],
    verdict: { from: 'first-of', field: 'scores' },
    rule: "lmms-eval mathvision: the answer compared with the gold by MATH-Vision's rule (`scores`); results.json gives the percentage right",
  },
  {
    family: 'dynamath',
    tasks: /^dynamath/i,
    headline: ['dynamath_average'],
    percent: [],
    verdict: { from: 'field', field: 'acc' },
    rule: 'lmms-eval dynamath: relaxed match, math_verify, then an optional LLM judge (`acc`), averaged per variant',
  },
  {
    family: 'hallusion_bench',
    tasks: /^hallusion_bench/i,
    headline: ['aAcc'],
    percent: ['aAcc', 'qAcc', 'fAcc'],
    verdict: NO_VERDICT,
    yesNoGold: 'gt_answer',
    rule: 'lmms-eval hallusion_bench: a GPT judge decides each answer when results are aggregated (the samples file holds no verdict); aAcc = percentage of questions right',
  },
  {
    family: 'mmstar',
    tasks: /^mmstar/i,
    headline: ['average'],
    percent: [],
    verdict: { from: 'field', field: 'score' },
    macroOver: 'l2_category',
    rule: "lmms-eval mmstar: the option letter matched exactly (`score`); `average` is the mean of its sub-categories' (`l2_category`) accuracies, a macro average, not the share of all samples",
  },
  {
    family: 'chartqa',
    tasks: /^chartqa/i,
    headline: ['relaxed_overall'],
    percent: [],
    verdict: { from: 'value' },
    rule: 'lmms-eval chartqa: relaxed accuracy (numbers within 5%, else exact), averaged',
  },
  {
    family: 'mmmu',
    tasks: /^mmmu/i,
    headline: ['mmmu_acc'],
    percent: [],
    verdict: { from: 'mmmu-rule' },
    rule: "lmms-eval mmmu: the answer parsed by MMMU's parser (`parsed_pred`), judged by MMMU's eval_multi_choice / eval_open; versions logging several generations count no open answer right (eval_open walks the answer's characters), ported as it is",
  },
  {
    family: 'ocrbench',
    tasks: /^ocrbench/i,
    headline: ['ocrbench_accuracy'],
    percent: [],
    verdict: { from: 'field', field: 'score' },
    rule: 'lmms-eval ocrbench: a gold answer is a substring of the answer (`score`); the Final Score out of 1000, divided by 1000',
  },
  {
    family: 'pope',
    tasks: /^pope/i,
    headline: ['pope_accuracy'],
    percent: [],
    verdict: { from: 'field', field: 'score' },
    rule: 'lmms-eval pope: the answer lower-cased equals "yes"/"no" exactly (`score`); pope_accuracy averaged',
  },
  {
    family: 'textvqa',
    tasks: /^textvqa/i,
    headline: ['exact_match'],
    percent: [],
    verdict: NO_VERDICT,
    rule: 'lmms-eval textvqa: the VQA score min(1, matching annotators / 3) per sample (partial credit, no verdict), averaged',
  },
  {
    family: 'docvqa',
    tasks: /^(?:docvqa|infovqa)/i,
    headline: ['anls'],
    percent: [],
    verdict: NO_VERDICT,
    notAccuracy: true,
    rule: 'lmms-eval docvqa/infovqa: mean ANLS per sample (a similarity, not an accuracy)',
  },
  {
    family: 'mmbench',
    tasks: /^mmbench/i,
    headline: ['gpt_eval_score'],
    percent: ['gpt_eval_score'],
    verdict: NO_VERDICT,
    rule: 'lmms-eval mmbench: circular evaluation by rule matching, then a GPT judge, at aggregation (the samples file holds no verdict); results.json gives the percentage right',
  },
  {
    family: 'seedbench',
    tasks: /^seedbench/i,
    headline: ['seed_all', 'seed_image'],
    percent: [],
    verdict: { from: 'equal', left: 'pred', right: 'answer' },
    rule: "lmms-eval seedbench: the answer's first character equals the gold letter, counted at aggregation",
  },
  {
    family: 'mmvet',
    tasks: /^mmvet/i,
    headline: ['gpt_eval_score'],
    percent: ['gpt_eval_score'],
    verdict: NO_VERDICT,
    rule: "lmms-eval mmvet: a GPT judge's partial-credit score 0..1 per sample (no verdict), averaged; results.json gives it ×100",
  },
  {
    family: 'reasoning',
    tasks: /_reasoning$/i,
    headline: ['acc_score'],
    percent: [],
    verdict: { from: 'value' },
    rule: 'lmms-eval reasoning tasks: relaxed match, math_verify, then an optional LLM judge (`acc_score`), averaged; `format_score` is not an accuracy',
  },
];

/** Per-sample values that are never a verdict, whatever the task: lmms-eval's format score and submission records. */
export const LMMS_NOT_VERDICT_METRICS: ReadonlySet<string> = new Set(['format_score', 'submission', 'pope_yes_ratio', 'pope_precision', 'pope_recall', 'pope_f1_score', 'dynamath_worst']);

export function lmmsTaskSpec(task: string): LmmsTaskSpec | undefined {
  return SPECS.find((spec) => spec.tasks.test(task));
}

/** `gpt_eval_score,none` names the metric `gpt_eval_score` under the filter `none`. */
export const lmmsMetricBase = (key: string): string => key.split(',')[0]!;

/**
 * A results.json value as a fraction. The task's accuracy metrics, and those its aggregation
 * returns ×100, are percentages when above 1 (a fraction never is): MathVista writes 62.5, and
 * versions disagree on the scale (MathVerse's `gpt_eval_score`, MATH-Vision's judged variants).
 * A value of at most 1 is read as a fraction, which only misreads an accuracy below 1%. Any other
 * metric is kept as written.
 */
export function lmmsFraction(spec: LmmsTaskSpec | undefined, key: string, value: number): number {
  if (!spec) return value;
  const metric = lmmsMetricBase(key);
  const accuracy = spec.percent.includes(metric) || spec.headline.includes(metric);
  return accuracy && value > 1 && value <= 100 ? value / 100 : value;
}
