import type { WorkbenchApi } from '../main/core/api/contract';

declare global {
  interface Window {
    /** Present in the desktop app (exposed by the preload); absent in a browser via `serve`. */
    workbench?: WorkbenchApi;
  }
}
export {};
