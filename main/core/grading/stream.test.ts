import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { gradeJsonlStream } from './index';

async function run(lines: string[], defaultScorer: Parameters<typeof gradeJsonlStream>[2] = 'auto') {
  const input = Readable.from([lines.join('\n')]);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const summary = await gradeJsonlStream(input, output, defaultScorer);
  output.end();
  const out = chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summary, out };
}

describe('gradeJsonlStream', () => {
  it('writes one result per input line, in order, and reports malformed lines by number and field', async () => {
    const { summary, out } = await run([
      JSON.stringify({ prediction: '\\boxed{B}', answer: 'B', choices: ['x', 'y'] }),
      '{not json',
      JSON.stringify({ answer: 'B' }),
      '',
      JSON.stringify({ prediction: 42, answer: '42' }),
      JSON.stringify({ prediction: 'yes' }),
      JSON.stringify({ prediction: '<think>t</think>\\boxed{12}', answer: '12', answer_type: 'numeric' }),
      JSON.stringify({ prediction: 'x', answer: 'x', answer_type: 'bogus' }),
      JSON.stringify({ prediction: '10.4', answer: '10', benchmark: 'ChartQA' }),
    ]);
    expect(summary).toEqual({ lines: 9, errors: 6 });
    expect(out).toHaveLength(9);
    expect(out[0]).toMatchObject({ line: 1, correct: true, extracted: 'B', scorer: 'mcq', score: 1, format_compliant: false });
    expect(typeof out[0]!.reason).toBe('string');
    expect(out[1]).toMatchObject({ line: 2 });
    expect(out[1]!.error).toMatch(/^line 2: invalid JSON/);
    expect(out[2]!.error).toBe('line 3: missing field "prediction"');
    expect(out[3]!.error).toBe('line 4: blank line');
    expect(out[4]!.error).toBe('line 5: field "prediction" must be a string, got number');
    expect(out[5]!.error).toBe('line 6: missing field "answer"');
    expect(out[6]).toMatchObject({ line: 7, correct: true, extracted: '12', scorer: 'numeric', format_compliant: true });
    expect(out[7]!.error).toMatch(/^line 8: field "answer_type"/);
    expect(out[8]).toMatchObject({ line: 9, correct: true, scorer: 'relaxed' });
  });

  it('uses the default scorer for lines without answer_type', async () => {
    const { out } = await run([JSON.stringify({ prediction: 'paris', answer: 'Paris' })], 'text');
    expect(out[0]).toMatchObject({ scorer: 'text', correct: true });
  });

  it('handles CRLF line ends and a large input with back-pressure', async () => {
    const line = JSON.stringify({ prediction: 'The answer is (C).', answer: 'C', choices: { A: 'a', B: 'b', C: 'c' } });
    const n = 5000;
    const input = Readable.from([Array.from({ length: n }, () => line).join('\r\n')]);
    const output = new PassThrough({ highWaterMark: 64 });
    let count = 0;
    let allCorrect = true;
    let buf = '';
    output.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const rec = JSON.parse(buf.slice(0, i)) as { correct: boolean };
        allCorrect &&= rec.correct;
        count++;
        buf = buf.slice(i + 1);
      }
    });
    const summary = await gradeJsonlStream(input, output, 'auto');
    expect(summary).toEqual({ lines: n, errors: 0 });
    expect(count).toBe(n);
    expect(allCorrect).toBe(true);
  });
});
