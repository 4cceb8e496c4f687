import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../api/dispatch';
import { DEMO_BENCHMARK_NAME, DEMO_CHECKPOINTS, generateDemoBenchmark, type SimulatedResponse, type SimulatedVlm } from '../demo';
import { SimulatedBackend } from '../eval/simulated-backend';
import { seedDemoWorkspace } from '../demo/seed';
import { parseQuery } from '../query/filter';
import { attributionItems, failureLabels, listAttributionRuns, saveJudgePrompt } from '../store/attribution';
import { representativeRuns } from '../store/analysis';
import { explorerPage } from '../store/explorer';
import { getJob } from '../store/jobs';
import { addAnnotation, annotationsOf, predictionDetail } from '../store/predictions';
import { findBenchmarkId, upsertCheckpoint } from '../store/catalog';
import { findOrCreateRun } from '../store/runs';
import { runSummaries } from '../store/summaries';
import { openWorkbench, type Workbench } from '../workbench';
import { DemoCaptioner, GroundTruthJudge, truthLabel } from '../../test-support/simulated-judge';
import { startAttribution } from './attribution';
import { checkpointBackends, rebuildDemoModel, type BackendResolver } from './backends';
import { attributionSummary, judgeAgreement, labelBreakdown, sourceKindOf, sourceOfRun } from './labels';
import { cohenKappa, confusionMatrix } from './kappa';

let dir: string;
let workbench: Workbench;
let model: SimulatedVlm;

beforeAll(async () => {
  dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-attribution-'));
  workbench = openWorkbench(join(dir, 'demo.sqlite'));
  await seedDemoWorkspace(workbench.db);
  model = rebuildDemoModel(workbench.db);
});

afterAll(() => {
  workbench.close();
  rmSync(dir, { recursive: true, force: true });
});

const runOf = (checkpoint: string) => runSummaries(workbench.db).find((run) => run.checkpoint === checkpoint)!;

interface Failure {
  predictionId: number;
  truth: SimulatedResponse['simulated'];
}

/** The failed answers of a checkpoint with what the simulated model injected into each (the ground truth). */
function failuresOf(checkpoint: string): Failure[] {
  const { rows } = explorerPage(workbench.db, { filter: parseQuery(`run:${runOf(checkpoint).runId} correct:false`), offset: 0, limit: 500 });
  return rows.map((row) => {
    const detail = predictionDetail(workbench.db, row.predictionId)!;
    const truth = model.respond({ question: detail.question, imageSha256: detail.images[0]!.sha256, checkpoint, sampleIndex: 0 }).simulated;
    return { predictionId: row.predictionId, truth };
  });
}

/**
 * A failure that a perfect description would fix: misread, and nothing else that costs the answer
 * went wrong. (A format violation alone does not: the grader still reads the answer out of it.)
 */
const perceptionOnly = (t: SimulatedResponse['simulated']): boolean => t.perceptionError && !t.reasoningError && !t.truncated;

async function finish(started: { finished: Promise<{ status: string; message: string }> }) {
  const job = await started.finished;
  expect(job.status, job.message).toBe('completed');
  return JSON.parse(job.message) as { labelled: number; errors: number; attempted: number };
}

const rowFor = (checkpoint: string, source: string) =>
  attributionSummary(workbench.db, { checkpoint }).checkpoints.find((row) => row.source === source)!;

