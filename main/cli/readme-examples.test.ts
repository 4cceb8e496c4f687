import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../test-support/cli';
import { useTempDir } from '../test-support/temp';

interface StatsRow {
  n: number;
  correct: number;
  official_n?: number;
  official_correct?: number;
}

/** The README's import example, line by line, as a newcomer in a fresh clone types it. */
function readmeImportExample(): { commands: string[][]; figures: Array<{ correct: number; n: number; line: string }> } {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /<!-- readme-import-example:start -->\s*```bash\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no readme-import-example block');
  const lines = block[1]!.split('\n').filter((line) => line.trim() !== '');
  const variables = Object.fromEntries([...lines[0]!.matchAll(/(\w+)=(\S+?);?(?=\s|$)/g)].map((match) => [match[1]!, match[2]!]));
  const commands: string[][] = [];
  const figures: Array<{ correct: number; n: number; line: string }> = [];
  for (const line of lines.slice(1)) {
    const [command, comment = ''] = line.split('#');
    const words = command!.trim().split(/\s+/).map((word) => word.replace(/\$(\w+)/g, (_, name: string) => variables[name] ?? `$${name}`));
    expect(words.slice(0, 2), line).toEqual(['npx', 'vlm-workbench']);
    commands.push(words.slice(2));
    const figure = /^\s*(\d+)\/(\d+)/.exec(comment);
    if (figure) figures.push({ correct: Number(figure[1]), n: Number(figure[2]), line });
  }
  return { commands, figures };
}

describe('the README import example', () => {
  const tempDir = useTempDir();

  it('runs as written from the repo root and reproduces every figure it states', async () => {
    const { commands, figures } = readmeImportExample();
    const workspace = join(tempDir(), 'real.sqlite');
    let stats: StatsRow[] = [];
    for (const args of commands) {
      const result = await runCli(args.map((arg) => (arg === '/tmp/real.sqlite' ? workspace : arg)));
      expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
      if (args[0] === 'stats') stats = JSON.parse(result.stdout) as StatsRow[];
    }
    expect(figures.length).toBeGreaterThanOrEqual(5);
    for (const figure of figures) {
      const matches = stats.some(
        (row) => (row.official_correct === figure.correct && row.official_n === figure.n) || (row.correct === figure.correct && row.n === figure.n),
      );
      expect(matches, figure.line).toBe(true);
    }
  }, 600_000);
});
