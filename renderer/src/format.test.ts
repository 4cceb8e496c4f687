import { describe, expect, it } from 'vitest';
import { EXACT, parseQuery } from '@core/query/filter';
import { checkpointShort, duration, filterName, filterValue, formatCount, middleEllipsis, percent, signedPoints } from './format';

describe('filter terms the UI writes', () => {
  // The views build filter-bar queries from names (drill-downs, flip cells); the core's parser must read the same names back.
  it.each(['MathVista_MINI', 'MathVista MINI', 'stage 3 step 40', 'a\tb'])('quotes %j so the filter language reads it back whole', (name) => {
    const filter = parseQuery(`sample:${filterValue(name)} correct:false`);
    expect(filter.samples).toEqual([name]);
    expect(filter.correct).toBe(false);
  });

  it.each(['LogicVista', 'MathVista MINI'])('names benchmark and checkpoint %j whole, never as a prefix', (name) => {
    const filter = parseQuery(`benchmark:${filterName(name)} checkpoint:${filterName(name)}`);
    expect(filter.benchmarks).toEqual([`${EXACT}${name}`]);
    expect(filter.checkpoints).toEqual([`${EXACT}${name}`]);
  });

  it('drops double quotes the language cannot escape instead of breaking the query', () => {
    const filter = parseQuery(`sample:${filterValue('say "hi" now')}`);
    expect(filter.samples).toEqual(['say hi now']);
  });
});

describe('names cut to fit a column', () => {
  it('keeps the end, where variants of one benchmark differ', () => {
    expect(middleEllipsis('MME_CoT_TEST', 15)).toBe('MME_CoT_TEST');
    expect(middleEllipsis('MME_CoT_wo_TEST', 15)).toBe('MME_CoT_wo_TEST');
    expect(middleEllipsis('TextVQA_VAL_TextVQA_VAL_[0]', 15)).toBe('TextVQA…VAL_[0]');
    expect(middleEllipsis('TextVQA_VAL_TextVQA_VAL_[1]', 15)).toBe('TextVQA…VAL_[1]');
  });
});

describe('figures as the UI shows them', () => {
  it.each([0, 7, 999, 1000, 12_345, 1_000_000, 987_654_321, -4321, 0.5, 1234.5678, 2.0004, 2.0005, 73.25])('writes %d as en-US toLocaleString does', (value) => {
    expect(formatCount(value)).toBe(value.toLocaleString('en-US'));
  });

  it('writes a negative number that rounds to zero as 0, where toLocaleString writes -0', () => {
    expect(formatCount(-0.0001)).toBe('0');
  });

  it('shows a missing figure as a dash, never as 0', () => {
    expect(percent(null)).toBe('—');
    expect(percent(0)).toBe('0.0%');
    expect(percent(0.8765, 2)).toBe('87.65%');
    expect(duration(undefined)).toBe('—');
    expect(duration(59.4)).toBe('59 s');
    expect(duration(3 * 3600 + 90)).toBe('3 h 2 min');
  });

  it('signs a difference in points, and never writes a rounded zero as "-0.0"', () => {
    expect(signedPoints(0.064)).toBe('+6.4 pts');
    expect(signedPoints(-0.088)).toBe('-8.8 pts');
    expect(signedPoints(-0.0004)).toBe('0.0 pts');
  });

  it('names a staged checkpoint by stage and step, others by name', () => {
    expect(checkpointShort({ name: 'qwen-s3-40', stage: 'stage3', step: 40 })).toBe('S3@40');
    expect(checkpointShort({ name: 'qwen-base', stage: 'base', step: 0 })).toBe('qwen-base');
    expect(checkpointShort({ name: 'custom', stage: 'odd', step: 3 })).toBe('custom');
  });
});
