import type { Command } from 'commander';
import type { AttributionDeps } from '../../core/analysis/attribution';
import type { ServerSpec } from '../../core/analysis/backends';
import { positiveInteger, existingWorkspace } from '../options';

interface AttributeOptions {
  db?: string;
  checkpoint: string;
  method: string;
  benchmark?: string;
  captionSource: string;
  endpoint?: string;
  model?: string;
  captionEndpoint?: string;
  captionModel?: string;
  judgeEndpoint?: string;
  judgeModel?: string;
  judgePrompt?: string;
  limit?: number;
  concurrency: number;
  json?: boolean;
}

function server(endpoint: string | undefined, model: string | undefined, what: string): ServerSpec | undefined {
  if (endpoint === undefined && model === undefined) return undefined;
  if (!endpoint || !model) throw new Error(`${what}: give both the endpoint and the model`);
  return { endpoint, model };
}

/** `--judge-prompt NAME` (newest version) or `NAME@VERSION`. */
function judgePrompt(value: string | undefined): { name: string; version?: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(.+)@v?(\d+)$/.exec(value);
  return match ? { name: match[1]!, version: Number(match[2]) } : { name: value };
}

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

export function registerAttribute(program: Command): void {
  program
    .command('attribute')
    .description(
      'Attribute the failures of a checkpoint to perception or reasoning: a caption counterfactual (ask again with a description ' +
        'instead of the image) or an LLM judge. Labels are stored beside the manual ones; running it again resumes.',
    )
    .option('--db <file>', 'workspace file')
    .requiredOption('--checkpoint <name>', 'the checkpoint whose failures are attributed')
    .requiredOption('--method <method>', 'counterfactual | judge')
    .option('--benchmark <name>', 'only this benchmark')
    .option('--caption-source <source>', 'counterfactual descriptions: dataset (the samples\' captions) or checkpoint:NAME', 'dataset')
    .option('--endpoint <url>', 'OpenAI-compatible server of the checkpoint (not needed for simulated demo checkpoints)')
    .option('--model <name>', 'served model name of the checkpoint')
    .option('--caption-endpoint <url>', 'server of the captioning checkpoint (--caption-source checkpoint:NAME)')
    .option('--caption-model <name>', 'served model name of the captioning checkpoint')
    .option('--judge-endpoint <url>', 'OpenAI-compatible server of the judge model')
    .option('--judge-model <name>', 'the judge model')
    .option('--judge-prompt <name[@version]>', 'a stored judge prompt (newest version by default)')
    .option('--limit <n>', 'at most this many failures this time', positiveInteger('--limit'))
    .option('--concurrency <n>', 'requests in flight', positiveInteger('--concurrency'), 4)
    .option('--json', 'print the pass and its perception / reasoning shares as JSON')
    .action(async (options: AttributeOptions) => {
      if (options.method !== 'counterfactual' && options.method !== 'judge') throw new Error(`--method must be counterfactual or judge, got "${options.method}"`);
      const captionSource =
        options.captionSource === 'dataset'
          ? ('dataset' as const)
          : options.captionSource.startsWith('checkpoint:')
            ? { checkpoint: options.captionSource.slice('checkpoint:'.length) }
            : undefined;
      if (!captionSource) throw new Error(`--caption-source must be dataset or checkpoint:NAME, got "${options.captionSource}"`);
      const [{ startAttribution }, { checkpointBackends, openAiCompatible }, { attributionRunInfos, attributionSummary }, { openWorkbench }, { progressBar }, { printTable }] =
        await Promise.all([
          import('../../core/analysis/attribution'),
          import('../../core/analysis/backends'),
          import('../../core/analysis/labels'),
          import('../../core/workbench'),
          import('../progress'),
          import('../table'),
        ]);
      const workbench = openWorkbench(existingWorkspace(options.db));
      const bar = progressBar(options.method);
      const servers = new Map<string, ServerSpec>();
      const own = server(options.endpoint, options.model, '--endpoint/--model');
      if (own) servers.set(options.checkpoint, own);
      const captioner = server(options.captionEndpoint, options.captionModel, '--caption-endpoint/--caption-model');
      if (captioner && captionSource !== 'dataset') servers.set(captionSource.checkpoint, captioner);
      const judgeServer = server(options.judgeEndpoint, options.judgeModel, '--judge-endpoint/--judge-model');
      if (options.method === 'judge' && !judgeServer) throw new Error('a judge pass needs --judge-endpoint and --judge-model');
      const judge = judgeServer ? openAiCompatible(judgeServer) : undefined;
      const deps: AttributionDeps = { backendFor: checkpointBackends(workbench.db, servers), ...(judge ? { judge, judgeModel: judgeServer!.model } : {}) };
      const onJob = (event: { type: string; job?: { id: number; done: number; total: number; errors: number } }): void => {
        if (event.type === 'job' && event.job && event.job.id === jobId) bar.update(event.job.done, event.job.total, event.job.errors);
      };
      let jobId = -1;
      workbench.jobs.events.on('event', onJob);
      try {
        const prompt = judgePrompt(options.judgePrompt);
        const limit = options.limit;
        const started = startAttribution(
          workbench,
          {
            checkpoint: options.checkpoint,
            method: options.method,
            captionSource,
            concurrency: Math.max(1, options.concurrency),
            ...(options.benchmark !== undefined ? { benchmark: options.benchmark } : {}),
            ...(prompt ? { judgePrompt: prompt } : {}),
            ...(limit !== undefined ? { limit } : {}),
          },
          deps,
        );
        jobId = started.job.id;
        const job = await started.finished;
        bar.stop();
        if (job.status !== 'completed') throw new Error(`attribution ${job.status}: ${job.message}`);
        const pass = attributionRunInfos(workbench.db).find((info) => info.id === started.attributionRunId)!;
        const summary = attributionSummary(workbench.db, { checkpoint: options.checkpoint }).checkpoints.filter((row) => row.source === pass.source);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ pass, job: JSON.parse(job.message) as unknown, summary }, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${pass.source} on ${pass.checkpoint}: ${pass.labelled} failures labelled, ${pass.errors} errors (attribution pass ${pass.id})\n`);
        printTable(
          ['checkpoint', 'failures', 'labelled', 'perception', '95% CI', 'reasoning', '95% CI'],
          summary.map((row) => [
            row.checkpoint,
            row.failures,
            row.labelled,
            percent(row.perception.share),
            row.perception.ci ? `${percent(row.perception.ci[0])}–${percent(row.perception.ci[1])}` : '—',
            percent(row.reasoning.share),
            row.reasoning.ci ? `${percent(row.reasoning.ci[0])}–${percent(row.reasoning.ci[1])}` : '—',
          ]),
          [1, 2, 3, 5],
        );
      } finally {
        bar.stop();
        workbench.jobs.events.off('event', onJob);
        await judge?.close?.();
        workbench.close();
      }
    });
}
