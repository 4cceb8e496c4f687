import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { demoWorkspace, serve } from './support/workspace';

/**
 * A researcher's session on the demo workspace, through `serve` in Chromium: overview → one
 * checkpoint's failures → a trace → a label by key → two checkpoints compared → a flip cell's
 * samples → the label found again in the breakdown. Each view is saved as a screenshot.
 */
let server: Awaited<ReturnType<typeof serve>>;

test.beforeAll(async () => {
  server = await serve(demoWorkspace());
});
test.afterAll(() => server?.stop());

const CHECKPOINT = 'stage1-perception@100';

async function shot(page: Page, name: string, path: (name: string) => string): Promise<void> {
  await page.screenshot({ path: path(`${name}.png`), fullPage: true });
}

test('a research session: overview, failures, trace, label, comparison, flips, breakdown', async ({ page }, testInfo) => {
  const save = (name: string): string => testInfo.outputPath(name);
  const origin = new URL(server.url).origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  // 1. The runs overview: eight checkpoints in four stages, accuracy with intervals.
  await page.goto(server.url);
  const matrix = page.getByTestId('runs-matrix');
  await expect(matrix.locator('td.run-cell')).toHaveCount(8);
  await expect(matrix.getByText('Stage 1 · visual perception')).toBeVisible();
  await expect(matrix.locator('td.run-cell').first()).toContainText('95% CI');
  await shot(page, '1-overview', save);

  // 2. One checkpoint's failures, through the filter bar.
  await page.getByRole('link', { name: 'Samples', exact: true }).click();
  const filter = page.getByTestId('filter-input');
  await filter.fill(`checkpoint:${CHECKPOINT} correct:false`);
  await filter.press('Enter');
  await expect(page.getByTestId('result-count')).toHaveText(/^\d+ predictions$/);
  const rows = page.getByTestId('explorer-row');
  await expect(rows.first()).toBeVisible();
  await expect(rows.locator('.verdict.right')).toHaveCount(0);
  const checkpoints = await rows.locator('td:nth-child(2)').allTextContents();
  expect(new Set(checkpoints)).toEqual(new Set([CHECKPOINT]));
  await shot(page, '2-explorer-failures', save);

  // 3. A trace: image, question, rendered think part, the extracted answer marked.
  await rows.first().click();
  const trace = page.getByTestId('trace-view');
  await expect(trace).toBeVisible();
  await expect(trace.locator('img.sample-image')).toBeVisible();
  await expect(trace.getByTestId('think-summary')).toBeVisible();
  await expect(trace.getByTestId('grader-reason')).not.toBeEmpty();
  await shot(page, '3-trace', save);

  // 4. Label it with one key: 1 is the first label of the taxonomy (Perception).
  await expect(page.getByTestId('label-perception')).toBeVisible();
  await page.keyboard.press('1');
  await expect(page.getByTestId('label-status')).toHaveText('Labelled Perception');
  await expect(page.getByTestId('annotations')).toContainText('Perception');
  await expect(page.getByTestId('annotations')).toContainText('by ');
  await shot(page, '4-trace-labelled', save);

  // 5. Compare two checkpoints (the first against the last by default): bars, progression, flips.
  await page.getByRole('link', { name: 'Compare', exact: true }).click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.getByTestId('accuracy-bars').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('progression-chart').locator('.recharts-line').first()).toBeVisible();
  const flips = page.getByTestId('flip-table').first();
  await expect(flips).toContainText('base → stage3-visual-reasoning@279');
  const fixed = flips.getByTestId('flip-aWrongBRight').first();
  const fixedCount = Number(await fixed.textContent());
  expect(fixedCount).toBeGreaterThan(0);
  const cells = await Promise.all(['aRightBWrong', 'aWrongBRight', 'bothWrong', 'bothRight'].map(async (cell) => Number(await flips.getByTestId(`flip-${cell}`).first().textContent())));
  expect(cells.reduce((sum, n) => sum + n, 0)).toBe(120);
  await shot(page, '5-compare', save);

  // One flipped sample side by side, its differing answers marked.
  await flips.locator('.flip-examples button').first().click();
  const sideBySide = page.getByTestId('side-by-side');
  await expect(sideBySide.getByTestId('sbs-column')).toHaveCount(2);
  await expect(sideBySide).toContainText('answers differ');
  await expect(sideBySide.locator('.answer-value.differs').first()).toBeVisible();
  await shot(page, '6-side-by-side', save);

  // 6. A flip cell opens exactly its samples: stage 3's answers that base got wrong and it got right.
  await fixed.click();
  await expect(page.getByTestId('result-count')).toHaveText(`${fixedCount} predictions`);
  await expect(page.getByTestId('explorer-row').locator('.verdict.wrong')).toHaveCount(0);
  expect(new Set(await page.getByTestId('explorer-row').locator('td:nth-child(2)').allTextContents())).toEqual(new Set(['stage3-visual-reasoning@279']));
  await shot(page, '6-flip-samples', save);

  // 7. The label is found again in the breakdown per checkpoint.
  await page.getByRole('link', { name: 'Errors', exact: true }).click();
  const byCheckpoint = page.getByTestId('breakdown-by-checkpoint');
  await expect(byCheckpoint.getByTestId('breakdown-perception')).toHaveText('1');
  await expect(byCheckpoint.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await shot(page, '7-error-analysis', save);

  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
});

