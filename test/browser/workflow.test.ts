import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/auth/actor.js';
import { DEMO_PASSWORD, seedDemoUsers } from '../../core/auth/demo-users.js';
import { signActor } from '../../core/auth/token.js';
import { ClassStatus, EnrollmentStatus, ProjectStatus, ReviewStep } from '../../core/entities/enums.js';
import { Enrollment, Project } from '../../core/entities/index.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { browserTestHooks, launchBrowser, startConsoleServer, type Browser, type ConsoleServer } from './browser.js';

/**
 * The review screens in a real browser: a provincial bureau checks, approves and sends back
 * submitted projects; a school administrator approves pending selections in one batch; the
 * teacher transcript shows the cycle ledger; an institution submits its draft after the rule
 * check, and the bureau publishes an approved project from its page.
 */
let s: ConsoleServer;
let b: Browser;
let w: World;
let approveMe: Project;
let rejectMe: Project;
let draft: Project;
let incomplete: Project;
let selections: number[];

async function api(actor: Actor, query: string, variables: Record<string, unknown>) {
  const token = await signActor(actor, s.config.tokenSecret);
  const res = await fetch(`${s.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

beforeAll(async () => {
  s = await startConsoleServer();
  w = await buildWorld(s.ds);
  await seedDemoUsers(s.ds);
  approveMe = await makeProject(w, { name: '待审项目甲：小学语文骨干教师提升培训', status: ProjectStatus.submitted });
  rejectMe = await makeProject(w, { name: '待审项目乙：初中数学教师研修', status: ProjectStatus.submitted, subject: '数学' });
  draft = await makeProject(w, { name: '申报草稿：小学语文阅读教学研修', status: ProjectStatus.draft });
  // No curriculum yet: the submission check refuses it.
  incomplete = await makeProject(w, { name: '申报草稿：课程未排', status: ProjectStatus.draft, curriculum: [] });
  // Three of the school's teachers select a class of a published project (through the API, as teachers).
  const published = await makeProject(w, { name: '2026年浙江省小学语文教师培训', status: ProjectStatus.published });
  const cls = await makeClass(w, published, { status: ClassStatus.published });
  selections = [];
  for (const teacherId of w.teachers.yh1.slice(0, 3)) {
    const d = await api({ id: `dev:teacher:${teacherId}`, role: 'teacher', teacherId }, `mutation($c: ID!) { selectClass(classId: $c) { id } }`, { c: cls.id });
    selections.push(Number(d.selectClass.id));
  }
  await api(
    { id: 'dev:school', role: 'school', institutionId: w.schools.yh1 },
    `mutation($t: ID!) { registerExternalCredits(teacherId: $t, year: 2026, credits: 12, hours: 24, source: external, evidence: "浙江省教师培训证书 2026-001") { id } }`,
    { t: w.teachers.yh1[0] },
  );
  b = await launchBrowser();
});

browserTestHooks(() => ({ b, s }));

async function login(username: string) {
  const { page } = b;
  await page.context().clearCookies();
  await page.goto(`${s.base}/admin/#/login`);
  await page.evaluate(() => localStorage.removeItem('shixun.user'));
  await page.reload();
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('welcome').waitFor();
}

const row = (text: string) => b.page.locator('.RaDatagrid-tbody tr', { hasText: text });

describe('review screens', () => {
  it('a bureau checks a submitted project, approves one and sends one back with a reason', async () => {
    const { page } = b;
    await login('zj_bureau');
    await page.getByRole('menuitem', { name: '项目审核' }).click();
    await row('待审项目甲').waitFor();
    await expect(page.locator('.RaDatagrid-tbody tr.RaDatagrid-row').count()).resolves.toBe(2);
    // Expanding a row runs validateProject (a dry run of every submission rule).
    await row('待审项目甲').locator('td').nth(1).click();
    await page.locator('[data-testid=validation-ok], [data-testid=validation-problems]').first().waitFor();
    await b.shot('10-project-review');

    await row('待审项目甲').getByTestId('approve').click();
    await expect.poll(async () => (await s.ds.getRepository(Project).findOneByOrFail({ id: approveMe.id })).status).toBe(ProjectStatus.approved);

    await row('待审项目乙').getByTestId('reject').click();
    await page.getByTestId('reason-confirm').click();
    await page.getByText('退回须填写理由').waitFor();
    await page.getByTestId('reason-input').fill('预算说明不完整，请补充后重新提交');
    await page.getByTestId('reason-confirm').click();
    await expect.poll(async () => (await s.ds.getRepository(Project).findOneByOrFail({ id: rejectMe.id })).status).toBe(ProjectStatus.rejected);
    await page.getByText('没有待处理的事项').waitFor();
  });

  it('a school administrator approves pending selections in one batch', async () => {
    const { page } = b;
    await login('yh_school');
    await page.getByRole('menuitem', { name: '选课审核' }).click();
    await expect.poll(() => page.locator('.RaDatagrid-tbody tr.RaDatagrid-row').count()).toBe(3);
    await page.locator('.RaDatagrid-thead input[type=checkbox]').check();
    await b.shot('11-selection-review');
    await page.getByTestId('bulk-approve').click();
    await page.getByText('没有待处理的事项').waitFor();
    const after = await s.ds.getRepository(Enrollment).findBy(selections.map((id) => ({ id })));
    // The school step is done; each selection waits for the next reviewer (district for a provincial project).
    for (const e of after) expect([e.status, e.pendingStep]).toEqual([EnrollmentStatus.pending, e.steps[e.steps.indexOf(ReviewStep.school) + 1]]);
    expect(after.length).toBe(3);
  });

  it('the transcript shows a teacher’s cycle ledger', async () => {
    const { page } = b;
    await page.getByRole('menuitem', { name: '教师学分档案' }).click();
    // The teacher with the registered 12 credits.
    const { Teacher } = await import('../../core/entities/index.js');
    const t = await s.ds.getRepository(Teacher).findOneByOrFail({ id: w.teachers.yh1[0] });
    await page.getByRole('combobox', { name: '教师' }).fill(t.name);
    await page.getByRole('option', { name: t.name }).first().click();
    await page.getByTestId('ledger').waitFor();
    await expect(page.getByTestId('ledger').innerText()).resolves.toMatch(/合计 12 学分 \/ 24 学时/);
    await b.shot('12-transcript');
  });

  it('an institution checks its draft against the submission rules and submits it; the bureau publishes an approved project', async () => {
    const { page } = b;
    await login('hznu');
    const status = async (p: Project) => (await s.ds.getRepository(Project).findOneByOrFail({ id: p.id })).status;
    // A draft that breaks a rule: the problems are listed with their rule ids and submitting waits for them to be fixed.
    await page.goto(`${s.base}/admin/#/Project/${incomplete.id}/show`);
    await page.getByTestId('project-submit').click();
    await page.getByTestId('validation-problems').waitFor();
    await expect(page.getByTestId('validation-problems').innerText()).resolves.toMatch(/COMPLETENESS 项目须有课程安排/);
    await expect(page.getByTestId('project-submit-confirm').isDisabled()).resolves.toBe(true);
    await b.shot('13-project-submit-problems');
    await page.getByRole('button', { name: '取消' }).click();
    expect(await status(incomplete)).toBe(ProjectStatus.draft);

    await page.goto(`${s.base}/admin/#/Project/${draft.id}/show`);
    await page.getByTestId('project-submit').click();
    await page.getByTestId('validation-ok').waitFor();
    await page.getByTestId('project-submit-confirm').click();
    await page.getByText('已提交，等待教育行政部门审核').waitFor();
    await expect.poll(() => status(draft)).toBe(ProjectStatus.submitted);
    // Submitted: nothing more for the institution to do here.
    await expect.poll(() => page.getByTestId('project-submit').count()).toBe(0);

    await login('zj_bureau');
    await page.goto(`${s.base}/admin/#/Project/${approveMe.id}/show`);
    await page.getByTestId('project-publish').click();
    await expect.poll(() => status(approveMe)).toBe(ProjectStatus.published);
    await page.getByTestId('project-close').waitFor();
  });
});
