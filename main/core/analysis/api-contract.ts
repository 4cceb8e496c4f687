/**
 * The analysis part of the WorkbenchApi contract: the input schemas of the statistics and
 * attribution methods (api/contract.ts composes them). Output types and constant lists live in
 * types/analysis.ts and are re-exported here for existing imports.
 */
import { z } from 'zod';
import { ATTRIBUTION_SOURCES, BOOTSTRAP_LIMITS, DYNAMICS_STATUSES } from '../types/analysis';

export * from '../types/analysis';

const name = z.string().min(1).max(300);

/** A bootstrap's size and seed: the same seed always gives the same interval. */
const { replicates, seed } = BOOTSTRAP_LIMITS;
const bootstrap = {
  replicates: z.number().int().min(replicates.min).max(replicates.max).default(replicates.default),
  seed: z.number().int().min(seed.min).max(seed.max).default(seed.default),
};

/**
 * Which labels to read: every label of a kind of source (`judge`), or exactly one source as
 * attributionSummary names it (`judge:<model> <prompt>@v<version>`, `counterfactual:dataset`).
 */
const sourceSelector = z.string().min(1).max(500);

export const analysisInputs = {
  compareCheckpoints: z
    .object({
      a: name,
      b: name,
      benchmark: name.optional(),
      ...bootstrap,
      /** Also list the samples and predictions behind each discordant cell (up to idsLimit per benchmark and cell). */
      includeIds: z.boolean().default(false),
      idsLimit: z.number().int().min(1).max(100_000).default(1000),
    })
    .strict(),
  /** `lineage`: only that lineage's checkpoints (lines connect checkpoints of one lineage only). */
  stageProgression: z.object({ benchmark: name.optional(), lineage: name.optional() }).strict(),
  suiteAverages: z
    .object({
      /** A predefined suite of the seed report, or `custom` with `benchmarks`. */
      suite: z.enum(['main', 'extended', 'custom']).default('main'),
      benchmarks: z.array(name).max(200).optional(),
      checkpoints: z.array(name).max(500).optional(),
      ...bootstrap,
    })
    .strict()
    .refine((input) => input.suite !== 'custom' || (input.benchmarks?.length ?? 0) > 0, {
      message: 'a custom suite needs its benchmarks',
      path: ['benchmarks'],
    }),
  traceStats: z.object({ checkpoint: name.optional(), benchmark: name.optional() }).strict(),
  passAtK: z
    .object({ checkpoint: name.optional(), benchmark: name.optional(), ks: z.array(z.number().int().min(1).max(10_000)).max(32).optional() })
    .strict(),
  learningDynamics: z
    .object({
      benchmark: name.optional(),
      /** The steps of one stage; the whole curriculum when left out. */
      stage: z.string().min(1).max(100).optional(),
      /** An explicit series of checkpoints (taken in curriculum order). */
      checkpoints: z.array(name).max(500).optional(),
      /** One lineage's checkpoints; by default the lineage with the most checkpoints evaluated (never several). */
      lineage: name.optional(),
      status: z.enum(DYNAMICS_STATUSES).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(0).max(5000).default(200),
    })
    .strict(),
  labelBreakdown: z.object({ checkpoint: name.optional(), benchmark: name.optional(), source: z.enum(ATTRIBUTION_SOURCES).optional() }).strict(),
  attributionSummary: z.object({ checkpoint: name.optional(), source: z.enum(ATTRIBUTION_SOURCES).optional() }).strict(),
  startAttribution: z
    .object({
      checkpoint: name,
      method: z.enum(['counterfactual', 'judge']),
      benchmark: name.optional(),
      /** Counterfactual: the dataset's captions, or descriptions written by a checkpoint. */
      captionSource: z.union([z.literal('dataset'), z.object({ checkpoint: name }).strict()]).default('dataset'),
      /** Where the checkpoint (or the captioning checkpoint) is served; simulated checkpoints need none. */
      server: z.object({ endpoint: z.string().url().max(2000), model: z.string().min(1).max(300) }).strict().optional(),
      captionServer: z.object({ endpoint: z.string().url().max(2000), model: z.string().min(1).max(300) }).strict().optional(),
      /** Judge: an OpenAI-compatible server and model, and the stored prompt to use (newest version when unversioned). */
      judge: z.object({ endpoint: z.string().url().max(2000), model: z.string().min(1).max(300) }).strict().optional(),
      judgePrompt: z.object({ name: z.string().min(1).max(200), version: z.number().int().min(1).optional() }).strict().optional(),
      limit: z.number().int().min(1).optional(),
      concurrency: z.number().int().min(1).max(256).default(4),
    })
    .strict()
    .refine((input) => input.method !== 'judge' || input.judge !== undefined, { message: 'a judge pass needs a judge server', path: ['judge'] }),
  judgeAgreement: z
    .object({
      checkpoint: name.optional(),
      /** The two sources compared; by default manual labels against the judges'. */
      a: sourceSelector.default('manual'),
      b: sourceSelector.default('judge'),
    })
    .strict(),
  listAttributionRuns: z.object({}).strict(),
  listJudgePrompts: z.object({}).strict(),
  saveJudgePrompt: z
    .object({ name: z.string().trim().min(1).max(200), systemPrompt: z.string().max(20_000), userTemplate: z.string().min(1).max(50_000) })
    .strict(),
} as const;

export type AnalysisMethod = keyof typeof analysisInputs;

