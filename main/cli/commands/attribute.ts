import type { Command } from 'commander';
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

function server(endpoint: string | undefined, model: string | undefined, what: string): { endpoint: string; model: string } | undefined {
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
      const own = server(options.endpoint, options.model, '--endpoint/--model');
      const captioner = server(options.captionEndpoint, options.captionModel, '--caption-endpoint/--caption-model');
      const judge = server(options.judgeEndpoint, options.judgeModel, '--judge-endpoint/--judge-model');
      if (options.method === 'judge' && !judge) throw new Error('a judge pass needs --judge-endpoint and --judge-model');
      const prompt = judgePrompt(options.judgePrompt);
      const [{ withCliApi }, { progressBar }, { printTable }] = await Promise.all([import('../api'), import('../progress'), import('../table')]);
      const bar = progressBar(options.method);
      try {
        // The API's startAttribution: the pass runs as the same job, checked as the UI's form is.
        await withCliApi(existingWorkspace(options.db), async (api) => {
          let attributionRunId = -1;
          const job = await api.runJob(
            async () => {
              const started = await api.call('startAttribution', {
                checkpoint: options.checkpoint,
                method: options.method as 'counterfactual' | 'judge',
                captionSource,
                concurrency: Math.max(1, options.concurrency),
                ...(options.benchmark !== undefined ? { benchmark: options.benchmark } : {}),
                ...(own ? { server: own } : {}),
                ...(captioner && captionSource !== 'dataset' ? { captionServer: captioner } : {}),
                ...(judge ? { judge } : {}),
                ...(prompt ? { judgePrompt: prompt } : {}),
                ...(options.limit !== undefined ? { limit: options.limit } : {}),
              });
              attributionRunId = started.attributionRunId;
              return started.jobId;
            },
            (progress) => bar.update(progress.done, progress.total, progress.errors),
          );
          bar.stop();
          if (job.status !== 'completed') throw new Error(`attribution ${job.status}: ${job.message}`);
          const pass = (await api.call('listAttributionRuns', {})).find((info) => info.id === attributionRunId)!;
          const summary = (await api.call('attributionSummary', { checkpoint: options.checkpoint })).checkpoints.filter((row) => row.source === pass.source);
          const outcome = JSON.parse(job.message) as { attempted: number; labelled: number; errors: number; errorReasons?: Array<{ message: string; count: number }> };
          // A pass that labelled nothing, every request having failed, is a failed command: say why.
          const failedWholly = outcome.labelled === 0 && outcome.errors > 0;
          if (failedWholly) process.exitCode = 1;
          if (options.json) {
            process.stdout.write(`${JSON.stringify({ pass, job: outcome, summary }, null, 2)}\n`);
            return;
          }
          process.stdout.write(`${pass.source} on ${pass.checkpoint}: ${pass.labelled} failures labelled, ${pass.errors} errors (attribution pass ${pass.id})\n`);
          for (const reason of outcome.errorReasons ?? []) process.stderr.write(`error (${reason.count}×): ${reason.message}\n`);
          if (failedWholly) return;
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
        });
      } finally {
        bar.stop();
      }
    });
}
