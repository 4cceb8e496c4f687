import { describe, expect, it } from 'vitest';
import { NO_OFFICIAL_RULE, provenanceOf, RECOMPUTED_PREFIX } from './official-figure';

const base = { backend: 'import:vlmevalkit', n: 1000, officialN: 0, officialCorrect: 0, figures: [] };

describe('ours beside the official figure', () => {
  it('prefers the tool summary, and flags a difference over half a point', () => {
    const p = provenanceOf({ ...base, benchmark: 'MMStar', accuracy: 0.40, officialN: 100, officialCorrect: 44, figures: [{ metric: 'Overall', value: 0.443, correct: null, total: null, source: 'm_MMStar_acc.csv' }] });
    expect(p.official).toMatchObject({ value: 0.443, source: 'm_MMStar_acc.csv' });
    expect(p.differs).toBe(true);
    expect(p.officialRule).toMatch(/VLMEvalKit MCQ/);
  });

  it("names an R1-style log's own test as the rule, even on a benchmark the registry knows (Ocean-R1's MathVision logs)", () => {
    const p = provenanceOf({ ...base, backend: 'import:r1v', benchmark: 'MathVision_MINI', accuracy: 3 / 9, n: 9, officialN: 9, officialCorrect: 4, figures: [] });
    expect(p.officialRule).toMatch(/^R1-V \/ VLM-R1 evaluation/);
    expect(p.officialRule).not.toMatch(/judge extracts/);
  });

  it('says a verdict column that disagrees with ours on every sample may mean the opposite (URSA\'s `match`)', () => {
    const inverted = provenanceOf({ ...base, backend: 'import:csv', benchmark: 'MathVision', accuracy: 11 / 20, n: 20, officialN: 20, officialCorrect: 9, agreeing: 0, figures: [] });
    expect(inverted.notes.join('\n')).toMatch(/disagree on every one of its 20 samples: the verdict field may mean the opposite/);
    const fewer = provenanceOf({ ...base, backend: 'import:csv', benchmark: 'MathVision', accuracy: 0.5, n: 4, officialN: 4, officialCorrect: 2, agreeing: 0, figures: [] });
    expect(fewer.notes.join('\n')).not.toMatch(/mean the opposite/);
  });

  it('compares ours over the samples the official verdicts cover, where they cover only some (a verl reward with none in between)', () => {
    // 4 answers, 3 with a verdict (2 right); ours: 3 right of 4, 2 of them among the 3.
    const p = provenanceOf({ ...base, backend: 'import:jsonl', benchmark: 'geo3k-rollouts', accuracy: 0.75, n: 4, officialN: 3, officialCorrect: 2, agreeing: 3, correctWhereOfficial: 2, figures: [] });
    expect(p.oursCompared).toBeCloseTo(2 / 3);
    expect(p.differs).toBe(false);
    expect(p.notes.join('\n')).toMatch(/the official verdicts cover 3 of the run's 4 samples: ours over the same 3 is 66\.67% \(over all 4, 75\.00%\)/);
    const whole = provenanceOf({ ...base, backend: 'import:jsonl', benchmark: 'geo3k-rollouts', accuracy: 0.75, n: 4, officialN: 4, officialCorrect: 2, correctWhereOfficial: 3, figures: [] });
    expect(whole.oursCompared).toBeUndefined();
    expect(whole.differs).toBe(true);
  });

  it('says which way the verdicts part where the figures differ', () => {
    const p = provenanceOf({ ...base, benchmark: 'MMStar', accuracy: 0.173, officialN: 1000, officialCorrect: 261, disagreements: { oursOnlyRight: 12, officialOnlyRight: 100 }, figures: [] });
    expect(p.notes.join('\n')).toMatch(/12 are right by ours and wrong by the official verdict, 100 the other way round/);
    const agreeing = provenanceOf({ ...base, benchmark: 'MMStar', accuracy: 0.26, officialN: 1000, officialCorrect: 261, disagreements: { oursOnlyRight: 5, officialOnlyRight: 6 }, figures: [] });
    expect(agreeing.notes.join('\n')).not.toMatch(/other way round/);
  });

  it('agrees within half a point', () => {
    const p = provenanceOf({ ...base, benchmark: 'MMStar', accuracy: 0.444, officialN: 1000, officialCorrect: 443, figures: [] });
    expect(p.official?.source).toMatch(/per-sample verdicts/);
    expect(p.differs).toBe(false);
  });

  it('says when the verdicts in the file do not add up to its summary', () => {
    const p = provenanceOf({ ...base, benchmark: 'MMStar', accuracy: 0.5, officialN: 100, officialCorrect: 50, figures: [{ metric: 'Overall', value: 0.6, correct: null, total: null, source: 's.csv' }] });
    expect(p.notes.join()).toMatch(/50\.00%.*60\.00%/);
  });

  it('uses a figure recomputed with the official rule when there is no summary', () => {
    const p = provenanceOf({ ...base, benchmark: 'OCRBench', accuracy: 0.113, figures: [{ metric: 'Final Score', value: 0.438, correct: 438, total: 1000, source: `${RECOMPUTED_PREFIX}VLMEvalKit OCRBench rule` }] });
    expect(p.official?.value).toBe(0.438);
    expect(p.differs).toBe(true);
  });

  it('neither agrees nor differs with a summary over other samples than the run has, and says so', () => {
    // MathVista's scores_<model>.json over all 1000 problems beside 21 of its responses, none scored.
    const scores = [{ metric: 'accuracy', value: 0.431, correct: 431, total: 1000, source: 'scores_smolvlm.json' }];
    const p = provenanceOf({ ...base, benchmark: 'MathVista_MINI', accuracy: 9 / 21, n: 21, figures: scores });
    expect(p.official).toMatchObject({ value: 0.431, source: 'scores_smolvlm.json' });
    expect(p.differs).toBeNull();
    expect(p.notes).toContain('scores_smolvlm.json is over 1000 samples and this run has 21: ours and the official figure are not over the same samples');
    // Over the same samples, the comparison stands.
    expect(provenanceOf({ ...base, benchmark: 'MathVista_MINI', accuracy: 0.43, figures: scores }).differs).toBe(false);
  });

  it('says plainly that no official rule is implemented', () => {
    const p = provenanceOf({ ...base, benchmark: 'SomeNewBench', accuracy: 0.7 });
    expect(p.official).toBeNull();
    expect(p.officialRule).toBe(NO_OFFICIAL_RULE);
    expect(p.differs).toBeNull();
  });

  it("says a known rule's figure is not in the file when the file carries neither verdicts nor a summary", () => {
    const p = provenanceOf({ ...base, benchmark: 'MathVerse', accuracy: 0.8 });
    expect(p.official).toBeNull();
    expect(p.officialRule).toMatch(/^MathVerse's own evaluation: .* — not in this file \(no per-sample verdicts or summary\)$/);
  });

  it('never compares a figure that is not an accuracy (MME points)', () => {
    const p = provenanceOf({ ...base, benchmark: 'MME', accuracy: 0.8, figures: [{ metric: 'perception', value: 1500.2, correct: null, total: null, source: 'x_MME_score.csv' }] });
    expect(p.official).toBeNull();
    expect(p.officialRule).toMatch(/MME/);
    expect(p.notes.join()).toMatch(/perception = 1500.2/);
  });

  it('never takes COCO caption metrics we recomputed for an accuracy, and says them as ours', () => {
    const figures = [
      { metric: 'Bleu_4', value: 0.4, correct: null, total: null, source: `${RECOMPUTED_PREFIX}VLMEvalKit COCO caption evaluation` },
      { metric: 'CIDEr', value: 0.9, correct: null, total: null, source: 'm_COCO_VAL_score.json' },
    ];
    const p = provenanceOf({ ...base, benchmark: 'COCO_VAL', accuracy: 0.4, figures });
    expect(p.official).toBeNull();
    expect(p.differs).toBeNull();
    expect(p.officialRule).toMatch(/no accuracy to compare/);
    expect(p.notes.join('\n')).toMatch(/COCO caption evaluation \(our port\) gives Bleu_4 = 0.4/);
    expect(p.notes.join('\n')).toMatch(/m_COCO_VAL_score.json reports CIDEr = 0.9/);
  });
});

describe('official rules of prompt variants', () => {
  it('finds the dataset a VLMEvalKit prompt variant names', async () => {
    const { officialRuleFor } = await import('./grading/official-rules');
    expect(officialRuleFor('TextVQA_VAL_TextVQA_VAL_[1]')?.rule).toMatch(/VQA score/);
    expect(officialRuleFor('LogicVista_Rationale')?.rule).toMatch(/LogicVista/);
    expect(officialRuleFor('MME_CoT_wo_TEST')?.rule).toMatch(/MME-CoT/);
    expect(officialRuleFor('MMEBench')).toBeUndefined();
  });
});
