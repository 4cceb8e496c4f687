/**
 * The Electron shell's hardening, checked without Electron's binary: `main/electron/index.ts`
 * and `preload/index.ts` are loaded against a stand-in `electron` module that records what they
 * ask of it (window options, navigation and window-open handlers, session policy, IPC handlers,
 * what the preload exposes). The core host behind the IPC relay is the real one
 * (`main/electron/core-host.ts`) on a real workspace, so input validation is the core's own.
 * The Playwright `_electron` test (e2e/electron.spec.ts) runs the real app where the binary is.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHOD_NAMES, IMAGE_SCHEME, IPC_EVENT_CHANNEL, IPC_GRANT_DROP_CHANNEL, IPC_HOST_CHANNEL, IPC_PICK_EXPORT_CHANNEL, IPC_PICK_IMPORT_CHANNEL, ipcChannel } from '../core/api/methods';
import { CONTENT_SECURITY_POLICY as SERVE_POLICY } from '../core/transport/http-server';
import { openWorkspace } from '../core/store/database';
import { REPO_ROOT } from '../test-support/cli';

type Handler = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the shell asked of Electron. */
const recorded = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, any>; webContents: any }>, // eslint-disable-line @typescript-eslint/no-explicit-any
  appEvents: new Map<string, Handler>(),
  ipc: new Map<string, Handler>(),
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, Handler>(),
  headersHandler: undefined as Handler | undefined,
  permissionRequest: undefined as Handler | undefined,
  permissionCheck: undefined as Handler | undefined,
  exposed: new Map<string, any>(), // eslint-disable-line @typescript-eslint/no-explicit-any
  invoked: [] as Array<{ channel: string; input: unknown }>,
  rendererListeners: new Map<string, Handler>(),
  openedExternally: [] as string[],
  dialogs: [] as unknown[],
  hostPort: undefined as any, // eslint-disable-line @typescript-eslint/no-explicit-any
  children: [] as any[], // eslint-disable-line @typescript-eslint/no-explicit-any
  chosen: [] as string[],
  sent: [] as Array<{ channel: string; payload: unknown }>,
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { pathToFileURL } = await import('node:url');
  class FakeWebContents extends EventEmitter {
    openHandler: Handler | undefined;
    readonly mainFrame = { url: '' };
    setWindowOpenHandler(handler: Handler): void {
      this.openHandler = handler;
    }
    send(channel: string, payload: unknown): void {
      recorded.sent.push({ channel, payload });
    }
  }
  class BrowserWindow extends EventEmitter {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    static fromWebContents = (contents: unknown) => BrowserWindow.all.find((w) => w.webContents === contents) ?? null;
    readonly webContents = new FakeWebContents();
    constructor(readonly options: Record<string, unknown>) {
      super();
      BrowserWindow.all.push(this);
      recorded.windows.push({ options, webContents: this.webContents });
    }
    loadURL(url: string) {
      this.webContents.mainFrame.url = url;
      return Promise.resolve();
    }
    loadFile(file: string) {
      this.webContents.mainFrame.url = pathToFileURL(file).href;
      return Promise.resolve();
    }
    show(): void {}
  }
  // The utility process: a port pair wired to the real core host module, loaded in this process.
  const fork = () => {
    const child = new EventEmitter() as EventEmitter & { postMessage(message: unknown): void };
    const parentPort = new EventEmitter() as EventEmitter & { postMessage(message: unknown): void };
    parentPort.postMessage = (message) => setImmediate(() => child.emit('message', message));
    child.postMessage = (message) => setImmediate(() => parentPort.emit('message', { data: message }));
    recorded.hostPort = parentPort;
    recorded.children.push(child);
    return child;
  };
  return {
    app: {
      on: (event: string, handler: Handler) => recorded.appEvents.set(event, handler),
      whenReady: () => Promise.resolve(),
      getPath: () => os.tmpdir(),
      getAppPath: () => process.cwd(),
      quit: () => undefined,
    },
    BrowserWindow,
    dialog: {
      showErrorBox: (...args: unknown[]) => recorded.dialogs.push(args),
      showOpenDialog: (...args: unknown[]) => (recorded.dialogs.push(args), Promise.resolve({ canceled: false, filePaths: recorded.chosen })),
      showMessageBox: (...args: unknown[]) => {
        recorded.dialogs.push(args);
        return Promise.resolve({ response: 1 });
      },
      showSaveDialog: (...args: unknown[]) => {
        recorded.dialogs.push(args);
        const options = args.at(-1) as { defaultPath: string };
        // A test that chose a path gets it; otherwise the dialog keeps the suggested file name.
        return Promise.resolve({ canceled: false, filePath: recorded.chosen[0] ?? `/home/researcher/exports/${options.defaultPath}` });
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => recorded.ipc.set(channel, handler),
      on: (channel: string, handler: Handler) => recorded.ipc.set(channel, handler),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.schemes.push(...schemes),
      handle: (scheme: string, handler: Handler) => recorded.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (handler: Handler) => (recorded.headersHandler = handler) },
        setPermissionRequestHandler: (handler: Handler) => (recorded.permissionRequest = handler),
        setPermissionCheckHandler: (handler: Handler) => (recorded.permissionCheck = handler),
      },
    },
    shell: { openExternal: (url: string) => (recorded.openedExternally.push(url), Promise.resolve()) },
    utilityProcess: { fork },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, input: unknown) => (recorded.invoked.push({ channel, input }), Promise.resolve(null)),
      on: (channel: string, listener: Handler) => recorded.rendererListeners.set(channel, listener),
      removeListener: (channel: string) => recorded.rendererListeners.delete(channel),
    },
    webUtils: { getPathForFile: () => '/dropped/file.jsonl' },
  };
});

