/**
 * Exposes the WorkbenchApi, and only it, to the sandboxed renderer: one function per method
 * name, never a generic invoke(channel, ...).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_METHOD_NAMES, IMAGE_SCHEME, IPC_EVENT_CHANNEL, IPC_GRANT_DROP_CHANNEL, IPC_HOST_CHANNEL, IPC_PICK_EXPORT_CHANNEL, IPC_PICK_IMPORT_CHANNEL, ipcChannel } from '../main/core/api/methods';
import type { HostState, WorkbenchApi, WorkbenchEvent } from '../main/core/api/contract';

const methods = Object.fromEntries(
  API_METHOD_NAMES.map((method) => [method, (input: unknown) => ipcRenderer.invoke(ipcChannel(method), input ?? {})]),
);

const api = {
  ...methods,
  subscribe(listener: (event: WorkbenchEvent) => void) {
    const relay = (_event: IpcRendererEvent, payload: WorkbenchEvent): void => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
    };
  },
  imageUrl: (sha256: string) => `${IMAGE_SCHEME}://image/${sha256}`,
  onHostState(listener: (state: HostState) => void) {
    const relay = (_event: IpcRendererEvent, payload: HostState): void => listener(payload);
    ipcRenderer.on(IPC_HOST_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(IPC_HOST_CHANNEL, relay);
    };
  },
  // A dropped file's path, for importing it (the renderer's File objects carry no path). Main
  // lets an import name it because Electron, not the page, says where the file is.
  pathForFile: (file: File) => {
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send(IPC_GRANT_DROP_CHANNEL, path);
    return path;
  },
  pickImportPaths: () => ipcRenderer.invoke(IPC_PICK_IMPORT_CHANNEL),
  pickExportPath: (suggestedName: string) => ipcRenderer.invoke(IPC_PICK_EXPORT_CHANNEL, suggestedName),
} as unknown as WorkbenchApi;

contextBridge.exposeInMainWorld('workbench', api);
