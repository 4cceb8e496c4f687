/**
 * The names of the WorkbenchApi methods, with no dependencies, so the sandboxed preload can
 * expose exactly these (and nothing else) without bundling the validation library.
 */
export const API_METHOD_NAMES = [
  'health',
  'overview',
  'listRuns',
  'explore',
  'getPrediction',
  'labelTaxonomy',
  'addAnnotation',
  'listJobs',
  'cancelJob',
] as const;

export type ApiMethod = (typeof API_METHOD_NAMES)[number];

/** IPC channel of a method; the preload and main derive channels only through this. */
export const ipcChannel = (method: ApiMethod): string => `workbench:${method}`;
export const IPC_EVENT_CHANNEL = 'workbench:event';
/** Scheme the Electron shell serves stored images on (the HTTP transport uses /api/images). */
export const IMAGE_SCHEME = 'vlm-image';
