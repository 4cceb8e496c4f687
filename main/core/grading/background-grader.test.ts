/**
 * The import's grading worker gives the verdicts the calling thread gives. It runs the built
 * worker (out/cli/grade-worker.js, built by the test set-up like the CLI), the file a real
 * import starts.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test-support/cli';
import { judgeOutput } from '../verdict';
import { BackgroundGrader, type GradeJob } from './background-grader';

const JOBS: GradeJob[] = Array.from({ length: 1200 }, (_, i) => {
  const kinds: GradeJob[] = [
    { sample: { answer: 'B', choices: { A: 'cube', B: 'sphere', C: 'cone' }, answerType: 'multiple_choice' }, benchmark: 'MMStar', output: `<think>count them</think> \\boxed{${'ABC'[i % 3]}}` },
    { sample: { answer: '\\frac{1}{2}', choices: null, answerType: null }, benchmark: 'MathVista', output: `<think>ratio</think> \\boxed{${i % 2 ? '0.5' : '\\frac{2}{4}'}}` },
    { sample: { answer: '12', choices: null, answerType: null }, benchmark: 'MathVerse', output: `The answer is ${i % 5 === 0 ? 13 : 12}.` },
    // A scorer asked for (a re-grade's --scorer) reaches the worker: as text, "12.0" is not "12".
    { sample: { answer: '12', choices: null, answerType: null }, benchmark: 'MathVerse', output: '\\boxed{12.0}', scorer: Math.floor(i / 4) % 2 ? 'text' : 'numeric' },
  ];
  return kinds[i % kinds.length]!;
});

describe('background grader', () => {
  let grader: BackgroundGrader | null = null;
  afterEach(async () => {
    await grader?.close();
    grader = null;
  });

  it('grades in the worker thread once it is up, with the same verdicts as judgeOutput', async () => {
    grader = new BackgroundGrader(join(REPO_ROOT, 'out', 'cli', 'grade-worker.js'));
    const expected = JOBS.map((job) => judgeOutput(job.sample, job.benchmark, job.output, job.scorer));
    // The first thousand are graded here while the worker starts.
    expect(await grader.grade(JOBS)).toEqual(expected);
    const scored = expected.filter((_, i) => i % 4 === 3).map((judged) => judged.verdict?.correct);
    expect(new Set(scored)).toEqual(new Set([true, false]));
    const deadline = Date.now() + 30_000;
    while (!grader.inWorker && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(grader.inWorker).toBe(true);
    const [first, second] = await Promise.all([grader.grade(JOBS.slice(0, 600)), grader.grade(JOBS.slice(600))]);
    expect([...first, ...second]).toEqual(expected);
  });

  it('warmed up, it has the worker up before the first batch and grades every batch there', async () => {
    grader = new BackgroundGrader(join(REPO_ROOT, 'out', 'cli', 'grade-worker.js'));
    grader.warmUp();
    const deadline = Date.now() + 30_000;
    while (!grader.inWorker && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(grader.inWorker).toBe(true);
    expect(await grader.grade(JOBS.slice(0, 8))).toEqual(JOBS.slice(0, 8).map((job) => judgeOutput(job.sample, job.benchmark, job.output, job.scorer)));
  });

  it('grades everything in the calling thread when there is no built worker', async () => {
    grader = new BackgroundGrader(null);
    expect(await grader.grade(JOBS)).toEqual(JOBS.map((job) => judgeOutput(job.sample, job.benchmark, job.output, job.scorer)));
    expect(await grader.grade(JOBS.slice(0, 10))).toHaveLength(10);
    grader.warmUp(); // nothing to start
    expect(grader.inWorker).toBe(false);
  });
});
