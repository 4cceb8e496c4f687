/**
 * Ours beside the official figure of a run, and the rule behind each. A figure this tool shows
 * either equals the official scorer's or says that, and why, it differs: `differs` is true when
 * the two are more than half a point apart, and `officialRule` says "no official rule
 * implemented" where we have neither the tool's summary nor its rule.
 */
import { NO_OFFICIAL_RULE, NOT_IN_FILE, type OfficialFigure, type RunProvenance } from './types/records';
import { lookupBenchmark } from './grading/benchmarks';
import { NOT_ACCURACY_KINDS, officialRuleFor, type OfficialRule } from './grading/official-rules';
import { lmmsTaskSpec } from './grading/lmms-eval-tasks';

/** Figures computed by applying an official rule ourselves carry this source prefix (reported_figures.source). */
export const RECOMPUTED_PREFIX = 'recomputed: ';
export { NO_OFFICIAL_RULE };
/** Imports of plain records (`--map` formats): their verdicts are the file's, by whatever script wrote them. */
const GENERIC_BACKENDS = new Set(['import:json', 'import:jsonl', 'import:csv', 'import:tsv', 'import:parquet']);

/** Half a point: closer than this, ours and the official figure agree. */
export const DIFFERS_ABOVE = 0.005;

export interface FigureRow {
  metric: string;
  value: number;
  correct: number | null;
  total: number | null;
  source: string;
}

/** Samples compared before verdicts that all disagree are said to look inverted. */
const INVERTED_AFTER = 10;

export interface ProvenanceInput {
  benchmark: string;
  backend: string;
  /** The scorer a re-grade made current (`regrade --scorer numeric`); null for the benchmark's own. */
  regradedScorer?: string | null;
  accuracy: number | null;
  /** Predictions our accuracy is over. */
  n: number;
  officialN: number;
  officialCorrect: number;
  /** Samples where our verdict and the file's agree (of officialN). */
  agreeing?: number;
  /** Our right answers among the officialN samples that have an official verdict. */
  correctWhereOfficial?: number;
  /** Of the samples both graded: right by ours only, and right by the official verdict only. */
  disagreements?: { oursOnlyRight: number; officialOnlyRight: number };
  /** A run read back from an export holds only the predictions that export chose (its set or filter). */
  exportedSubset?: { set: string | null; filter: string | null };
  /** Our mean per-sample score, where the benchmark's official figure is a mean score (VQA's partial credit). */
  meanScore?: number | null;
  /** reported_figures of the run, in the order they were stored (the headline first). */
  figures: FigureRow[];
}

/** Which of our scorers decides, in words. */
export function oursRuleOf(benchmark: string, regradedScorer?: string | null): string {
  if (regradedScorer) return `workbench grader: ${regradedScorer} scorer for every answer, made current by \`regrade --scorer ${regradedScorer}\` (\`regrade --scorer auto\` restores the benchmark's own)`;
  const rule = scorerRuleOf(benchmark);
  // Where ours differs from an official figure of another kind by design, why is said with it.
  if (CIRCULAR.test(benchmark)) return `${rule}; each row (each rotation of a question's options) graded on its own, where circular evaluation counts a question right only if every rotation is`;
  if (JUDGE_RATED.test(benchmark)) return `${rule}; ${benchmark}'s answers are open-ended and its official figure a judge's partial credit, which right-or-wrong against the reference answer cannot reproduce`;
  return rule;
}

