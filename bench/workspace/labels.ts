/**
 * Labels on the bench workspace's failures, as a review session leaves them: about one failed
 * first answer in twenty of each evaluation run gets a manual label (perception, reasoning,
 * knowledge, format, extraction, other), a few get two. Deterministic.
 */
import type { Db } from '../../main/core/store/database';
import { addAnnotation } from '../../main/core/store/predictions';

const LABELS = ['perception', 'perception', 'perception', 'reasoning', 'reasoning', 'knowledge', 'format', 'extraction', 'other'];

export function addBenchLabels(db: Db): number {
  const failures = db
    .prepare(
      `SELECT p.id FROM predictions p JOIN runs r ON r.id = p.run_id
       WHERE r.purpose = 'eval' AND p.correct = 0 AND p.sample_index = 0 AND p.id % 20 = 7 ORDER BY p.id`,
    )
    .all() as Array<{ id: number }>;
  let count = 0;
  db.transaction(() => {
    for (const { id } of failures) {
      addAnnotation(db, { predictionId: id, label: LABELS[id % LABELS.length]!, note: '', source: 'manual', author: 'bench' });
      count++;
      if (id % 7 === 0) {
        addAnnotation(db, { predictionId: id, label: LABELS[(id + 3) % LABELS.length]!, note: 'second opinion', source: 'manual', author: 'bench-2' });
        count++;
      }
    }
  })();
  return count;
}
