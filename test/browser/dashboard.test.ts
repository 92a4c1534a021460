import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/auth/actor.js';
import { signActor } from '../../core/auth/token.js';
import type { PluginEntry } from '../../core/plugin-host/types.js';
import { seedDemoIfEmpty } from '../../core/seed/demo.js';
import { browserTestHooks, launchBrowser, startConsoleServer, type Browser, type ConsoleServer } from './browser.js';
import { downloadWorkbook, loginAs, sheetRows } from './session.js';

/**
 * The home page's figures on the demo data with every region plugin (as `npm start` seeds
 * it): a provincial bureau sees its region's cycle completion, selections per day,
 * satisfaction and the NT capacity metrics as charts and tiles with the API's numbers, and
 * runs the cycle audit from there; the same in English. The Chongqing section's stipend
 * ledger (table and workbook) and annual assessment form (English titles), and the Zhejiang
 * period timeline. No console errors on the way.
 */
let s: ConsoleServer;
let b: Browser;

async function api<T = any>(actor: Actor, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = await signActor(actor, s.config.tokenSecret);
  const res = await fetch(`${s.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

const ZJ_BUREAU: Actor = { id: 'test:zj', role: 'bureau', regionId: '330000' };

beforeAll(async () => {
  const plugins = (await import('../../plugins.config.js')).default as PluginEntry[];
  s = await startConsoleServer(plugins);
  await seedDemoIfEmpty(s, { log: () => undefined });
  b = await launchBrowser();
});

browserTestHooks(() => ({ b, s }));

const count = async (sql: string, params: unknown[] = []) => Number(Object.values(((await s.ds.query(sql, params)) as Record<string, unknown>[])[0]!)[0] ?? 0);

describe('dashboard', () => {
  it('counts what the data holds, in a few statements, in the caller’s scope', async () => {
    const p = '?';
    const before = s.counter.total;
    const d = (
      await api(ZJ_BUREAU, `{ dashboard { completionBy cycle { id } districts { id teachers credits } selections { total } satisfaction { count }
        capacity { id numerator denominator } } }`)
    ).dashboard;
    const statements = s.counter.total - before;
    // One request: a fixed handful of GROUP BY statements, whatever the number of districts.
    expect(statements).toBeLessThan(20);
    expect(d.completionBy).toBe('district');
    for (const x of d.districts.slice(0, 5)) {
      expect(x.teachers).toBe(await count(`SELECT COUNT(*) FROM teacher WHERE regionId = ${p}`, [x.id]));
      const credits = await count(`SELECT COALESCE(SUM(credits), 0) FROM credit_record WHERE regionId = ${p} AND cycleId = ${p}`, [x.id, d.cycle.id]);
      expect(x.credits).toBeCloseTo(credits, 1);
    }
    expect(d.districts.reduce((n: number, x: { teachers: number }) => n + x.teachers, 0)).toBe(await count(`SELECT COUNT(*) FROM teacher WHERE regionId LIKE '33%'`));
    const nt3 = d.capacity.find((m: { id: string }) => m.id === 'NT-3');
    expect(nt3.numerator).toBe(
      await count(`SELECT COALESCE(SUM(trainerCount), 0) FROM institution WHERE regionId LIKE '33%' AND kind IN ('university', 'training', 'development_center', 'base_school', 'studio')`),
    );
    const nt5 = d.capacity.find((m: { id: string }) => m.id === 'NT-5');
    expect([nt5.numerator, nt5.denominator]).toEqual([
      await count(`SELECT COUNT(*) FROM expert WHERE regionId LIKE '33%' AND degree IN ('master', 'doctor')`),
      await count(`SELECT COUNT(*) FROM expert WHERE regionId LIKE '33%' AND degree IS NOT NULL`),
    ]);
    // A district bureau sees its district school by school; a school its own teachers only.
    const yh = (await api({ id: 'test:yh', role: 'bureau', regionId: '330110' }, `{ dashboard { completionBy districts { teachers } capacity { id } } }`)).dashboard;
    expect(yh.completionBy).toBe('school');
    expect(yh.districts.reduce((n: number, x: { teachers: number }) => n + x.teachers, 0)).toBe(await count(`SELECT COUNT(*) FROM teacher WHERE regionId = '330110'`));
    const school = (await s.ds.query(`SELECT id FROM institution WHERE kind = 'school' AND regionId = '330110' ORDER BY id LIMIT 1`))[0].id;
    const mine = (await api({ id: 'test:school', role: 'school', institutionId: Number(school) }, `{ dashboard { districts { teachers } capacity { id } } }`)).dashboard;
    expect(mine.districts.map((x: { teachers: number }) => x.teachers)).toEqual([await count(`SELECT COUNT(*) FROM teacher WHERE schoolId = ${p}`, [school])]);
    expect(mine.capacity).toEqual([]);
  });

  it('shows a bureau its region as charts with the API’s numbers, and runs the cycle audit from there', async () => {
    const { page } = b;
    const expected = (
      await api(ZJ_BUREAU, `{ dashboard { regionName districts { name teachers audited } selections { total days { total } }
        satisfaction { institutionName } capacity { id value met } } }`)
    ).dashboard;
    expect(expected.regionName).toBe('浙江省');
    expect(expected.districts.length).toBeGreaterThan(3);
    expect(expected.selections.total).toBeGreaterThan(0);
    expect(expected.satisfaction.length).toBeGreaterThan(0);
    expect(expected.capacity.map((c: { id: string }) => c.id)).toEqual(['NT-1', 'NT-2', 'NT-3', 'NT-4', 'NT-5', 'NT-6']);

    await loginAs(b, s, 'zj_bureau');
    // Each chart is drawn (SVG) with a label per district / institution.
    const completion = page.getByTestId('chart-completion');
    await completion.locator('svg').waitFor();
    for (const d of expected.districts) await expect(completion.locator('text', { hasText: d.name }).count()).resolves.toBeGreaterThan(0);
    expect(await completion.locator('path').count()).toBeGreaterThan(expected.districts.length);
    await page.getByTestId('chart-selections').locator('svg').waitFor();
    expect(await page.getByTestId('chart-selections').locator('path').count()).toBeGreaterThan(expected.selections.days.filter((d: { total: number }) => d.total).length);
    await expect(page.getByTestId('dash-selections').innerText()).resolves.toContain(`共 ${expected.selections.total.toLocaleString('zh-CN')} 人次`);
    const satisfaction = page.getByTestId('chart-satisfaction');
    await satisfaction.locator('svg').waitFor();
    await expect(satisfaction.locator('text', { hasText: expected.satisfaction[0].institutionName.slice(0, 6) }).count()).resolves.toBeGreaterThan(0);
    await expect(satisfaction.locator('text', { hasText: 'C-11 暂停线 70%' }).count()).resolves.toBe(1);
    // NT-1..NT-6: each tile met or not met as the API says.
    for (const m of expected.capacity)
      await expect(page.getByTestId(`metric-${m.id}`).getAttribute('data-met')).resolves.toBe(m.met === null ? 'none' : String(m.met));
    await expect(page.getByTestId('metric-NT-1').innerText()).resolves.toMatch(/目标\s*≥\s*30%/);
    await b.shot('20-dashboard-bureau', { fullPage: true });

    // No teacher audited yet: the bureau runs the cycle audit from the chart's card.
    const teachers = expected.districts.reduce((n: number, d: { teachers: number }) => n + d.teachers, 0);
    expect(expected.districts.every((d: { audited: number }) => d.audited === 0)).toBe(true);
    await page.getByTestId('run-audit').click();
    await page.getByTestId('run-audit-confirm').click();
    await expect
      .poll(() => page.getByTestId('dash-completion').innerText(), { timeout: 20_000 })
      .toContain(`已完成周期审核 ${teachers.toLocaleString('zh-CN')} 名`);
    await expect(page.getByTestId('run-audit').count()).resolves.toBe(0);
    const after = (await api(ZJ_BUREAU, `{ dashboard { districts { teachers audited } } }`)).dashboard;
    expect(after.districts.every((d: { teachers: number; audited: number }) => d.audited === d.teachers)).toBe(true);
  });

  it('speaks English when asked', async () => {
    const { page } = b;
    await page.getByRole('button', { name: '中文' }).first().click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect(page.getByTestId('dash-completion').innerText()).resolves.toContain('Cycle completion by district');
    await expect(page.getByTestId('metric-NT-3').innerText()).resolves.toContain('Full-time trainers per teacher');
    await page.getByTestId('chart-selections').locator('text', { hasText: 'Approved' }).first().waitFor();
    await b.shot('21-dashboard-en', { fullPage: true });
    await page.getByRole('button', { name: 'English' }).first().click();
    await page.getByRole('menuitem', { name: '中文' }).click();
    await page.getByTestId('dash-completion').getByText('周期学分完成情况').waitFor();
  });

  it('Zhejiang: the windows of a period on one timeline', async () => {
    const { page } = b;
    await page.getByTestId('menu-group-plugin:zhejiang').click();
    await page.getByRole('menuitem', { name: '培训周期时间轴' }).click();
    await page.getByTestId('zj-timeline').waitFor();
    for (const w of ['declare', 'review', 'publish', 'teacherData', 'round1', 'round2', 'run'])
      await expect(page.getByTestId(`window-${w}`).getAttribute('data-state')).resolves.toMatch(/^(open|upcoming|past)$/);
    await expect(page.getByTestId('zj-timeline').innerText()).resolves.toContain('第一轮选课');
    await b.shot('22-zhejiang-periods');
  });

  it('Chongqing: the stipend ledger of a year, and its workbook', async () => {
    const { page } = b;
    const ledger = (await api({ id: 'test:cq', role: 'bureau', regionId: '500000' }, `{ cqBackboneStipendLedger(year: 2024) { total teachers { teacherName } } }`))
      .cqBackboneStipendLedger;
    expect(ledger.teachers.length).toBeGreaterThan(0);
    await loginAs(b, s, 'cq_bureau');
    await page.getByTestId('menu-group-plugin:chongqing').click();
    await page.getByRole('menuitem', { name: '骨干教师津贴台账' }).click();
    await page.getByTestId('stipend-ledger').waitFor();
    await page.getByLabel('年度').click();
    await page.getByRole('option', { name: '2024' }).click();
    await expect.poll(() => page.getByTestId('stipend-total').innerText()).toContain('2024 年合计');
    await expect(page.getByTestId('stipend-total').innerText()).resolves.toContain(`（${ledger.teachers.length} 人）`);
    await expect(page.getByTestId('stipend-ledger').innerText()).resolves.toContain(ledger.teachers[0].teacherName);
    await b.shot('23-chongqing-stipends');
    const { name, workbook } = await downloadWorkbook(b, () => page.getByTestId('stipend-xlsx').click());
    expect(name).toBe('chongqing-backbone-stipend-2024.xlsx');
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['教师', '学校', '区县']);
    expect(sheetRows(workbook.getWorksheet('教师')!).length).toBe(ledger.teachers.length + 2);
  });

  it('Chongqing: the annual assessment form sits in its section, with English titles in English', async () => {
    const { page } = b;
    await loginAs(b, s, 'cq_school', 'en');
    await page.getByTestId('menu-group-plugin:chongqing').click();
    // The section's resources register just after log-in and push the form's entry down: wait for them.
    await page.getByRole('menuitem', { name: 'Backbone quotas' }).waitFor();
    await page.getByRole('menuitem', { name: 'Chongqing national/municipal backbone teacher annual assessment form' }).click();
    await page.locator('#root_year').waitFor();
    const text = await page.locator('form').innerText();
    for (const title of ['Year', 'Monograph', 'Reflections', 'Demonstration lessons', 'Research projects'])
      expect(text).toContain(title);
    expect(text).not.toContain('考核年度');
    await b.shot('24-chongqing-form-en', { fullPage: true });
  });

  it('logged no console errors', () => {
    expect(b.errors()).toEqual([]);
    expect(b.external).toEqual([]);
  });
});
