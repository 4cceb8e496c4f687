import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { CLI, demoWorkspace, serve } from './support/workspace';

/**
 * The workflows started from the UI, on a demo workspace through `serve` in Chromium: an
 * evaluation against the SIMULATED OpenAI-compatible server, a failure set exported, a caption
 * counterfactual, and the learning dynamics. Each view is saved as a screenshot.
 */
let server: Awaited<ReturnType<typeof serve>>;
let simulator: { url: string; model: string; process: ChildProcess } | undefined;

/** Starts `vlm-workbench simulate-server --port 0` and reads the URL and model name it prints. */
async function simulate(): Promise<{ url: string; model: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'simulate-server', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulate-server printed no URL:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = / at (http:\/\/\S+) model=(\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, model: match[2]!, process: child });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`simulate-server exited with ${code}:\n${output}`)));
  });
}

test.beforeAll(async () => {
  server = await serve(demoWorkspace());
});
test.afterAll(() => {
  server?.stop();
  simulator?.process.kill('SIGTERM');
});

async function shot(page: Page, name: string, path: (name: string) => string): Promise<void> {
  await page.screenshot({ path: path(`${name}.png`), fullPage: true });
}

const origin = (): string => new URL(server.url).origin;

test('an evaluation started from the form runs against the simulated server and shows in the overview', async ({ page }, testInfo) => {
  simulator = await simulate();
  await page.goto(server.url);
  await expect(page.getByTestId('runs-matrix').locator('td.run-cell')).toHaveCount(8);
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.getByTestId('new-evaluation').click();
  const form = page.getByTestId('evaluation-form');

  // A bad endpoint is refused by the API and the reason shows beside the form.
  await form.getByLabel('Checkpoint name').fill('e2e-sim@300');
  await form.getByLabel('Endpoint URLs').fill('not-a-url');
  await form.getByLabel('Served model name').fill(simulator.model);
  await form.getByTestId('start-evaluation').click();
  await expect(form.getByTestId('evaluation-status')).toContainText('http(s) base URL');

  await form.getByLabel('Stage').fill('stage3');
  await form.getByLabel('Step').fill('300');
  await form.getByLabel('Endpoint URLs').fill(simulator.url);
  await form.getByLabel('Concurrency').fill('4');
  await form.getByLabel('Max tokens').fill('1024');
  await form.getByLabel('Limit').fill('20');
  await form.getByTestId('start-evaluation').click();
  await expect(form.getByTestId('evaluation-status')).toContainText(/Evaluation started: run \d+, job \d+/);
  const job = page.getByTestId('job-item').filter({ hasText: 'e2e-sim@300' }).first();
  await expect(job).toBeVisible();
  await expect(job.locator('.job-status')).toHaveText('completed', { timeout: 60_000 });
  await expect(job).toContainText('20 of 20 answers');
  await expect(job.getByTestId('job-rate')).toContainText('answers/s');
  await shot(page, 'w1-evaluation-job', (name) => testInfo.outputPath(name));

  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  const matrix = page.getByTestId('runs-matrix');
  await expect(matrix.locator('td.run-cell')).toHaveCount(9);
  await expect(matrix).toContainText('e2e-sim@300');
  // Its answers came from the simulated server (x-simulated): badged like the demo's, as `stats` does.
  await expect(matrix.getByTestId('checkpoint-row-e2e-sim@300').locator('.badge.simulated')).toBeVisible();
  await shot(page, 'w1-overview-with-new-run', (name) => testInfo.outputPath(name));
});

test('the explorer saves its filter as a set and exports it as jsonl', async ({ page }, testInfo) => {
  await page.goto(server.url);
  await page.goto(`${origin()}/#/explore?q=${encodeURIComponent('checkpoint:base correct:false')}`);
  await expect(page.getByTestId('result-count')).toHaveText(/^\d+ predictions$/);
  const count = Number((await page.getByTestId('result-count').textContent())!.split(' ')[0]);
  await page.getByTestId('open-export').click();
  const panel = page.getByTestId('export-panel');
  await panel.getByLabel('Set name').fill('base failures');
  await panel.getByLabel('Set description').fill('every failed answer of the base model');
  await panel.getByTestId('create-set').click();
  await expect(panel.getByTestId('set-created')).toContainText(`${count} prediction`);
  await panel.getByLabel('Export format').selectOption('jsonl');
  await panel.getByTestId('start-export').click();
  const status = panel.getByTestId('export-status');
  await expect(status).toContainText('completed', { timeout: 60_000 });
  await expect(status.locator('.out-path')).toContainText('exports');
  await shot(page, 'w2-export', (name) => testInfo.outputPath(name));

  // The same set again as one zip, which a browser can download.
  await panel.getByLabel('Export format').selectOption('zip');
  await panel.getByTestId('start-export').click();
  await expect(status.locator('.out-path')).toContainText('.zip');
  await expect(status).toContainText('completed', { timeout: 60_000 });
  const download = page.waitForEvent('download');
  await panel.getByTestId('download-export').click();
  expect((await download).suggestedFilename()).toMatch(/\.zip$/);

  // A set saved before is picked, not saved again under another name.
  await panel.getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('open-export').click();
  await page.getByTestId('export-panel').getByTestId('pick-set').selectOption({ label: `base failures (${count})` });
  await expect(page.getByTestId('export-panel').getByTestId('set-created')).toContainText(`“base failures” with ${count} prediction`);

  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await expect(page.getByTestId('job-item').filter({ hasText: /export/i }).first().locator('.job-status')).toHaveText('completed');
});

test('a caption counterfactual on a demo checkpoint shows its perception share', async ({ page }, testInfo) => {
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Errors', exact: true }).click();
  const panel = page.getByTestId('attribution-panel');
  await panel.getByLabel('Checkpoint to attribute').selectOption('base');
  await panel.getByTestId('start-attribution').click();
  await expect(panel.getByTestId('attribution-status')).toContainText('completed', { timeout: 60_000 });
  await panel.getByLabel('Attribution source').selectOption('counterfactual');
  const byCheckpoint = panel.getByTestId('attribution-by-checkpoint');
  const row = byCheckpoint.locator('tr').filter({ hasText: 'base' }).first();
  await expect(row).toContainText('counterfactual');
  await expect(row.getByTestId('perception-share')).toHaveText(/\d+(\.\d)?%/);
  await expect(panel.getByTestId('attribution-by-stage')).toContainText('counterfactual');
  await panel.screenshot({ path: testInfo.outputPath('w3-attribution.png') });
});

test('the compare view shows the learning dynamics', async ({ page }, testInfo) => {
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Compare', exact: true }).click();
  const dynamics = page.getByTestId('learning-dynamics');
  await expect(dynamics).toBeVisible();
  const number = async (id: string): Promise<number> => Number((await dynamics.getByTestId(`dynamics-${id}`).textContent())!.replace(/,/g, ''));
  expect(await number('samples')).toBe(120);
  const parts = await Promise.all(['always-correct', 'learned', 'forgotten', 'never-learned'].map(number));
  expect(parts.every((n) => n >= 0)).toBe(true);
  expect(await number('never-learned')).toBeGreaterThan(0);
  expect(await number('forgetting-events')).toBeGreaterThan(0);
  await expect(dynamics.getByTestId('learned-at').locator('tbody tr').first()).toBeVisible();
  await shot(page, 'w4-compare', (name) => testInfo.outputPath(name));
  await dynamics.screenshot({ path: testInfo.outputPath('w4-learning-dynamics.png') });
});
