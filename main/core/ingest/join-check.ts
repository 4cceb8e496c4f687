/**
 * Predictions joined by id to a benchmark already in the workspace: how many give another gold
 * answer than the workspace's sample. A few is a benchmark revised since (graded against the
 * workspace's, with a warning); most is another dataset that happens to share the name (two
 * LLaMA-Factory runs both write `generated_predictions.jsonl`), and grading it against the first
 * one's answers would give a meaningless figure: the import stops instead.
 */
import { ImportError } from './errors';

/** Joined samples below this are too few to call a mismatch a different dataset. */
const MIN_JOINED = 5;

export class JoinCheck {
  private readonly joined = new Map<string, { samples: number; otherAnswer: number }>();

  /** One prediction joined to the workspace's sample of `benchmark`; `otherAnswer` when the file's gold differs. */
  record(benchmark: string, otherAnswer: boolean): void {
    const counts = this.joined.get(benchmark) ?? { samples: 0, otherAnswer: 0 };
    counts.samples++;
    if (otherAnswer) counts.otherAnswer++;
    this.joined.set(benchmark, counts);
  }

  /** Warnings for the benchmarks joined with a few other answers; throws for one joined with mostly other answers. */
  finish(): string[] {
    const warnings: string[] = [];
    for (const [benchmark, { samples, otherAnswer }] of this.joined) {
      if (otherAnswer === 0) continue;
      if (samples >= MIN_JOINED && otherAnswer * 2 > samples) {
        throw new ImportError(
          benchmark,
          null,
          null,
          `${otherAnswer} of the ${samples} samples joined to benchmark ${benchmark} give a different gold answer than the workspace's: ` +
            'this is probably another dataset under the same name; pass --benchmark NAME to import it as a benchmark of its own',
        );
      }
      warnings.push(`${otherAnswer} sample(s) of ${benchmark} give a different answer than the benchmark already in the workspace; graded against the workspace's`);
    }
    this.joined.clear();
    return warnings;
  }
}
