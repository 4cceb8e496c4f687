import { describe, expect, it } from 'vitest';
import { getPath, parseMapSpecs, toAnswer, toChoices, toScorer, toVerdict } from './fields';

describe('field mapping', () => {
  it('follows dotted paths through objects, arrays and Python-literal strings', () => {
    const record = { doc: { q: { text: 'How many?' }, opts: ['a', 'b'] }, 'flat.key': 1, meta: "{'source': 'geo'}" };
    expect(getPath(record, 'doc.q.text')).toBe('How many?');
    expect(getPath(record, 'doc.opts.1')).toBe('b');
    expect(getPath(record, 'flat.key')).toBe(1);
    expect(getPath(record, 'meta.source')).toBe('geo');
    expect(getPath(record, 'doc.missing.deeper')).toBeUndefined();
  });

  it('parses --map TARGET=SOURCE and names an unknown target', () => {
    expect(parseMapSpecs(['question=doc.q.text', 'answer = gt'])).toEqual({ question: 'doc.q.text', answer: 'gt' });
    expect(() => parseMapSpecs(['colour=x'])).toThrow(/unknown target "colour"/);
    expect(() => parseMapSpecs(['question'])).toThrow(/TARGET=SOURCE/);
  });

  it('turns choices, answers and verdicts into the shapes the store keeps', () => {
    expect(toChoices("['red', 'blue']")).toEqual({ A: 'red', B: 'blue' });
    expect(toChoices({ A: 'x', B: null })).toEqual({ A: 'x' });
    expect(toChoices({ label: ['1', '2'], text: ['one', 'two'] })).toEqual({ '1': 'one', '2': 'two' });
    expect(toChoices('[]')).toBeNull();
    expect(toAnswer("['yes', 'yeah']")).toBe('["yes","yeah"]');
    expect(toAnswer("['only']")).toBe('only');
    expect(toAnswer('[1, 2]')).toBe('[1, 2]');
    expect(toAnswer(42)).toBe('42');
    expect([true, 1, 'True', '1.0', false, 0, 'False'].map(toVerdict)).toEqual([true, true, true, true, false, false, false]);
    expect(toVerdict(0.5)).toBeUndefined();
    expect(toScorer('multi_choice')).toBe('mcq');
    expect(toScorer('float')).toBe('numeric');
  });
});