describe('the caption counterfactual on the demo workspace', () => {
  it('recovers the simulated perception share at every checkpoint, within its Wilson interval', async () => {
    const backendFor = checkpointBackends(workbench.db);
    for (const profile of DEMO_CHECKPOINTS) {
      await finish(startAttribution(workbench, { checkpoint: profile.name, method: 'counterfactual' }, { backendFor }));
      const failures = failuresOf(profile.name);
      const truth = failures.filter((f) => perceptionOnly(f.truth)).length;
      const row = rowFor(profile.name, 'counterfactual:dataset');
      expect(row.failures).toBe(failures.length);
      expect(row.labelled).toBe(failures.length);
      expect(row.errors).toBe(0);
      const [low, high] = row.perception.ci!;
      expect(truth / failures.length).toBeGreaterThanOrEqual(low);
      expect(truth / failures.length).toBeLessThanOrEqual(high);
      expect(row.perception.count + row.reasoning.count).toBe(row.labelled);
      // Per prediction, not just in aggregate: the counterfactual flags exactly the perception-only failures.
      const pass = attributionItems(workbench.db, latestPassId());
      const byPrediction = new Map(pass.map((item) => [item.predictionId, item.label]));
      const agree = failures.filter((f) => (byPrediction.get(f.predictionId) === 'perception') === perceptionOnly(f.truth)).length;
      expect(agree).toBe(failures.length);
    }
    // The re-asked runs are kept apart from evaluations: the overview still shows eight runs, and
    // the explorer lists a counterfactual's answers only when its run is named.
    expect(runSummaries(workbench.db)).toHaveLength(DEMO_CHECKPOINTS.length);
    const listed = (query: string) => explorerPage(workbench.db, { filter: parseQuery(query), offset: 0, limit: 1 }).total;
    expect(listed('checkpoint:base correct:false')).toBe(failuresOf('base').length);
    const counterfactual = attributionItems(workbench.db, listAttributionRuns(workbench.db).at(-1)!.id)[0]!.counterfactualPredictionId!;
    const counterfactualRun = predictionDetail(workbench.db, counterfactual)!.runId;
    expect(listed(`run:${counterfactualRun}`)).toBe(failuresOf('base').length);
    // Stage rows pool the checkpoints of each stage.
    const stages = attributionSummary(workbench.db, { source: 'counterfactual' }).stages;
    expect(stages.map((row) => row.stage)).toEqual(['base', 'stage1', 'stage2', 'stage3']);
    const stage3 = stages.find((row) => row.stage === 'stage3')!;
    const stage3Failures = ['stage3-visual-reasoning@100', 'stage3-visual-reasoning@200', 'stage3-visual-reasoning@279'].reduce(
      (sum, name) => sum + failuresOf(name).length,
      0,
    );
    expect(stage3.failures).toBe(stage3Failures);
  });

  it('resumes instead of asking again, and gives the same labels with descriptions written by a checkpoint', async () => {
    const backendFor = checkpointBackends(workbench.db);
    const again = await finish(startAttribution(workbench, { checkpoint: 'base', method: 'counterfactual' }, { backendFor }));
    expect(again.attempted).toBe(0);

    const captioner = new DemoCaptioner(generateDemoBenchmark({ count: 120 }));
    const withCaptioner: BackendResolver = (checkpoint) => (checkpoint.name === 'stage3-visual-reasoning@279' ? captioner : backendFor(checkpoint));
    await finish(
      startAttribution(
        workbench,
        { checkpoint: 'base', method: 'counterfactual', captionSource: { checkpoint: 'stage3-visual-reasoning@279' } },
        { backendFor: withCaptioner },
      ),
    );
    const dataset = rowFor('base', 'counterfactual:dataset');
    const written = rowFor('base', 'counterfactual:checkpoint:stage3-visual-reasoning@279');
    expect(written.labelled).toBe(dataset.labelled);
    expect(written.perception.count).toBe(dataset.perception.count);
    expect(runSummaries(workbench.db)).toHaveLength(DEMO_CHECKPOINTS.length);
  });
});

/** The pass started last. */
const latestPassId = (): number => listAttributionRuns(workbench.db)[0]!.id;

