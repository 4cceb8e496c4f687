import os from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'vlm-workbench';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives for this app,
 * so the desktop app, `npm start`'s browser fallback and the CLI share one default workspace.
 */
export function userDataDir(): string {
  if (process.env.VLM_WORKBENCH_HOME) return process.env.VLM_WORKBENCH_HOME;
  const home = os.homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

export const defaultWorkspacePath = (): string => join(userDataDir(), 'workspace.sqlite');
