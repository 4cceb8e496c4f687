import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cli, serve } from './support/workspace';

/** Real VLMEvalKit files (main/core/ingest/real-files/README.md): LogicVista judged + its _score.csv, and the raw file renamed to a benchmark without an official rule. */
function importedWorkspace(): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-e2e-'));
  const launch = join(process.cwd(), 'main/core/ingest/real-files/vlmevalkit-outputs/VLM-R1/T20250426_Ga32ffdf2');
  const model = join(dir, 'outputs', 'VLM-R1', 'T20250426_Ga32ffdf2');
  for (const name of ['VLM-R1_LogicVista_gpt4o-mini.xlsx', 'VLM-R1_LogicVista_gpt4o-mini_score.csv']) cpSync(join(launch, name), join(model, name));
  cpSync(join(launch, 'VLM-R1_LogicVista.xlsx'), join(model, 'VLM-R1_SomeNewBench.xlsx'));
  const db = join(dir, 'w.sqlite');
  cli(['import', '--db', db, join(dir, 'outputs')]);
  // Plain records whose `correct` (the official verdict) says right where ours says wrong, once.
  const records = [['5', 1], ['5', 1], ['7', 1], ['7', 0]].map(([prediction, correct], i) => JSON.stringify({ id: `q${i}`, question: `How many? (${i})`, answer: '5', prediction, correct }));
  writeFileSync(join(dir, 'counts.jsonl'), `${records.join('\n')}\n`);
  cli(['import', '--db', db, join(dir, 'counts.jsonl'), '--benchmark', 'Counts', '--checkpoint', 'counter']);
  // A later checkpoint on the same questions, right by both: the pair Compare shows below.
  const later = [0, 1, 2, 3].map((i) => JSON.stringify({ id: `q${i}`, question: `How many? (${i})`, answer: '5', prediction: '5', correct: 1 }));
  writeFileSync(join(dir, 'counts-later.jsonl'), `${later.join('\n')}\n`);
  cli(['import', '--db', db, join(dir, 'counts-later.jsonl'), '--benchmark', 'Counts', '--checkpoint', 'counter@200']);
  return db;
}

let server: Awaited<ReturnType<typeof serve>>;
let workspace: string;

test.beforeAll(async () => {
  workspace = importedWorkspace();
  server = await serve(workspace);
});
test.afterAll(() => server?.stop());

test('the overview and the trace say where ours and the official figure differ, or that there is no official rule', async ({ page }) => {
  await page.goto(server.url);
  const matrix = page.getByTestId('runs-matrix');
  await expect(matrix).toBeVisible();
  const official = matrix.getByTestId('official-accuracy');
  await expect(official).toHaveCount(4);
  // LogicVista: the official figure is the _score.csv's 170/447 = 38.0%.
  await expect(official.filter({ hasText: 'official 38.0%' })).toHaveCount(1);
  await expect(official.filter({ hasText: 'no official rule implemented' })).toHaveCount(1);

  // The run without an official rule: its trace says so.
  const cell = matrix.locator('td.run-cell').filter({ has: page.getByText('no official rule implemented') });
  await cell.click();
  await page.getByTestId('explorer-row').first().click();
  await expect(page.getByTestId('run-provenance')).toContainText('no official rule implemented');
  // VLMEvalKit never asked this model for the R1 format: its absence is said plainly, not marked as a fault.
  await expect(page.getByTestId('format-compliance')).toContainText('imported: its prompt may not ask for it');
  await expect(page.getByTestId('format-compliance').locator('.error')).toHaveCount(0);
});

test("the overview's 'differs' badge lists the samples where ours and the official verdict differ", async ({ page }) => {
  await page.goto(server.url);
  const badge = page.getByTestId('runs-matrix').getByTestId('official-differs');
  // Counts: ours 2/4, the file's verdicts 3/4.
  await expect(badge).toHaveCount(1);
  await expect(badge).toHaveText('differs -25.0 pts');
  await badge.click();
  await expect(page.getByTestId('filter-input')).toHaveValue(/^run:\d+ agrees:false$/);
  await expect(page.getByTestId('explorer-row')).toHaveCount(1);
  await expect(page.getByTestId('explorer-row')).toContainText('q2');
  await expect(page.getByTestId('explorer-row').locator('.badge.disagree')).toBeVisible();
});

test('compare says the accuracies are ours and gives the official change where a run differs', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('runs-matrix')).toBeVisible();
  const checkpoints = JSON.parse(cli(['checkpoints', 'list', '--json', '--db', workspace])) as Array<{ id: number; name: string }>;
  const id = (name: string): number => checkpoints.find((c) => c.name === name)!.id;
  await page.goto(`${new URL(server.url).origin}/#/compare?c=${id('counter')},${id('counter@200')}&benchmark=Counts`);
  // counter: ours 50.0%, its file's verdicts 75.0%; counter@200: 100% both.
  await expect(page.getByTestId('flip-table')).toContainText('50.0% → 100.0%');
  await expect(page.getByTestId('compare-official-note')).toHaveText(/These accuracies are ours\. The official figures differ for Counts \(official 75\.0% → 100\.0%, \+25\.0 pts\)/);
});
