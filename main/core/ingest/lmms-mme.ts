/**
 * lmms-eval's MME score (`mme_aggregate_results` in lmms_eval/tasks/mme/utils.py), recomputed
 * from a samples file: each per-sample metric `mme_perception_score` / `mme_cognition_score` is
 * `{question_id, category, score}`, `question_id` naming the image both yes/no questions ask
 * about. Per image, acc (the mean of its two scores) ×100 plus acc+ (100 when both are right);
 * averaged over the images of a category; the categories summed. An image without exactly two
 * answers is skipped, as today's lmms-eval does (older versions stopped on it).
 */
import { MME_METRICS } from '../official-figure';
import { asText } from './fields';

export interface MmeFigure {
  metric: string;
  value: number;
  images: number;
  /** Images left out for not having exactly two answers. */
  skipped: number;
}

export class MmeScore {
  /** metric → category → image → scores. */
  private readonly scores = new Map<string, Map<string, Map<string, number[]>>>();

  /** Takes the MME entries of one sample's record (none in another task's). */
  add(record: Record<string, unknown>): void {
    for (const metric of MME_METRICS) {
      const entry = record[metric];
      if (typeof entry !== 'object' || entry === null) continue;
      const { question_id: image, category, score } = entry as Record<string, unknown>;
      if (typeof score !== 'number' || asText(image) === '') continue;
      const byCategory = this.scores.get(metric) ?? new Map<string, Map<string, number[]>>();
      this.scores.set(metric, byCategory);
      const byImage = byCategory.get(asText(category)) ?? new Map<string, number[]>();
      byCategory.set(asText(category), byImage);
      byImage.set(asText(image), [...(byImage.get(asText(image)) ?? []), score]);
    }
  }

  figures(): MmeFigure[] {
    return [...this.scores].map(([metric, byCategory]) => {
      let value = 0;
      let images = 0;
      let skipped = 0;
      for (const byImage of byCategory.values()) {
        let categoryTotal = 0;
        let paired = 0;
        for (const scores of byImage.values()) {
          if (scores.length !== 2) {
            skipped++;
            continue;
          }
          const sum = scores[0]! + scores[1]!;
          categoryTotal += (sum / 2) * 100 + (sum === 2 ? 100 : 0);
          paired++;
        }
        if (paired > 0) value += categoryTotal / paired;
        images += paired;
      }
      return { metric, value, images, skipped };
    });
  }
}
