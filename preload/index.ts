/**
 * Exposes the WorkbenchApi, and only it, to the sandboxed renderer: one function per method
 * name, never a generic invoke(channel, ...).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { API_METHOD_NAMES, IMAGE_SCHEME, IPC_EVENT_CHANNEL, IPC_SAVE_PATH_CHANNEL, ipcChannel } from '../main/core/api/methods';
import type { WorkbenchApi, WorkbenchEvent } from '../main/core/api/contract';

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
  // A dropped file's path, for importing it (the renderer's File objects carry no path).
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  // Where to write an export: the main process shows the system save dialog.
  chooseSavePath: (suggestedName: string) => ipcRenderer.invoke(IPC_SAVE_PATH_CHANNEL, String(suggestedName).slice(0, 255)),
} as unknown as WorkbenchApi;

contextBridge.exposeInMainWorld('workbench', api);
