import type { ApiErrorBody, WorkbenchApi, WorkbenchEvent } from '@core/api/contract';
import { API_METHOD_NAMES } from '@core/api/methods';
import { readServerSentEvents } from './sse';

const TOKEN_KEY = 'vlmwb-token';

/**
 * The access token of `vlm-workbench serve`. The printed URL carries it in the fragment (never
 * sent to a server); the page keeps it for this tab in sessionStorage and removes it from the
 * address bar, so copying the URL does not share it. Nothing ambient (a cookie) holds it: another
 * page on another port of 127.0.0.1 can make the browser send requests here, but never with it.
 */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const given = fragment.get('token') ?? url.searchParams.get('token');
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    url.searchParams.delete('token');
    if (fragment.has('token')) url.hash = '#/';
    window.history.replaceState(null, '', url.toString());
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/**
 * The renderer's one way to the core. In the desktop app the preload has put the API on
 * `window.workbench` (IPC); in a browser (`vlm-workbench serve`) the same interface is built
 * over HTTP. Components never know which they have.
 */
function createHttpApi(): WorkbenchApi {
  const token = takeToken();
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};

  const call = async (method: string, input: unknown): Promise<unknown> => {
    const response = await fetch(`/api/call/${method}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'omit',
    });
    const body = (await response.json()) as unknown;
    if (!response.ok) throw new Error((body as ApiErrorBody).error?.message ?? `${method} failed (${response.status})`);
    return body;
  };
  const methods = Object.fromEntries(API_METHOD_NAMES.map((method) => [method, (input: unknown) => call(method, input)]));
  return {
    ...methods,
    // Not an EventSource: it cannot send a header, and the token must not ride in a URL or cookie.
    subscribe: (listener: (event: WorkbenchEvent) => void) => readServerSentEvents('/api/events', auth, (data) => listener(JSON.parse(data) as WorkbenchEvent)),
    // Only a placeholder over HTTP: images are fetched with the header (loadImage below).
    imageUrl: (sha256: string) => `/api/images/${sha256}`,
  } as WorkbenchApi;
}

export const api: WorkbenchApi = window.workbench ?? createHttpApi();

/**
 * Browser mode: downloads the file a finished export job wrote on the serving machine, with the
 * same credentials as every API call (the token header, or the cookie).
 */
export async function downloadExport(jobId: number): Promise<void> {
  const token = sessionStorage.getItem('vlmwb-token');
  const response = await fetch(`/api/exports/${jobId}/download`, { headers: token ? { authorization: `Bearer ${token}` } : {}, credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
    throw new Error(body?.error?.message ?? `download failed (${response.status})`);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `export-${jobId}`;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
export const transport: 'ipc' | 'http' = window.workbench ? 'ipc' : 'http';

const imageCache = new Map<string, Promise<string>>();
const IMAGE_CACHE_SIZE = 200;

/**
 * A URL an <img> can show for a stored image. Over IPC the image scheme serves it; over HTTP the
 * image is fetched with the token and shown from a blob: URL (an <img src> request would carry
 * no credential). Images are immutable, so the newest few hundred are kept.
 */
export function loadImage(sha256: string): Promise<string> {
  if (transport === 'ipc') return Promise.resolve(api.imageUrl(sha256));
  const cached = imageCache.get(sha256);
  if (cached) return cached;
  const token = sessionStorage.getItem(TOKEN_KEY);
  const loading = fetch(`/api/images/${sha256}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, credentials: 'omit' }).then(async (response) => {
    if (!response.ok) throw new Error(`image ${sha256.slice(0, 12)}… could not be loaded (${response.status})`);
    return URL.createObjectURL(await response.blob());
  });
  imageCache.set(sha256, loading);
  loading.catch(() => imageCache.delete(sha256));
  if (imageCache.size > IMAGE_CACHE_SIZE) {
    const [oldest, url] = imageCache.entries().next().value as [string, Promise<string>];
    imageCache.delete(oldest);
    void url.then((u) => URL.revokeObjectURL(u), () => undefined);
  }
  return loading;
}
