import { chromium } from '@playwright/test';
import fs from 'fs';
const [,, base, token, stepsFile] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await context.addInitScript(t => sessionStorage.setItem('vlmwb-token', t), token);
const page = await context.newPage();
const errs = [];
page.on('console', m => { if (m.type() === 'error' || m.type()==='warning') errs.push(m.type()+': '+m.text()); });
page.on('pageerror', e => errs.push('pageerror: ' + e.message));
page.on('dialog', d => { errs.push('DIALOG: ' + d.message()); d.dismiss(); });
const go = async (hash) => { await page.goto(base + '#' + hash); await page.waitForTimeout(2000); };
const shot = async (name, opts = {}) => {
  await page.screenshot({ path: `/tmp/h12/${name}.png`, ...opts });
  fs.writeFileSync(`/tmp/h12/${name}.txt`, await page.evaluate(() => document.body.innerText));
  const over = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > window.innerWidth + 2 && getComputedStyle(el).position !== 'fixed') {
        let p = el.parentElement, clipped = false;
        while (p) { const s = getComputedStyle(p); if (/(auto|scroll|hidden)/.test(s.overflowX)) { clipped = true; break; } p = p.parentElement; }
        if (!clipped) out.push(el.tagName + '.' + el.className + ' right=' + Math.round(r.right));
      }
    }
    return out.slice(0, 8);
  });
  console.log(name, 'unclipped-overflow:', JSON.stringify(over));
};
const steps = (await import(stepsFile)).default;
try { await steps({ page, go, shot, base }); } catch (e) { console.log('STEP ERROR', e.message); }
console.log(errs.join('\n'));
await browser.close();
