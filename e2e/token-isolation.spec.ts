/**
 * The serve session seen from another local origin: a researcher opens the printed URL in
 * Chromium, then visits a page served on ANOTHER port of 127.0.0.1 (a notebook, a dev server, a
 * hostile page). That origin is the same site, so a cookie would reach it; it must receive
 * nothing that grants access, and its attempts to use the workbench from the browser must fail.
 */
import { expect, test } from '@playwright/test';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoWorkspace, serve } from './support/workspace';

let workbench: Awaited<ReturnType<typeof serve>>;
let other: Server;
let otherOrigin = '';
const received: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

test.beforeAll(async () => {
  workbench = await serve(demoWorkspace());
  other = createServer((request, response) => {
    received.push({ url: request.url ?? '', headers: request.headers });
    const target = new URL(workbench.url).origin;
    // The other origin's page tries every browser-driven way in: an image, the event stream,
    // a POST with credentials, and a form-less navigation to the API.
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><title>other</title><body>
      <img id="img" src="${target}/api/images/${'0'.repeat(64)}" onload="document.title='img-loaded'">
      <script>
        const results = {};
        const source = new EventSource('${target}/api/events', { withCredentials: true });
        source.onopen = () => { results.events = 'open'; };
        source.onerror = () => { results.events = 'error'; source.close(); };
        fetch('${target}/api/call/listRuns', { method: 'POST', credentials: 'include', mode: 'no-cors', body: '{}' })
          .then(() => { results.call = 'sent'; }, () => { results.call = 'failed'; });
        window.results = results;
      </script></body>`);
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  workbench?.stop();
  await new Promise((resolve) => other?.close(resolve));
});

test('another port of 127.0.0.1 receives nothing that grants access, and cannot use the open session', async ({ page, context }) => {
  // The researcher's tab: the printed URL, the UI working on the token it took from the fragment.
  await page.goto(workbench.url);
  await expect(page.getByTestId('runs-matrix')).toBeVisible();
  expect(page.url()).not.toContain('token');
  // Images and the event stream work for the page itself (fetched with the header).
  await page.locator('td.run-cell').last().click();
  await page.getByTestId('explorer-row').first().click();
  await expect(page.getByTestId('trace-view').locator('img.sample-image')).toBeVisible();
  const token = new URL(workbench.url.replace('#', '?')).searchParams.get('token')!;
  expect(token.length).toBeGreaterThan(20);

  // The same browser visits the other origin.
  const target = new URL(workbench.url).origin;
  const attempts: string[] = [];
  const statuses: Array<{ url: string; status: number }> = [];
  const visitor = await context.newPage();
  visitor.on('request', (request) => {
    if (request.url().startsWith(target)) attempts.push(request.url());
  });
  visitor.on('response', (response) => {
    if (response.url().startsWith(target)) statuses.push({ url: response.url(), status: response.status() });
  });
  await visitor.goto(`${otherOrigin}/notebook`);
  await expect.poll(() => visitor.evaluate(() => (window as unknown as { results: Record<string, string> }).results.events)).toBe('error');
  await expect.poll(() => attempts.length).toBeGreaterThanOrEqual(3);
  await expect.poll(() => visitor.evaluate(() => (window as unknown as { results: Record<string, string> }).results.call)).toBeTruthy();
  expect(statuses.length).toBeGreaterThan(0);

  // What reached the other origin: no cookie, and the token in no header or URL.
  expect(received.length).toBeGreaterThan(0);
  for (const request of received) {
    expect(request.headers.cookie).toBeUndefined();
    expect(JSON.stringify(request)).not.toContain(token);
  }
  expect(await context.cookies([otherOrigin, workbench.url])).toEqual([]);
  // What the browser did on the other page's behalf reached the workbench without a credential.
  expect(await visitor.title()).not.toBe('img-loaded');
  for (const { url, status } of statuses) expect([401, 403], url).toContain(status);
});
