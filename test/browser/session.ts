import { readFileSync } from 'node:fs';
import type { Download } from 'playwright-core';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD } from '../../core/auth/demo-users.js';
import type { Browser, ConsoleServer } from './browser.js';

/** Logs a demo user in from a clean session (no cookie, no remembered user). */
export async function loginAs(b: Browser, s: ConsoleServer, username: string, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<void> {
  const { page } = b;
  await page.context().clearCookies();
  await page.goto(`${s.base}/admin/#/login`);
  await page.evaluate((l) => {
    localStorage.removeItem('shixun.user');
    localStorage.setItem('shixun.locale', l);
  }, locale);
  await page.reload();
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('welcome').waitFor();
}

/** Clicks something that downloads a file; returns the file's name and its workbook. */
export async function downloadWorkbook(b: Browser, click: () => Promise<void>): Promise<{ name: string; workbook: ExcelJS.Workbook; download: Download }> {
  const [download] = await Promise.all([b.page.waitForEvent('download', { timeout: 20_000 }), click()]);
  const path = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
  return { name: download.suggestedFilename(), workbook, download };
}

/** Rows of a worksheet as arrays of cell texts (row 1 first). */
export function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(c.text));
    out.push(cells);
  });
  return out;
}