describe('the LLM judge (a ground-truth stand-in) on the demo workspace', () => {
  const source = 'judge:ground-truth failure-attribution@v1';

  it('stores the judge label, first wrong step and rationale, and recovers the perception share within its interval', async () => {
    for (const checkpoint of ['base', 'stage2-text-reasoning@200', 'stage3-visual-reasoning@279']) {
      const judge = new GroundTruthJudge(model, checkpoint);
      const outcome = await finish(startAttribution(workbench, { checkpoint, method: 'judge' }, { judge, judgeModel: 'ground-truth' }));
      const failures = failuresOf(checkpoint);
      expect(outcome).toMatchObject({ attempted: failures.length, labelled: failures.length, errors: 0 });
      const truth = failures.filter((f) => f.truth.perceptionError).length / failures.length;
      const row = rowFor(checkpoint, source);
      expect(row.labelled).toBe(failures.length);
      expect(truth).toBeGreaterThanOrEqual(row.perception.ci![0]);
      expect(truth).toBeLessThanOrEqual(row.perception.ci![1]);
      const items = new Map(attributionItems(workbench.db, latestPassId()).map((item) => [item.predictionId, item]));
      for (const failure of failures) {
        const item = items.get(failure.predictionId)!;
        expect(item.label).toBe(truthLabel(failure.truth));
        expect(item.firstWrongStep).toBe(item.label === 'perception' ? 1 : 2);
        expect(item.rationale).toContain('stand-in');
      }
    }
  });

  it('records unreadable judge output as an error and asks again on the next start', async () => {
    const checkpoint = 'stage1-perception@100';
    const failures = failuresOf(checkpoint);
    const flaky = new GroundTruthJudge(model, checkpoint, { garbageEvery: 4 });
    const first = await finish(startAttribution(workbench, { checkpoint, method: 'judge', concurrency: 1 }, { judge: flaky, judgeModel: 'ground-truth' }));
    expect(first.errors).toBe(Math.floor(failures.length / 4));
    const pass = attributionItems(workbench.db, latestPassId());
    const failed = pass.filter((item) => item.error !== null);
    expect(failed).toHaveLength(first.errors);
    expect(failed.every((item) => item.label === null && /JSON/.test(item.error!))).toBe(true);
    expect(rowFor(checkpoint, source)).toMatchObject({ labelled: failures.length - first.errors, errors: first.errors });

    const second = await finish(
      startAttribution(workbench, { checkpoint, method: 'judge' }, { judge: new GroundTruthJudge(model, checkpoint), judgeModel: 'ground-truth' }),
    );
    expect(second).toMatchObject({ attempted: first.errors, errors: 0 });
    expect(rowFor(checkpoint, source)).toMatchObject({ labelled: failures.length, errors: 0 });
  });

  it('keeps manual, judge (each prompt version) and counterfactual labels side by side, and measures their agreement', async () => {
    const failures = failuresOf('base');
    // A researcher labels 30 failures by hand: the truth, except for three disagreements.
    const manual = failures.slice(0, 30).map((failure, i) => {
      const truth = truthLabel(failure.truth);
      const label = i < 3 ? (truth === 'perception' ? 'reasoning' : 'perception') : truth;
      addAnnotation(workbench.db, { predictionId: failure.predictionId, label, note: '', source: 'manual', author: 'ana' });
      return { predictionId: failure.predictionId, label, truth };
    });

    // An edited judge prompt is a new version and a new source; the first version's labels stay.
    const edited = saveJudgePrompt(workbench.db, {
      name: 'failure-attribution',
      systemPrompt: 'Be strict.',
      userTemplate: '{question}\n{gold}\n{steps}\n{labels}\nJSON please.',
    });
    expect(edited.version).toBe(2);
    await finish(
      startAttribution(
        workbench,
        { checkpoint: 'base', method: 'judge', judgePrompt: { name: 'failure-attribution', version: 2 } },
        { judge: new GroundTruthJudge(model, 'base', { flipEvery: 5 }), judgeModel: 'ground-truth' },
      ),
    );
    const sources = new Set(labelBreakdown(workbench.db, { checkpoint: 'base' }).map((row) => row.source));
    expect(sources).toEqual(
      new Set(['manual', source, 'judge:ground-truth failure-attribution@v2', 'counterfactual:dataset', 'counterfactual:checkpoint:stage3-visual-reasoning@279']),
    );
    const annotations = annotationsOf(workbench.db, manual[0]!.predictionId);
    expect(annotations.map((a) => a.source).sort()).toEqual(['counterfactual', 'counterfactual', 'judge', 'judge', 'manual']);

    // Agreement of the manual labels with judge v1 (which says the truth): kappa as computed by hand.
    const agreement = judgeAgreement(workbench.db, { checkpoint: 'base', a: 'manual', b: source });
    expect(agreement.n).toBe(30);
    const expected = cohenKappa(confusionMatrix(manual.map((m) => [m.label, m.truth] as [string, string])));
    expect(agreement.kappa).toBeCloseTo(expected.kappa!, 12);
    expect(agreement.observedAgreement).toBeCloseTo(27 / 30, 12);
    const perceptionRow = agreement.categories.indexOf('perception');
    expect(agreement.matrix[perceptionRow]!.reduce((s, v) => s + v, 0)).toBe(manual.filter((m) => m.label === 'perception').length);
    expect(agreement.perception.matrix.flat().reduce((s, v) => s + v, 0)).toBe(30);
    // Manual against the counterfactual (perception or not).
    const versusCounterfactual = judgeAgreement(workbench.db, { checkpoint: 'base', a: 'manual', b: 'counterfactual:dataset' });
    expect(versusCounterfactual.n).toBe(30);
    expect(versusCounterfactual.perception.kappa).not.toBeNull();

    // A relabel: only the newest manual label of that failure counts in the breakdown.
    const relabelled = manual[3]!;
    addAnnotation(workbench.db, { predictionId: relabelled.predictionId, label: relabelled.label === 'perception' ? 'reasoning' : 'perception', note: '', source: 'manual', author: 'ana' });
    // The breakdown equals counting the newest label of each failure and source by hand.
    const baseId = (workbench.db.prepare("SELECT id FROM checkpoints WHERE name = 'base'").get() as { id: number }).id;
    const [baseRun] = representativeRuns(workbench.db).filter((run) => run.checkpointId === baseId);
    const passSources = new Map(listAttributionRuns(workbench.db).map((run) => [run.id, sourceOfRun(run)]));
    const newest = new Map<string, { source: string; label: string }>();
    for (const row of failureLabels(workbench.db, [baseRun!.runId])) {
      const labelSource = row.attributionRunId !== null ? (passSources.get(row.attributionRunId) ?? row.source) : row.source;
      newest.set(`${row.predictionId}|${labelSource}`, { source: labelSource, label: row.label });
    }
    for (const kind of [undefined, 'judge']) {
      const expected = new Map<string, number>();
      for (const { source: labelSource, label } of newest.values()) {
        if (kind === undefined || sourceKindOf(labelSource) === kind) expected.set(`${labelSource}|${label}`, (expected.get(`${labelSource}|${label}`) ?? 0) + 1);
      }
      const rows = labelBreakdown(workbench.db, { checkpoint: 'base', ...(kind ? { source: kind } : {}) });
      expect(new Map(rows.map((row) => [`${row.source}|${row.label}`, row.count]))).toEqual(expected);
      for (const row of rows) expect(row.labelled).toBe(rows.filter((other) => other.source === row.source).reduce((sum, other) => sum + other.count, 0));
    }
    expect(labelBreakdown(workbench.db, { checkpoint: 'base', source: 'manual' }).reduce((sum, row) => sum + row.count, 0)).toBe(30);
  });
});

