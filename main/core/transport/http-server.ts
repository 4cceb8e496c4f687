import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { WorkbenchEvent } from '../api/contract';
import { toErrorBody } from '../api/errors';
import type { Workbench } from '../workbench';
import { getImage } from '../store/catalog';
import { exportDownload } from './export-download';
import { APP_VERSION } from '../version';
import { SERVE_CONTENT_SECURITY_POLICY } from './content-security-policy';

export interface ServeOptions {
  host: string;
  port: number;
  /** The built renderer (index.html and assets); the UI is not served when absent. */
  staticDir?: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  /**
   * The URL a person opens: the token rides in the fragment, which a browser never sends to any
   * server; the page keeps it for its tab and sends it as a header. Nothing ambient (no cookie)
   * grants access, so another local origin the browser talks to receives nothing useful.
   */
  openUrl: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

/** The same strict policy the Electron window uses (content-security-policy.ts): nothing but our own origin, no inline script. */
export const CONTENT_SECURITY_POLICY = SERVE_CONTENT_SECURITY_POLICY;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** Whether a Host header names this machine's loopback (any port). */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return LOOPBACK_HOSTS.has(name.toLowerCase());
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Compared in constant time so response timing does not leak how much of a guess was right.
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error(`request body over ${MAX_BODY_BYTES} bytes`), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw Object.assign(new Error('request body is not valid JSON'), { status: 400 });
  }
}

/**
 * Serves the WorkbenchApi over HTTP on loopback: `POST /api/call/<method>` with a JSON body,
 * events as Server-Sent Events on `GET /api/events`, stored images on `GET /api/images/<sha256>`,
 * and the built renderer on `/`. Every /api route but /api/health needs the token.
 */
export async function startHttpServer(workbench: Workbench, options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const eventStreams = new Set<ServerResponse>();
  const forward = (event: WorkbenchEvent): void => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of eventStreams) stream.write(frame);
  };
  workbench.jobs.events.on('event', forward);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = (error as { status?: number }).status;
      if (status) sendJson(response, status, { error: { message: (error as Error).message, code: 'bad_request' } });
      else sendJson(response, 500, toErrorBody(error).body);
    });
  });

  const loopbackOnly = LOOPBACK_HOSTS.has(options.host.replace(/^\[|\]$/g, ''));

  // Only the header counts: a browser attaches nothing to a request on its own (no cookie, no
  // URL token), so an <img>, <script> or EventSource from another page carries no credential.
  const isAuthorised = (request: IncomingMessage): boolean => sameToken(bearerToken(request), token);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');

    // DNS rebinding: a page on another name that resolves to 127.0.0.1 reaches a loopback server
    // with its own name in Host. Bound to loopback, only loopback names are answered.
    if (loopbackOnly && !isLoopbackHost(request.headers.host)) {
      sendJson(response, 421, { error: { message: `this server answers only to a loopback name, not ${request.headers.host ?? '(no Host)'}`, code: 'bad_request' } });
      return;
    }
    // Another web page in the same browser must not drive this API with the user's cookie.
    // (No CORS header is ever sent, so a browser lets no other origin read an answer either.)
    const origin = request.headers.origin;
    if (origin && origin !== `http://${request.headers.host}`) {
      sendJson(response, 403, { error: { message: `cross-origin request from ${origin} refused`, code: 'bad_request' } });
      return;
    }

    // Another port of 127.0.0.1 is the same site but another origin: a browser says so in
    // Sec-Fetch-Site even for requests without an Origin header (<img>, navigations).
    const fetchSite = request.headers['sec-fetch-site'];
    if (url.pathname.startsWith('/api/') && (fetchSite === 'cross-site' || fetchSite === 'same-site')) {
      sendJson(response, 403, { error: { message: `${fetchSite} request refused`, code: 'bad_request' } });
      return;
    }

    if (url.pathname === '/api/health') {
      sendJson(response, 200, { ok: true, version: APP_VERSION });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (!isAuthorised(request)) {
        sendJson(response, 401, { error: { message: 'missing or wrong access token', code: 'bad_request' } });
        return;
      }
      await handleApi(request, response, url);
      return;
    }
    serveStatic(request, response, url);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const call = /^\/api\/call\/([A-Za-z]+)$/.exec(url.pathname);
    if (call && request.method === 'POST') {
      const input = await readJsonBody(request);
      try {
        // Loaded on the first call: the contract's schemas (zod) are not needed to answer /api/health.
        const { dispatch } = await import('../api/dispatch');
        sendJson(response, 200, await dispatch(workbench.handlers, call[1]!, input));
      } catch (error) {
        const { status, body } = toErrorBody(error);
        sendJson(response, status, body);
      }
      return;
    }
    if (url.pathname === '/api/events' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      eventStreams.add(response);
      request.on('close', () => eventStreams.delete(response));
      return;
    }
    const image = /^\/api\/images\/([0-9a-f]{64})$/.exec(url.pathname);
    if (image && request.method === 'GET') {
      const stored = getImage(workbench.db, image[1]!);
      if (!stored) {
        sendJson(response, 404, { error: { message: 'no such image', code: 'not_found' } });
        return;
      }
      response.writeHead(200, {
        'content-type': stored.mime,
        'cache-control': 'private, max-age=31536000, immutable',
        'content-security-policy': "default-src 'none'",
      });
      response.end(stored.bytes);
      return;
    }
    // A finished export's file, for browser mode (export-download.ts); same token as every /api route.
    const download = /^\/api\/exports\/(\d+)\/download$/.exec(url.pathname);
    if (download && request.method === 'GET') {
      const found = exportDownload(workbench.db, Number(download[1]));
      if (!found.ok) {
        sendJson(response, found.status, { error: { message: found.message, code: found.status === 404 ? 'not_found' : 'bad_request' } });
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': found.size,
        'content-disposition': `attachment; filename="${found.name.replace(/[^\w.@+-]/g, '_')}"`,
        'cache-control': 'no-store',
      });
      createReadStream(found.path).pipe(response);
      return;
    }
    sendJson(response, 404, { error: { message: `no route ${request.method} ${url.pathname}`, code: 'not_found' } });
  }

  function serveStatic(request: IncomingMessage, response: ServerResponse, url: URL): void {
    if (!options.staticDir || !existsSync(options.staticDir)) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The UI is not built. Run `npm run build` and restart serve.');
      return;
    }
    const root = normalize(options.staticDir);
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      throw Object.assign(new Error('malformed percent-encoding in the path'), { status: 400 });
    }
    let file = normalize(join(root, relative));
    // No path may leave the renderer folder (../ tricks, encoded or not).
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  return {
    url,
    openUrl: `${url}/#token=${token}`,
    token,
    server,
    close: async () => {
      workbench.jobs.events.off('event', forward);
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
