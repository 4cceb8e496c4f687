import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cli, serve } from './support/workspace';
import { e2eTempDir } from './support/temp-root';

/**
 * Model output is untrusted: a prediction full of <script>, onerror=, javascript: links and
 * KaTeX \href must render as inert text: no dialog, no script, no element that could fetch or
 * navigate, no request leaving the page's origin, in both the rendered and the plain view.
 */
let server: Awaited<ReturnType<typeof serve>>;
let predictionId = 0;
type Made = { predictionId: number; checkpointId: number };
let made: { hostile: Made; entities: Made; latex: Made; mega: Made; baseCheckpointId: number; sample: string; benchmark: string };

test.beforeAll(async () => {
  const db = join(e2eTempDir('hostile-'), 'hostile.sqlite');
  cli(['demo', '--db', db, '--samples', '4']);
  const added = spawnSync(process.execPath, ['--import', 'tsx', join('e2e', 'support', 'hostile-prediction.ts'), db], { encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`could not add the hostile predictions:\n${added.stderr}`);
  made = JSON.parse(added.stdout.trim()) as typeof made;
  predictionId = made.hostile.predictionId;
  server = await serve(db);
});

/** Everything that would show a hostile output got somewhere: requests off the origin, dialogs, popups, page errors. */
function watch(page: Page) {
  const origin = new URL(server.url).origin;
  const seen = { foreign: [] as string[], dialogs: [] as string[], popups: [] as string[], errors: [] as string[] };
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith(`blob:${origin}/`)) seen.foreign.push(url);
  });
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('popup', (popup) => seen.popups.push(popup.url()));
  page.on('pageerror', (error) => seen.errors.push(error.message));
  return { origin, seen };
}

async function expectNothingRan(page: Page, seen: ReturnType<typeof watch>['seen']): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(seen.dialogs).toEqual([]);
  expect(seen.popups).toEqual([]);
  expect(seen.foreign).toEqual([]);
  expect(seen.errors).toEqual([]);
}

const ACTIVE = ['script', 'img', 'iframe', 'object', 'embed', 'svg[onload]', 'a', 'style', '[href]', '[src]', '[onerror]', '[onload]', '[onmouseover]', '[style*="url("]', '[data-foo]', '.pwned', '#pwn'];
test.afterAll(() => server?.stop());

test('hostile model output renders inert: no dialog, no script, no request', async ({ page }, testInfo) => {
  const origin = new URL(server.url).origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith(`blob:${origin}/`)) foreign.push(url);
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

test('HTML entities and KaTeX \\htmlData, \\htmlClass, \\htmlStyle, \\url and \\href stay text', async ({ page }, testInfo) => {
  const { origin, seen } = watch(page);
  await page.goto(server.url);
  await page.goto(`${origin}/#/prediction/${made.entities.predictionId}`);
  const output = page.getByTestId('model-output');
  await expect(page.getByTestId('think-output')).toBeVisible();
  // Entities are decoded into text, never into markup.
  await expect(output).toContainText('<script>window.__pwned = "entity"</script>');
  await expect(output).toContainText('<img src=x onerror=alert(1)>');
  await expect(output).toContainText('<svg onload=alert(2)>');
  // The trust-needing KaTeX commands render as their own red names.
  for (const command of ['\\htmlData', '\\htmlClass', '\\htmlStyle', '\\url', '\\href', '\\includegraphics']) {
    await expect(output.locator('.katex', { hasText: command }).first(), command).toBeVisible();
  }
  for (const selector of ACTIVE) await expect(output.locator(selector), selector).toHaveCount(0);
  for (const link of await page.getByTestId('inert-link').all()) await link.click();
  await page.screenshot({ path: testInfo.outputPath('hostile-entities.png'), fullPage: true });
  await expectNothingRan(page, seen);
  expect(page.url()).toContain(`/#/prediction/${made.entities.predictionId}`);
});

test('gigantic and deeply nested LaTeX renders bounded, and the page keeps answering clicks and keys', async ({ page }, testInfo) => {
  const { origin, seen } = watch(page);
  await page.goto(server.url);
  await page.goto(`${origin}/#/prediction/${made.latex.predictionId}`);
  const output = page.getByTestId('model-output');
  await expect(output).toBeVisible();
  // The long think part starts closed; opening it typesets the small formulas (macro bomb, huge rule)
  // within KaTeX's limits, and shows the overlong ones (deep nesting, 36,000 characters) as their TeX.
  await page.getByTestId('think-summary').click();
  const think = page.getByTestId('think-output');
  await expect(think).toBeVisible();
  await expect(think.locator('.katex, .katex-error').first()).toBeVisible();
  expect(await think.locator('.katex, .katex-error').count()).toBeGreaterThanOrEqual(3);
  await expect(think.locator('.math-source')).toHaveCount(6);
  await expect(think.locator('.math-source').last()).toContainText('x_{2999}^{2}+1');
  await page.screenshot({ path: testInfo.outputPath('hostile-latex.png') });
  // Still responsive: a click switches the view, a key leaves the trace.
  await output.getByRole('button', { name: 'Plain text' }).click();
  await expect(output.getByRole('button', { name: 'Plain text' })).toHaveAttribute('aria-pressed', 'true');
  await output.getByRole('button', { name: 'Rendered' }).click();
  await expect(output.getByRole('button', { name: 'Rendered' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/explore/);
  await expectNothingRan(page, seen);
});

test('one megabyte of hostile output: shown as plain text at once, inert, and the page stays responsive (trace and comparison)', async ({ page }, testInfo) => {
  const { origin, seen } = watch(page);
  await page.goto(server.url);
  await page.goto(`${origin}/#/prediction/${made.mega.predictionId}`);
  const output = page.getByTestId('model-output');
  await expect(output.getByText(/characters; it is shown as plain text/)).toBeVisible();
  await page.getByTestId('think-summary').click();
  await expect(page.getByTestId('think-output')).toContainText('<script>window.__pwned = "mega"</script>');
  await output.getByText(/^Raw output/).click();
  await expect(page.getByTestId('raw-output')).toContainText('\\boxed{3}');
  for (const selector of ACTIVE) await expect(output.locator(selector), selector).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('hostile-mega.png') });
  // A click and a key still answer within the normal timeout.
  await output.getByRole('button', { name: 'Plain text' }).click();
  await expect(output.getByRole('button', { name: 'Plain text' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/explore/);

  // The comparison view shows the same output side by side: bounded there too.
  const query = new URLSearchParams({ c: `${made.baseCheckpointId},${made.mega.checkpointId}`, sample: made.sample, benchmark: made.benchmark });
  await page.goto(`${origin}/#/compare?${query.toString()}`);
  const sideBySide = page.getByTestId('side-by-side');
  await expect(sideBySide).toBeVisible();
  // The think part (closed) and the answer part are both deferred to plain text; the answer shows.
  await expect(sideBySide.getByTestId('markdown-deferred')).toHaveCount(2);
  await expect(sideBySide.getByTestId('markdown-deferred').last()).toBeVisible();
  for (const selector of ACTIVE.filter((s) => s !== 'img' && s !== '[src]' && s !== 'a' && s !== '[href]')) await expect(sideBySide.locator('.sbs-column').nth(1).locator(selector), selector).toHaveCount(0);
  await sideBySide.getByRole('link', { name: 'hostile-mega' }).click();
  await expect(page).toHaveURL(new RegExp(`#/prediction/${made.mega.predictionId}`));
  await expect(page.getByTestId('model-output')).toBeVisible();
  await expectNothingRan(page, seen);
});
