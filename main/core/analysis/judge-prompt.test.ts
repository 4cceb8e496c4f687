import { describe, expect, it } from 'vitest';
import { buildJudgeMessages, parseJudgeOutput, renderJudgeText, traceSteps } from './judge-prompt';

const labels = [
  { key: 'perception', name: 'Perception', description: 'Misread the image' },
  { key: 'reasoning', name: 'Reasoning', description: 'Reasoned wrongly' },
  { key: 'format', name: 'Format / instruction following', description: 'Ignored the format' },
];

describe('the judge prompt', () => {
  it('numbers the reasoning steps by line, or by sentence for one paragraph', () => {
    expect(traceSteps('First I count.\n\nThen I add.\n')).toEqual(['First I count.', 'Then I add.']);
    expect(traceSteps('I see 3 cubes. 3 + 2 = 5! So 5?')).toEqual(['I see 3 cubes.', '3 + 2 = 5!', 'So 5?']);
    expect(traceSteps('')).toEqual([]);
  });

  it('fills every placeholder once, and puts the images before the text', () => {
    const material = {
      question: 'How many {gold} cubes?',
      choices: { A: '3', B: '4' },
      gold: 'B',
      answer: null,
      trace: 'I count 3.\nSo A.',
      images: [{ mime: 'image/png', bytes: Buffer.from([1, 2, 3]) }],
    };
    const text = renderJudgeText(
      { systemPrompt: 's', userTemplate: 'Q: {question}\n{choices}\nGold: {gold}\nAnswer: {answer}\n{steps}\n{labels}' },
      material,
      labels,
    );
    expect(text).toContain('Q: How many {gold} cubes?'); // a placeholder inside a value stays as written
    expect(text).toContain('Choices:\nA. 3\nB. 4');
    expect(text).toContain('Gold: B');
    expect(text).toContain('(no answer could be extracted)');
    expect(text).toContain('1. I count 3.\n2. So A.');
    expect(text).toContain('- perception: Misread the image');
    const messages = buildJudgeMessages({ systemPrompt: 'judge', userTemplate: '{question}' }, material, labels);
    expect(messages[0]).toEqual({ role: 'system', content: 'judge' });
    const parts = messages[1]!.content as Array<{ type: string }>;
    expect(parts.map((part) => part.type)).toEqual(['image_url', 'text']);
  });
});

describe("reading the judge's answer", () => {
  it('finds the JSON in fences, after thoughts, among prose, with labels by key or name', () => {
    expect(parseJudgeOutput('{"label": "perception", "first_wrong_step": 2, "rationale": "miscounted"}', labels)).toEqual({
      ok: true,
      label: 'perception',
      firstWrongStep: 2,
      rationale: 'miscounted',
    });
    expect(parseJudgeOutput('<think>{"label": "reasoning"} maybe</think>\n```json\n{"label":"Perception","first_wrong_step":"step 3","rationale":"a {brace}"}\n```', labels)).toEqual({
      ok: true,
      label: 'perception',
      firstWrongStep: 3,
      rationale: 'a {brace}',
    });
    expect(parseJudgeOutput('Verdict: {"label": "format / instruction following", "first_wrong_step": null}', labels)).toMatchObject({
      ok: true,
      label: 'format',
      firstWrongStep: null,
      rationale: '',
    });
  });

  it('reports unusable output as an error', () => {
    expect(parseJudgeOutput('perception, I think', labels)).toEqual({ ok: false, error: 'the judge answered without a JSON object' });
    expect(parseJudgeOutput('{"label": "vibes"}', labels)).toMatchObject({ ok: false, error: expect.stringContaining('"vibes" is not one of') });
    expect(parseJudgeOutput('{"verdict": "perception"}', labels)).toMatchObject({ ok: false });
    expect(parseJudgeOutput('{"label": "perception",', labels)).toMatchObject({ ok: false });
  });
});
