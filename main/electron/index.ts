/**
 * Electron main: window, menu, dialogs, lifecycle and the IPC relay, nothing more. All work
 * happens in the core host (a utility process); main only forwards validated messages.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess, type BrowserWindowConstructorOptions, type UtilityProcess, type WebContents } from 'electron';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { API_METHOD_NAMES, IMAGE_SCHEME, IPC_EVENT_CHANNEL, IPC_GRANT_DROP_CHANNEL, IPC_HOST_CHANNEL, IPC_PICK_EXPORT_CHANNEL, IPC_PICK_IMPORT_CHANNEL, ipcChannel } from '../core/api/methods';
import { APP_CONTENT_SECURITY_POLICY } from '../core/transport/content-security-policy';
import { PathGrants } from './path-grants';
import type { HostState, WorkbenchEvent } from '../core/types/records';
import type { HostReply, HostRequest } from './host-protocol';

/**
 * The policy of every page the app shows (the same as serve's, plus the image scheme): nothing
 * but our own files, no inline or eval'd script, no plugins, no remote anything. The built
 * index.html carries it as a meta tag (file:// responses have no headers); responses that do have
 * headers (the dev server) get it as a header too.
 */
export const CONTENT_SECURITY_POLICY = APP_CONTENT_SECURITY_POLICY;

/** The window's settings: the renderer is sandboxed, isolated from the preload, and has no Node. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    title: 'VLM Workbench',
    // resources/ at the app's root (scripts/make-icons.mjs draws it); macOS takes the bundle's .icns instead.
    icon: join(app.getAppPath(), 'resources', 'icon.png'),
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

protocol.registerSchemesAsPrivileged([{ scheme: IMAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(import.meta.dirname, '../renderer/index.html');
let host: UtilityProcess | null = null;
let nextRequestId = 1;
const pending = new Map<number, { resolve: (reply: HostReply) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

/** How long a call may wait for the core (calls only start jobs; long work runs as a job). */
const HOST_CALL_TIMEOUT_MS = Number(process.env.VLM_WORKBENCH_HOST_TIMEOUT_MS) || 60_000;
/** Restarts allowed within RESTART_WINDOW_MS before giving up (a core that dies at once would loop). */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;
const restarts: number[] = [];

function broadcast(event: WorkbenchEvent): void {
  for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT_CHANNEL, event);
}

function broadcastHostState(state: HostState): void {
  for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_HOST_CHANNEL, state);
}

/** Every call still waiting on a core that is gone fails now, with the reason, instead of hanging the UI. */
function rejectPending(reason: string): void {
  for (const [id, call] of pending) {
    clearTimeout(call.timer);
    call.reject(new Error(reason));
    pending.delete(id);
  }
}

function onHostExit(code: number | null): void {
  host = null;
  const reason = `the core process stopped unexpectedly (exit code ${code ?? 'unknown'})`;
  rejectPending(reason);
  if (quitting) return;
  const now = Date.now();
  while (restarts.length > 0 && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
  if (restarts.length >= MAX_RESTARTS) {
    broadcastHostState({ state: 'failed', message: `${reason}; it stopped ${MAX_RESTARTS} times in a minute and was not restarted again. Restart the app.` });
    dialog.showErrorBox('VLM Workbench', `${reason}, again. Restart the app; if it keeps happening, run \`vlm-workbench check\` on the workspace.`);
    return;
  }
  restarts.push(now);
  broadcastHostState({ state: 'restarting', message: `${reason}; restarting it` });
  host = startCoreHost();
  broadcastHostState({ state: 'running', message: 'the core process was restarted; running jobs were stopped and are marked failed' });
}

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
      broadcast(reply.event);
      return;
    }
    const call = pending.get(reply.id);
    if (!call) return;
    clearTimeout(call.timer);
    pending.delete(reply.id);
    call.resolve(reply);
  });
  child.on('exit', (code: number | null) => {
    if (child === host || host === null) onHostExit(code);
  });
  return child;
}

type HostCall = { kind: 'call'; method: string; input: unknown } | { kind: 'image'; sha256: string };

function askHost(request: HostCall): Promise<HostReply> {
  const id = nextRequestId++;
  return new Promise((resolve, reject) => {
    if (!host) {
      reject(new Error('the core process is not running'));
      return;
    }
    const what = request.kind === 'call' ? request.method : 'image';
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error(`the core process did not answer ${what} within ${Math.round(HOST_CALL_TIMEOUT_MS / 1000)} s`));
    }, HOST_CALL_TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    host.postMessage({ ...request, id } as HostRequest);
  });
}

