/**
 * Demo workspace: a synthetic CLEVR-style benchmark rendered in code, plus a
 * clearly labelled SIMULATED model whose checkpoints (base + three curriculum
 * stages) make different kinds of mistakes.
 *
 * Module map (one job each):
 *   rng.ts              deterministic hashing / PRNG
 *   scene.ts            scene types, random scenes, shared wording
 *   render.ts           scene -> PNG (pngjs)
 *   caption.ts          scene -> exhaustive caption (the perfect captioner)
 *   questions.ts        question templates: generate, format/parse, solve
 *   benchmark.ts        assembles DemoSample[]
 *   checkpoints.ts      simulated checkpoint profiles
 *   misperception.ts    concrete misreadings of a scene
 *   traces.ts           <think> text of the simulated model
 *   simulated-model.ts  SimulatedVlm: lookup + error model + output form
 */
export { DEMO_BENCHMARK_NAME, DEFAULT_DEMO_COUNT, DEFAULT_DEMO_SEED, type DemoSample, demoSampleId, generateDemoBenchmark } from './benchmark';
export { describeScene } from './caption';
export {
  type CheckpointProfile,
  type CurriculumStage,
  DEMO_CHECKPOINTS,
  DEMO_RELEASE_CHECKPOINT,
  SIMULATED_BASE_MODEL,
  findCheckpoint,
} from './checkpoints';
export { type QuestionSpec, parseQuestion, solveQuestion } from './questions';
export { BACKGROUND_RGB, COLOR_RGB, rasterizeScene, renderScene } from './render';
export { COLORS, SHAPES, SIZES, type Scene, type SceneObject } from './scene';
export {
  DEFAULT_MAX_TOKENS,
  NOT_FOUND_TEXT,
  type SimulatedRequest,
  type SimulatedResponse,
  SimulatedVlm,
  estimateTokens,
  sha256Hex,
} from './simulated-model';
