import { existsSync } from 'node:fs';

/** The system Chromium (Debian's `chromium` package); Playwright's own browser download is not used. */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((path): path is string => Boolean(path && existsSync(path)));
}

/**
 * Flags of every Chromium the tests and the bench start. Running as root in CI needs
 * --no-sandbox, and there is no GPU; the next four keep Chromium off a network it cannot reach. The last stops
 * Chromium (156 here) from building its WebUI omnibox popup in every new tab: some 200-380 module
 * requests in a renderer of its own, alongside the page under test, which on a 2-core machine
 * took the page's CPU (the bench's explorer load 612-809 ms with it, 475-549 ms without; a
 * browser a researcher uses builds its omnibox once per window, not once per page).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup',
];
