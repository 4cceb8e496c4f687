import { chromium } from '@playwright/test';
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto(url);
await page.waitForTimeout(2500);
await page.screenshot({ path: '/tmp/overview.png' });
await page.goto(url.replace('#token', '#/explorer?token').replace(/#\/explorer\?token=(.*)/, (m, t) => `#token=${t}`));
await browser.close();
