import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers } from '../../core/auth/demo-users.js';
import { makeIdNumber } from '../../core/domain/id-number.js';
import { Gender, InstitutionKind, ProfessionalTitle, RegionLevel, Stage } from '../../core/entities/enums.js';
import { Institution, Region, Teacher } from '../../core/entities/index.js';
import { example } from '../../plugins/example/index.js';
import { buildWorld, type World } from '../helpers/fixtures.js';
import { browserTestHooks, launchBrowser, startConsoleServer, type Browser, type ConsoleServer } from './browser.js';

/**
 * The console in a real browser against the real server: served at /admin with nothing
 * from a CDN, log-in, a school administrator seeing only their school's teachers, the
 * generated list, filters and create form, a server refusal shown next to its field, the
 * English switch, and a region plugin's form (example plugin, @rjsf) with a rule refusal.
 * Screenshots of the main screens land in test-output/screenshots/.
 */
let s: ConsoleServer;
let b: Browser;
let w: World;
let exTeacher: number;
const timings: Record<string, number> = {};

beforeAll(async () => {
  s = await startConsoleServer([example({ maxActivityHours: 1 })]);
  w = await buildWorld(s.ds);
  await seedDemoUsers(s.ds);
  // A teacher in the example plugin's region, for its form.
  await s.ds.getRepository(Region).insert({ id: '990000', name: '示例省', level: RegionLevel.province, parentId: null });
  const inst = s.ds.getRepository(Institution);
  const exSchool = (await inst.save(inst.create({ name: '示例第一小学', kind: InstitutionKind.school, regionId: '990000', stage: Stage.primary }))).id;
  const t = s.ds.getRepository(Teacher);
  exTeacher = (
    await t.save(
      t.create({
        name: '示例教师', idNumber: makeIdNumber('990101', '1988-05-01', 301, 'female'), gender: Gender.female, birthDate: '1988-05-01',
        schoolId: exSchool, regionId: '990000', stage: Stage.primary, subject: '语文', title: ProfessionalTitle.second, hireDate: null,
      }),
    )
  ).id;
  b = await launchBrowser();
});

browserTestHooks(() => ({ b, s }));

afterAll(async () => {
  if (Object.keys(timings).length) writeFileSync('test-output/console-timings.json', `${JSON.stringify(timings, null, 2)}\n`);
});

