import type { Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat } from '../../core/types/export';
import { resolve } from 'node:path';
import { existingWorkspace } from '../options';

interface ExportCliOptions {
  db?: string;
  set?: string;
  filter?: string;
  format: string;
  out: string;
  overwrite?: boolean;
  json?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'Export a failure set (or a filter\'s matches) with images, verdicts, labels and a manifest: ' +
        'jsonl and easyr1 write a folder, zip/csv/parquet/vlmevalkit one file',
    )
    .option('--db <file>', 'workspace file')
    .option('--set <name>', 'a failure set (see `vlm-workbench sets`)')
    .option('--filter <query>', 'an explorer query, e.g. "checkpoint:stage3 correct:false label:perception"')
    .requiredOption('--format <format>', EXPORT_FORMATS.join('|'))
    .requiredOption('--out <path>', 'the folder (jsonl, easyr1) or file to write')
    .option('--overwrite', 'replace an existing file, or write into a folder that is not empty')
    .option('--json', 'print the result as JSON')
    .action(async (options: ExportCliOptions) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
        throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${options.format}"`);
      }
      if ((options.set === undefined) === (options.filter === undefined)) throw new Error('give either --set NAME or --filter QUERY');
      const format = options.format as ExportFormat;
      const [{ withCliApi }, { progressBar }] = await Promise.all([import('../api'), import('../progress')]);
      const bar = progressBar('export');
      try {
        // The API's startExport: the same checks of the source, the filter and the target as in the UI.
        await withCliApi(existingWorkspace(options.db), async (api) => {
          const source = options.set !== undefined ? { setId: (await api.setNamed(options.set)).id } : { query: options.filter! };
          const job = await api.runJob(
            async () => (await api.call('startExport', { ...source, format, outPath: resolve(options.out), overwrite: options.overwrite ?? false })).job.id,
            (progress) => bar.update(progress.done, progress.total),
          );
          bar.stop();
          if (job.status !== 'completed') throw new Error(`export ${job.status}: ${job.message}`);
          const result = JSON.parse(job.message) as { outPath: string; format: string; records: number; images: number };
          if (options.json) process.stdout.write(`${JSON.stringify({ ...result, jobId: job.id }, null, 2)}\n`);
          else process.stdout.write(`Exported ${result.records} record(s) and ${result.images} image(s) as ${result.format} to ${result.outPath}\n`);
          // Written, but empty: said, with the filter's names that name nothing.
          if (result.records === 0) {
            const hints = options.filter !== undefined ? ((await api.call('explore', { query: options.filter, offset: 0, limit: 1 })).hints ?? []) : [];
            process.stderr.write(`warning: ${options.set !== undefined ? `set "${options.set}" holds` : 'the filter matches'} no prediction: the export holds no records${hints.map((hint) => `\n  ${hint}`).join('')}\n`);
          }
        });
      } finally {
        bar.stop();
      }
    });
}
