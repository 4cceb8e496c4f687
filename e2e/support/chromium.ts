import { existsSync } from 'node:fs';

/** The system Chromium (Debian's `chromium` package); Playwright's own browser download is not used. */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}