describe('attribution through the API', () => {
  it('starts a pass as a job, lists passes and prompts, and validates its input', async () => {
    const handlers = workbench.handlers;
    const started = (await dispatch(handlers, 'startAttribution', { checkpoint: 'stage1-perception@200', method: 'counterfactual' })) as {
      attributionRunId: number;
      jobId: number;
    };
    for (let i = 0; i < 200 && getJob(workbench.db, started.jobId)!.status === 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(getJob(workbench.db, started.jobId)!.status).toBe('completed');
    const passes = (await dispatch(handlers, 'listAttributionRuns', {})) as Array<{ id: number; source: string; labelled: number }>;
    expect(passes.find((pass) => pass.id === started.attributionRunId)).toMatchObject({ source: 'counterfactual:dataset' });
    const summary = (await dispatch(handlers, 'attributionSummary', { checkpoint: 'stage1-perception@200' })) as ReturnType<typeof attributionSummary>;
    expect(summary.checkpoints.some((row) => row.source === 'counterfactual:dataset' && row.labelled > 0)).toBe(true);
    const prompts = (await dispatch(handlers, 'listJudgePrompts', {})) as Array<{ name: string; version: number }>;
    expect(prompts.map((p) => `${p.name}@${p.version}`)).toContain('failure-attribution@1');
    await expect(dispatch(handlers, 'startAttribution', { checkpoint: 'base', method: 'judge' })).rejects.toThrow(/judge/);
    await expect(dispatch(handlers, 'startAttribution', { checkpoint: 'nope', method: 'counterfactual' })).rejects.toThrow(/does not exist/);
    await expect(dispatch(handlers, 'compareCheckpoints', { a: 'base' })).rejects.toThrow(/b/);
    const comparison = (await dispatch(handlers, 'compareCheckpoints', { a: 'base', b: 'stage1-perception@100', replicates: 200 })) as {
      overall: { n: number };
    };
    expect(comparison.overall.n).toBe(120);
  });

  it('needs a server for a checkpoint that is not simulated', () => {
    const resolver = checkpointBackends(workbench.db);
    expect(resolver({ id: 1, name: 'base', stage: 'base', step: 0 })).toBeInstanceOf(SimulatedBackend);
    expect(() => resolver({ id: 999, name: 'real-model', stage: '', step: null })).toThrow(/not simulated/);
  });

  it('refuses a counterfactual pass for a real checkpoint given no server, before making a pass, a job or error rows', async () => {
    const db = workbench.db;
    const checkpointId = upsertCheckpoint(db, { name: 'served-elsewhere', step: null, baseModel: '', notes: '' });
    findOrCreateRun(db, { checkpointId, benchmarkId: findBenchmarkId(db, DEMO_BENCHMARK_NAME)!, runKey: 'real-run', config: {}, backend: 'openai', source: 'test' });
    const passesBefore = ((await dispatch(workbench.handlers, 'listAttributionRuns', {})) as unknown[]).length;
    const jobsBefore = ((await dispatch(workbench.handlers, 'listJobs', { limit: 500 })) as unknown[]).length;
    await expect(dispatch(workbench.handlers, 'startAttribution', { checkpoint: 'served-elsewhere', method: 'counterfactual' })).rejects.toThrow(
      /not simulated: say where it is served/,
    );
    expect(((await dispatch(workbench.handlers, 'listAttributionRuns', {})) as unknown[]).length).toBe(passesBefore);
    expect(((await dispatch(workbench.handlers, 'listJobs', { limit: 500 })) as unknown[]).length).toBe(jobsBefore);
  });
});
