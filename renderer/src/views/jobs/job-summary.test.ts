import { describe, expect, it } from 'vitest';
import { errorReasonsOf, reportedAccuracy } from './job-summary';

describe("what a job's summary says", () => {
  it("gives an import's run the accuracy its summary reports where the file has no per-sample verdicts", () => {
    expect(reportedAccuracy({ reported: [{ metric: 'Overall', value: 0.7913, source: 'x_acc.csv' }] })).toBe('79.1% (Overall, reported)');
    // MME's points are no accuracy.
    expect(reportedAccuracy({ reported: [{ metric: 'perception', value: 1675.9 }] })).toBeNull();
    expect(reportedAccuracy({})).toBeNull();
  });

  it("lists an attribution pass's error reasons, and nothing for a summary without them", () => {
    expect(errorReasonsOf({ labelled: 0, errors: 3, errorReasons: [{ message: 'the sample has no image, so there is nothing to describe', count: 3 }] })).toEqual([
      { message: 'the sample has no image, so there is nothing to describe', count: 3 },
    ]);
    expect(errorReasonsOf({ runs: [] })).toEqual([]);
  });
});
