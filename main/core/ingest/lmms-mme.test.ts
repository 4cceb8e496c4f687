import { describe, expect, it } from 'vitest';
import { provenanceOf, RECOMPUTED_PREFIX } from '../official-figure';
import { MmeScore } from './lmms-mme';

const entry = (image: string, category: string, score: number) => ({ mme_perception_score: { question_id: image, category, score } });

describe("lmms-eval's MME score", () => {
  it('adds (acc + acc+) per image, averages per category, sums the categories, leaving out images without two answers', () => {
    const mme = new MmeScore();
    // count: one image both right (200), one half right (50): 125. color: both right: 200. One unpaired image.
    for (const record of [entry('count/1.png', 'count', 1), entry('count/1.png', 'count', 1), entry('count/2.png', 'count', 1), entry('count/2.png', 'count', 0), entry('color/1.png', 'color', 1), entry('color/1.png', 'color', 1), entry('color/2.png', 'color', 0)]) {
      mme.add(record);
    }
    mme.add({ exact_match: 1 }); // another task's record: nothing to take
    expect(mme.figures()).toEqual([{ metric: 'mme_perception_score', value: 325, images: 3, skipped: 1 }]);
  });

  it('says when the recomputed score and the one results.json reports differ', () => {
    const figures = [
      { metric: 'mme_perception_score,none', value: 1500, correct: null, total: null, source: 'r_results.json' },
      { metric: 'mme_perception_score,none', value: 1480, correct: null, total: 10, source: `${RECOMPUTED_PREFIX}lmms-eval MME rule over s.jsonl` },
    ];
    const provenance = provenanceOf({ benchmark: 'mme', backend: 'import:lmms-eval', accuracy: 0.8, n: 10, officialN: 10, officialCorrect: 8, figures });
    expect(provenance.notes).toContain('lmms-eval MME rule over s.jsonl (our port) gives mme_perception_score,none = 1480 (not an accuracy); r_results.json reports 1500: they differ');
    expect(provenance.differs).toBe(false);
    // Over a slice of the samples file (results.json counts 2374 lines, the file keeps 34): said why they differ.
    const sliced = provenanceOf({ benchmark: 'mme', backend: 'import:lmms-eval', accuracy: 0.8, n: 34, officialN: 34, officialCorrect: 28, figures: [{ ...figures[0]!, total: 2374 }, figures[1]!] });
    expect(sliced.notes).toContain('lmms-eval MME rule over s.jsonl (our port) gives mme_perception_score,none = 1480 (not an accuracy); r_results.json reports 1500 (over 2374 samples; the file has 34): they differ');
  });

  it('knows MME points by their metric whatever the task is called (a translated MME), and never compares them with an accuracy', () => {
    const figures = [{ metric: 'mme_cognition_score,none', value: 162.5, correct: null, total: 8, source: `${RECOMPUTED_PREFIX}lmms-eval MME rule over s.jsonl` }];
    const provenance = provenanceOf({ benchmark: 'mme_pt_br', backend: 'import:lmms-eval', accuracy: 0.875, n: 8, officialN: 8, officialCorrect: 7, figures });
    expect(provenance.official).toMatchObject({ value: 0.875, rule: 'the per-sample verdicts the file carries' });
    expect(provenance.differs).toBe(false);
    expect(provenance.notes.join('\n')).toMatch(/gives mme_cognition_score,none = 162\.5 \(not an accuracy\)/);
  });
});
