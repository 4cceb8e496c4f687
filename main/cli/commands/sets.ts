import type { Command } from 'commander';
import type { FailureSetInfo } from '../../core/export/api-contract';
import type { Db } from '../../core/store/database';
import { existingWorkspace } from '../options';

/** The store and printing modules, loaded when a sets command runs (not at every CLI start). */
async function loadModules() {
  const [store, filter, database, table] = await Promise.all([
    import('../../core/store/failure-sets'),
    import('../../core/query/filter'),
    import('../../core/store/database'),
    import('../table'),
  ]);
  return { ...store, ...filter, ...database, ...table };
}
let lazy: Awaited<ReturnType<typeof loadModules>>;

/** Prediction ids as given on the command line: separate arguments or comma-separated lists. */
function predictionIds(values: string[]): number[] {
  return values
    .flatMap((value) => value.split(','))
    .filter((value) => value.trim() !== '')
    .map((value) => {
      const id = Number(value);
      if (!Number.isInteger(id) || id <= 0) throw new Error(`"${value}" is not a prediction id`);
      return id;
    });
}

function withDb<T extends unknown[]>(work: (db: Db, ...args: T) => void) {
  return async (...args: T): Promise<void> => {
    lazy ??= await loadModules();
    const options = args[args.length - 2] as { db?: string } | undefined;
    const command = args[args.length - 1] as Command;
    const db = lazy.openWorkspace(existingWorkspace((command.optsWithGlobals() as { db?: string }).db ?? options?.db));
    try {
      work(db, ...args);
    } finally {
      db.close();
    }
  };
}

function setNamed(db: Db, name: string): FailureSetInfo {
  const set = lazy.findFailureSetByName(db, name);
  if (!set) throw new Error(`no failure set named "${name}" (see: vlm-workbench sets list)`);
  return set;
}

function print(set: FailureSetInfo, json: boolean | undefined, extra = ''): void {
  if (json) process.stdout.write(`${JSON.stringify(set, null, 2)}\n`);
  else process.stdout.write(`${set.name}: ${set.size} prediction(s)${set.filter ? ` from filter "${set.filter}"` : ''}${extra}\n`);
}

export function registerSets(program: Command): void {
  const sets = program
    .command('sets')
    .description('Failure sets: named snapshots of predictions, from a filter or by hand, to export and share')
    .option('--db <file>', 'workspace file');

  sets
    .command('create <name>')
    .description('make a set from a filter (its matches now) and/or prediction ids')
    .option('--filter <query>', 'an explorer query, e.g. "checkpoint:stage3 correct:false"')
    .option('--ids <ids...>', 'prediction ids (also comma-separated)')
    .option('--description <text>', 'what the set is for', '')
    .option('--json', 'print the set as JSON')
    .action(
      withDb((db, name: string, options: { filter?: string; ids?: string[]; description: string; json?: boolean }) => {
        const filter = options.filter !== undefined ? { query: options.filter, parsed: lazy.parseQuery(options.filter) } : null;
        const set = lazy.createFailureSet(db, { name, description: options.description, filter, predictionIds: predictionIds(options.ids ?? []) });
        print(set, options.json);
      }),
    );

  sets
    .command('list')
    .description('the sets in the workspace')
    .option('--json', 'print a JSON array')
    .action(
      withDb((db, options: { json?: boolean }) => {
        const all = lazy.listFailureSets(db);
        if (options.json) return void process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        if (all.length === 0) return void process.stdout.write('No failure sets yet. Try: vlm-workbench sets create NAME --filter "correct:false"\n');
        lazy.printTable(
          ['name', 'size', 'by hand', 'removed', 'filter', 'updated'],
          all.map((set) => [set.name, set.size, set.manual, set.excluded, set.filter, set.updatedAt]),
          [1, 2, 3],
        );
      }),
    );

  sets
    .command('show <name>')
    .description('a set with its checkpoints, benchmarks and labels')
    .option('--json', 'print the set as JSON')
    .action(
      withDb((db, name: string, options: { json?: boolean }) => {
        const detail = lazy.failureSetDetail(db, setNamed(db, name).id)!;
        if (options.json) return void process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
        const lines = [
          `${detail.name}: ${detail.size} prediction(s) (${detail.manual} added by hand, ${detail.excluded} removed by hand)`,
          `  filter: ${detail.filter || '(picked by hand)'}${detail.refreshedAt ? `, refreshed ${detail.refreshedAt}` : ''}`,
          ...(detail.description ? [`  ${detail.description}`] : []),
          `  checkpoints: ${detail.checkpoints.map((c) => `${c.checkpoint} ${c.n}`).join(', ') || '—'}`,
          `  benchmarks: ${detail.benchmarks.map((b) => `${b.benchmark} ${b.n}`).join(', ') || '—'}`,
          `  labels: ${detail.labels.map((l) => `${l.label} ${l.n}`).join(', ') || '—'}`,
          `  in the explorer: ${detail.query}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );

  sets
    .command('add <name> <ids...>')
    .description('add predictions by hand (they stay through refreshes)')
    .option('--json', 'print the set as JSON')
    .action(
      withDb((db, name: string, ids: string[], options: { json?: boolean }) => {
        print(lazy.updateFailureSet(db, setNamed(db, name).id, { add: predictionIds(ids) }), options.json);
      }),
    );

  sets
    .command('remove <name> <ids...>')
    .description('remove predictions by hand (a refresh does not bring them back)')
    .option('--json', 'print the set as JSON')
    .action(
      withDb((db, name: string, ids: string[], options: { json?: boolean }) => {
        print(lazy.updateFailureSet(db, setNamed(db, name).id, { remove: predictionIds(ids) }), options.json);
      }),
    );

  sets
    .command('refresh <name>')
    .description("run the set's filter again: new matches come in, items that no longer match leave")
    .option('--dry-run', 'only say what would change')
    .option('--json', 'print the result as JSON')
    .action(
      withDb((db, name: string, options: { dryRun?: boolean; json?: boolean }) => {
        const set = setNamed(db, name);
        if (set.filter.trim() === '') throw new Error(`set "${name}" was picked by hand; it has no filter to run again`);
        const result = lazy.refreshFailureSet(db, set.id, lazy.parseQuery(set.filter), options.dryRun ?? false);
        if (options.json) return void process.stdout.write(`${JSON.stringify({ ...result, dryRun: options.dryRun ?? false }, null, 2)}\n`);
        const verb = options.dryRun ? 'would add' : 'added';
        print(result.set, false, ` — ${verb} ${result.added}, ${options.dryRun ? 'would remove' : 'removed'} ${result.removed}, kept ${result.kept}`);
      }),
    );

  sets
    .command('rename <name> <new-name>')
    .description('rename a set')
    .action(withDb((db, name: string, newName: string) => print(lazy.updateFailureSet(db, setNamed(db, name).id, { name: newName }), false)));

  sets
    .command('describe <name> <text>')
    .description("set a set's description")
    .action(withDb((db, name: string, text: string) => print(lazy.updateFailureSet(db, setNamed(db, name).id, { description: text }), false)));

  sets
    .command('delete <name>')
    .description('delete a set (its predictions stay in the workspace)')
    .action(
      withDb((db, name: string) => {
        lazy.deleteFailureSet(db, setNamed(db, name).id);
        process.stdout.write(`deleted set ${name}\n`);
      }),
    );
}
