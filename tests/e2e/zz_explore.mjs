import { chromium, runInConsole, OUT, BASE_URL } from './harness.mjs';
import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'zz-')), {
  executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu'],
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
const page = ctx.pages()[0] ?? await ctx.newPage();
const errs = []; page.on('pageerror', e => errs.push(String(e))); page.on('console', m => { if (m.type()==='error') errs.push(m.text()); });
await page.goto(BASE_URL);
await page.waitForSelector('#console-input');
await page.screenshot({ path: OUT + 'zz_phone_first.png' });
const cmds = process.argv.slice(2);
for (const c of cmds) await runInConsole(page, c);
await page.screenshot({ path: OUT + 'zz_phone_after.png' });
await page.screenshot({ path: OUT + 'zz_phone_full.png', fullPage: true });
const text = await page.evaluate(() => document.querySelector('[role="log"]')?.innerText ?? document.body.innerText);
console.log(text.slice(-3000));
console.log('errors', errs);
await ctx.close();
