import { describe, expect, it } from 'vitest';
import { choicesInQuestion, getPath, parseMapSpecs, sourceFor, toAnswer, toChoices, toScorer, toVerdict } from './fields';

describe('field mapping', () => {
  it('follows dotted paths through objects, arrays and Python-literal strings', () => {
    const record = { doc: { q: { text: 'How many?' }, opts: ['a', 'b'] }, 'flat.key': 1, meta: "{'source': 'geo'}" };
    expect(getPath(record, 'doc.q.text')).toBe('How many?');
    expect(getPath(record, 'doc.opts.1')).toBe('b');
    expect(getPath(record, 'flat.key')).toBe(1);
    expect(getPath(record, 'meta.source')).toBe('geo');
    expect(getPath(record, 'doc.missing.deeper')).toBeUndefined();
  });

  it('finds the usual names: a final answer before a worked solution, a response_text as the answer', () => {
    // OlympiadBench's records hold both; Sparse-Video-R1's test responses hold `response_text` beside the gold.
    expect(sourceFor('answer', {}, { question: 'q', solution: ['a proof …'], final_answer: ['2'] })).toBe('final_answer');
    expect(sourceFor('prediction', {}, { question: 'q', ground_truth: '1', qwen_response: 1, response_text: '<answer>1</answer>' })).toBe('response_text');
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
    expect(toChoices([{ label: 'A', text: 'red' }, { label: 'B', text: 'blue' }])).toEqual({ A: 'red', B: 'blue' });
    // An OpenAI-style `choices` list of completions (EvalScope's reviews) is no list of options.
    expect(toChoices([{ index: 0, message: { role: 'assistant', content: 'B. Planetary years will become longer.' }, finish_reason: 'stop' }])).toBeNull();
    expect(toChoices({ A: { text: 'red' } })).toBeNull();
    expect(toAnswer("['yes', 'yeah']")).toBe('["yes","yeah"]');
    expect(toAnswer("['only']")).toBe('only');
    expect(toAnswer('[1, 2]')).toBe('[1, 2]');
    expect(toAnswer(42)).toBe('42');
    expect([true, 1, 'True', '1.0', false, 0, 'False'].map(toVerdict)).toEqual([true, true, true, true, false, false, false]);
    expect(toVerdict(0.5)).toBeUndefined();
    expect(toScorer('multi_choice')).toBe('mcq');
    expect(toScorer('float')).toBe('numeric');
  });

  it('reads options written into a question: the last run of lines lettered A, B, C… in order', () => {
    expect(choicesInQuestion('Find the angle.\nChoices:\n(A) 135°\n(B) 140°\n(C) 145°')).toEqual({ A: '135°', B: '140°', C: '145°' });
    expect(choicesInQuestion('Which figure of speech?\nA. chiasmus\nB. apostrophe\nAnswer with the option\'s letter.')).toEqual({ A: 'chiasmus', B: 'apostrophe' });
    // Points named A and B in a geometry question are not options; nor is a run that does not start at A.
    expect(choicesInQuestion('A: (0, 0) and B is the midpoint.\nFind AB.')).toBeNull();
    expect(choicesInQuestion('Options:\nB. one\nC. two')).toBeNull();
    expect(choicesInQuestion('How many apples are there?')).toBeNull();
  });

  it("reads options written on one line, as LogicVista's questions end with them", () => {
    expect(choicesInQuestion('The Small Silver Watch displays the time as 16:00. Select from A, B and C. (A) True (B)False (C)Insufficient Information')).toEqual({
      A: 'True',
      B: 'False',
      C: 'Insufficient Information',
    });
    expect(choicesInQuestion('What is the difference? Select from A, B, C, D and E. (A) £10 million (B) £11 million (C) £12 million (D) £13 million (E) £14 million')).toMatchObject({ B: '£11 million', E: '£14 million' });
    // Figures named (A) and (B) in the text are no options.
    expect(choicesInQuestion('Compare figures (A) and (B).')).toBeNull();
  });
});