const ownPage = () => recorded.windows[0]!.webContents.mainFrame.url as string;

/** An IPC call as Electron delivers it: from a frame with a URL, which is or is not the window's main frame. */
function ipcCall(method: string, input: unknown, frame: { url: string } | 'main' = 'main') {
  const webContents = recorded.windows[0]!.webContents;
  const senderFrame = frame === 'main' ? webContents.mainFrame : frame;
  return recorded.ipc.get(ipcChannel(method as never))!({ sender: webContents, senderFrame }, input);
}

describe('the Electron shell (main/electron/index.ts) against a stand-in electron module', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-electron-shell-'));
    const workspace = join(dir, 'w.sqlite');
    openWorkspace(workspace).close(); // exists: the core host does not seed the demo
    process.env.VLM_WORKBENCH_WORKSPACE = workspace;
    process.env.VLM_WORKBENCH_HOST_TIMEOUT_MS = '1500';
    delete process.env.ELECTRON_RENDERER_URL;
    electronShell = await import('../electron/index');
    await new Promise((resolve) => setImmediate(resolve)); // app.whenReady().then(...)
    // The core host module runs in the utility process; here it reads the stand-in port.
    (process as unknown as { parentPort: unknown }).parentPort = recorded.hostPort;
    await import('../electron/core-host');
  });
  afterAll(() => {
    delete (process as unknown as { parentPort?: unknown }).parentPort;
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the window sandboxed, context-isolated, without Node, with web security on', () => {
    expect(recorded.windows).toHaveLength(1);
    expect(recorded.windows[0]!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(recorded.windows[0]!.options.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(ownPage()).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
  });

  it('gives the window the app icon from resources/', () => {
    const icon = recorded.windows[0]!.options.icon as string;
    expect(icon).toBe(join(process.cwd(), 'resources', 'icon.png'));
    expect(readFileSync(icon).subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('enforces a strict Content-Security-Policy: as a header on every response, and in the page itself', () => {
    const { CONTENT_SECURITY_POLICY } = recordedPolicy();
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "connect-src 'self'", "frame-src 'none'"]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(CONTENT_SECURITY_POLICY.match(/script-src [^;]*/)![0]).toBe("script-src 'self'");
    let headers: Record<string, string[]> | undefined;
    recorded.headersHandler!({ url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'] } }, (result: { responseHeaders: Record<string, string[]> }) => (headers = result.responseHeaders));
    expect(headers!['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    // file:// responses have no headers: the page carries the same policy as a meta tag.
    const html = readFileSync(join(REPO_ROOT, 'renderer', 'index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]).toBe(CONTENT_SECURITY_POLICY);
    // serve sends the same policy, less the image scheme (its images are same-origin).
    expect(SERVE_POLICY).toContain("script-src 'self'");
  });

  it('blocks navigation, redirects, <webview> and new windows; only http(s) links open outside, after asking', async () => {
    const contents = recorded.windows[0]!.webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.emit(event, { preventDefault }, 'https://evil.example/');
      expect(preventDefault, event).toHaveBeenCalled();
    }
    for (const url of ['https://example.com/paper', 'javascript:alert(1)', 'file:///etc/passwd', 'vlm-image://image/x', 'data:text/html,<script>1</script>']) {
      expect(contents.openHandler({ url }), url).toEqual({ action: 'deny' });
    }
    await new Promise((resolve) => setImmediate(resolve));
    // Asked once (the stand-in dialog says "Open"), for the https link only.
    expect(recorded.openedExternally).toEqual(['https://example.com/paper']);
    // Any other web contents the app ever creates gets the same treatment.
    const other = new EventEmitter() as EventEmitter & { setWindowOpenHandler: Handler; handler?: Handler };
    other.setWindowOpenHandler = (handler: Handler) => (other.handler = handler);
    recorded.appEvents.get('web-contents-created')!({}, other);
    const preventDefault = vi.fn();
    other.emit('will-navigate', { preventDefault }, 'https://evil.example/');
    expect(preventDefault).toHaveBeenCalled();
    expect(other.handler!({ url: 'https://x.example' })).toEqual({ action: 'deny' });
  });

  it('grants no permission (camera, microphone, notifications, …)', () => {
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      recorded.permissionRequest!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(recorded.permissionCheck!({}, permission)).toBe(false);
    }
  });

  it('registers exactly one IPC handler per API method, answered by the real core host', async () => {
    expect([...recorded.ipc.keys()].sort()).toEqual([...API_METHOD_NAMES.map((m) => ipcChannel(m)), IPC_GRANT_DROP_CHANNEL, IPC_PICK_EXPORT_CHANNEL, IPC_PICK_IMPORT_CHANNEL].sort());
    expect(await ipcCall('health', {})).toMatchObject({ ok: true });
    expect(await ipcCall('listRuns', {})).toEqual([]);
  });

  it('refuses IPC from any frame that is not the app itself: a subframe, another page, a look-alike path', async () => {
    const look = ownPage().replace(/\/[^/]+\/renderer\/index\.html$/, '/evil/renderer/index.html');
    const foreign = [
      { url: 'https://evil.example/' },
      { url: `${ownPage()}`.replace('file://', 'file://evil.example') },
      { url: look },
      { url: 'file:///tmp/renderer/index.html' },
      { url: 'data:text/html,hi' },
      { url: '' },
    ];
    for (const frame of foreign) await expect(ipcCall('listRuns', {}, frame), frame.url).rejects.toThrow(/refused: IPC from a frame that is not the app/);
    // The app's own URL, but a subframe (an iframe of the page), is refused too.
    await expect(ipcCall('listRuns', {}, { url: ownPage() })).rejects.toThrow(/refused/);
  });

  it('asks the system save dialog where an export goes, taking only a file name from the app and nothing from other frames', async () => {
    const choose = (name: unknown, frame: { url: string } | 'main' = 'main') => {
      const webContents = recorded.windows[0]!.webContents;
      return recorded.ipc.get(IPC_PICK_EXPORT_CHANNEL)!({ sender: webContents, senderFrame: frame === 'main' ? webContents.mainFrame : frame }, name);
    };
    expect(await choose('stage3 failures.zip')).toBe('/home/researcher/exports/stage3 failures.zip');
    expect(await choose('../../etc/passwd')).toBe('/home/researcher/exports/passwd');
    await expect(choose('x.zip', { url: 'https://evil.example/' })).rejects.toThrow(/refused/);
  });

  it('rejects invalid input with the core\'s validation, naming the field; unknown fields and methods get nowhere', async () => {
    await expect(ipcCall('explore', { limit: 'many' })).rejects.toThrow(/limit/);
    await expect(ipcCall('addAnnotation', { predictionId: -1, label: 'perception' })).rejects.toThrow(/predictionId/);
    await expect(ipcCall('addAnnotation', { predictionId: 1, label: 'x'.repeat(65) })).rejects.toThrow(/label/);
    await expect(ipcCall('listRuns', { sql: 'DROP TABLE runs' })).rejects.toThrow(/sql|unrecognized/i);
    await expect(ipcCall('importFiles', { paths: ['relative/path.jsonl'] })).rejects.toThrow(/absolute|paths/);
    expect(recorded.ipc.has('workbench:dropTables')).toBe(false);
  });

  it('serves only stored images on its image scheme, by sha256', async () => {
    const handler = recorded.protocolHandlers.get(IMAGE_SCHEME)!;
    expect((await handler(new Request(`${IMAGE_SCHEME}://image/../../etc/passwd`))).status).toBe(400);
    expect((await handler(new Request(`${IMAGE_SCHEME}://image/${'0'.repeat(64)}`))).status).toBe(404);
    expect(recorded.schemes).toEqual([{ scheme: IMAGE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('lets an import or export name only files chosen in a native dialog or dropped on the window', async () => {
    const chosen = join(dir, 'chosen');
    mkdirSync(chosen);
    writeFileSync(join(chosen, 'r.jsonl'), '{"id": "1", "question": "q", "answer": "1", "prediction": "1"}\n');
    await expect(ipcCall('importFiles', { paths: ['/etc/passwd'], map: ['question=0'] })).rejects.toThrow(/importFiles\.paths: "\/etc\/passwd" was not chosen in this app's open or save dialog/);
    await expect(ipcCall('startExport', { query: '', format: 'jsonl', outPath: join(dir, 'anywhere') })).rejects.toThrow(/startExport\.outPath: .* was not chosen/);
    recorded.chosen = [join(chosen, 'r.jsonl')];
    const webContents = recorded.windows[0]!.webContents;
    const fromApp = { sender: webContents, senderFrame: webContents.mainFrame };
    expect(await recorded.ipc.get(IPC_PICK_IMPORT_CHANNEL)!(fromApp)).toEqual([join(chosen, 'r.jsonl')]);
    await expect(ipcCall('importFiles', { paths: [join(chosen, 'r.jsonl')], checkpoint: 'picked', benchmark: 'Picked' })).resolves.toMatchObject({ kind: 'import' });
    // A dropped file's path, reported by the preload, is allowed too; a subframe cannot report one.
    recorded.ipc.get(IPC_GRANT_DROP_CHANNEL)!({ sender: webContents, senderFrame: { url: 'https://evil.example/' } }, '/etc/shadow');
    await expect(ipcCall('importFiles', { paths: ['/etc/shadow'] })).rejects.toThrow(/not chosen/);
    writeFileSync(join(dir, 'dropped.jsonl'), '{"id": "1", "question": "q", "answer": "1", "prediction": "1"}\n');
    recorded.ipc.get(IPC_GRANT_DROP_CHANNEL)!(fromApp, join(dir, 'dropped.jsonl'));
    await expect(ipcCall('importFiles', { paths: [join(dir, 'dropped.jsonl')], checkpoint: 'dropped', benchmark: 'Dropped' })).resolves.toMatchObject({ kind: 'import' });
    // The export default (beside the workspace) needs no dialog.
    await expect(ipcCall('startExport', { query: '', format: 'jsonl' })).resolves.toMatchObject({ outPath: expect.any(String) });
  });

  it('the core host answers a malformed image request with "no image" instead of crashing', async () => {
    const child = recorded.children[0]!;
    const reply = new Promise((resolve) => child.on('message', (message: { id?: number }) => message.id === 424242 && resolve(message)));
    child.postMessage({ kind: 'image', id: 424242, sha256: { not: 'a hash' } });
    expect(await reply).toEqual({ kind: 'image', id: 424242, image: null });
    expect(await ipcCall('health', {})).toMatchObject({ ok: true });
  });

  it('when the core host dies: waiting calls fail with the reason, the host is restarted, the window is told; unanswered calls time out; repeated deaths give up', async () => {
    const hostStates = () => recorded.sent.filter((s) => s.channel === IPC_HOST_CHANNEL).map((s) => (s.payload as { state: string }).state);
    const waiting = ipcCall('listRuns', {});
    recorded.children[0]!.emit('exit', 133);
    await expect(waiting).rejects.toThrow(/core process stopped unexpectedly \(exit code 133\)/);
    expect(recorded.children).toHaveLength(2);
    expect(hostStates()).toEqual(['restarting', 'running']);
    // The new stand-in host never answers: the call times out instead of hanging the UI.
    await expect(ipcCall('listRuns', {})).rejects.toThrow(/did not answer listRuns within 2 s/);
    const image = await recorded.protocolHandlers.get(IMAGE_SCHEME)!(new Request(`${IMAGE_SCHEME}://image/${'0'.repeat(64)}`));
    expect(image.status).toBe(503);
    // A core that keeps dying is given up on, with a dialog and a "failed" state.
    for (let i = 0; i < 3; i++) recorded.children.at(-1)!.emit('exit', 1);
    expect(hostStates().at(-1)).toBe('failed');
    expect(recorded.dialogs.some((args) => String((args as unknown[])[1]).includes('Restart the app'))).toBe(true);
    await expect(ipcCall('health', {})).rejects.toThrow(/not running/);
  }, 20_000);
});

let electronShell: { CONTENT_SECURITY_POLICY: string };
const recordedPolicy = (): { CONTENT_SECURITY_POLICY: string } => electronShell;

describe('the preload (preload/index.ts)', () => {
  beforeAll(async () => {
    await import('../../preload/index');
  });

  it('exposes the typed API and only it: one function per method, subscribe, imageUrl, pathForFile; no generic invoke, no ipcRenderer', () => {
    expect([...recorded.exposed.keys()]).toEqual(['workbench']);
    const api = recorded.exposed.get('workbench') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...API_METHOD_NAMES, 'imageUrl', 'onHostState', 'pathForFile', 'pickExportPath', 'pickImportPaths', 'subscribe'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    for (const forbidden of ['invoke', 'send', 'sendSync', 'on', 'ipcRenderer', 'require', 'process']) expect(api).not.toHaveProperty(forbidden);
  });

  it('each method invokes its own channel with the input only; subscribe hands the listener the payload, never the IPC event', async () => {
    const api = recorded.exposed.get('workbench') as Record<string, (...args: unknown[]) => unknown>;
    recorded.invoked.length = 0;
    for (const method of API_METHOD_NAMES) await api[method]!({ probe: method });
    expect(recorded.invoked).toEqual(API_METHOD_NAMES.map((method) => ({ channel: ipcChannel(method), input: { probe: method } })));
    const seen: unknown[] = [];
    const unsubscribe = api.subscribe!((event: unknown) => seen.push(event)) as () => void;
    recorded.rendererListeners.get(IPC_EVENT_CHANNEL)!({ sender: { send: 'a handle the page must not get' } }, { type: 'changed', what: 'runs' });
    expect(seen).toEqual([{ type: 'changed', what: 'runs' }]);
    unsubscribe();
    expect(recorded.rendererListeners.has(IPC_EVENT_CHANNEL)).toBe(false);
    expect(api.imageUrl!('ab'.repeat(32))).toBe(`${IMAGE_SCHEME}://image/${'ab'.repeat(32)}`);
  });
});
