import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeTinyQwen2Vl } from '../scripts/make-tiny-vlm-models';
import { e2eTempDir } from './support/temp-root';
import { demoWorkspace, serve } from './support/workspace';

/**
 * The evaluation form's ONNX option, on the demo workspace through `serve` in Chromium: the tiny
 * random-weight SmolVLM-style fixture answers the demo questions (with their images) in the
 * core's process; a wrong folder is refused with the file it lacks.
 */
let server: Awaited<ReturnType<typeof serve>>;

test.beforeAll(async () => {
  server = await serve(demoWorkspace());
});
test.afterAll(() => server?.stop());

test('an evaluation of an ONNX model folder started from the form runs in process and shows in the overview', async ({ page }, testInfo) => {
  await page.goto(server.url);
  await expect(page.getByTestId('runs-matrix').locator('td.run-cell')).toHaveCount(8);
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.getByTestId('new-evaluation').click();
  const form = page.getByTestId('evaluation-form');
  await form.getByLabel('Checkpoint name').fill('tiny-smolvlm');
  await form.getByLabel('Answered by').selectOption('onnx');
  await expect(form.getByLabel('Endpoint URLs')).toHaveCount(0);

  // A folder without the model's parts is refused, naming what is missing.
  await form.getByLabel('ONNX model folder').fill(join(process.cwd(), 'e2e', 'fixtures'));
  await form.getByLabel('Limit').fill('4');
  await form.getByTestId('start-evaluation').click();
  const failed = page.getByTestId('job-item').filter({ hasText: 'tiny-smolvlm' }).first();
  await expect(failed.locator('.job-status')).toHaveText('failed', { timeout: 60_000 });
  await expect(failed).toContainText('config.json is missing');

  await form.getByLabel('ONNX model folder').fill(join(process.cwd(), 'e2e', 'fixtures', 'models', 'tiny-smolvlm'));
  await form.getByLabel('ONNX dtype').selectOption('fp16');
  await form.getByLabel('ONNX device').selectOption('auto');
  await form.getByLabel('Max tokens').fill('300');
  await form.getByTestId('start-evaluation').click();
  await expect(form.getByTestId('evaluation-status')).toContainText(/Evaluation (started|resumed): run \d+, job \d+/);
  const job = page.getByTestId('job-item').filter({ hasText: 'tiny-smolvlm' }).first();
  await expect(job.locator('.job-status')).toHaveText('completed', { timeout: 90_000 });
  await expect(job).toContainText('4 of 4 answers');
  await job.getByRole('button', { name: 'Show log' }).click();
  await expect(job).toContainText('running on CPU (auto: CUDA provider not installed, fell back to CPU)');
  await page.screenshot({ path: testInfo.outputPath('onnx-evaluation-job.png'), fullPage: true });

  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(page.getByTestId('runs-matrix')).toContainText('tiny-smolvlm');
});

test('the live trace view shows the question and the answer as the in-process model writes it', async ({ page }, testInfo) => {
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.getByTestId('new-evaluation').click();
  const form = page.getByTestId('evaluation-form');
  // The fixture's architecture, written without an end-of-answer token (as the bench's): every
  // answer runs to its 2,048-token budget, so each question streams for a while on any machine.
  const neverEnding = e2eTempDir('vlmwb-e2e-never-ending-');
  writeTinyQwen2Vl(neverEnding, { ends: false });
  await form.getByLabel('Checkpoint name').fill('tiny-qwen2-vl-live');
  await form.getByLabel('Answered by').selectOption('onnx');
  await form.getByLabel('ONNX model folder').fill(neverEnding);
  await form.getByLabel('Limit').fill('3');
  await form.getByLabel('Max tokens').fill('2048');
  await form.getByTestId('start-evaluation').click();
  const job = page.getByTestId('job-item').filter({ hasText: 'tiny-qwen2-vl-live' }).first();
  await job.getByTestId('watch-live').click({ timeout: 60_000 });

  const live = page.getByTestId('live-trace');
  await expect(live.getByTestId('question')).toBeVisible();
  await expect(live.locator('img').first()).toBeVisible();
  // The text grows in place, without a reload: several lengths are seen while it streams.
  const lengths = new Set<string>();
  await expect
    .poll(
      async () => {
        if ((await live.getByTestId('live-status').textContent()) === 'streaming') lengths.add((await live.getByTestId('live-length').textContent()) ?? '');
        return lengths.size;
      },
      { timeout: 60_000, intervals: [100] },
    )
    .toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: testInfo.outputPath('live-trace.png'), fullPage: true });

  // It follows the run to its end; the answers written meanwhile lead to their stored traces.
  await expect(live.getByTestId('live-status')).toHaveText('completed', { timeout: 120_000 });
  await expect(live.getByTestId('live-idle')).toContainText('its answers are stored and graded');
  const finished = live.getByTestId('live-finished').getByRole('link');
  await expect(finished.first()).toBeVisible();
  await finished.first().click();
  await expect(page.getByTestId('result-count')).toHaveText('1 prediction');
  await expect(page.getByTestId('explorer-row')).toHaveCount(1);
});
