import type { ApiErrorBody, WorkbenchEvent } from '../core/api/contract';

/** Messages from Electron main to the core host. */
export type HostRequest =
  | { kind: 'call'; id: number; method: string; input: unknown }
  | { kind: 'image'; id: number; sha256: string }
  | { kind: 'shutdown' };

/** Messages from the core host to Electron main. */
export type HostReply =
  | { kind: 'result'; id: number; ok: true; result: unknown }
  | { kind: 'result'; id: number; ok: false; error: ApiErrorBody }
  | { kind: 'image'; id: number; image: { mime: string; bytes: Uint8Array } | null }
  | { kind: 'event'; event: WorkbenchEvent };
