/**
 * The core, hosted in an Electron utility process so that SQLite and model calls never run on
 * the main thread. It speaks a tiny request/response protocol with main over parentPort and
 * knows nothing of windows or IPC channels.
 */
import { existsSync } from 'node:fs';
import type { WorkbenchEvent } from '../core/api/contract';
import { dispatch } from '../core/api/dispatch';
import { toErrorBody } from '../core/api/errors';
import { seedDemoAsJob } from '../core/demo/seed';
import { getImage } from '../core/store/catalog';
import { openWorkbench } from '../core/workbench';
import type { HostReply, HostRequest } from './host-protocol';

const workspacePath = process.env.VLM_WORKBENCH_WORKSPACE;
if (!workspacePath) throw new Error('core host started without VLM_WORKBENCH_WORKSPACE');
const isNew = !existsSync(workspacePath);
const workbench = openWorkbench(workspacePath, { searchIndex: 'background' });
const port = process.parentPort;
const send = (reply: HostReply): void => port.postMessage(reply);

workbench.jobs.events.on('event', (event: WorkbenchEvent) => send({ kind: 'event', event }));

// A first start shows the demo workspace rather than an empty screen; it runs as a job.
if (isNew) void seedDemoAsJob(workbench);

port.on('message', (message: { data: HostRequest }) => {
  const request = message.data;
  if (request.kind === 'shutdown') {
    workbench.close();
    process.exit(0);
  }
  if (request.kind === 'image') {
    // Guarded like calls: a damaged or locked workspace must answer "no image", not kill the core.
    let image: ReturnType<typeof getImage>;
    try {
      image = /^[0-9a-f]{64}$/.test(String(request.sha256)) ? getImage(workbench.db, request.sha256) : undefined;
    } catch {
      image = undefined;
    }
    send({ kind: 'image', id: request.id, image: image ? { mime: image.mime, bytes: new Uint8Array(image.bytes) } : null });
    return;
  }
  if (request.kind !== 'call') return;
  dispatch(workbench.handlers, request.method, request.input).then(
    (result) => send({ kind: 'result', id: request.id, ok: true, result }),
    (error: unknown) => send({ kind: 'result', id: request.id, ok: false, error: toErrorBody(error).body }),
  );
});
