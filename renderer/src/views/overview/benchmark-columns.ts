import type { BenchmarkInfo } from '@core/types/records';
import type { SuiteAverages } from '@core/types/analysis';

export interface BenchmarkGroup {
  /** 'main', 'extended' or 'other'. */
  suite: string;
  label: string;
  benchmarks: BenchmarkInfo[];
}

export const SUITE_LABELS: Record<string, string> = { main: 'Main suite', extended: 'Extended suite', other: 'Other benchmarks' };

/** The suite each workspace benchmark stands for (by the suite averages' member runs). */
export function suiteOfBenchmark(suites: readonly SuiteAverages[]): Map<string, string> {
  const suiteOf = new Map<string, string>();
  for (const suite of suites) {
    for (const checkpoint of suite.checkpoints) {
      for (const member of checkpoint.benchmarks) if (!suiteOf.has(member.workspaceBenchmark)) suiteOf.set(member.workspaceBenchmark, suite.suite);
    }
  }
  return suiteOf;
}

/** Benchmarks grouped by suite (main, extended, then the rest), by name within a group. */
export function groupBenchmarks(benchmarks: readonly BenchmarkInfo[], suiteOf: Map<string, string>): BenchmarkGroup[] {
  return ['main', 'extended', 'other']
    .map((suite) => ({
      suite,
      label: SUITE_LABELS[suite]!,
      benchmarks: benchmarks.filter((b) => (suiteOf.get(b.name) ?? 'other') === suite),
    }))
    .filter((group) => group.benchmarks.length > 0);
}