/** The scorer our grader uses for a benchmark's answers, in words. */
function scorerRuleOf(benchmark: string): string {
  const spec = lookupBenchmark(benchmark);
  if (!spec) return "workbench grader: each sample's answer type where the file gives one (grounding where the gold is a bounding box), else the scorer inferred from the gold answer";
  // A benchmark graded by another's entry (MathVision by MathVision_MINI's) names both.
  const which = spec.name === benchmark ? spec.name : `${benchmark}, as ${spec.name}`;
  // VQA's partial credit is a verdict here only past a threshold: the reason the two figures differ, said with ours.
  if (spec.scorer === 'vqa') return `workbench grader: vqa scorer (${which}): a sample is right when its VQA score is at least 0.5 (two of the ten annotators gave its answer), where a mean of VQA scores counts partial credit`;
  if (spec.scorer !== 'per-sample') return `workbench grader: ${spec.scorer} scorer (${which})`;
  if (spec.name === benchmark) return `workbench grader: each sample's answer type (${which})`;
  // Another entry lends a per-sample benchmark only its tolerance: every sample, whatever its
  // subset (MathVerse's five problem versions), is graded by its own answer type. Say that, not
  // "as MathVerse_MINI_Vision_Intensive", which would name one version for all five.
  const tolerance = spec.tolerance?.kind === 'relative' ? `relative tolerance ${spec.tolerance.value}` : 'exact tolerance';
  return `workbench grader: each sample's answer type, ${tolerance} (${benchmark}: every sample alike, whatever its subset or version; the tolerance of the ${spec.name} entry)`;
}

/** VLMEvalKit's circular-evaluation benchmarks. */
const CIRCULAR = /^(?:MMBench|CCBench)/i;

/** Benchmarks of open-ended answers that only a judge scores. */
const JUDGE_RATED = /^(?:MMVet|LLaVABench)/i;

/** Figures a summary gives beside its headline that readers quote: POPE's F1 `Overall`, HallusionBench's fAcc, qAcc and their mean. */
const QUOTED_BESIDE = /^(?:Overall \(F1\)|fAcc|qAcc|mean of aAcc, fAcc and qAcc)/;

/** A figure that can be an accuracy (0..1); MME points, WeMath's percent scores and the like cannot. */
const isFraction = (figure: FigureRow): boolean => figure.value >= 0 && figure.value <= 1;
const isRecomputed = (figure: FigureRow): boolean => figure.source.startsWith(RECOMPUTED_PREFIX);

function pick(figures: FigureRow[]): { summary: FigureRow | undefined; recomputed: FigureRow | undefined } {
  return {
    summary: figures.find((f) => !isRecomputed(f) && isFraction(f)),
    recomputed: figures.find((f) => isRecomputed(f) && isFraction(f)),
  };
}

/** `mme_cognition_score,none` and `mme_cognition_score` name the same figure (lmms-eval appends the filter). */
const metricBase = (metric: string): string => metric.split(',')[0]!;
/**
 * lmms-eval's MME points (`ingest/lmms-mme.ts` recomputes them); kept here, where `stats` reads
 * them without the importer. Older lmms-eval versions spelled perception `mme_percetion_score`,
 * and their results are everywhere.
 */
export const MME_METRICS = ['mme_perception_score', 'mme_percetion_score', 'mme_cognition_score'] as const;

const LMMS_MME_RULE: OfficialRule = {
  kind: 'recomputed-metric',
  rule: 'lmms-eval mme: per image, (acc + acc+) ×100 of its two yes/no questions, averaged per category and summed into mme_perception_score and mme_cognition_score; not an accuracy',
};

const MMMU_PRO_RULE: OfficialRule = {
  kind: 'recomputed',
  rule: "MMMU-Pro evaluate.py: the option letter parse_multi_choice_response reads (after the last \"Answer:\", else (X), X, X., else an option's text) equals the answer; its if_right where the file has it, else our port (a response it would answer with a random letter is left out)",
};

const MME_TOOL_RULE: OfficialRule = {
  kind: 'recomputed-metric',
  rule: "MME eval_tool calculation.py: a prediction is yes/no (or the one its first four characters hold, else other); per subtask (acc + acc+) ×100, summed over 10 perception and 4 cognition subtasks; not an accuracy",
};

const MATHVISTA_OWN_RULE: OfficialRule = {
  kind: 'judge',
  rule: "MathVista's own evaluation: a GPT extraction (`extraction`), normalised to the nearest choice or a number at the stated precision (`prediction`), compared with the answer (`true_false`; in a file not yet scored, calculate_score.py's rule applied to `extraction` by our port); scores_<model>.json average",
};

