import type { ApiErrorBody, WorkbenchApi, WorkbenchEvent } from '../../main/core/api/contract';
import { API_METHOD_NAMES } from '../../main/core/api/methods';

/**
 * The renderer's one way to the core. In the desktop app the preload has put the API on
 * `window.workbench` (IPC); in a browser (`vlm-workbench serve`) the same interface is built
 * over HTTP. Components never know which they have.
 */
function createHttpApi(): WorkbenchApi {
  // The printed URL carries the token once; the server also sets a cookie. Keep it for this tab
  // and remove it from the address bar so it is not shared by copying the URL.
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem('vlmwb-token', fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  const token = sessionStorage.getItem('vlmwb-token');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;

  const call = async (method: string, input: unknown): Promise<unknown> => {
    const response = await fetch(`/api/call/${method}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}), credentials: 'same-origin' });
    const body = (await response.json()) as unknown;
    if (!response.ok) throw new Error((body as ApiErrorBody).error?.message ?? `${method} failed (${response.status})`);
    return body;
  };
  const methods = Object.fromEntries(API_METHOD_NAMES.map((method) => [method, (input: unknown) => call(method, input)]));
  return {
    ...methods,
    subscribe(listener: (event: WorkbenchEvent) => void) {
      const source = new EventSource('/api/events', { withCredentials: true });
      source.onmessage = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as WorkbenchEvent);
      return () => source.close();
    },
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
