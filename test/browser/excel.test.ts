import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../core/auth/demo-users.js';
import { makeIdNumber } from '../../core/domain/id-number.js';
import { Teacher } from '../../core/entities/index.js';
import { buildWorld, type World } from '../helpers/fixtures.js';
import { browserTestHooks, launchBrowser, startConsoleServer, type Browser, type ConsoleServer } from './browser.js';
import { downloadWorkbook, loginAs, sheetRows } from './session.js';

/**
 * Excel in the console, as a school's office staff uses it: the roster template, a roster
 * with one bad row (the row's problem shown in a table and downloadable, nothing imported
 * until the user chooses to import the valid rows), "export to Excel" of a filtered list,
 * and a teacher's transcript opened from the teacher's page.
 */
const importDir = mkdtempSync(join(tmpdir(), 'shixun-browser-imports-'));
process.env.SHIXUN_IMPORT_DIR = importDir;

let s: ConsoleServer;
let b: Browser;
let w: World;
const good = [makeIdNumber('330110', '1996-03-04', 11, 'male'), makeIdNumber('330110', '1997-05-06', 12, 'female')];
const badBase = makeIdNumber('330110', '1995-07-08', 13, 'male');
const bad = badBase.slice(0, 17) + (badBase[17] === '0' ? '1' : '0');

beforeAll(async () => {
  s = await startConsoleServer();
  w = await buildWorld(s.ds);
  await seedDemoUsers(s.ds);
  b = await launchBrowser();
});

browserTestHooks(() => ({ b, s }));

afterAll(async () => {
  rmSync(importDir, { recursive: true, force: true });
});

const rows = () => b.page.locator('.RaDatagrid-tbody tr.RaDatagrid-row');

describe('Excel', () => {
  it('imports a roster: template, one bad row shown with its problem, then only the valid rows when chosen', async () => {
    const { page } = b;
    await loginAs(b, s, 'yh_school');
    await page.goto(`${s.base}/admin/#/Teacher`);
    await rows().first().waitFor();
    await page.getByTestId('open-import').click();

    const template = await downloadWorkbook(b, () => page.getByTestId('import-template').click());
    expect(template.name).toBe('教师名单导入模板.xlsx');
    const headers = sheetRows(template.workbook.getWorksheet('教师名单')!)[0]!;
    expect(headers.slice(0, 6)).toEqual(['姓名', '身份证号', '学校代码', '学校名称', '学段', '学科']);

    // The template filled in: two good rows and one with a wrong check digit (row 3).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('教师名单');
    ws.addRow(headers);
    const line = (name: string, id: string, subject: string) => {
      const r: string[] = headers.map(() => '');
      r[0] = name;
      r[1] = id;
      r[3] = '余杭区第一小学';
      r[4] = '小学';
      r[5] = subject;
      return r;
    };
    ws.addRow(line('钱小明', good[0]!, '语文'));
    ws.addRow(line('孙小红', bad, '数学'));
    ws.addRow(line('周小刚', good[1]!, '英语'));
    await page.getByTestId('import-file').setInputFiles({
      name: '我校教师名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });

    await page.getByTestId('import-has-errors').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('import-summary').innerText()).resolves.toMatch(/共 3 行[\s\S]*正确 2 行[\s\S]*有误 1 行/);
    const errorRow = page.getByTestId('import-errors').locator('tbody tr');
    await expect(errorRow.count()).resolves.toBe(1);
    await expect(errorRow.innerText()).resolves.toMatch(new RegExp(`^3\\s+身份证号\\s+身份证号校验位错误（${bad}）`));
    // Nothing is imported yet.
    expect(await s.ds.getRepository(Teacher).countBy({ idNumber: In([...good, bad]) })).toBe(0);
    await b.shot('30-import-errors');

    const errors = await downloadWorkbook(b, () => page.getByTestId('import-errors-xlsx').click());
    expect(errors.name).toBe('我校教师名单-错误行.xlsx');
    const errorSheet = sheetRows(errors.workbook.worksheets[0]!);
    expect(errorSheet.length).toBe(2);
    expect(errorSheet[1]!.slice(0, 3)).toEqual(['3', '孙小红', bad]);

    await page.getByTestId('import-commit-valid').click();
    await page.getByText('只导入正确的行？').waitFor();
    await page.getByTestId('import-confirm-valid').click();
    await page.getByTestId('import-done').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('import-done').innerText()).resolves.toContain('已导入 2 名教师');
    const imported = await s.ds.getRepository(Teacher).findBy({ idNumber: In([...good, bad]) });
    expect(imported.map((t) => t.name).sort()).toEqual(['周小刚', '钱小明']);
    expect(imported.every((t) => t.schoolId === w.schools.yh1)).toBe(true);
    await b.shot('31-import-done');
  });

  it('exports the filtered list to an .xlsx with the console’s columns', async () => {
    const { page } = b;
    await page.goto(`${s.base}/admin/#/Teacher`);
    await rows().first().waitFor();
    const all = await rows().count();
    // The search matches names by prefix: one of the imported teachers.
    await page.getByPlaceholder('搜索').fill('钱');
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(1);
    expect(all).toBeGreaterThan(1);
    const listed = (await page.locator('.RaDatagrid-tbody td.column-name').allInnerTexts()).sort();
    await b.shot('32-export-filtered');
    const { name, workbook } = await downloadWorkbook(b, () => page.getByTestId('export-excel').click());
    expect(name).toMatch(/^教师-\d{8}\.xlsx$/);
    const sheet = sheetRows(workbook.worksheets[0]!);
    const nameCol = sheet[0]!.indexOf('姓名');
    expect(nameCol).toBeGreaterThanOrEqual(0);
    expect(sheet[0]).toEqual(expect.arrayContaining(['身份证号', '所在学校', '学段']));
    expect(sheet.slice(1).map((r) => r[nameCol]).sort()).toEqual(listed);
  });

  it('opens a teacher’s transcript from the teacher’s page', async () => {
    const { page } = b;
    await page.locator('.RaDatagrid-tbody td.column-name', { hasText: '钱小明' }).click();
    await page.getByTestId('open-transcript').click();
    await page.getByTestId('ledger').waitFor();
    await expect(page.getByRole('combobox', { name: '教师' }).inputValue()).resolves.toBe('钱小明');
    await expect(page.getByTestId('ledger').innerText()).resolves.toMatch(/合计 0 学分/);
  });

  it('logged no console errors', () => {
    expect(b.errors()).toEqual([]);
  });
});
