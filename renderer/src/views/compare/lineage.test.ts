import { describe, expect, it } from 'vitest';
import type { CheckpointInfo, RunSummary } from '@core/types/records';
import { defaultPair } from './lineage';

const checkpoint = (id: number, name: string, lineage: string, step: number | null = null): CheckpointInfo => ({
  id,
  name,
  baseModel: '',
  stage: '',
  step,
  simulated: false,
  lineage,
  lineageSet: false,
  orderRank: null,
});
const runOf = (checkpointId: number, benchmarkId: number) => ({ checkpointId, benchmarkId }) as RunSummary;

describe('the pair Compare opens with', () => {
  it('prefers a lineage trained further to one whose names differ by a prompt variant', () => {
    const evaluated = [
      checkpoint(1, 'InternLM-XComposer2-VL', 'InternLM-XComposer2-VL'),
      checkpoint(2, 'InternLM-XComposer2-VL-CoT', 'InternLM-XComposer2-VL'),
      checkpoint(3, 'qwen2vl_7b_instruct_legacy', 'qwen2vl_7b'),
      checkpoint(4, 'qwen2vl_7b_grpo_2epochs_legacy', 'qwen2vl_7b'),
    ];
    const runs = [runOf(1, 10), runOf(2, 10), runOf(3, 11), runOf(4, 11)];
    expect(defaultPair(evaluated, runs)).toEqual([3, 4]);
    // With no lineage trained further, the first lineage with a shared benchmark.
    expect(defaultPair(evaluated.slice(0, 2), runs)).toEqual([1, 2]);
  });

  it('takes steps of one run as training', () => {
    const evaluated = [checkpoint(1, 'a', 'a'), checkpoint(2, 'a-cot', 'a'), checkpoint(3, 'run@50', 'run', 50), checkpoint(4, 'run@100', 'run', 100)];
    expect(defaultPair(evaluated, [runOf(1, 1), runOf(2, 1), runOf(3, 2), runOf(4, 2)])).toEqual([3, 4]);
  });
});
