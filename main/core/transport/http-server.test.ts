import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp';
import { putImage } from '../store/catalog';
import { openWorkbench, type Workbench } from '../workbench';
import { startHttpServer, type RunningServer } from './http-server';

describe('serve over HTTP', () => {
  const tempDir = useTempDir();
  let server: RunningServer | undefined;
  let workbench: Workbench | undefined;
  afterEach(async () => {
    await server?.close();
    workbench?.close();
  });

  async function start() {
    const dir = tempDir();
    const staticDir = join(dir, 'ui');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(dir, 'secret.txt'), 'do not serve me');
    workbench = openWorkbench(join(dir, 'w.sqlite'));
    server = await startHttpServer(workbench, { host: '127.0.0.1', port: 0, staticDir });
    return { server, workbench };
  }

  const call = (s: RunningServer, method: string, body: unknown, token: string | null = s.token) =>
    fetch(`${s.url}/api/call/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('answers /api/health without the token and refuses API calls without it or with a wrong one', async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    expect((await call(server, 'listRuns', {}, null)).status).toBe(401);
    expect((await call(server, 'listRuns', {}, 'x'.repeat(server.token.length))).status).toBe(401);
    const ok = await call(server, 'listRuns', {});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual([]);
  });

  it('validates inputs at the boundary and names the offending field', async () => {
    const { server } = await start();
    const bad = await call(server, 'explore', { limit: 'many' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { message: string; issues: Array<{ path: string }> } };
    expect(body.error.issues[0]!.path).toBe('limit');
    expect((await call(server, 'explore', { query: 'nonsense:1' })).status).toBe(400);
    expect((await call(server, 'dropTables', {})).status).toBe(400);
    expect((await call(server, 'getPrediction', { predictionId: 12345 })).status).toBe(404);
  });

  it('hands the token over in the URL fragment only: no cookie, and no credential but the header is accepted', async () => {
    const { server } = await start();
    expect(server.openUrl).toMatch(/\/#token=/);
    const page = await fetch(`${server.url}/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('set-cookie')).toBeNull();
    const viaCookie = await fetch(`${server.url}/api/call/listJobs`, { method: 'POST', headers: { cookie: `vlmwb_token=${server.token}` }, body: '{}' });
    expect(viaCookie.status).toBe(401);
    const viaQuery = await fetch(`${server.url}/api/events?token=${server.token}`);
    expect(viaQuery.status).toBe(401);
    const crossOrigin = await fetch(`${server.url}/api/call/listJobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, origin: 'http://evil.example' },
      body: '{}',
    });
    expect(crossOrigin.status).toBe(403);
    // Another port of 127.0.0.1 is "same-site": an <img> or EventSource from it is refused even with no Origin.
    const sameSite = await fetch(`${server.url}/api/events`, { headers: { authorization: `Bearer ${server.token}`, 'sec-fetch-site': 'same-site' } });
    expect(sameSite.status).toBe(403);
  });

  it('serves stored images by hash with the token and never a file outside the UI folder', async () => {
    const { server, workbench } = await start();
    const sha = putImage(workbench.db, { bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]), mime: 'image/png' });
    const image = await fetch(`${server.url}/api/images/${sha}`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect((await fetch(`${server.url}/api/images/${sha}`)).status).toBe(401);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const response = await fetch(`${server.url}${path}`);
      expect(await response.text()).not.toContain('do not serve me');
    }
  });

  it('streams job progress events to subscribers', async () => {
    const { server, workbench } = await start();
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/events`, { headers: { authorization: `Bearer ${server.token}` }, signal: controller.signal });
    const reader = response.body!.getReader();
    await workbench.jobs.run('test', 'a tiny job', {}, async (job) => job.progress(1, 1));
    let text = '';
    while (!text.includes('"status":"completed"')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('"title":"a tiny job"');
  });
});
