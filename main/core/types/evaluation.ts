/**
 * The bounds of an evaluation's settings: the API's schema states them for the UI's form, and
 * `prepareEvaluation` applies them to every caller (the CLI's `eval` included), so they live here once.
 */
export const EVALUATION_LIMITS = {
  temperature: { min: 0, max: 10 },
  /** Nucleus sampling keeps a share of the probability mass: above 0, at most 1. */
  topP: { above: 0, max: 1 },
  maxTokens: { min: 1, max: 1_000_000 },
  samplesPerQuestion: { min: 1, max: 1000 },
  concurrency: { min: 1, max: 1024 },
} as const;

export interface EvaluationSettingsToCheck {
  temperature: number;
  topP: number;
  maxTokens: number;
  samplesPerQuestion: number;
  concurrency: number;
}

/** Why these settings cannot run (the first setting out of bounds), or null when they can. */
export function evaluationSettingsProblem(settings: EvaluationSettingsToCheck): string | null {
  const { temperature, topP, maxTokens, samplesPerQuestion, concurrency } = EVALUATION_LIMITS;
  const between = (name: string, value: number, min: number, max: number, integer: boolean): string | null =>
    Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value)) ? null : `${name} must be ${integer ? 'a whole number ' : ''}from ${min} to ${max} (got ${value})`;
  return (
    between('temperature', settings.temperature, temperature.min, temperature.max, false) ??
    (Number.isFinite(settings.topP) && settings.topP > topP.above && settings.topP <= topP.max ? null : `top-p must be above ${topP.above} and at most ${topP.max} (got ${settings.topP})`) ??
    between('max tokens', settings.maxTokens, maxTokens.min, maxTokens.max, true) ??
    between('samples per question', settings.samplesPerQuestion, samplesPerQuestion.min, samplesPerQuestion.max, true) ??
    between('concurrency', settings.concurrency, concurrency.min, concurrency.max, true)
  );
}