async function login(username: string) {
  const { page } = b;
  await page.goto(`${s.base}/admin/#/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('welcome').waitFor();
}

const rowNames = async () => {
  await b.page.locator('.RaDatagrid-tbody tr').first().waitFor();
  return b.page.locator('.RaDatagrid-tbody tr td.column-name').allInnerTexts();
};

describe('the console', () => {
  it('is served at /admin with its assets, and GraphiQL at GET /graphql, from this server only', async () => {
    const res = await fetch(`${s.base}/admin/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => !u.startsWith('data:'));
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) {
      expect(a.startsWith('/admin/')).toBe(true);
      expect((await fetch(`${s.base}${a}`)).status).toBe(200);
    }
    const redirect = await fetch(`${s.base}/`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe('/admin/');
    // A POST to /graphql is still the API.
    const api = await fetch(`${s.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { id } }"}' });
    expect(await api.json()).toEqual({ data: { me: null } });
  });

  it('shows the log-in page in Chinese first', async () => {
    const t0 = Date.now();
    await b.page.goto(`${s.base}/admin/`);
    await b.page.locator('input[name=username]').waitFor();
    timings.loginPageMs = Date.now() - t0;
    // What the first screen cost the browser: paint times and bytes over the wire (gzip).
    const perf = await b.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const assets = res.filter((r) => r.name.includes('/admin/assets/'));
      return {
        domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
        firstContentfulPaintMs: fcp === null ? null : Math.round(fcp),
        assetBytesTransferred: assets.reduce((a, r) => a + r.transferSize, 0),
        assetBytesDecoded: assets.reduce((a, r) => a + r.decodedBodySize, 0),
        assetCount: assets.length,
      };
    });
    Object.assign(timings, perf);
    expect(perf.assetBytesTransferred).toBeLessThan(600_000);
    await expect(b.page.getByTestId('login-title').innerText()).resolves.toBe('登录师训管理平台');
    await b.shot('01-login');
  });

  it('refuses a wrong password with the server message', async () => {
    const { page } = b;
    await page.locator('input[name=username]').fill('yh_school');
    await page.locator('input[name=password]').fill('wrong-password');
    await page.locator('button[type=submit]').click();
    await expect(page.getByText('用户名或密码错误').first().waitFor({ timeout: 10_000 })).resolves.toBeUndefined();
  });

  it('logs a school administrator in and lists only their school’s teachers', async () => {
    const t0 = Date.now();
    await login('yh_school');
    timings.loginToDashboardMs = Date.now() - t0;
    const mine = await s.ds.getRepository(Teacher).findBy({ schoolId: w.schools.yh1 });
    // Home counts what the scope holds, per menu section.
    await expect.poll(() => b.page.getByTestId('count-Teacher').innerText()).toBe(String(mine.length));
    await b.shot('02-dashboard-school');

    const t1 = Date.now();
    await b.page.getByTestId('menu-group-teachers').click();
    await b.page.getByRole('menuitem', { name: '教师', exact: true }).click();
    const names = await rowNames();
    timings.teacherListMs = Date.now() - t1;
    expect(names.sort()).toEqual(mine.map((t) => t.name).sort());
    const others = await s.ds.getRepository(Teacher).findBy({ schoolId: w.schools.cq1 });
    for (const t of others) expect(names).not.toContain(t.name);
    await expect(b.page.getByText(`共 ${mine.length} 条`).isVisible()).resolves.toBe(true);
    await b.shot('03-teachers-zh');
  });

  it('filters the list with the generated filters', async () => {
    const { page } = b;
    const first = (await s.ds.getRepository(Teacher).findBy({ schoolId: w.schools.yh1 }))[0]!;
    await page.getByPlaceholder('搜索').fill(first.name);
    await expect.poll(() => rowNames(), { timeout: 10_000 }).toEqual([first.name]);
    await page.getByPlaceholder('搜索').fill('');
    await expect.poll(async () => (await rowNames()).length, { timeout: 10_000 }).toBe(5);
  });

  it('creates a teacher: required fields, a server refusal next to its field, then success', async () => {
    const { page } = b;
    await page.goto(`${s.base}/admin/#/Teacher/create`);
    await page.locator('input[name=name]').waitFor();
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('必填').first().waitFor()).resolves.toBeUndefined();

    await page.locator('input[name=name]').fill('新教师');
    const valid = makeIdNumber('330110', '1990-01-02', 777, 'male');
    const wrongCheck = valid.slice(0, 17) + (valid.endsWith('1') ? '2' : '1');
    await page.locator('input[name=idNumber]').fill(wrongCheck);
    await page.getByLabel('所在学校').click();
    await page.getByRole('option', { name: '余杭区第一小学' }).click();
    await page.getByLabel('学段').click();
    await page.getByRole('option', { name: '小学' }).click();
    await page.locator('input[name=subject]').fill('语文');
    await page.getByRole('button', { name: '保存' }).click();
    // The server's BAD_USER_INPUT names the field: shown under the input and at the top.
    await page.getByTestId('form-errors').waitFor();
    await expect(page.getByTestId('form-errors').innerText()).resolves.toContain('身份证号校验位错误');
    const idHelp = page.locator('.ra-input-idNumber');
    await expect(idHelp.innerText()).resolves.toContain('身份证号校验位错误');
    await b.shot('04-create-teacher-refused');

    await page.locator('input[name=idNumber]').fill(valid);
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('新教师').first().waitFor();
    await expect(s.ds.getRepository(Teacher).findOneBy({ idNumber: valid })).resolves.toMatchObject({ name: '新教师', schoolId: w.schools.yh1 });
    await b.shot('05-teacher-show');
  });

  it('switches to English: menus, columns and labels from the API', async () => {
    const { page } = b;
    await page.goto(`${s.base}/admin/#/Teacher`);
    await rowNames();
    await page.getByRole('button', { name: '中文' }).first().click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Teachers', exact: true }).waitFor();
    await expect(page.locator('.RaDatagrid-thead').innerText()).resolves.toMatch(/Name[\s\S]*ID number[\s\S]*School/);
    await b.shot('06-teachers-en');
    await expect(page.getByText(/^1-6 of 6$/).first().isVisible()).resolves.toBe(true);
    // Back to Chinese for the rest.
    await page.getByRole('button', { name: 'English' }).first().click();
    await page.getByRole('menuitem', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: '教师', exact: true }).waitFor();
  });

  it('hides what the role cannot do: no create on institutions for a school administrator', async () => {
    const { page } = b;
    await page.goto(`${s.base}/admin/#/Institution`);
    await rowNames();
    await expect(page.getByRole('link', { name: '新建' }).count()).resolves.toBe(0);
    await page.goto(`${s.base}/admin/#/Teacher`);
    await rowNames();
    await expect(page.getByRole('link', { name: '新建' }).count()).resolves.toBe(1);
  });

  it('renders a region plugin’s form with @rjsf and shows its rule refusal next to the field', async () => {
    const { page } = b;
    await page.getByRole('button', { name: '个人' }).click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.locator('input[name=username]').waitFor();
    await login('admin');
    await page.getByTestId('menu-group-forms').click();
    await page.getByRole('menuitem', { name: '教研活动登记' }).click();
    await page.locator('#root_teacherId').waitFor();
    const fill = async () => {
      await page.locator('#root_teacherId').fill(String(exTeacher));
      await page.locator('#root_title').fill('课例研讨：古诗教学');
      await page.locator('#root_date').fill('2026-03-01');
      await page.locator('#root_hours').fill('1');
    };
    // Client-side: the same JSON Schema the server checks (hours ≤ 1 here, title ≥ 2 characters).
    await page.locator('#root_title').fill('课');
    await page.getByRole('button', { name: '提交' }).click();
    await expect(page.getByText('至少 2 个字符').first().waitFor()).resolves.toBeUndefined();
    await fill();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText(/已登记/).first().waitFor();
    // EX-2: a second hour in the same year goes over the plugin's limit of 1.
    await fill();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('form-errors').waitFor();
    await expect(page.getByTestId('form-errors').innerText()).resolves.toContain('EX-2 教师年度教研活动学时不得超过 1');
    await expect(page.locator('#root_hours__error').innerText()).resolves.toContain('EX-2');
    await b.shot('07-plugin-form-refused');
  });

  it('loaded nothing from outside this machine', () => {
    expect(b.external).toEqual([]);
  });
});
