import { makeTempRoot, removeTempRoot } from './temp-root';

/** Playwright's global setup: one temp root for the whole run; the returned function removes it. */
export default function globalSetup(): () => void {
  makeTempRoot();
  return removeTempRoot;
}
