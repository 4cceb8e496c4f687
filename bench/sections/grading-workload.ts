/**
 * Throughput of grade() on one core, per kind of answer, over varied,
 * realistic inputs. Every timed grade sees a distinct prediction string, so
 * the math parse cache only helps where it would in real use: gold answers
 * (drawn from a pool of a few hundred) repeat, predictions do not.
 */
import { grade } from '../../main/core/grading/grade';
import { clearMathCache } from '../../main/core/grading/math';
import { mulberry32 } from '../../main/core/util/random';
import type { GradeInput } from '../../main/core/grading/types';

const LETTERS = ['A', 'B', 'C', 'D'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

const FILLER = 'First, look at the figure carefully. The two triangles share an angle, so they are similar, and the ratio of their sides is constant. ';

function mcqInputs(n: number, rand: () => number): GradeInput[] {
  const out: GradeInput[] = [];
  for (let i = 0; i < n; i++) {
    const gold = pick(rand, LETTERS);
    const said = rand() < 0.6 ? gold : pick(rand, LETTERS);
    const k = 1 + Math.floor(rand() * 900);
    const choices = { A: `${k} cm`, B: `${k + 3} cm`, C: `${k + 7} cm`, D: `${k + 11} cm` };
    const text = choices[said as keyof typeof choices];
    const templates = [
      `<think>${FILLER.repeat(1 + (i % 4))}Option ${said} fits (${k}).</think>\nThe answer is \\boxed{${said}}.`,
      `${said}.`,
      `(${said}) ${text}`,
      `Answer: ${said}`,
      `${FILLER.repeat(2)}Comparing with ${k}, the correct option is ${said}.`,
      `\\boxed{\\text{${said}}}`,
      text,
      `<think>${FILLER}</think><answer>${said}</answer>`,
    ];
    out.push({ prediction: templates[i % templates.length]!, answer: gold, choices, benchmark: 'MMStar' });
  }
  return out;
}

function numericInputs(n: number, rand: () => number): GradeInput[] {
  const out: GradeInput[] = [];
  for (let i = 0; i < n; i++) {
    const v = Math.round(rand() * 5000) / (i % 3 === 0 ? 10 : 1);
    const said = rand() < 0.6 ? v : v + 1;
    const templates = [
      `<think>${FILLER}So the total is ${said}.</think>\n\\boxed{${said}}`,
      `<answer>${said}</answer>`,
      `${FILLER}Therefore the answer is ${said.toLocaleString('en-US')} units.`,
      `${said}°`,
      `The value is about ${said}%`,
      `\\boxed{${said} \\text{ cm}}`,
      `${said.toExponential(3)}`,
    ];
    const gold = i % 7 === 3 ? `${v}°` : String(v);
    out.push({ prediction: templates[i % templates.length]!, answer: gold, answerType: 'numeric' });
  }
  return out;
}

type Variant = (k: number) => string;

/**
 * Gold pool: fractions, roots, pi, intervals, inequalities, worked
 * solutions with a box, tuples, polynomials. Each gold
 * has an equivalent and a non-equivalent way to answer it, both scaled by a
 * random k (\frac{ka}{kb}) so that predictions are distinct strings.
 */
function mathGolds(rand: () => number): Array<{ gold: string; equal: Variant; other: Variant }> {
  const golds: Array<{ gold: string; equal: Variant; other: Variant }> = [];
  for (let i = 0; i < 300; i++) {
    const a = 1 + Math.floor(rand() * 12);
    const b = a + 1 + Math.floor(rand() * 12);
    const c = 2 + Math.floor(rand() * 9);
    const f = (x: number, k: number) => `\\frac{${x * k}}{${k}}`;
    switch (i % 8) {
      case 0:
        golds.push({ gold: `\\frac{${a}}{${b}}`, equal: (k) => `\\dfrac{${a * k}}{${b * k}}`, other: (k) => `\\frac{${b * k}}{${a * k}}` });
        break;
      case 1:
        golds.push({ gold: `\\frac{${a}\\sqrt{${c}}}{${b}}`, equal: (k) => `${a * k}\\sqrt{${c}}/${b * k}`, other: (k) => `\\frac{${a * k}}{${b * k}}\\sqrt{${c + 1}}` });
        break;
      case 2:
        golds.push({ gold: `${a}\\pi`, equal: (k) => `\\frac{${a * k}\\pi}{${k}}`, other: (k) => `\\frac{${(a + 1) * k}}{${k}}\\pi` });
        break;
      case 3:
        golds.push({ gold: `[${a}, ${b})`, equal: (k) => `\\left[${f(a, k)},${b}\\right)`, other: (k) => `(${f(a, k)}, ${b})` });
        break;
      case 4:
        golds.push({ gold: `x^2 + ${a}x + ${b}`, equal: (k) => `${f(b, k)} + ${a}x + x^{2}`, other: (k) => `x^2 + ${f(b, k)}x + ${a}` });
        break;
      case 5:
        golds.push({ gold: `x \\in [${a}, ${b}]`, equal: (k) => `${a} \\le x \\le ${f(b, k)}`, other: (k) => `${a} < x \\le ${f(b, k)}` });
        break;
      case 6:
        // A worked solution as gold (MATH-style): its box is extracted like the prediction's.
        golds.push({ gold: `Adding the parts, $${a} + ${b} = \\boxed{${a + b}}$.`, equal: (k) => f(a + b, k), other: (k) => f(a + b + 1, k) });
        break;
      default:
        golds.push({ gold: `(${a}, ${-b})`, equal: (k) => `\\left(${f(a, k)}, -${b}\\right)`, other: (k) => `(${-b}, ${f(a, k)})` });
    }
  }
  return golds;
}

function mathInputs(n: number, rand: () => number): GradeInput[] {
  const pool = mathGolds(rand);
  const out: GradeInput[] = [];
  for (let i = 0; i < n; i++) {
    const g = pick(rand, pool);
    const k = 2 + Math.floor(rand() * 5000);
    const said = rand() < 0.6 ? g.equal(k) : g.other(k);
    // Most answers are boxed; some are stated in prose (extraction by answer phrase and copula).
    const prediction = i % 5 === 4 ? `${FILLER}Final Answer: The value is $${said}$.` : `<think>Step ${i}: ${FILLER}</think>\nThe final answer is $\\boxed{${said}}$.`;
    out.push({ prediction, answer: g.gold, answerType: 'math' });
  }
  return out;
}

type Make = (n: number, rand: () => number) => GradeInput[];

/**
 * Grades per second over `n` fresh inputs, after warming the JIT on a
 * separate set (a long grading run is in that steady state). The math parse
 * cache is emptied before timing, so predictions never hit it; gold answers
 * fill it as they are met, as in a real run.
 */
function throughput(make: Make, n: number, seed: number): number {
  for (const x of make(Math.min(n, 20_000), mulberry32(seed + 1))) grade(x);
  const inputs = make(n, mulberry32(seed));
  clearMathCache();
  const started = performance.now();
  for (const x of inputs) grade(x);
  const seconds = (performance.now() - started) / 1000;
  return Math.round(inputs.length / seconds);
}

export async function benchGrading(): Promise<{ mcqPerSec: number; numericPerSec: number; mathPerSec: number }> {
  const mcqPerSec = throughput(mcqInputs, 40_000, 11);
  const numericPerSec = throughput(numericInputs, 40_000, 22);
  const mathPerSec = throughput(mathInputs, 10_000, 33);
  return { mcqPerSec, numericPerSec, mathPerSec };
}
