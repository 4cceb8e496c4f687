import http from 'node:http';
import https from 'node:https';

type Fetch = typeof fetch;

/**
 * A `fetch` for the OpenAI client built on node:http with keep-alive agents. Node's own fetch
 * (undici through web streams) costs about a millisecond of CPU per chat request here, enough
 * to make the client the bottleneck of a run with hundreds of requests a second in flight; this
 * costs a fraction of that. It does what the client needs: a string or byte body, a buffered
 * response, abort by signal (rejecting with an AbortError, which the client turns into its
 * timeout or abort errors). Anything else (a streamed request body) goes to the global fetch.
 */
export function createNodeHttpFetch(): Fetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity }),
  };
  const nodeFetch = (input: Parameters<Fetch>[0], init: RequestInit = {}): Promise<Response> => {
    const body = init.body;
    const simpleBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
    if (!simpleBody || input instanceof Request) return fetch(input, init);
    const url = new URL(input instanceof URL ? input.href : input);
    const agent = url.protocol === 'https:' ? agents['https:'] : url.protocol === 'http:' ? agents['http:'] : undefined;
    if (!agent) return fetch(input, init);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined && body !== null) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        { method: init.method ?? 'GET', headers, agent, ...(init.signal ? { signal: init.signal } : {}) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 500;
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
              else if (value !== undefined) responseHeaders.set(name, value);
            }
            // A Response may not carry a body with these statuses.
            const noBody = status === 204 || status === 205 || status === 304;
            resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage ?? '', headers: responseHeaders }));
          });
        },
      );
      request.on('error', reject);
      request.end(body ?? undefined);
    });
  };
  return nodeFetch as Fetch;
}
