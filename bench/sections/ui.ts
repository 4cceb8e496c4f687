/**
 * The app as a user meets it on the million-prediction workspace: `vlm-workbench serve` in a
 * process of its own, its API over real HTTP (p50 / p95 of the UI's calls), the renderer in
 * Chromium (time from navigation to the explorer's first rows, and from a filter submitted to
 * the new rows), and the serve process's memory once all that is done.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { ensureRendererBuilt } from '../../main/cli/ui-build';
import { openWorkspace } from '../../main/core/store/database';
import { explorerPage } from '../../main/core/store/explorer';
import { parseQuery } from '../../main/core/query/filter';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../e2e/support/chromium';
import type { BenchSection, Figure } from '../harness';
import { ensureBenchWorkspace } from '../workspace/cache';
import { workspaceFacts } from '../workspace/facts';
import { httpCaller, measureScenario, timingFigures, type Timing } from '../workspace/measure';
import { scenarios, type WorkspaceFacts } from '../workspace/scenarios';

const CLI = fileURLToPath(new URL('../../bin/vlm-workbench.js', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Served {
  child: ChildProcess;
  openUrl: string;
  origin: string;
  token: string;
  stop(): Promise<void>;
}

async function serve(path: string): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', path, '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!/ at (http\S+)/.test(stdout)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const openUrl = / at (http\S+)/.exec(stdout)![1]!;
  const url = new URL(openUrl);
  return {
    child,
    openUrl,
    origin: url.origin,
    // The printed URL carries the token in its fragment (#token=…), never in the query.
    token: new URLSearchParams(url.hash.replace(/^#/, '')).get('token')!,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    },
  };
}

/** Resident and peak resident memory of a process, from /proc (Linux), in MB. */
function memoryOf(pid: number): { rss: number; peak: number } | null {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return null;
  const status = readFileSync(file, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

function percentiles(times: number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

/** The first row the explorer should show for a query: its sample, checkpoint and benchmark. */
function firstRowOf(path: string, query: string): string {
  const db = openWorkspace(path, { readonly: true });
  try {
    const row = explorerPage(db, { filter: parseQuery(query), offset: 0, limit: 1 }).rows[0];
    if (!row) throw new Error(`no rows for ${query}`);
    return row.externalId;
  } finally {
    db.close();
  }
}

/** How the page (recordRowFrames) tells the bench of a frame showing a new first row. */
const ROW_FRAME_MESSAGE = 'vlm-workbench bench: row frame ';

/**
 * Installed in every page before its scripts: the page's own clock, so that the figures are the
 * renderer's and not the test driver's (a Playwright key press and its polling for the row add
 * 30-150 ms of their own round trips). Records when Enter is pressed (the key event's time stamp)
 * and, each time the explorer's first row changes, the animation frame after the change, the
 * frame that shows it, also said on the console (frameShowingFromConsole). `performance.now()`
 * counts from the navigation's start.
 */
function recordRowFrames(rowFrameMessage: string): void {
  // Runs in the page (the bench compiles without the DOM's types).
  const page = globalThis as unknown as {
    document: { querySelector(selector: string): { textContent: string | null } | null };
    addEventListener(type: string, listener: (event: { key: string; timeStamp: number }) => void, capture: boolean): void;
    requestAnimationFrame(callback: () => void): void;
    MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
    __benchEnterAt?: number;
    __benchRowFrames: Array<{ text: string; at: number }>;
  };
  page.__benchRowFrames = [];
  page.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') page.__benchEnterAt = event.timeStamp;
  }, true);
  let shown: string | null = null;
  new page.MutationObserver(() => {
    const text = page.document.querySelector('[data-testid="explorer-row"]')?.textContent ?? null;
    if (text === null || text === shown) return;
    shown = text;
    page.requestAnimationFrame(() => {
      const frame = { text, at: performance.now() };
      page.__benchRowFrames.push(frame);
      // Also told to the bench as a console message, which it receives without running a script in the page.
      console.debug(`${rowFrameMessage}${JSON.stringify(frame)}`);
    });
  }).observe(page.document, { subtree: true, childList: true, characterData: true });
}

/**
 * The page-clock time of the first frame whose first row shows `externalId`, from the page's
 * console (recordRowFrames): waiting for it runs nothing in the page, where Playwright's own
 * waiting injects its script (~15 ms of the page's main thread, inside a load it would time).
 * Call before the navigation.
 */
function frameShowingFromConsole(page: Page, externalId: string): Promise<number> {
  const frameOf = (text: string): { text: string; at: number } | null => (text.startsWith(ROW_FRAME_MESSAGE) ? JSON.parse(text.slice(ROW_FRAME_MESSAGE.length)) : null);
  return page
    .waitForEvent('console', { predicate: (message) => frameOf(message.text())?.text.includes(externalId) ?? false, timeout: 60_000 })
    .then((message) => frameOf(message.text())!.at);
}

/**
 * Waits until the explorer's first row shows `externalId` in a frame after `since`, then returns
 * the page-clock time of the first such frame (ms since the navigation began).
 */
async function frameShowing(page: Page, externalId: string, since = 0): Promise<number> {
  const handle = await page.waitForFunction(
    ({ expected, after }) => {
      const frames = (globalThis as unknown as { __benchRowFrames?: Array<{ text: string; at: number }> }).__benchRowFrames ?? [];
      return frames.find((frame) => frame.at > after && frame.text.includes(expected))?.at ?? false;
    },
    { expected: externalId, after: since },
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function rendererFigures(served: Served, path: string, facts: WorkspaceFacts): Promise<Figure[]> {
  const executablePath = chromiumExecutable();
  if (!executablePath) return [{ name: 'renderer: skipped', value: 0, unit: '', note: 'no Chromium found (set CHROMIUM_PATH)' }];
  const browser = await chromium.launch({
    executablePath,
    // As the end-to-end tests start it (their flags say why).
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // The page keeps the token in the tab's sessionStorage once the printed URL is opened; every
    // tab of this context starts as such a tab, as one the researcher has been working in.
    await context.addInitScript((token: string) => (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem('vlmwb-token', token), served.token);
    await context.addInitScript(recordRowFrames, ROW_FRAME_MESSAGE);
    const first = await context.newPage();
    await first.goto(served.openUrl);
    await first.getByTestId('runs-matrix').waitFor({ timeout: 120_000 });
    await first.close();

    // Time to the first explorer page: a fresh tab loading the app on an explorer URL (one run's
    // predictions, as a click on an overview cell opens), from the navigation's start to the frame
    // that shows its first row.
    const runs = facts.runs.filter((_, i) => i % 5 === 2).slice(0, 8);
    const loads: number[] = [];
    for (const [i, run] of runs.entries()) {
      const query = `run:${run.runId}`;
      const expected = firstRowOf(path, query);
      const page = await context.newPage();
      const shown = frameShowingFromConsole(page, expected);
      await page.goto(`${served.origin}/#/explore?q=${encodeURIComponent(query)}`);
      const shownAt = await shown;
      if (i > 0) loads.push(shownAt); // the first load fills the browser's cache of the bundle
      await page.close();
    }

    // A filter change: type a new filter in the filter bar and press Enter; from the key event to
    // the frame that shows the new first row.
    const page = await context.newPage();
    await page.goto(`${served.origin}/#/explore`);
    await page.getByTestId('explorer-row').first().waitFor({ timeout: 60_000 });
    const filters = facts.runs
      .filter((_, i) => i % 3 === 1)
      .slice(0, 12)
      .map((run, i) => (i % 3 === 0 ? `run:${run.runId}` : i % 3 === 1 ? `run:${run.runId} correct:false` : `benchmark:${run.benchmark} checkpoint:${run.checkpoint} correct:true`));
    const changes: number[] = [];
    const input = page.getByTestId('filter-input');
    // Playwright compiles its script in the page at the first waitForFunction (~30 ms of the
    // page's main thread); done here, not inside the first measured change.
    await page.waitForFunction(() => true);
    // Each filter is typed after a pause to read what is shown (as a researcher does), so that a
    // change is not timed while the page is still laying out and painting the one before.
    const READING_PAUSE_MS = 300;
    for (const query of filters) {
      const expected = firstRowOf(path, query);
      await page.waitForTimeout(READING_PAUSE_MS);
      await input.fill(query);
      await input.press('Enter');
      const enteredAt = await page.evaluate(() => (globalThis as unknown as { __benchEnterAt: number }).__benchEnterAt);
      changes.push((await frameShowing(page, expected, enteredAt)) - enteredAt);
    }
    const load = percentiles(loads);
    const change = percentiles(changes);
    const clock = "the page's own clock";
    return [
      { name: 'renderer: navigation to first explorer rows, p50', value: load.p50, unit: 'ms', note: `${loads.length} loads of the app on an explorer URL; ${clock}, navigation start to the frame showing the first row` },
      { name: 'renderer: navigation to first explorer rows, p95', value: load.p95, unit: 'ms' },
      { name: 'renderer: filter submitted to new rows, p50', value: change.p50, unit: 'ms', note: `${changes.length} filter changes, each typed ${READING_PAUSE_MS} ms after the rows before showed; ${clock}, Enter key event to the frame showing the new first row` },
      { name: 'renderer: filter submitted to new rows, p95', value: change.p95, unit: 'ms', target: { op: '<=', value: 100 } },
    ];
  } finally {
    await browser.close();
  }
}

export const uiSection: BenchSection = {
  name: 'ui (serve process: HTTP API, Chromium, memory)',
  async run(): Promise<Figure[]> {
    const { path } = await ensureBenchWorkspace();
    ensureRendererBuilt();
    const db = openWorkspace(path, { readonly: true });
    const facts = workspaceFacts(db);
    db.close();
    const started = performance.now();
    const served = await serve(path);
    const startMs = performance.now() - started;
    try {
      const load = os.loadavg()[0]!;
      const call = httpCaller(served.origin, served.token);
      const timings: Timing[] = [];
      for (const scenario of scenarios(facts).filter((s) => s.http)) timings.push(await measureScenario(scenario, call, undefined));
      const figures: Figure[] = [
        { name: 'serve: start to listening', value: startMs, unit: 'ms', note: `load average ${load.toFixed(1)}` },
        ...timingFigures(timings, 'HTTP '),
        ...(await rendererFigures(served, path, facts)),
      ];
      const memory = memoryOf(served.child.pid!);
      if (memory) {
        figures.push(
          { name: 'serve process RSS after the UI calls', value: memory.rss, unit: 'MB', target: { op: '<=', value: 500 } },
          { name: 'serve process peak RSS', value: memory.peak, unit: 'MB', target: { op: '<=', value: 500 } },
        );
      }
      return figures;
    } finally {
      await served.stop();
    }
  },
};
