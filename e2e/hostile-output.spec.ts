import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cli, serve } from './support/workspace';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';

/**
 * Model output is untrusted: a prediction full of <script>, onerror=, javascript: links and
 * KaTeX \href must render as inert text: no dialog, no script, no element that could fetch or
 * navigate, no request leaving the page's origin, in both the rendered and the plain view.
 */
let server: Awaited<ReturnType<typeof serve>>;
let predictionId = 0;

test.beforeAll(async () => {
  const db = join(mkdtempSync(join(os.tmpdir(), 'vlmwb-e2e-')), 'hostile.sqlite');
  cli(['demo', '--db', db, '--samples', '4']);
  const made = spawnSync(process.execPath, ['--import', 'tsx', join('e2e', 'support', 'hostile-prediction.ts'), db], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`could not add the hostile prediction:\n${made.stderr}`);
  predictionId = Number(made.stdout.trim());
  server = await serve(db);
});
test.afterAll(() => server?.stop());

test('hostile model output renders inert: no dialog, no script, no request', async ({ page }, testInfo) => {
  const origin = new URL(server.url).origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) foreign.push(url);
  });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const popups: string[] = [];
  page.on('popup', (popup) => popups.push(popup.url()));

  await page.goto(server.url);
  await page.goto(`${origin}/#/prediction/${predictionId}`);
  const output = page.getByTestId('model-output');
  await expect(output).toBeVisible();
  await expect(page.getByTestId('think-output')).toBeVisible();

  // What the model wrote is shown as text ...
  await expect(output).toContainText('<script>window.__pwned');
  await expect(output).toContainText('<img src=x onerror=');
  await expect(page.getByTestId('inert-link').first()).toHaveText('the docs');
  // ... KaTeX renders formulas, but \href, \url, \htmlId and \includegraphics only as their red names ...
  await expect(output.locator('.katex').first()).toBeVisible();
  await expect(output.locator('.katex', { hasText: '\\href' }).first()).toBeVisible();
  // ... and nothing in it became an element that runs, loads or navigates.
  for (const selector of ['script', 'img', 'iframe', 'svg[onload]', 'a', 'style', '[onerror]', '[onload]', '[onmouseover]', '#pwn', '[href]', '[src]']) {
    await expect(output.locator(selector), selector).toHaveCount(0);
  }
  await expect(page.getByTestId('answer-mark')).toHaveText('3');

  // Hover and click everything that looks clickable in the output.
  await page.getByTestId('inert-link').first().click();
  await output.locator('.katex', { hasText: '\\href' }).first().click();
  await output.getByText('bold').first().hover();
  await page.screenshot({ path: testInfo.outputPath('hostile-rendered.png'), fullPage: true });

  // The plain-text view and the raw output are text too.
  await output.getByRole('button', { name: 'Plain text' }).click();
  await output.getByText(/^Raw output/).click();
  await expect(page.getByTestId('raw-output')).toContainText('javascript:alert(3)');
  for (const selector of ['script', 'img', 'iframe', 'a', '[onerror]', '[onload]']) {
    await expect(output.locator(selector), selector).toHaveCount(0);
  }
  await page.screenshot({ path: testInfo.outputPath('hostile-plain.png'), fullPage: true });

  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(popups).toEqual([]);
  expect(foreign).toEqual([]);
  expect(page.url()).toContain(`/#/prediction/${predictionId}`);
});
