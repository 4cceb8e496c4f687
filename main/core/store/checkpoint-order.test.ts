/**
 * The workspace's one checkpoint order and its lineages, on the real R1-V logs (before/after
 * GRPO on GeoQA and SuperCLEVR): learning dynamics must agree in direction with the flips, and
 * nothing connects checkpoints of different lineages.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { compareCheckpoints } from '../analysis/compare';
import { learningDynamics } from '../analysis/learning';
import { stageProgression } from '../analysis/progression';
import { importFiles } from '../ingest/import';
import { openWorkspace } from './database';
import { orderedCheckpoints, setCheckpointLineage, setCheckpointOrder } from './checkpoint-order';
import { lineageOf } from '../lineage';
import { requireFixturesInCi } from '../../test-support/fixtures';

const R1V = resolve(process.env.VLMWB_REAL_FIXTURES ?? '../shared/fixtures/real', 'r1v');
const GEOQA_INSTRUCT = 'qwen2vl_7b_instruct_legacy';
const GEOQA_GRPO = 'qwen2vl_7b_grpo_2epochs_legacy';

describe('checkpoint lineage inferred from names', () => {
  it('puts an instruct model and its GRPO-trained successor in one lineage, and unrelated models apart', () => {
    const of = (name: string, baseModel = ''): string => lineageOf({ name, baseModel, lineage: '' });
    expect(of(GEOQA_INSTRUCT)).toBe(of(GEOQA_GRPO));
    expect(of('qwen2vl_2b_instruct_legacy')).toBe(of('qwen2vl_2b_instruct_grpo100_legacy'));
    expect(of('qwen2vl_2b_instruct_legacy')).not.toBe(of(GEOQA_INSTRUCT));
    expect(of('Gemini-Pro-CoT')).not.toBe(of('InternLM-XComposer2-VL-CoT'));
    expect(of('stage1-perception@100', 'InternVL3.5-8B')).toBe(of('stage3-visual-reasoning@279', 'InternVL3.5-8B'));
    expect(lineageOf({ name: 'VLM-R1', baseModel: '', lineage: 'qwen2.5-vl-3b' })).toBe('qwen2.5-vl-3b');
    // An EasyR1 run's validated steps (`<experiment>@<step>`) are one line, whatever the experiment is called.
    expect(of('grpo_16883195@50')).toBe('grpo_16883195');
    expect(of('grpo_16883195@100')).toBe(of('grpo_16883195@50'));
    expect(of('g2rpo_16883201@50')).not.toBe(of('grpo_16883195@50'));
  });
});

requireFixturesInCi(existsSync(R1V), 'checkpoint order', R1V);

describe.skipIf(!existsSync(R1V))('checkpoint order on the real R1-V logs', () => {
  const tempDir = useTempDir();

  async function r1vWorkspace() {
    const path = join(tempDir(), 'w.sqlite');
    const db = openWorkspace(path);
    await importFiles(db, path, [R1V], {});
    return db;
  }

  it('orders instruct before GRPO, so learning dynamics and flips agree in direction', async () => {
    const db = await r1vWorkspace();
    const names = orderedCheckpoints(db).map((c) => c.name);
    expect(names.indexOf(GEOQA_INSTRUCT)).toBeLessThan(names.indexOf(GEOQA_GRPO));

    const flips = compareCheckpoints(db, { a: GEOQA_INSTRUCT, b: GEOQA_GRPO, benchmark: 'geoqa_test', replicates: 10, seed: 1 }).benchmarks[0]!;
    const dynamics = learningDynamics(db, { benchmark: 'geoqa_test', offset: 0, limit: 0 });
    expect(dynamics.checkpoints.map((c) => c.checkpoint)).toEqual([GEOQA_INSTRUCT, GEOQA_GRPO]);
    // Right at instruct, wrong after GRPO: forgotten; the other way: learned at GRPO.
    expect(dynamics.totals.forgotten).toBe(flips.aRightBWrong);
    expect(dynamics.learnedAt.find((row) => row.checkpoint === GEOQA_GRPO)!.count).toBe(flips.aWrongBRight);
    expect(flips.aWrongBRight).toBeGreaterThan(flips.aRightBWrong);
    // Each base model right before the checkpoints trained from it, not every base model first.
    expect(names).toEqual(['qwen2vl_2b_instruct_legacy', 'qwen2vl_2b_instruct_grpo100_legacy', GEOQA_INSTRUCT, GEOQA_GRPO]);
    db.close();
  });

  it('follows the order a researcher sets, and keeps it in the workspace', async () => {
    const db = await r1vWorkspace();
    setCheckpointOrder(db, [GEOQA_GRPO, GEOQA_INSTRUCT]);
    const dynamics = learningDynamics(db, { benchmark: 'geoqa_test', offset: 0, limit: 0 });
    expect(dynamics.checkpoints.map((c) => c.checkpoint)).toEqual([GEOQA_GRPO, GEOQA_INSTRUCT]);
    const others = orderedCheckpoints(db).filter((c) => !c.name.startsWith('qwen2vl_7b'));
    expect(others.map((c) => c.orderRank)).not.toContain(null);
    expect(() => setCheckpointOrder(db, ['no-such-checkpoint'])).toThrow(/no checkpoint named "no-such-checkpoint"/);
    db.close();
  });

  it('connects only checkpoints of one lineage in progression and learning dynamics', async () => {
    const db = await r1vWorkspace();
    const progression = stageProgression(db, {});
    expect(progression.lineages).toHaveLength(2);
    const qwen7b = lineageOf({ name: GEOQA_INSTRUCT, baseModel: '', lineage: '' });
    expect(stageProgression(db, { lineage: qwen7b }).checkpoints.map((c) => c.checkpoint)).toEqual([GEOQA_INSTRUCT, GEOQA_GRPO]);
    // Two lineages put together by hand are one series; set apart again, never mixed.
    setCheckpointLineage(db, [GEOQA_GRPO], 'geoqa-grpo-run');
    const apart = learningDynamics(db, { benchmark: 'geoqa_test', offset: 0, limit: 0 });
    expect(apart.checkpoints).toHaveLength(1);
    expect(apart.lineages.sort()).toEqual(['geoqa-grpo-run', qwen7b].sort());
    db.close();
  });

  it('keeps the step and lineage given on import', async () => {
    const path = join(tempDir(), 'w.sqlite');
    const db = openWorkspace(path);
    await importFiles(db, path, [join(R1V, 'geoqa_test_qwen2vl_7b_grpo_2epochs_legacy.json')], { step: 1200, lineage: 'r1v-geoqa' });
    const checkpoint = orderedCheckpoints(db).find((c) => c.name === GEOQA_GRPO)!;
    expect(checkpoint).toMatchObject({ step: 1200, lineage: 'r1v-geoqa', lineageSet: true });
    db.close();
  });
});
