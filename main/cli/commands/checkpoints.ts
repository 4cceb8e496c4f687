import type { Command } from 'commander';
import type { CheckpointInfo } from '../../core/types/records';
import { withWorkspaceApi as withApi } from '../api';
import { printTable } from '../table';

function print(checkpoints: CheckpointInfo[], json: boolean | undefined): void {
  if (json) return void process.stdout.write(`${JSON.stringify(checkpoints, null, 2)}\n`);
  if (checkpoints.length === 0) return void process.stdout.write('No checkpoints yet.\n');
  printTable(
    ['#', 'checkpoint', 'lineage', 'stage', 'step', 'order'],
    checkpoints.map((c, index) => [
      index + 1,
      c.name,
      `${c.lineage}${c.lineageSet ? '' : ' (inferred)'}`,
      c.stage,
      c.step ?? '',
      c.orderRank === null ? 'stage/step/name' : 'set',
    ]),
    [0, 4],
  );
}

export function registerCheckpoints(program: Command): void {
  const checkpoints = program
    .command('checkpoints')
    .description('The workspace checkpoint order and lineages, which progression, deltas and learning dynamics follow')
    .option('--db <file>', 'workspace file');

  checkpoints
    .command('list')
    .description('checkpoints in the workspace order, with their lineage')
    .option('--json', 'print a JSON array')
    .action(withApi(async (api, options: { json?: boolean }) => print((await api.call('overview', {})).checkpoints, options.json)));

  checkpoints
    .command('order [names...]')
    .description('put the named checkpoints in this order (in the places they hold now); --reset goes back to stage, step and name')
    .option('--reset', 'forget the order set before')
    .option('--json', 'print the new order as JSON')
    .action(
      withApi(async (api, names: string[], options: { reset?: boolean; json?: boolean }) => {
        if (!options.reset && names.length < 2) throw new Error('name at least two checkpoints, in the order they were trained (or pass --reset)');
        print(await api.call('setCheckpointOrder', { names, reset: options.reset ?? false }), options.json);
      }),
    );

  checkpoints
    .command('set-lineage <lineage> <names...>')
    .description('put the named checkpoints in one lineage (base model + training run); "" goes back to the inferred one')
    .option('--json', 'print the checkpoints as JSON')
    .action(
      withApi(async (api, lineage: string, names: string[], options: { json?: boolean }) =>
        print(await api.call('setCheckpointLineage', { names, lineage }), options.json),
      ),
    );
}
