/**
 * One front door (issue 14): the CLI's commands that do what an API method does call that method
 * (main/cli/api.ts), so what the API refuses the command line refuses too, with the API's words.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../core/api/dispatch';
import { openWorkbench } from '../core/workbench';
import { runCli } from '../test-support/cli';
import { useTempDir } from '../test-support/temp';

/** What the API answers to this call on this workspace: its error message (it must refuse). */
async function apiRefusal(workspace: string, method: string, input: unknown): Promise<string> {
  const workbench = openWorkbench(workspace);
  try {
    await dispatch(workbench.handlers, method, input);
  } catch (error) {
    return (error as Error).message;
  } finally {
    workbench.close();
  }
  throw new Error(`the API accepted ${method} ${JSON.stringify(input)}`);
}

describe('the CLI goes through the API', () => {
  const tempDir = useTempDir();

  it('sets create, rename and export refuse what the API refuses, with the same message, and change nothing', { timeout: 180_000 }, async () => {
    const workspace = join(tempDir(), 'w.sqlite');
    expect((await runCli(['demo', '--db', workspace, '--samples', '4'])).code).toBe(0);

    const refusedLike = async (args: string[], method: string, input: unknown): Promise<void> => {
      const result = await runCli([...args, '--db', workspace]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toBe(`vlm-workbench: ${await apiRefusal(workspace, method, input)}\n`);
    };
    // A name the filter language cannot quote (set:"…" could never match it), an empty or too long one.
    await refusedLike(['sets', 'create', 'the "hard" ones', '--filter', 'correct:false'], 'createFailureSet', { name: 'the "hard" ones', query: 'correct:false' });
    await refusedLike(['sets', 'create', '  ', '--filter', 'correct:false'], 'createFailureSet', { name: '  ', query: 'correct:false' });
    await refusedLike(['sets', 'create', 'x'.repeat(121), '--filter', 'correct:false'], 'createFailureSet', { name: 'x'.repeat(121), query: 'correct:false' });
    // A filter that does not parse is refused when the set is made, not when it is next refreshed.
    await refusedLike(['sets', 'create', 'maybe', '--filter', 'correct:maybe'], 'createFailureSet', { name: 'maybe', query: 'correct:maybe' });
    expect(JSON.parse((await runCli(['sets', 'list', '--db', workspace, '--json'])).stdout)).toEqual([]);

    const created = await runCli(['sets', 'create', 'hard', '--db', workspace, '--filter', 'correct:false', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: number };
    await refusedLike(['sets', 'rename', 'hard', 'say "hi"'], 'updateFailureSet', { id, name: 'say "hi"' });
    await refusedLike(['sets', 'rename', 'hard', '   '], 'updateFailureSet', { id, name: '   ' });
    await refusedLike(['sets', 'describe', 'hard', 'x'.repeat(10_001)], 'updateFailureSet', { id, description: 'x'.repeat(10_001) });
    const out = join(tempDir(), 'x.jsonl');
    await refusedLike(['export', '--filter', 'correct:maybe', '--format', 'jsonl', '--out', out], 'startExport', { query: 'correct:maybe', format: 'jsonl', outPath: out });
    expect(JSON.parse((await runCli(['sets', 'list', '--db', workspace, '--json'])).stdout)).toEqual([expect.objectContaining({ id, name: 'hard', description: '' })]);
  });

  it('checkpoints order and import refuse what the API refuses, with the same message', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const workspace = join(dir, 'w.sqlite');
    expect((await runCli(['demo', '--db', workspace, '--samples', '4'])).code).toBe(0);
    const long = 'c'.repeat(501);
    const order = await runCli(['checkpoints', 'order', 'base', long, '--db', workspace]);
    expect(order.code).toBe(1);
    expect(order.stderr).toBe(`vlm-workbench: ${await apiRefusal(workspace, 'setCheckpointOrder', { names: ['base', long] })}\n`);

    const file = join(dir, 'preds.jsonl');
    const mapped = await runCli(['import', '--db', workspace, '--format', 'jsonl', '--map', 'colour=x', file]);
    expect(mapped.code).toBe(1);
    expect(mapped.stderr).toBe(`vlm-workbench: ${await apiRefusal(workspace, 'importFiles', { paths: [file], format: 'jsonl', map: ['colour=x'] })}\n`);
  });

  it('compare takes the bootstrap bounds of the API\'s compareCheckpoints', async () => {
    for (const [flag, value] of [['--replicates', '50'], ['--replicates', '100001'], ['--seed', String(2 ** 31 + 1)]] as const) {
      const result = await runCli(['compare', '--db', join(tempDir(), 'none.sqlite'), '--a', 'x', '--b', 'y', flag, value]);
      expect(result.code, `${flag} ${value}`).toBe(1);
      expect(result.stderr, `${flag} ${value}`).toMatch(new RegExp(`${flag} must be an integer from \\d+ to \\d+, got "${value}"`));
    }
  });
});
