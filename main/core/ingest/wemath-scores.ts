/**
 * WeMath's headline figures, Score (Strict) and Score (Loose): our port of VLMEvalKit's
 * `wemath_evaluate_models` (vlmeval/dataset/utils/wemath.py, itself WeMath's
 * four_dimensional_metrics.py). A problem of two or three steps is asked as each step alone
 * (`key` `2steps_1`, `2steps_2`, …) and as a whole (`2steps_multi`), linked by `ID`; from the
 * verdicts of the parts and the whole it counts insufficient knowledge (IK), inadequate
 * generalisation (IG) and rote memorisation (RM), and scores
 * (525 − 0.5 × IG − RM − IK) / 525: a penalised score, not a share of right answers.
 */

export interface WeMathRow {
  id: string;
  key: string;
  /** The row's verdict (`hit`). */
  right: boolean;
}

export interface WeMathScores {
  /** Percentages as `_score.csv` prints them ("{:.2%}"): 29.43 for 29.43%. */
  strict: number;
  loose: number;
  insufficientKnowledge: number;
  inadequateGeneralization: number;
  roteMemorizationStrict: number;
  roteMemorizationLoose: number;
}

/** wemath_evaluate_models divides by WeMath testmini's 525 problems, whatever the file holds. */
const PROBLEMS = 525;

/**
 * One merged row per problem: the verdict of each step and of the whole, `undefined` where the
 * file has no such row (pandas' left merge leaves NaN there, which equals neither True nor False).
 * Several rows of one key and ID multiply, as pandas' merge does.
 */
function mergedSteps(rows: readonly WeMathRow[], steps: 2 | 3): Array<{ parts: Array<boolean | undefined>; whole: boolean | undefined }> {
  const byKey = (key: string): Map<string, boolean[]> => {
    const map = new Map<string, boolean[]>();
    for (const row of rows) if (row.key === key) map.set(row.id, [...(map.get(row.id) ?? []), row.right]);
    return map;
  };
  const later = Array.from({ length: steps - 1 }, (_, i) => byKey(`${steps}steps_${i + 2}`));
  const whole = byKey(`${steps}steps_multi`);
  const merged: Array<{ parts: Array<boolean | undefined>; whole: boolean | undefined }> = [];
  for (const first of rows.filter((row) => row.key === `${steps}steps_1`)) {
    let combinations: Array<Array<boolean | undefined>> = [[first.right]];
    for (const step of later) {
      const matches: Array<boolean | undefined> = step.get(first.id) ?? [undefined];
      combinations = combinations.flatMap((parts) => matches.map((match) => [...parts, match]));
    }
    const wholeMatches: Array<boolean | undefined> = whole.get(first.id) ?? [undefined];
    for (const parts of combinations) for (const match of wholeMatches) merged.push({ parts, whole: match });
  }
  return merged;
}

/** The four-dimensional counts of one step count (evaluate_calculate_metrics). */
function countsOf(merged: ReturnType<typeof mergedSteps>) {
  const count = (test: (parts: Array<boolean | undefined>, whole: boolean | undefined) => boolean): number => merged.filter((row) => test(row.parts, row.whole)).length;
  const allRight = (parts: Array<boolean | undefined>): boolean => parts.every((part) => part === true);
  const anyRight = (parts: Array<boolean | undefined>): boolean => parts.some((part) => part === true);
  const allWrong = (parts: Array<boolean | undefined>): boolean => parts.every((part) => part === false);
  const anyWrong = (parts: Array<boolean | undefined>): boolean => parts.some((part) => part === false);
  return {
    roteLoose: count((parts, whole) => allWrong(parts) && whole === true),
    roteStrict: count((parts, whole) => anyWrong(parts) && whole === true),
    generalization: count((parts, whole) => allRight(parts) && whole === false),
    knowledge: count((parts, whole) => anyWrong(parts) && whole === false),
    masteryLoose: count((parts, whole) => anyRight(parts) && whole === true),
    masteryStrict: count((parts, whole) => allRight(parts) && whole === true),
  };
}

/** "{:.2%}" of a fraction, as a number of percent (Python rounds the same way except at exact ties). */
const printedPercent = (fraction: number): number => Math.round(fraction * 10_000) / 100;

/** Null where the file has no two- or three-step problem (not WeMath's layout). */
export function wemathScores(rows: readonly WeMathRow[]): WeMathScores | null {
  const two = countsOf(mergedSteps(rows.filter((row) => row.key.includes('2steps')), 2));
  const three = countsOf(mergedSteps(rows.filter((row) => row.key.includes('3steps')), 3));
  if (!rows.some((row) => /^[23]steps_1$/.test(row.key))) return null;
  const knowledge = two.knowledge + three.knowledge;
  const generalization = two.generalization + three.generalization;
  const roteStrict = two.roteStrict + three.roteStrict;
  const roteLoose = two.roteLoose + three.roteLoose;
  return {
    strict: printedPercent((PROBLEMS - 0.5 * generalization - roteStrict - knowledge) / PROBLEMS),
    loose: printedPercent((PROBLEMS - 0.5 * generalization - roteLoose - knowledge) / PROBLEMS),
    insufficientKnowledge: knowledge,
    inadequateGeneralization: generalization,
    roteMemorizationStrict: roteStrict,
    roteMemorizationLoose: roteLoose,
  };
}

/**
 * load_and_process_data's verdict where the file has no `hit` (a raw prediction file): the text
 * after the last "Answer", stripped of `<>:.`, its first character if that is a letter A-H,
 * equal to the gold letter.
 */
export function wemathAnswerRight(prediction: string, answer: string): boolean {
  const processed = (prediction.split('Answer').at(-1) ?? '').trim().replace(/[><:.]/g, '').trim();
  const letter = processed !== '' && 'ABCDEFGH'.includes(processed[0]!) ? processed[0]! : null;
  return letter !== null && letter === answer;
}
