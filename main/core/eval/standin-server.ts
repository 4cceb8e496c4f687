/**
 * A SIMULATED OpenAI-compatible chat server: it speaks the protocol vLLM, SGLang, LMDeploy and
 * llama.cpp serve (`/v1/chat/completions`, `/v1/models`, `/health`) over real HTTP, and answers
 * with the demo's simulated model. It exists so that the OpenAI and managed-server backends,
 * the resumable runner and the bench can be exercised without a GPU; every answer it gives is
 * labelled simulated (model `owned_by`, an `x-simulated` header). `vlm-workbench simulate-server`
 * serves it from the CLI.
 *
 * Knobs for tests and the bench: a fixed latency per request, a maximum number of requests
 * served at once (the rest wait in line, as on a real server), and failure injection.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SimulatedVlm } from '../demo';
import type { ChatMessage } from './backend';
import { answerSimulatedChat } from './simulated-backend';

export type FailureKind = '429' | '500' | '503' | 'garbage' | 'hang' | 'reset';
export const FAILURE_KINDS: readonly FailureKind[] = ['429', '500', '503', 'garbage', 'hang', 'reset'];

export interface FailureRule {
  kind: FailureKind;
  /** Applies to the first N matching requests, then never again. */
  first?: number;
  /** Applies to this fraction of matching requests (deterministic in the request number). */
  rate?: number;
  /** Only requests whose user text contains this string match. */
  matching?: string;
}

export interface StandinServerOptions {
  model: SimulatedVlm;
  /** The simulated checkpoint profile that answers (see demo/checkpoints.ts). */
  checkpoint: string;
  /** The served model name clients must ask for; defaults to the checkpoint name. */
  modelName?: string;
  host?: string;
  port?: number;
  /** Every answer takes at least this long (ms), like a model generating. */
  latencyMs?: number;
  /** At most this many requests are answered at once; the others queue. Unlimited by default. */
  maxConcurrency?: number;
  failures?: FailureRule[];
}

export interface StandinStats {
  requests: number;
  answered: number;
  injectedFailures: number;
  maxInFlight: number;
}

export interface RunningStandin {
  /** http://host:port */
  url: string;
  /** The base URL an OpenAI client takes: http://host:port/v1 */
  baseUrl: string;
  modelName: string;
  stats: StandinStats;
  close(): Promise<void>;
}

interface ChatBody {
  model?: unknown;
  messages?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  seed?: unknown;
  stop?: unknown;
}

/** A counting semaphore: the server's "this many sequences at once" limit. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(size: number) {
    this.free = size;
  }
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** Deterministic fraction in [0, 1) from a request number, so failure rates are reproducible. */
export const fractionOf = (n: number): number => {
  let x = (n * 2654435761) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x45d9f3b) >>> 0;
  x ^= x >>> 16;
  // `^` gives a signed 32-bit integer: unsigned again, or half the fractions would be negative.
  return (x >>> 0) / 2 ** 32;
};

