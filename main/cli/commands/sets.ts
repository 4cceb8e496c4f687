import type { Command } from 'commander';
import type { FailureSetInfo } from '../../core/types/export';
import { withWorkspaceApi as withApi } from '../api';

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

function print(set: FailureSetInfo, json: boolean | undefined, extra = ''): void {
  if (json) process.stdout.write(`${JSON.stringify(set, null, 2)}\n`);
  else process.stdout.write(`${set.name}: ${set.size} prediction(s)${set.filter ? ` (filter "${set.filter}")` : ''}${extra}\n`);
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
      withApi(async (api, name: string, options: { filter?: string; ids?: string[]; description: string; json?: boolean }) => {
        const ids = predictionIds(options.ids ?? []);
        const set = await api.call('createFailureSet', {
          name,
          description: options.description,
          ...(options.filter !== undefined ? { query: options.filter } : {}),
          ...(ids.length > 0 ? { predictionIds: ids } : {}),
        });
        print(set, options.json);
      }),
    );

  sets
    .command('list')
    .description('the sets in the workspace')
    .option('--json', 'print a JSON array')
    .action(
      withApi(async (api, options: { json?: boolean }) => {
        const all = await api.call('listFailureSets', {});
        if (options.json) return void process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
        if (all.length === 0) return void process.stdout.write('No failure sets yet. Try: vlm-workbench sets create NAME --filter "correct:false"\n');
        const { printTable } = await import('../table');
        printTable(
          ['name', 'size', 'added by hand', 'kept out by hand', 'filter', 'updated'],
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
      withApi(async (api, name: string, options: { json?: boolean }) => {
        const detail = await api.call('getFailureSet', { id: (await api.setNamed(name)).id });
        if (options.json) return void process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
        const lines = [
          `${detail.name}: ${detail.size} prediction(s) (${detail.manual} added by hand, ${detail.excluded} kept out by hand)`,
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
      withApi(async (api, name: string, ids: string[], options: { json?: boolean }) => {
        const before = await api.setNamed(name);
        const asked = [...new Set(predictionIds(ids))];
        const after = await api.call('updateFailureSet', { id: before.id, add: asked });
        // What changed, counted: an id already in the set adds nothing, but is kept by hand from now on.
        const added = after.size - before.size;
        const already = asked.length - added;
        print(after, options.json, ` — added ${added} by hand${already > 0 ? ` (${already} already in the set, now kept by hand through refreshes)` : ''}`);
      }),
    );

  sets
    .command('remove <name> <ids...>')
    .description('remove predictions by hand (a refresh does not bring them back)')
    .option('--json', 'print the set as JSON')
    .action(
      withApi(async (api, name: string, ids: string[], options: { json?: boolean }) => {
        const before = await api.setNamed(name);
        const asked = [...new Set(predictionIds(ids))];
        const after = await api.call('updateFailureSet', { id: before.id, remove: asked });
        // An id that was not in the set removes nothing, but is kept out of later refreshes.
        const removed = before.size - after.size;
        const absent = asked.length - removed;
        print(after, options.json, ` — removed ${removed}${absent > 0 ? ` (${absent} not in the set, kept out of later refreshes)` : ''}`);
      }),
    );

  sets
    .command('refresh <name>')
    .description("run the set's filter again: new matches come in, items that no longer match leave")
    .option('--dry-run', 'only say what would change')
    .option('--json', 'print the result as JSON')
    .action(
      withApi(async (api, name: string, options: { dryRun?: boolean; json?: boolean }) => {
        const dryRun = options.dryRun ?? false;
        const result = await api.call('refreshFailureSet', { id: (await api.setNamed(name)).id, dryRun });
        if (options.json) return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        const verb = dryRun ? 'would add' : 'added';
        print(result.set, false, ` — ${verb} ${result.added}, ${dryRun ? 'would remove' : 'removed'} ${result.removed}, kept ${result.kept}`);
      }),
    );

  sets
    .command('rename <name> <new-name>')
    .description('rename a set')
    .action(
      withApi(async (api, name: string, newName: string) => print(await api.call('updateFailureSet', { id: (await api.setNamed(name)).id, name: newName }), false)),
    );

  sets
    .command('describe <name> <text>')
    .description("set a set's description")
    .action(
      withApi(async (api, name: string, text: string) => print(await api.call('updateFailureSet', { id: (await api.setNamed(name)).id, description: text }), false)),
    );

  sets
    .command('delete <name>')
    .description('delete a set (its predictions stay in the workspace)')
    .action(
      withApi(async (api, name: string) => {
        await api.call('deleteFailureSet', { id: (await api.setNamed(name)).id });
        process.stdout.write(`deleted set ${name}\n`);
      }),
    );
}
