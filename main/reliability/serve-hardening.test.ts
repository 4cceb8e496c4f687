/**
 * Serve mode against hostile requests, sent raw (node:net), because fetch and URL normalise
 * exactly the paths an attacker would not: `..` segments, encoded dots and slashes, backslashes,
 * NUL bytes, absolute-form request targets, a foreign Host (DNS rebinding), CORS preflights.
 * Nothing outside the image store (by sha256, with the token) and the built UI may be read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { putImage } from '../core/store/catalog';
import { startHttpServer, type RunningServer } from '../core/transport/http-server';
import { openWorkbench, type Workbench } from '../core/workbench';
import { spawnCli, waitForExit, waitUntil } from '../test-support/cli';
import { useTempDir } from '../test-support/temp';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request written byte for byte as given; the connection closes after the answer. */
function raw(server: RunningServer, requestLine: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers: Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()])),
        body: rest.join('\r\n\r\n'),
      });
    });
    const all = { host: `127.0.0.1:${port}`, connection: 'close', ...headers };
    socket.write(`${requestLine}\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`, 'latin1');
  });
}

describe('serve: path traversal, CORS and Host checks with raw HTTP', () => {
  const tempDir = useTempDir();
  let server: RunningServer | undefined;
  let workbench: Workbench | undefined;
  afterEach(async () => {
    await server?.close();
    workbench?.close();
    server = undefined;
    workbench = undefined;
  });

  const SECRET = 'workspace-neighbour-secret-0451';

  async function start() {
    const dir = tempDir();
    const staticDir = join(dir, 'ui');
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), SECRET);
    workbench = openWorkbench(join(dir, 'w.sqlite'));
    server = await startHttpServer(workbench, { host: '127.0.0.1', port: 0, staticDir });
    return { server, workbench, dir };
  }

  it('never answers with a file outside the UI folder or the image store, whatever the path looks like', async () => {
    const { server, workbench } = await start();
    const sha = putImage(workbench.db, { bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]), mime: 'image/png' });
    const auth = { authorization: `Bearer ${server.token}` };
    const paths = [
      '/../secret.txt',
      '/../../../../../../etc/passwd',
      '/%2e%2e/secret.txt',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2fsecret.txt',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e%2fsecret.txt',
      '/..\\secret.txt',
      '/..%5csecret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '//etc/passwd',
      '/%c0%ae%c0%ae/secret.txt',
      '/secret.txt%00.html',
      '/%00',
      '/%E0%A4%A',
      `/api/images/../../secret.txt`,
      `/api/images/..%2f..%2fsecret.txt`,
      `/api/images/${sha}/../../../secret.txt`,
      `/api/images/${sha}%2f..%2f..%2fsecret.txt`,
      '/api/images/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'http://127.0.0.1/../../etc/passwd',
    ];
    for (const path of paths) {
      for (const headers of [{}, auth]) {
        const response = await raw(server, `GET ${path} HTTP/1.1`, headers);
        expect(response.body, path).not.toContain(SECRET);
        expect(response.body, path).not.toMatch(/root:.*:0:0:/);
        expect(response.status, `${path} must be refused or answered with the UI, never an error page`).not.toBe(500);
      }
    }
    expect((await raw(server, '/%E0%A4%A'.replace(/^/, 'GET ').concat(' HTTP/1.1'))).status).toBe(400);
    // What is meant to be served still is.
    expect((await raw(server, `GET /api/images/${sha} HTTP/1.1`, auth)).status).toBe(200);
    expect((await raw(server, 'GET /assets/app.js HTTP/1.1')).body).toContain('console.log(1)');
  });

  it('grants no CORS: preflights and cross-origin calls are refused and no Access-Control header is ever sent', async () => {
    const { server } = await start();
    const auth = { authorization: `Bearer ${server.token}` };
    const preflight = await raw(server, 'OPTIONS /api/call/listRuns HTTP/1.1', {
      origin: 'http://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    });
    expect(preflight.status).toBe(403);
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1.evil.example', 'https://127.0.0.1:1']) {
      const response = await raw(server, 'POST /api/call/listRuns HTTP/1.1', { ...auth, origin, 'content-type': 'application/json', 'content-length': '2' });
      expect(response.status, origin).toBe(403);
    }
    const sameOrigin = await raw(server, 'GET /api/health HTTP/1.1', { origin: server.url });
    expect(sameOrigin.status).toBe(200);
    for (const response of [preflight, sameOrigin, await raw(server, 'GET / HTTP/1.1')]) {
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('bound to loopback, refuses a foreign Host (DNS rebinding), even with the right token', async () => {
    const { server } = await start();
    const { port } = new URL(server.url);
    const rebound = await raw(server, 'POST /api/call/listRuns HTTP/1.1', {
      host: `evil.example:${port}`,
      origin: `http://evil.example:${port}`,
      authorization: `Bearer ${server.token}`,
      'content-length': '2',
    });
    expect(rebound.status).toBe(421);
    expect((await raw(server, 'GET / HTTP/1.1', { host: `attacker.test:${port}` })).status).toBe(421);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) expect((await raw(server, 'GET /api/health HTTP/1.1', { host })).status, host).toBe(200);
  });

  it('requires the token on every API route but health, compared in full (a prefix or a longer guess fails)', async () => {
    const { server } = await start();
    for (const token of ['', server.token.slice(0, -1), `${server.token}x`, server.token.toUpperCase(), 'Bearer']) {
      const response = await raw(server, 'POST /api/call/listRuns HTTP/1.1', { authorization: `Bearer ${token}`, 'content-length': '2' });
      expect(response.status, token).toBe(401);
    }
    expect((await raw(server, `GET /api/events?token=${server.token.slice(0, 10)} HTTP/1.1`)).status).toBe(401);
  });
});

describe('serve on the command line', () => {
  const tempDir = useTempDir();

  it('binds loopback by default; another address needs --allow-remote and prints a warning', async () => {
    const child = spawnCli(['serve', '--db', join(tempDir(), 'w.sqlite'), '--port', '0', '--host', '0.0.0.0', '--allow-remote']);
    try {
      await waitUntil(() => /serving .* at http:\/\//.test(child.output.stdout) || child.exitCode !== null, 'serve to listen', 60_000);
      expect(child.output.stderr).toMatch(/WARNING: serving on 0\.0\.0\.0: anyone who can reach this address and has the token can read this workspace/);
      expect(child.output.stdout).toMatch(/at http:\/\/0\.0\.0\.0:\d+\/#token=/);
    } finally {
      child.kill('SIGTERM');
      await waitForExit(child);
    }
    // (Refusing --host without --allow-remote, and the loopback default, are tested in main/cli/cli.test.ts.)
  });
});
