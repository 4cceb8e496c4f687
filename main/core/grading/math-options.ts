/**
 * Options of the math verifier, per benchmark. Defaults suit competition
 * math (MATH-Vision, MathVerse, DynaMath free-form): several answers listed
 * without brackets are a set of solutions, numbers agree within a relative
 * 1e-6 or as a decimal rounded at six or more decimal places.
 */
import type { Tolerance } from './types';

export interface MathOptions {
  /** A bare list "3, 1, 2" must follow the gold's order (it is a tuple without its brackets), instead of counting as a set. */
  strictTupleOrder: boolean;
  /** Fewest decimal places for a decimal to count as the exact value rounded ("0.142857" for 1/7, but not "0.14"). */
  precision: number;
  /** Relative tolerance of numeric comparisons. */
  relativeTolerance: number;
}

export const DEFAULT_MATH_OPTIONS: Readonly<MathOptions> = Object.freeze({ strictTupleOrder: false, precision: 6, relativeTolerance: 1e-6 });

/**
 * Benchmarks whose math answers need other options, by registry name.
 * MathVista's list answers are ordered sequences ("[2014, 2016]": the years, in order).
 */
const BY_BENCHMARK: Readonly<Record<string, Partial<MathOptions>>> = {
  MathVista_MINI: { strictTupleOrder: true },
};

/** Options for a benchmark (registry name, or undefined), with its tolerance when it declares a relative one. */
export function mathOptionsFor(benchmark: string | undefined, tolerance?: Tolerance): MathOptions {
  const opts: MathOptions = { ...DEFAULT_MATH_OPTIONS, ...(benchmark ? BY_BENCHMARK[benchmark] : undefined) };
  if (tolerance?.kind === 'relative' && tolerance.value !== undefined) opts.relativeTolerance = tolerance.value;
  return opts;
}
