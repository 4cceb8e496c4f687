import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cli, serve } from './support/workspace';

/**
 * Checkpoint names as training scripts write them run long (Ocean-R1's, 97 characters): the
 * checkpoint column keeps its width, its lineage row wrapping, so the benchmark columns stay in view.
 */
const LONG_NAME = 'r1-v-3b-concat-visual-data-w-rec-135k-v2_exp-Qwen2.5-VL-3B-concat_visual_data_w_rec_135k_v2@2800';
const CLICK_LOG = join(
  process.cwd(),
  'main/core/ingest/real-files/vlm-r1/qwen2.5-vl-7b-grpo-screenspot-desktop-click-majorityvoting-temp0.3-checkpoint-90/click_results_screenspot_desktop.json',
);

let server: Awaited<ReturnType<typeof serve>>;

test.beforeAll(async () => {
  const db = join(mkdtempSync(join(os.tmpdir(), 'vlmwb-e2e-layout-')), 'w.sqlite');
  cli(['import', '--db', db, CLICK_LOG, '--checkpoint', LONG_NAME]);
  // The same log again, one byte apart (a file imported once is not imported twice), as a second checkpoint.
  const second = join(dirname(db), 'click_results_screenspot_desktop.json');
  writeFileSync(second, `${readFileSync(CLICK_LOG, 'utf8')}\n`);
  cli(['import', '--db', db, second, '--checkpoint', 'qwen2.5-vl-7b-instruct']);
  const third = join(dirname(db), 'click_results_screenspot_desktop_base.json');
  writeFileSync(third, `${readFileSync(CLICK_LOG, 'utf8')}\n\n`);
  cli(['import', '--db', db, third, '--checkpoint', 'qwen2.5-vl-7b-base']);
  server = await serve(db);
});
test.afterAll(() => server?.stop());

test('a long checkpoint and lineage name wraps in the checkpoint column instead of widening it', async ({ page }) => {
  await page.goto(server.url);
  const matrix = page.getByTestId('runs-matrix');
  await expect(matrix.getByTestId('lineage-row').filter({ hasText: 'r1-v-3b-concat-visual-data' })).toHaveCount(1);
  const column = await matrix.locator('th.checkpoint').first().boundingBox();
  expect(column!.width).toBeLessThanOrEqual(400);
  // The run's cell sits beside it, in view on a laptop-wide window.
  const cell = await matrix.locator('td.run-cell').first().boundingBox();
  expect(cell!.x + cell!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
});

test('the compare view fits the window with a long lineage name in its pickers', async ({ page }) => {
  await page.goto(server.url);
  await page.goto(`${new URL(server.url).origin}/#/compare`);
  await expect(page.getByTestId('compare-view')).toBeVisible();
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number });
    return root.document.documentElement.scrollWidth - root.innerWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
});

test("a trace's \"Compare checkpoints here\" compares its own checkpoint, not the default pair", async ({ page }) => {
  await page.goto(server.url);
  const origin = new URL(server.url).origin;
  await page.goto(`${origin}/#/compare`);
  await expect(page.getByTestId('compare-view')).toBeVisible();
  // A checkpoint the default pair leaves out.
  const names = [LONG_NAME, 'qwen2.5-vl-7b-instruct', 'qwen2.5-vl-7b-base'];
  let outside = '';
  for (const name of names) if ((await page.getByTestId(`pick-${name}`).getAttribute('aria-pressed')) !== 'true') outside = name;
  expect(outside).not.toBe('');
  await page.goto(`${origin}/#/explore?q=${encodeURIComponent(`checkpoint:${outside}`)}`);
  await page.getByTestId('explorer-row').first().click();
  await page.getByTestId('compare-here').click();
  await expect(page.getByTestId(`pick-${outside}`)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('sbs-column')).toHaveCount(2);
});
