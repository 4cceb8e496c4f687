import { _electron as electron, expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { API_METHOD_NAMES } from '../main/core/api/methods';
import { e2eTempDir } from './support/temp-root';

/** Electron's binary is fetched on first launch; offline machines have none, and then we skip. */
function electronBinary(): { path: string } | { reason: string } {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { encoding: 'utf8' });
  if (probe.status === 0) return { path: probe.stdout.trim() };
  const line = probe.stderr.split('\n').find((l) => l.includes('Error')) ?? 'could not resolve the binary';
  return { reason: `Electron's binary is not available here (${line.trim()})` };
}

test('the desktop app opens on the demo workspace and shows the runs overview', async () => {
  const binary = electronBinary();
  if ('reason' in binary) console.log(`SKIPPED electron end-to-end test: ${binary.reason}`);
  test.skip('reason' in binary, 'reason' in binary ? binary.reason : '');
  const build = spawnSync(process.execPath, ['scripts/electron-native.mjs'], { stdio: 'inherit' });
  expect(build.status).toBe(0);
  const home = e2eTempDir('electron-');
  const app = await electron.launch({
    executablePath: (binary as { path: string }).path,
    args: ['.'],
    env: { ...process.env, VLM_WORKBENCH_WORKSPACE: join(home, 'workspace.sqlite') },
  });
  try {
    const page = await app.firstWindow();
    // The renderer sees the typed API, exactly, and no Node.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    const exposed = await page.evaluate(() => Object.keys((globalThis as { workbench?: object }).workbench ?? {}).sort());
    expect(exposed).toEqual([...API_METHOD_NAMES, 'imageUrl', 'pathForFile', 'subscribe'].sort());
    await expect(page.getByTestId('runs-matrix')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('td.run-cell')).toHaveCount(8, { timeout: 60_000 });
  } finally {
    await app.close();
  }
});
