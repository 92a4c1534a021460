import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ctx = await chromium.launchPersistentContext(mkdtempSync('/tmp/ad/prof-'), { executablePath: '/usr/bin/chromium', args: ARGS, viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
const page = ctx.pages()[0] ?? await ctx.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.log('console', m.type(), m.text().slice(0, 300)); });
const base = 'http://localhost:4100';
await page.goto(`${base}/admin/`);
await page.fill('input[name=username]', process.env.U);
await page.fill('input[name=password]', 'Shixun@2026');
await page.click('button[type=submit]');
await page.waitForSelector('[data-testid=welcome]');
for (const [i, p] of (process.env.P ?? '').split(',').entries()) {
  await page.goto(`${base}/admin/#/${p}`);
  await page.waitForTimeout(2500);
  if (process.env.CLICK && i === 0) { await page.locator(process.env.CLICK).first().click().catch((e) => console.log(e.message)); await page.waitForTimeout(1500); }
  await page.screenshot({ path: `/tmp/ad/s-${i}.png` });
}
await ctx.close();
