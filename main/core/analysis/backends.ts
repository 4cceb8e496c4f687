/**
 * Which backend answers for a checkpoint when an attribution pass must ask it again (the
 * counterfactual) or ask it for descriptions (checkpoint captions), and which backend judges.
 * A checkpoint with a server given is asked there (OpenAI-compatible); a simulated demo
 * checkpoint is answered by the demo's simulated model, rebuilt from the workspace.
 */
import { DEMO_BENCHMARK_NAME, DEMO_CHECKPOINTS, generateDemoBenchmark, sha256Hex, SimulatedVlm } from '../demo';
import type { ModelBackend } from '../eval/backend';
import { OpenAiBackend } from '../eval/openai-backend';
import { SimulatedBackend } from '../eval/simulated-backend';
import { findBenchmarkId, listSamples } from '../store/catalog';
import type { Db } from '../store/database';
import type { CheckpointRef } from '../store/analysis';
import { listBenchmarks, listCheckpoints } from '../store/summaries';

export interface ServerSpec {
  endpoint: string;
  model: string;
}

export type BackendResolver = (checkpoint: CheckpointRef) => ModelBackend;

export function openAiCompatible(server: ServerSpec): ModelBackend {
  return new OpenAiBackend({ endpoints: [server.endpoint], model: server.model });
}

/**
 * The demo's simulated model as the workspace holds it. Its error draws depend on the whole
 * benchmark, so it is rebuilt with the stored number of samples and checked against the stored
 * images: a model rebuilt differently would silently answer other questions.
 */
export function rebuildDemoModel(db: Db): SimulatedVlm {
  const count = listBenchmarks(db).find((benchmark) => benchmark.name === DEMO_BENCHMARK_NAME)?.samples ?? 0;
  const benchmarkId = findBenchmarkId(db, DEMO_BENCHMARK_NAME);
  if (count === 0 || benchmarkId === undefined) throw new Error('this workspace has no demo benchmark, so its simulated checkpoints cannot answer');
  const samples = generateDemoBenchmark({ count });
  const stored = listSamples(db, benchmarkId, 1)[0];
  const generated = samples.find((sample) => sample.id === stored?.externalId);
  if (!stored || !generated || stored.images[0]?.sha256 !== sha256Hex(generated.image)) {
    throw new Error('the demo benchmark in this workspace was built differently; its simulated model cannot be rebuilt');
  }
  return new SimulatedVlm(samples, DEMO_CHECKPOINTS);
}

/** Servers by checkpoint name where given; the simulated model for simulated demo checkpoints. */
export function checkpointBackends(db: Db, servers: ReadonlyMap<string, ServerSpec> = new Map()): BackendResolver {
  let demo: SimulatedVlm | undefined;
  return (checkpoint) => {
    const server = servers.get(checkpoint.name);
    if (server) return openAiCompatible(server);
    const simulated = listCheckpoints(db).find((c) => c.id === checkpoint.id)?.simulated ?? false;
    if (simulated && DEMO_CHECKPOINTS.some((profile) => profile.name === checkpoint.name)) {
      demo ??= rebuildDemoModel(db);
      return new SimulatedBackend(demo, checkpoint.name);
    }
    throw new Error(`checkpoint ${checkpoint.name} is not simulated: say where it is served (endpoint and model)`);
  };
}
