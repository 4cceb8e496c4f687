/**
 * Electron main: window, menu, dialogs, lifecycle and the IPC relay, nothing more. All work
 * happens in the core host (a utility process); main only forwards validated messages.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, shell, utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { API_METHOD_NAMES, IMAGE_SCHEME, IPC_EVENT_CHANNEL, ipcChannel } from '../core/api/methods';
import type { HostReply, HostRequest } from './host-protocol';

protocol.registerSchemesAsPrivileged([{ scheme: IMAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
let host: UtilityProcess | null = null;
let nextRequestId = 1;
const pending = new Map<number, (reply: HostReply) => void>();

function startCoreHost(): UtilityProcess {
  const child = utilityProcess.fork(join(import.meta.dirname, 'core-host.js'), [], {
    serviceName: 'VLM Workbench core',
    env: {
      ...process.env,
      VLM_WORKBENCH_WORKSPACE: process.env.VLM_WORKBENCH_WORKSPACE ?? join(app.getPath('userData'), 'workspace.sqlite'),
      VLM_WORKBENCH_APP_ROOT: app.getAppPath(),
    },
  });
  child.on('message', (reply: HostReply) => {
    if (reply.kind === 'event') {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT_CHANNEL, reply.event);
      return;
    }
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  child.on('exit', (code) => {
    if (code !== 0 && !quitting) dialog.showErrorBox('VLM Workbench', `The core process stopped unexpectedly (exit code ${code}).`);
  });
  return child;
}

type HostCall = { kind: 'call'; method: string; input: unknown } | { kind: 'image'; sha256: string };

function askHost(request: HostCall): Promise<HostReply> {
  const id = nextRequestId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    host?.postMessage({ ...request, id } as HostRequest);
  });
}

/** IPC is accepted only from the app's own top-level page, never from another frame or origin. */
function isOwnFrame(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  return rendererUrl ? frameUrl.startsWith(rendererUrl) : frameUrl.startsWith('file://') && frameUrl.includes('/renderer/index.html');
}

function registerIpc(): void {
  for (const method of API_METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), async (event, input: unknown) => {
      if (!isOwnFrame(event.senderFrame?.url) || event.senderFrame !== event.sender.mainFrame) {
        throw new Error('refused: IPC from a frame that is not the app');
      }
      // The core validates every input with the contract's schemas before handling it.
      const reply = await askHost({ kind: 'call', method, input });
      if (reply.kind !== 'result') throw new Error('unexpected reply from the core');
      if (!reply.ok) throw new Error(reply.error.error.message);
      return reply.result;
    });
  }
  protocol.handle(IMAGE_SCHEME, async (request) => {
    const sha256 = new URL(request.url).pathname.replace(/^\//, '');
    if (!/^[0-9a-f]{64}$/.test(sha256)) return new Response('bad image id', { status: 400 });
    const reply = await askHost({ kind: 'image', sha256 });
    if (reply.kind !== 'image' || !reply.image) return new Response('no such image', { status: 404 });
    return new Response(Buffer.from(reply.image.bytes), { headers: { 'content-type': reply.image.mime } });
  });
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'VLM Workbench',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The page never navigates away; model output may contain links, opened only after asking.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) {
      void dialog
        .showMessageBox(window, { type: 'question', buttons: ['Cancel', 'Open in browser'], defaultId: 0, message: `Open this link?\n${url}` })
        .then(async ({ response }) => {
          if (response === 1) await shell.openExternal(url);
        });
    }
    return { action: 'deny' };
  });
  if (rendererUrl) void window.loadURL(rendererUrl);
  else void window.loadFile(rendererFile);
}

let quitting = false;
app.on('before-quit', () => {
  quitting = true;
  host?.postMessage({ kind: 'shutdown' } satisfies HostRequest);
});
app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  host = startCoreHost();
  registerIpc();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