/**
 * IPC is accepted only from the app's own page: the built index.html itself (not any file whose
 * path merely ends the same way), or the dev server's origin exactly.
 */
export function isOwnFrame(frameUrl: string | undefined, devServerUrl: string | undefined = rendererUrl, file: string = rendererFile): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (devServerUrl) return url.origin === new URL(devServerUrl).origin;
  const own = pathToFileURL(file);
  return url.protocol === 'file:' && url.host === '' && url.pathname === own.pathname;
}

const grants = new PathGrants();

function isFromApp(event: { senderFrame?: { url?: string } | null; sender: { mainFrame: unknown } }): boolean {
  return isOwnFrame(event.senderFrame?.url) && event.senderFrame === event.sender.mainFrame;
}

function registerDialogs(): void {
  ipcMain.handle(IPC_PICK_IMPORT_CHANNEL, async (event) => {
    if (!isFromApp(event)) throw new Error('refused: IPC from a frame that is not the app');
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = { title: 'Import results or benchmarks', properties: ['openFile' as const, 'multiSelections' as const] };
    const chosen = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    if (chosen.canceled) return [];
    grants.grant(chosen.filePaths);
    return chosen.filePaths;
  });
  ipcMain.handle(IPC_PICK_EXPORT_CHANNEL, async (event, suggestedName: unknown) => {
    if (!isFromApp(event)) throw new Error('refused: IPC from a frame that is not the app');
    const window = BrowserWindow.fromWebContents(event.sender);
    // Only a file name is taken from the renderer; the folder is the user's choice in the dialog.
    const options = {
      title: 'Export to',
      defaultPath: basename(typeof suggestedName === 'string' ? suggestedName.slice(0, 200) : 'export'),
      properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
    };
    const chosen = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return null;
    grants.grant([chosen.filePath]);
    return chosen.filePath;
  });
  ipcMain.on(IPC_GRANT_DROP_CHANNEL, (event, path: unknown) => {
    if (isFromApp(event) && typeof path === 'string') grants.grant([path]);
  });
}

function registerIpc(): void {
  registerDialogs();
  for (const method of API_METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), async (event, input: unknown) => {
      if (!isFromApp(event)) {
        throw new Error('refused: IPC from a frame that is not the app');
      }
      // The renderer may not name files on its own: only those chosen in a dialog or dropped.
      grants.check(method, input);
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
    let reply: HostReply;
    try {
      reply = await askHost({ kind: 'image', sha256 });
    } catch (error) {
      return new Response(error instanceof Error ? error.message : 'the core did not answer', { status: 503 });
    }
    if (reply.kind !== 'image' || !reply.image) return new Response('no such image', { status: 404 });
    return new Response(Buffer.from(reply.image.bytes), { headers: { 'content-type': reply.image.mime } });
  });
}

/** Links in model output open only after asking, and only http(s); every other new window is denied. */
function confirmExternal(window: BrowserWindow | null, url: string): void {
  if (!/^https?:\/\//i.test(url)) return;
  const ask = { type: 'question' as const, buttons: ['Cancel', 'Open in browser'], defaultId: 0, cancelId: 0, message: `Open this link?\n${url}` };
  void (window ? dialog.showMessageBox(window, ask) : dialog.showMessageBox(ask)).then(async ({ response }) => {
    if (response === 1) await shell.openExternal(url);
  });
}

/** Every page the app ever creates: no navigation away, no new windows, no <webview>. */
export function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    confirmExternal(BrowserWindow.fromWebContents(contents), url);
    return { action: 'deny' };
  });
}

/** The session: the policy as a header where responses have headers; no permission (camera, notifications…) is ever granted. */
export function hardenSession(): void {
  const current = session.defaultSession;
  current.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  current.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  current.setPermissionCheckHandler(() => false);
}

function createWindow(): void {
  const window = new BrowserWindow(windowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  window.once('ready-to-show', () => window.show());
  // The page never navigates away; model output may contain links, opened only after asking.
  lockDown(window.webContents);
  if (rendererUrl) void window.loadURL(rendererUrl);
  else void window.loadFile(rendererFile);
}

let quitting = false;
app.on('before-quit', () => {
  quitting = true;
  host?.postMessage({ kind: 'shutdown' } satisfies HostRequest);
});
app.on('window-all-closed', () => app.quit());

app.on('web-contents-created', (_event, contents) => lockDown(contents));

void app.whenReady().then(() => {
  hardenSession();
  host = startCoreHost();
  registerIpc();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
