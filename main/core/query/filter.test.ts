import { describe, expect, it } from 'vitest';
import { parseQuery } from './filter';

describe('the stage filter', () => {
  it('reads stage:1, stage:S1 and stage:"stage 1" as the stored stage1 as well', () => {
    for (const query of ['stage:1', 'stage:S1', 'stage:"stage 1"']) expect(parseQuery(query).stages).toContain('stage1');
    expect(parseQuery('stage:stage2').stages).toEqual(['stage2']);
    expect(parseQuery('stage:base').stages).toEqual(['base']);
  });
});