export async function startStandinServer(options: StandinServerOptions): Promise<RunningStandin> {
  const modelName = options.modelName ?? options.checkpoint;
  const slots = new Slots(options.maxConcurrency ?? Number.MAX_SAFE_INTEGER);
  const stats: StandinStats = { requests: 0, answered: 0, injectedFailures: 0, maxInFlight: 0 };
  const ruleUses = new Map<FailureRule, number>();
  const sockets = new Set<Socket>();
  let inFlight = 0;

  const pickFailure = (requestNumber: number, userText: string): FailureKind | null => {
    for (const rule of options.failures ?? []) {
      if (rule.matching !== undefined && !userText.includes(rule.matching)) continue;
      const used = ruleUses.get(rule) ?? 0;
      const applies = rule.first !== undefined ? used < rule.first : rule.rate !== undefined ? fractionOf(requestNumber) < rule.rate : true;
      if (!applies) continue;
      ruleUses.set(rule, used + 1);
      return rule.kind;
    }
    return null;
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-simulated': 'true' });
    res.end(text);
  };
  const sendError = (res: http.ServerResponse, status: number, message: string): void =>
    sendJson(res, status, { object: 'error', error: { message, type: status === 429 ? 'rate_limit_error' : 'server_error', code: status } });

  const answerChat = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const requestNumber = ++stats.requests;
    let body: ChatBody;
    try {
      body = JSON.parse(await readBody(req)) as ChatBody;
    } catch {
      sendError(res, 400, 'request body is not JSON');
      return;
    }
    if (body.model !== modelName) {
      sendJson(res, 404, { object: 'error', error: { message: `The model \`${String(body.model)}\` does not exist.`, type: 'NotFoundError', code: 404 } });
      return;
    }
    if (!Array.isArray(body.messages)) {
      sendError(res, 400, 'messages must be a list');
      return;
    }
    const messages = body.messages as ChatMessage[];
    await slots.acquire();
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    try {
      if (options.latencyMs) await sleep(options.latencyMs);
      const failure = pickFailure(requestNumber, userTextOf(messages));
      if (failure) {
        stats.injectedFailures++;
        if (failure === 'hang') {
          // Never answers: holds the connection until the client gives up (or the server closes).
          await new Promise<void>((resolve) => res.once('close', resolve));
          return;
        }
        if (failure === 'reset') {
          req.socket.destroy();
          return;
        }
        if (failure === 'garbage') {
          res.writeHead(200, { 'content-type': 'application/json', 'x-simulated': 'true' });
          res.end('{"choices": [ this is not json');
          return;
        }
        sendError(res, Number(failure), failure === '429' ? 'simulated: too many requests' : 'simulated: internal server error');
        return;
      }
      const maxTokens = Number(body.max_completion_tokens ?? body.max_tokens ?? 1024);
      const response = answerSimulatedChat(options.model, options.checkpoint, {
        messages,
        maxTokens,
        sampleIndex: typeof body.seed === 'number' ? body.seed : 0,
      });
      const { text, finishReason } = applyStop(response.text, response.finishReason, stopList(body.stop));
      stats.answered++;
      sendJson(res, 200, {
        id: `chatcmpl-simulated-${requestNumber}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: modelName,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason }],
        usage: {
          prompt_tokens: response.promptTokens,
          completion_tokens: response.completionTokens,
          total_tokens: response.promptTokens + response.completionTokens,
        },
      });
    } finally {
      inFlight--;
      slots.release();
    }
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'x-simulated': 'true' }).end();
    } else if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, {
        object: 'list',
        data: [{ id: modelName, object: 'model', created: 0, owned_by: 'vlm-workbench (SIMULATED demo model)' }],
      });
    } else if (req.method === 'POST' && path === '/v1/chat/completions') {
      answerChat(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, error instanceof Error ? error.message : String(error));
      });
    } else {
      sendError(res, 404, `no route ${req.method ?? ''} ${path ?? ''}`);
    }
  });
  // Many clients at once: never let Node's defaults cap or time out connections the bench opens.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    modelName,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests would keep close() waiting forever: drop every connection.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function userTextOf(messages: ChatMessage[]): string {
  return messages
    .filter((message) => message.role === 'user')
    .flatMap((message) => (typeof message.content === 'string' ? [message.content] : message.content.flatMap((part) => (part.type === 'text' ? [part.text] : []))))
    .join('\n');
}

function stopList(stop: unknown): string[] {
  if (typeof stop === 'string') return [stop];
  return Array.isArray(stop) ? stop.filter((item): item is string => typeof item === 'string' && item.length > 0) : [];
}

/** OpenAI semantics: the output ends before the first stop string, which is not included. */
export function applyStop(text: string, finishReason: string, stop: string[]): { text: string; finishReason: string } {
  let cut = -1;
  for (const sequence of stop) {
    const at = text.indexOf(sequence);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut < 0 ? { text, finishReason } : { text: text.slice(0, cut), finishReason: 'stop' };
}

/** Parses `KIND[,first=N|,rate=F][,match=TEXT]` (the CLI's --fail option). */
export function parseFailureRule(spec: string): FailureRule {
  const [kind, ...params] = spec.split(',');
  if (!(FAILURE_KINDS as readonly string[]).includes(kind ?? '')) {
    throw new Error(`--fail: unknown failure "${kind ?? ''}", expected one of ${FAILURE_KINDS.join(', ')}`);
  }
  const rule: FailureRule = { kind: kind as FailureKind };
  for (const param of params) {
    const eq = param.indexOf('=');
    const key = param.slice(0, eq);
    const value = param.slice(eq + 1);
    if (key === 'first' && Number.isInteger(Number(value))) rule.first = Number(value);
    else if (key === 'rate' && Number(value) >= 0 && Number(value) <= 1) rule.rate = Number(value);
    else if (key === 'match' && value) rule.matching = value;
    else throw new Error(`--fail: cannot read "${param}" in "${spec}" (first=N, rate=0..1, match=TEXT)`);
  }
  return rule;
}
