/**
 * Answer grading for VLM evaluation: pure functions, no I/O besides the
 * JSONL stream helper. See AGREEMENT.md for how verdicts compare with the
 * official scorers of MathVista, MATH-Vision, VLMEvalKit and R1-V.
 */
export { GRADER_VERSION } from './version';
export type { ScorerName, ScorerChoice, ParsedTrace, GradeInput, GradeResult } from './types';
export { parseTrace, isFormatCompliant, FORMAT_RULE } from './trace';
export { grade } from './grade';
export { BENCHMARKS, SUITES, lookupBenchmark } from './benchmarks';
export type { BenchmarkSpec, Suite } from './benchmarks';
export { gradeJsonlStream } from './stream';
