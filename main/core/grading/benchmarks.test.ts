import { describe, expect, it } from 'vitest';
import { BENCHMARKS, SUITES, lookupBenchmark } from './index';

describe('benchmark registry', () => {
  it('has the main and extended suites', () => {
    expect(SUITES.main).toEqual(['MathVista_MINI', 'MathVision_MINI', 'MathVerse_MINI_Vision_Intensive', 'WeMath', 'A-OKVQA', 'RealWorldQA', 'MMStar', 'POPE']);
    expect(SUITES.extended).toEqual([
      'MathVerse_MINI_Vision_Only', 'DynaMath', 'HallusionBench', 'BLINK', 'VisOnlyQA-Synthetic', 'VisOnlyQA-Real',
      'CV-Bench-2D', 'VStarBench', 'ChartQA_TEST', 'TextVQA_VAL',
    ]);
    for (const name of [...SUITES.main, ...SUITES.extended]) {
      const b = BENCHMARKS[name]!;
      expect(b.name).toBe(name);
      expect(b.answerFormat.length).toBeGreaterThan(0);
      expect(['mcq', 'yesno', 'numeric', 'math', 'relaxed', 'vqa', 'text', 'per-sample']).toContain(b.scorer);
    }
  });

  it('gives ChartQA its 5% relative tolerance', () => {
    expect(BENCHMARKS.ChartQA_TEST!.tolerance).toEqual({ kind: 'relative', value: 0.05 });
  });

  const aliases: Array<[string, string]> = [
    ['MathVista_MINI', 'MathVista_MINI'],
    ['MathVista', 'MathVista_MINI'],
    ['mathvista testmini', 'MathVista_MINI'],
    ['MATHVISTA', 'MathVista_MINI'],
    ['MATH-V', 'MathVision_MINI'],
    ['MathVision', 'MathVision_MINI'],
    ['mathvision_mini', 'MathVision_MINI'],
    ['MathVerse', 'MathVerse_MINI_Vision_Intensive'],
    ['mathverse vision only', 'MathVerse_MINI_Vision_Only'],
    ['ChartQA', 'ChartQA_TEST'],
    ['chartqa_test', 'ChartQA_TEST'],
    ['TextVQA', 'TextVQA_VAL'],
    ['textvqa-val', 'TextVQA_VAL'],
    ['mmstar', 'MMStar'],
    ['pope', 'POPE'],
    ['hallusionbench', 'HallusionBench'],
    ['V*Bench', 'VStarBench'],
    ['CV-Bench', 'CV-Bench-2D'],
    ['aokvqa', 'A-OKVQA'],
    ['realworldqa', 'RealWorldQA'],
    ['blink', 'BLINK'],
    ['wemath', 'WeMath'],
    ['dynamath', 'DynaMath'],
    ['VisOnlyQA-Real', 'VisOnlyQA-Real'],
  ];
  it.each(aliases)('%j -> %s', (alias, name) => {
    expect(lookupBenchmark(alias)?.name).toBe(name);
  });

  it('returns undefined for unknown names', () => {
    for (const n of ['MMBench', 'SEEDBench', '', 'math', null, undefined]) expect(lookupBenchmark(n)).toBeUndefined();
  });
});
