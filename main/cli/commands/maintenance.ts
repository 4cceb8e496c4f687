/**
 * `backup`, `check` and `index`: a consistent copy of a workspace while it may be in use (SQLite's
 * online backup API, so the app or serve can keep writing), an integrity check of a file, and the
 * full-text index of outputs a large import left to index (store/search-backlog.ts).
 */
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { checkWorkspace } from '../../core/store/integrity';
import { existingWorkspace } from '../options';

function openExisting(path: string): Database.Database {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  return new Database(path, { readonly: true, fileMustExist: true });
}

export function registerMaintenance(program: Command): void {
  program
    .command('index')
    .description('Build the full-text search index of outputs a large import left to index (the import starts this in the background itself)')
    .requiredOption('--db <file>', 'workspace file')
    .option('--quiet', 'print nothing')
    // An import starts its pass with this before its merge (cli/background-index.ts).
    .addOption(new Option('--after <pid>', 'open the workspace now, index once process PID has ended').hideHelp().argParser(Number))
    .action(async (options: { db: string; quiet?: boolean; after?: number }) => {
      const path = existingWorkspace(options.db);
      const [{ openWorkspace }, { indexAllOutputs }, { processEnded }] = await Promise.all([
        import('../../core/store/database'),
        import('../../core/store/search-backlog'),
        import('../../core/util/process'),
      ]);
      // Never created here: a failed first import removes the workspace it made, maybe while this pass starts.
      const db = openWorkspace(path, { mustExist: true });
      try {
        if (options.after !== undefined) await processEnded(options.after);
        const indexed = indexAllOutputs(db);
        if (!options.quiet) process.stdout.write(indexed > 0 ? `indexed ${indexed.toLocaleString('en-US')} outputs: search covers every prediction\n` : 'nothing to index: search covers every prediction\n');
      } finally {
        db.close();
      }
    });

  program
    .command('backup')
    .description('Copy a workspace consistently, even while the app or serve is writing to it (SQLite online backup)')
    .requiredOption('--db <file>', 'workspace file')
    .requiredOption('--out <file>', 'the copy to write (must not exist)')
    .action(async (options: { db: string; out: string }) => {
      const source = resolve(options.db);
      const target = resolve(options.out);
      if (existsSync(target)) throw new Error(`${target} already exists; name a new file for the backup`);
      const db = openExisting(source);
      try {
        await db.backup(target);
      } finally {
        db.close();
      }
      const copy = new Database(target, { readonly: true });
      const problems = checkWorkspace(copy);
      copy.close();
      if (problems.length > 0) throw new Error(`the backup ${target} is not sound (${problems[0]}); the workspace ${source} is probably damaged: run vlm-workbench check --db ${source}`);
      process.stdout.write(`backed up ${source} to ${target}\n`);
    });

  program
    .command('check')
    .description('Check a workspace file for damage (SQLite quick_check; --full for integrity_check); exits 1 when damaged')
    .requiredOption('--db <file>', 'workspace file')
    .option('--full', 'the slower, complete integrity_check')
    .option('--json', 'print {ok, problems} as JSON')
    .action((options: { db: string; full?: boolean; json?: boolean }) => {
      // A path with no file is no workspace, not a damaged one: said as every other command says it.
      const path = existingWorkspace(options.db);
      let problems: string[];
      try {
        const db = openExisting(path);
        problems = checkWorkspace(db, options.full);
        db.close();
      } catch (error) {
        problems = [error instanceof Error ? error.message : String(error)];
      }
      if (options.json) process.stdout.write(`${JSON.stringify({ path, ok: problems.length === 0, problems })}\n`);
      else if (problems.length === 0) process.stdout.write(`${path}: ok\n`);
      else {
        process.stdout.write(`${path}: DAMAGED\n${problems.map((problem) => `  ${problem}`).join('\n')}\n`);
        process.stdout.write('Restore a backup (vlm-workbench backup), or salvage with: sqlite3 FILE ".recover" | sqlite3 recovered.sqlite\n');
      }
      if (problems.length > 0) process.exitCode = 1;
    });
}
