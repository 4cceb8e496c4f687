import { describe, expect, it } from 'vitest';
import { parseQuery } from './filter';

describe('the stage filter', () => {
  it('reads stage:1, stage:S1 and stage:"stage 1" as the stored stage1 as well', () => {
    for (const query of ['stage:1', 'stage:S1', 'stage:"stage 1"']) expect(parseQuery(query).stages).toContain('stage1');
    expect(parseQuery('stage:stage2').stages).toEqual(['stage2']);
    expect(parseQuery('stage:base').stages).toEqual(['base']);
  });
});

describe('the agrees filter', () => {
  it('reads agrees:false as ours and the official verdict differing, and refuses other values', () => {
    expect(parseQuery('run:3 agrees:false').agreesWithOfficial).toBe(false);
    expect(parseQuery('agrees:yes').agreesWithOfficial).toBe(true);
    expect(parseQuery('correct:false').agreesWithOfficial).toBeUndefined();
    expect(() => parseQuery('agrees:maybe')).toThrow(/agrees:maybe: expected true or false/);
  });
});