test('the review queue labels and advances by itself; saved filters, shortcuts, jobs and the dark theme', async ({ page }, testInfo) => {
  const save = (name: string): string => testInfo.outputPath(name);
  await page.goto(server.url);

  // A saved filter is kept with the workspace and applies with one click.
  await page.goto(`${new URL(server.url).origin}/#/explore`);
  const filter = page.getByTestId('filter-input');
  await expect(page.getByTestId('result-count')).toHaveText(/^\d+ predictions$/);
  const everything = await page.getByTestId('result-count').textContent();
  await filter.fill('checkpoint:stage2 correct:false');
  await filter.press('Enter');
  // The count of the filtered list, once it has replaced the unfiltered one.
  await expect(page.getByTestId('result-count')).not.toHaveText(everything ?? '');
  await expect(page.getByTestId('result-count')).toHaveText(/^\d+ predictions$/);
  const stage2Failures = await page.getByTestId('result-count').textContent();
  await page.getByRole('button', { name: '+ save this filter' }).click();
  await page.getByLabel('Name of the saved filter').fill('stage 2 failures');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByTestId('result-count')).not.toHaveText(stage2Failures ?? '');
  await page.getByTestId('saved-filters').getByRole('button', { name: 'stage 2 failures', exact: true }).click();
  await expect(page.getByTestId('result-count')).toHaveText(stage2Failures ?? '');

  // The explorer scrolls through every prediction while only the rows on screen are in the page;
  // pages load as they come into view. j/k select a row, Enter opens it.
  await page.getByRole('button', { name: 'Clear' }).click();
  // Wait for the unfiltered count to replace the saved filter's before reading it.
  await expect(page.getByTestId('result-count')).not.toHaveText(stage2Failures ?? '');
  const total = Number((await page.getByTestId('result-count').textContent())!.split(' ')[0]!.replace(/,/g, ''));
  expect(total).toBeGreaterThan(900);
  await page.getByTestId('explorer-scroller').evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await expect(page.locator(`[data-testid="explorer-row"][data-index="${total - 1}"]`)).toBeVisible();
  expect(await page.getByTestId('explorer-row').count()).toBeLessThan(80);
  await page.getByTestId('explorer-scroller').evaluate((element) => element.scrollTo(0, 0));
  await page.getByTestId('explorer-table').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid="explorer-row"].selected')).toHaveAttribute('data-index', '1');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/pos=1/);
  // The image zooms and pans.
  await expect(page.locator('img.sample-image')).toBeVisible();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.locator('.zoom-level')).toHaveText('125%');
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect(page.locator('.zoom-level')).toHaveText('100%');

  // The queue of unlabelled failures for one checkpoint: a label key labels and moves on.
  await page.goto(`${new URL(server.url).origin}/#/review?scope=${encodeURIComponent('checkpoint:stage3-visual-reasoning@279')}`);
  const left = page.getByTestId('queue-left');
  await expect(left).toHaveText(/^\d+ unlabelled failures? left$/);
  const before = Number((await left.textContent())!.split(' ')[0]);
  const first = await page.getByTestId('trace-view').getAttribute('data-prediction');
  await expect(page.getByTestId('label-reasoning')).toBeVisible();
  await page.keyboard.press('2');
  await expect(left).toHaveText(`${before - 1} unlabelled failure${before - 1 === 1 ? '' : 's'} left`);
  await expect(page.getByTestId('trace-view')).not.toHaveAttribute('data-prediction', first ?? '');
  await expect(page.getByTestId('annotations')).toHaveCount(0);
  await page.screenshot({ path: save('review-queue.png'), fullPage: true });

  // The taxonomy is the workspace's own: a new label gets key 7 and is offered in the trace view.
  await page.getByRole('link', { name: 'Errors', exact: true }).click();
  const taxonomy = page.getByTestId('taxonomy-editor');
  await taxonomy.getByLabel('Hotkey').last().fill('7');
  await taxonomy.getByLabel('Label id').fill('grounding');
  await taxonomy.getByLabel('Name').last().fill('Grounding');
  await taxonomy.getByLabel('Description').last().fill('Looked at the wrong region');
  await taxonomy.getByRole('button', { name: 'Add' }).click();
  await expect(taxonomy.getByText('grounding', { exact: true })).toBeVisible();
  await page.getByRole('link', { name: 'Review queue', exact: true }).click();
  await expect(page.getByTestId('label-grounding')).toContainText('7');

  // The shortcut overlay on ?.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-overlay')).toBeVisible();
  await page.screenshot({ path: save('shortcuts.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-overlay')).toHaveCount(0);

  // The jobs panel: the demo's build as a finished job with its log, and an import started from
  // the form that runs as a job and adds its run to the overview.
  await page.goto(`${new URL(server.url).origin}/#/jobs`);
  const demoJob = page.getByTestId('job-item').filter({ hasText: 'demo' }).first();
  await expect(demoJob).toContainText('completed');
  await demoJob.getByRole('button', { name: 'Show log' }).click();
  await expect(demoJob.getByTestId('job-log').or(demoJob.getByText('This job wrote no log lines.'))).toBeVisible();
  const results = save('tiny-results.jsonl');
  writeFileSync(
    results,
    [
      { id: 't1', question: 'How many cubes?', answer: '2', prediction: '<think>two cubes</think> \\boxed{2}' },
      { id: 't2', question: 'What colour is the sphere?', answer: 'red', prediction: '<think>it looks blue</think> \\boxed{blue}' },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n'),
  );
  const form = page.getByTestId('import-form');
  await form.getByLabel('Paths to import').fill(results);
  await form.getByLabel('Checkpoint').fill('imported@1');
  await form.getByLabel('Benchmark').fill('TinyBench');
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('import-status')).toContainText('Import started');
  const importJob = page.getByTestId('job-item').filter({ hasText: 'completed' }).filter({ hasNotText: 'demo' }).first();
  await expect(importJob).toBeVisible();
  // The import's run, ours beside the official figure, as `import` prints it (t1 right, t2 wrong).
  await expect(importJob.getByTestId('job-runs')).toContainText('imported@1 on TinyBench: ours 50.0% (1/2)');
  await page.screenshot({ path: save('jobs.png'), fullPage: true });
  await page.getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(page.getByTestId('runs-matrix')).toContainText('TinyBench');
  await expect(page.getByTestId('runs-matrix')).toContainText('imported@1');

  // Dark theme follows the OS.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${new URL(server.url).origin}/#/explore?q=${encodeURIComponent('correct:false')}`);
  await page.getByTestId('explorer-row').first().click();
  await expect(page.getByTestId('trace-view')).toBeVisible();
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(21, 23, 26)');
  await page.screenshot({ path: save('trace-dark.png'), fullPage: true });
  await page.goto(`${new URL(server.url).origin}/#/compare`);
  await expect(page.getByTestId('flip-table')).toBeVisible();
  await page.screenshot({ path: save('compare-dark.png'), fullPage: true });
});
