/**
 * lmms-eval's MMStar `average` (`mmstar_aggregate_results`, lmms_eval/tasks/mmstar/utils.py),
 * recomputed from a samples file: each line's `average` entry is `{question_id, l2_category,
 * score}`; the mean score of each category, then the unweighted mean of those means. It is a
 * macro average, so it differs from the share of all samples answered right when the categories
 * differ in size.
 */
import { asText } from './fields';

export interface MacroFigure {
  value: number;
  categories: number;
  samples: number;
}

export class CategoryMacroAverage {
  /** category → [sum of scores, count]. */
  private readonly byCategory = new Map<string, [number, number]>();

  constructor(
    private readonly metric: string,
    private readonly categoryField: string,
  ) {}

  add(record: Record<string, unknown>): void {
    const entry = record[this.metric];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return;
    const { score, [this.categoryField]: category } = entry as Record<string, unknown>;
    if (typeof score !== 'number' || !Number.isFinite(score)) return;
    const tally = this.byCategory.get(asText(category)) ?? [0, 0];
    this.byCategory.set(asText(category), [tally[0] + score, tally[1] + 1]);
  }

  figure(): MacroFigure | null {
    if (this.byCategory.size === 0) return null;
    const means = [...this.byCategory.values()].map(([sum, count]) => sum / count);
    const samples = [...this.byCategory.values()].reduce((total, [, count]) => total + count, 0);
    return { value: means.reduce((a, b) => a + b, 0) / means.length, categories: means.length, samples };
  }
}
