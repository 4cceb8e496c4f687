import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { ApiInput } from '../../core/api/contract';
import { RECOMPUTED_PREFIX } from '../../core/official-figure';
import { FORMAT_NAMES, type FormatName, type ImportKind, type ImportSummary } from '../../core/ingest/types';
import { positiveInteger, workspaceToCreate } from '../options';

interface ImportCliOptions {
  db?: string;
  format?: string;
  kind?: string;
  benchmark?: string;
  checkpoint?: string;
  step?: number;
  lineage?: string;
  map: string[];
  images?: string;
  replace?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
/** Input of this many bytes or more starts its search index pass before the merge (cli/background-index.ts). */
const EARLY_INDEX_PASS_BYTES = 8 << 20;
const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(2)}%`);

/**
 * The CLI's options as the API's importFiles input. The flags whose values come from a fixed
 * list are checked here only to name the flag in the message (the lists are the contract's);
 * everything else (the field mappings, the names) the API checks as it does for the UI.
 */
export function importInputFrom(paths: string[], cli: Omit<ImportCliOptions, 'db' | 'json'>): ApiInput<'importFiles'> {
  if (cli.format && !(FORMAT_NAMES as readonly string[]).includes(cli.format)) throw new Error(`--format must be one of ${FORMAT_NAMES.join(', ')}, got "${cli.format}"`);
  if (cli.kind && cli.kind !== 'benchmark' && cli.kind !== 'predictions') throw new Error(`--kind must be benchmark or predictions, got "${cli.kind}"`);
  return {
    // The API takes absolute paths (a picker's); the command line's are relative to here.
    paths: paths.map((path) => resolve(path)),
    ...(cli.format ? { format: cli.format as FormatName } : {}),
    ...(cli.kind ? { kind: cli.kind as ImportKind } : {}),
    ...(cli.benchmark ? { benchmark: cli.benchmark } : {}),
    ...(cli.checkpoint ? { checkpoint: cli.checkpoint } : {}),
    ...(cli.step !== undefined ? { step: cli.step } : {}),
    ...(cli.lineage ? { lineage: cli.lineage } : {}),
    ...(cli.map.length > 0 ? { map: cli.map } : {}),
    ...(cli.images ? { images: resolve(cli.images) } : {}),
    ...(cli.replace ? { replace: true } : {}),
  };
}

/** `notAccuracy(benchmark)`: its figures (MME points, COCO CIDEr) are printed as written, not as percentages. */
function printSummary(summary: ImportSummary, notAccuracy: (benchmark: string) => boolean): void {
  const out: string[] = [];
  for (const file of summary.files) {
    const names = [file.checkpoint, file.benchmark].filter(Boolean).join(' on ');
    const runs = file.runIds.length > 0 ? `, run ${file.runIds.join(', ')}` : '';
    const status = file.status === 'already imported' ? 'skipped' : file.status;
    const note = file.status === 'already imported' ? ' — already imported; --replace imports it again' : '';
    out.push(`${status} ${file.path} (${file.format}${names ? `: ${names}` : ''}${runs})${note}`);
  }
  for (const run of summary.runs) {
    out.push(`run ${run.runId}: ${run.checkpoint} on ${run.benchmark} — ${run.predictions} predictions, ours ${run.correct}/${run.predictions} (${percent(run.accuracy)})`);
    if (run.officialN > 0) {
      out.push(`    official ${run.officialCorrect}/${run.officialN} (${percent(run.officialAccuracy)}), agreement ${percent(run.agreement)}`);
    }
    for (const figure of run.reported) {
      const counts = figure.correct !== null && figure.total !== null ? ` ${figure.correct}/${figure.total}` : '';
      const value = notAccuracy(run.benchmark) || figure.value < 0 || figure.value > 1 ? `${figure.value}, not an accuracy` : percent(figure.value);
      const by = figure.source.startsWith(RECOMPUTED_PREFIX) ? `recomputed by ${figure.source.slice(RECOMPUTED_PREFIX.length)}` : `reported by ${figure.source}`;
      out.push(`    ${by}: ${figure.metric}${counts} (${value})`);
    }
  }
  // A summary file alone changes no data: its line above says which run it was attached to.
  if (summary.runs.length > 0 || summary.samples > 0 || summary.metrics > 0) {
    out.push(
      `${summary.runs.length} run(s), ${summary.samples} new sample(s), ${summary.predictions} prediction(s), ` +
        `${summary.images.stored} image(s) stored, ${summary.images.missing} missing, ${summary.officialVerdicts} official verdict(s) kept` +
        (summary.metrics > 0 ? `, ${summary.metrics} training metric value(s)` : ''),
    );
  }
  for (const note of summary.notes ?? []) out.push(`note: ${note}`);
  for (const warning of summary.warnings) out.push(`warning: ${warning}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('Import result files and benchmarks (VLMEvalKit, lmms-eval, EasyR1, MathVista, MATH-V, R1-V, MMMU, Parquet/JSONL/CSV): all or nothing')
    .argument('<paths...>', 'files (or folders of files) to import')
    .option('--db <file>', 'workspace file (created if missing)')
    .option('--format <name>', `skip sniffing: ${FORMAT_NAMES.join('|')}`)
    .option('--kind <kind>', 'benchmark (questions only) or predictions')
    .option('--benchmark <name>', 'benchmark name (default: what the file says)')
    .option('--checkpoint <name>', 'checkpoint name (default: what the file says; for EasyR1 the experiment)')
    .option('--step <n>', 'training step of the checkpoint', positiveInteger('--step'))
    .option('--lineage <name>', 'lineage (base model + training run) of the checkpoint; inferred from the names when left out')
    .option('--map <target=source>', 'field mapping, repeatable; dotted paths reach nested fields', collect, [])
    .option('--images <dir>', 'folder where relative image paths are also looked up')
    .option('--replace', 're-import files imported before, and replace earlier imported runs of the same checkpoint and benchmark')
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], options: ImportCliOptions) => {
      const input = importInputFrom(paths, options);
      const workspace = workspaceToCreate(options.db);
      const [{ openCliApi }, { progressBar }, { NOT_ACCURACY_KINDS, officialRuleFor }, { BackgroundIndexPass }] = await Promise.all([
        import('../api'),
        import('../progress'),
        import('../../core/grading/official-rules'),
        import('../background-index'),
      ]);
      // A large import's pages are copied back into the file by the search index pass it starts (below).
      const api = await openCliApi(workspace.path, { deferCheckpoints: true });
      const indexPass = new BackgroundIndexPass(workspace.path);
      const bar = progressBar('import');
      let imported = false;
      try {
        // The API's importFiles: an import job, as the UI's file picker starts it.
        const job = await api.runJob(
          async () => (await api.call('importFiles', input)).id,
          (progress) => {
            bar.update(progress.done, progress.total);
            // Most of a large file read: its merge comes next.
            if (progress.total >= EARLY_INDEX_PASS_BYTES && progress.done >= 0.9 * progress.total) indexPass.startEarly();
          },
        );
        bar.stop();
        if (job.status !== 'completed') throw new Error(job.status === 'failed' ? job.message : `import ${job.status}: ${job.message}`);
        imported = true;
        const summary = JSON.parse(job.message) as ImportSummary;
        if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else printSummary(summary, (benchmark) => NOT_ACCURACY_KINDS.has(officialRuleFor(benchmark)?.kind ?? 'judge'));
        if (summary.unindexedOutputs) {
          const pid = await indexPass.handOver();
          process.stderr.write(
            `note: ${summary.unindexedOutputs.toLocaleString('en-US')} outputs are being indexed for full-text search ${pid ? `in the background (process ${pid})` : 'by the next search'}; ` +
              `the runs are in, and a search indexes what is left before it answers (vlm-workbench index --db ${workspace.path} waits for it)\n`,
          );
        }
      } finally {
        bar.stop();
        api.close();
        // A first import that failed leaves no empty workspace behind.
        if (!imported) workspace.discardIfNew();
      }
    });
}
