/**
 * Shared types of the grading module. Kept in their own file so that every
 * scorer can import them without pulling in the dispatcher (no import cycles).
 */

export type ScorerName = 'mcq' | 'yesno' | 'numeric' | 'math' | 'relaxed' | 'vqa' | 'text' | 'grounding';
export type ScorerChoice = ScorerName | 'auto';

export interface ParsedTrace {
  /** Text inside <think>..</think> or <thinking>..</thinking>; null when there is no think tag. */
  think: string | null;
  /** The answer part: <answer> content, else last \boxed/\fbox content, else text after </think>, else whole text. */
  answer: string;
  /** Every \boxed{..}/\fbox{..} content in order (nested braces handled). */
  boxes: string[];
  /** FORMAT_RULE (see trace.ts). */
  formatCompliant: boolean;
  thinkClosed: boolean;
}

export interface GradeInput {
  /** The model's full raw output. */
  prediction: string;
  /** Gold; may be LaTeX, wrapped in $..$ or \boxed{}; array = several acceptable answers (VQA: the 10 human answers). */
  answer: string | string[];
  /** letter->text, or array (A,B,C... in order). */
  choices?: Record<string, string> | string[] | null;
  /** Scorer for this sample; 'auto' or missing => infer. */
  answerType?: ScorerChoice | null;
  /** VLMEvalKit benchmark name; if known in the registry, its scorer/tolerance wins over auto. */
  benchmark?: string | null;
  /** The question asked: a yes/no answer may say it back instead of writing yes or no (restated.ts). */
  question?: string | null;
}

export interface GradeResult {
  correct: boolean;
  /** 0..1 (VQA can be fractional). */
  score: number;
  /** The answer we extracted (null if none could be extracted). */
  extracted: string | null;
  /** Short human explanation of which rule decided. */
  reason: string;
  scorer: ScorerName;
  graderVersion: string;
  trace: ParsedTrace;
}

export interface Tolerance {
  kind: 'exact' | 'relative';
  /** Relative tolerance for kind 'relative' (e.g. 0.05 for ChartQA). */
  value?: number;
}

/** What every scorer receives: the parsed trace plus the (already normalised) gold side. */
export interface ScoreContext {
  trace: ParsedTrace;
  /** The final-answer span of the response (see normalize.finalSpan). */
  span: AnswerSpan;
  /** The response after any </think> (the whole response without one): where fallbacks search. */
  fullText: string;
  /** Acceptable gold answers (at least one). */
  golds: string[];
  /** Choices as [letter, text] pairs, in letter order; empty when the sample has none. */
  choices: Array<[string, string]>;
  tolerance: Tolerance;
  /** Registry name of the sample's benchmark, when known (per-benchmark scorer options). */
  benchmark?: string;
  /** The question asked, when known. */
  question?: string;
}

/** What a scorer returns; grade() adds scorer name, version and trace. */
export interface ScoreOutcome {
  correct: boolean;
  score: number;
  extracted: string | null;
  reason: string;
}

/** Where the final answer was found, for the `reason` text. */
export type SpanSource = 'answer tag' | 'box' | 'answer phrase' | 'answer field' | 'text after </think>' | 'whole response' | 'empty';

export interface AnswerSpan {
  /** The final-answer text, unwrapped of $..$, \boxed{}, markdown. */
  text: string;
  source: SpanSource;
}