const EMMA_RULE: OfficialRule = {
  kind: 'judge',
  rule: "EMMA evaluate.py: the answer read by rule (a bare letter, a number, the last \\boxed{}, or the text after \"answer is\") equal to the answer as text or at 2 decimals through sympy, or a GPT judge with --gpt_eval; no response is wrong (`true_false`); <model>_result.json average",
};

const MATH_V_OWN_RULE: OfficialRule = {
  kind: 'judge',
  rule: "MATH-V evaluation/evaluate.py: the answer read by rule from the response (the last \\boxed{}, the text after \"the answer is\", a closing option letter) compared with the answer or its option's text by is_equal (`correct`); <model>_result.json -all",
};

const MMMU_OWN_RULE: OfficialRule = {
  kind: 'recomputed',
  rule: "MMMU eval (main_parse_and_eval.py, main_eval_only.py): parse_multi_choice_response (an option letter in parentheses, else standing alone, else an option's text, the last written; a random letter where none) then exact equality; open answers: parse_open_response, then a gold string inside a candidate or an equal number at 2 decimals",
};

const EASYR1_RULE: OfficialRule = {
  kind: 'judge',
  rule: "EasyR1's reward (`[score]` of each validation block): a verdict (right above 0.5) only where the rewards split right from wrong (at most 0.2 or at least 0.8, as 0.9 × accuracy + 0.1 × format does); a reward that weighs format or length gives none",
};

const HALLUSIONBENCH_OWN_RULE: OfficialRule = {
  kind: 'judge',
  rule: "HallusionBench's own evaluation (tianyi-lab/HallusionBench): a GPT-4 judge reads each answer as yes, no or uncertain against gt_answer; aAcc over questions, fAcc over figures, qAcc over question pairs",
};

const MULTIMODALOCR_RULE: OfficialRule = {
  kind: 'recomputed',
  rule: "MultimodalOCR (OCRBench v1) eval.py, our port: VQA and KIE sets: a gold answer, normalised as VQA's evaluation does, found as whole words in the normalised answer; recognition sets: letters and digits only, lower-cased, found as whole words; HME: the gold inside the answer, spaces removed; the accuracy of those verdicts (its result.json, per dataset, is not read)",
  perSampleSource: "eval.py's rule applied to each answer (our port: the answer files keep no verdicts)",
};

const BLINK_OWN_RULE: OfficialRule = {
  kind: 'recomputed',
  rule: "BLINK's evaluate.py: the option a saved output's `prediction` holds (read from the reply by BLINK's own matcher) equal to `answer`",
};

const VERL_DUMP_RULE: OfficialRule = {
  kind: 'judge',
  rule: "verl's reward as its dump records it: the reward function's `acc` where it writes one, else its `score`: right at 0.8 or more (1; geo3k's 0.9 for a right answer out of format), wrong at 0.2 or less (0, DAPO's -1, a format bonus of 0.1), no verdict in between; the reward function is the run's own",
};

const R1V_RULE: OfficialRule = {
  kind: 'judge',
  rule: "R1-V / VLM-R1 evaluation: the log's `is_correct` or `correct` (VLM-R1's REC: IoU above 0.5; clicks: inside the box), else `extracted_answer == ground_truth`; the log's `accuracy`",
};

/**
 * The rules of the tools whose own files a run was imported from (backend `import:<tool>`). An
 * R1-V-style log's verdicts are its own test's, whatever the benchmark is called: a log on
 * `MathVision_MINI` is not VLMEvalKit's judged file (Ocean-R1's logs, graded by math_verify).
 */
const TOOL_RULES: Readonly<Record<string, OfficialRule>> = {
  'import:mme-eval-tool': MME_TOOL_RULE,
  'import:mmmu-pro': MMMU_PRO_RULE,
  'import:math-v': MATH_V_OWN_RULE,
  'import:mmmu': MMMU_OWN_RULE,
  'import:mmmu-outputs': MMMU_OWN_RULE,
  'import:easyr1-generations': EASYR1_RULE,
  'import:r1v': R1V_RULE,
  'import:hallusionbench': HALLUSIONBENCH_OWN_RULE,
  'import:multimodalocr': MULTIMODALOCR_RULE,
  'import:blink': BLINK_OWN_RULE,
  'import:verl': VERL_DUMP_RULE,
};

/**
 * The registry's rules are VLMEvalKit's (or the benchmark's own repository's). A run imported
 * from the benchmark's own files (MathVista's, EMMA's, MATH-V's) was scored by that repository's
 * script, and one from lmms-eval by that task's own metric, whatever the benchmark's name.
 */
function officialRuleOfRun(benchmark: string, backend: string, figures: FigureRow[]): OfficialRule | undefined {
  if (backend === 'import:mathvista') return /^emma/i.test(benchmark) ? EMMA_RULE : MATHVISTA_OWN_RULE;
  const own = TOOL_RULES[backend];
  if (own) return own;
  // By the metric, not the task's name: MME's translated variants report the same MME points.
  if (backend === 'import:lmms-eval' && figures.some((figure) => (MME_METRICS as readonly string[]).includes(metricBase(figure.metric)))) return LMMS_MME_RULE;
  if (backend === 'import:lmms-eval') {
    const spec = lmmsTaskSpec(benchmark);
    return { kind: spec?.notAccuracy ? 'summary-only' : 'judge', rule: spec?.rule ?? `lmms-eval task ${benchmark}: the task's own per-sample metric in its samples file, averaged in results.json` };
  }
  return officialRuleFor(benchmark);
}

/**
 * A summary over other samples than the run's: its count says so, or, where it gives none, its
 * accuracy is no whole number of the run's samples (R1-V's `accuracy` of 304 answers beside 8 of
 * them: 17.43% of 8 is 1.39 answers), allowing for a figure rounded to 0.1 point; not where our
 * port of the tool's rule recomputes it.
 */
function overOtherSamples(summary: FigureRow, samples: number, recomputed: FigureRow | undefined): boolean {
  if (summary.total !== null) return summary.total !== samples;
  // Our port of the tool's rule counts as the tool does (VLMEvalKit's POPE counts a row once per category it is in).
  if (recomputed !== undefined || samples === 0 || summary.value < 0 || summary.value > 1) return false;
  return Math.abs(Math.round(summary.value * samples) / samples - summary.value) > 0.0005;
}

/** Whether a figure we recomputed equals the one the tool's summary reports, in words. */
function againstSummary(figure: FigureRow, figures: FigureRow[], samples: number): string {
  const reported = figures.find((f) => !f.source.startsWith(RECOMPUTED_PREFIX) && metricBase(f.metric) === metricBase(figure.metric));
  if (!reported) return '';
  const agrees = Math.abs(reported.value - figure.value) <= 1e-6 * Math.max(1, Math.abs(reported.value));
  // A summary over more samples than the file holds (a slice of the samples file) is expected to differ: said why.
  const over = reported.total !== null && reported.total !== samples ? ` (over ${reported.total} samples; the file has ${samples})` : '';
  return agrees ? `, equal to what ${reported.source} reports` : `; ${reported.source} reports ${reported.value}${over}: they differ`;
}

export function provenanceOf(input: ProvenanceInput): RunProvenance {
  const oursRule = oursRuleOf(input.benchmark, input.regradedScorer);
  const registered = officialRuleOfRun(input.benchmark, input.backend, input.figures);
  const imported = input.backend.startsWith('import:');
  const notes: string[] = [];
  let official: OfficialFigure | null = null;
  // A benchmark whose official figure is not an accuracy (MME points, COCO BLEU/CIDEr) is never compared.
  const notAccuracy = registered !== undefined && NOT_ACCURACY_KINDS.has(registered.kind);
  const { summary, recomputed } = notAccuracy ? { summary: undefined, recomputed: undefined } : pick(input.figures);
  const verdicts = input.officialN > 0 ? input.officialCorrect / input.officialN : null;
  // A summary over other samples than the run's (the whole benchmark beside a slice of it) is not
  // this run's official figure when the file's own verdicts are: those are over the same samples.
  const summaryOverOthers = summary !== undefined && overOtherSamples(summary, input.n, recomputed) && verdicts !== null;
  if (summary && !summaryOverOthers) {
    official = { value: summary.value, source: summary.source, metric: summary.metric, rule: registered?.rule ?? `as reported by ${summary.source}` };
  } else if (recomputed) {
    official = { value: recomputed.value, source: recomputed.source.slice(RECOMPUTED_PREFIX.length), metric: recomputed.metric, rule: registered?.rule ?? recomputed.metric };
  } else if (verdicts !== null) {
    // Where the official figure is not an accuracy (it is in the notes), the accuracy is the verdicts' own;
    // so it is for a file of plain records, whose verdicts no reader of ours knows the rule of.
    const rule = registered && !notAccuracy && !GENERIC_BACKENDS.has(input.backend) ? registered.rule : 'the per-sample verdicts the file carries';
    const ported = rule === registered?.rule ? registered.perSampleSource : undefined;
    official = { value: verdicts, source: ported ?? 'the file\'s per-sample verdicts', metric: 'accuracy', rule };
  }
  // Verdicts for only some of the run's samples (a reward that gives none in between, a file partly
  // judged): the official figure is over those, so ours is compared over the same ones.
  // The official figure is the per-sample verdicts' own accuracy (by them, or a summary equal to them).
  const ofVerdicts = official !== null && verdicts !== null && Math.abs(official.value - verdicts) < 1e-9;
  const verdictsOfPart = ofVerdicts && input.officialN < input.n && input.correctWhereOfficial !== undefined;
  const oursOnTheirSamples = verdictsOfPart ? input.correctWhereOfficial! / input.officialN : undefined;
  if (oursOnTheirSamples !== undefined) {
    notes.push(`the official verdicts cover ${input.officialN} of the run's ${input.n} samples: ours over the same ${input.officialN} is ${(oursOnTheirSamples * 100).toFixed(2)}% (over all ${input.n}, ${((input.accuracy ?? 0) * 100).toFixed(2)}%), and that is what is compared`);
  }
  // A summary's figures beside its headline that readers quote (POPE's F1, HallusionBench's fAcc, qAcc and their mean).
  if (official && summary && official.source === summary.source) {
    for (const other of input.figures) {
      if (other !== summary && other.source === summary.source && QUOTED_BESIDE.test(other.metric)) notes.push(`${other.source} also reports ${other.metric} = ${(other.value * 100).toFixed(2)}%`);
    }
  }
  // Our port of the tool's own aggregation (MMStar's macro average) reproduces its summary: the verdicts are consistent with it.
  const reproduced = summary !== undefined && recomputed !== undefined && metricBase(summary.metric) === metricBase(recomputed.metric) && Math.abs(summary.value - recomputed.value) <= 0.0005;
  if (reproduced) {
    const ofAll = verdicts !== null && Math.abs(verdicts - recomputed.value) > 0.00005 ? `; the per-sample verdicts give ${(verdicts * 100).toFixed(2)}% of all samples` : '';
    notes.push(`${recomputed.source.slice(RECOMPUTED_PREFIX.length)} (our port) gives ${(recomputed.value * 100).toFixed(2)}%, equal to what ${summary.source} reports${ofAll}`);
  }
  // The file's own verdicts must add up to its summary; when they do not, say so.
  if (official && summary && !reproduced && verdicts !== null && Math.abs(verdicts - summary.value) > DIFFERS_ABOVE) {
    const partial = summary.total !== null && summary.total !== input.officialN ? ` (over ${summary.total} samples; the file has ${input.officialN})` : '';
    notes.push(`the file's per-sample verdicts give ${(verdicts * 100).toFixed(2)}%, its summary ${summary.source} says ${(summary.value * 100).toFixed(2)}%${partial}`);
  }
  if (summary && recomputed && Math.abs(summary.value - recomputed.value) > 0.0005) {
    notes.push(`our port of the official rule gives ${(recomputed.value * 100).toFixed(2)}%, ${summary.source} says ${(summary.value * 100).toFixed(2)}%`);
  }
  const asWritten = input.figures.filter((f) => !isRecomputed(f) && (notAccuracy || !isFraction(f)));
  for (const figure of asWritten) notes.push(`${figure.source} reports ${figure.metric} = ${figure.value} (not an accuracy)`);
  // Figures that are not accuracies but that we recomputed with the official code (COCO, WeMath's
  // scores in percent): said as ours.
  const recomputedMetrics = input.figures.filter((f) => isRecomputed(f) && (notAccuracy || !isFraction(f)));
  for (const figure of recomputedMetrics) {
    notes.push(`${figure.source.slice(RECOMPUTED_PREFIX.length)} (our port) gives ${figure.metric} = ${figure.value} (not an accuracy)${againstSummary(figure, input.figures, input.n)}`);
  }
  // A summary over other samples than the run holds (a slice of the file, a partial run), with no
  // per-sample verdicts to check it by: the two figures are not over the same samples, so they
  // neither agree nor differ.
  const otherSamples = official !== null && official.source === summary?.source && verdicts === null && overOtherSamples(summary, input.n, recomputed);
  if (otherSamples) {
    const over = summary!.total !== null ? `is over ${summary!.total} samples` : `(${(summary!.value * 100).toFixed(2)}%) is no share of ${input.n} samples`;
    notes.push(`${summary!.source} ${over} and this run has ${input.n}: ours and the official figure are not over the same samples`);
  }
  // URSA's `match` column is 1 where the answer is wrong: every verdict the opposite of ours is a column that means the reverse.
  if (input.agreeing === 0 && input.officialN >= INVERTED_AFTER) {
    notes.push(`ours and the file's per-sample verdicts disagree on every one of its ${input.officialN} samples: the verdict field may mean the opposite (1 = wrong); check it, or name another with --map correct=FIELD`);
  }
  let officialRule: string;
  if (official) officialRule = official.rule;
  else if (notAccuracy) officialRule = `${registered!.rule}; no accuracy to compare`;
  else if (!imported) officialRule = registered ? `${registered.rule} (not applied: evaluated by the workbench)` : NO_OFFICIAL_RULE;
  else officialRule = registered ? `${registered.rule}${NOT_IN_FILE}` : NO_OFFICIAL_RULE;
  if (input.exportedSubset) {
    const chosen = input.exportedSubset.set ? `failure set "${input.exportedSubset.set}"` : input.exportedSubset.filter ? `filter \`${input.exportedSubset.filter}\`` : 'an export';
    notes.push(`read back from an export of ${chosen}: the run holds the ${input.n} predictions it chose, not all the model's answers, so its accuracy is not the model's`);
  }
  // A mean of partial scores (TextVQA's) is compared with our mean of the same scores, not with the share of answers we count right.
  const meanScored = registered?.meanScore === true && official !== null && input.meanScore !== undefined && input.meanScore !== null ? input.meanScore : undefined;
  if (meanScored !== undefined) {
    notes.push(`the official figure is a mean VQA score (partial credit): ours as the same mean is ${(meanScored * 100).toFixed(2)}% (our accuracy, ${((input.accuracy ?? 0) * 100).toFixed(2)}%, counts an answer right at a score of 0.5 or more, two annotators of ten), and that is what is compared`);
  }
  const compared = meanScored ?? oursOnTheirSamples ?? input.accuracy;
  const differs = official && compared !== null && !otherSamples ? Math.abs(compared - official.value) > DIFFERS_ABOVE : null;
  // Which way the two verdicts part, where the official figure is built from per-sample verdicts: a
  // difference of 2 points can be 2 samples one way or 40 each way.
  const split = input.disagreements;
  if (differs && split && split.oursOnlyRight + split.officialOnlyRight > 0 && ofVerdicts) {
    const are = split.oursOnlyRight === 1 ? 'is' : 'are';
    notes.push(`of the samples both graded, ${split.oursOnlyRight} ${are} right by ours and wrong by the official verdict, ${split.officialOnlyRight} the other way round (the filter agrees:false lists them, with each verdict's reason)`);
  }
  const oursCompared = meanScored ?? oursOnTheirSamples;
  return { imported, oursRule, official, officialRule, differs, notes, ...(oursCompared !== undefined ? { oursCompared } : {}) };
}
