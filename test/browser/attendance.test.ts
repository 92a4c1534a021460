import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../core/auth/demo-users.js';
import { ClassStatus, CreditSource, ProjectStatus } from '../../core/entities/enums.js';
import { Assessment, Attendance, ClassSession, CreditRecord, type Enrollment, type TrainingClass } from '../../core/entities/index.js';
import { approveEnrollments } from '../helpers/delivery.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { browserTestHooks, launchBrowser, startConsoleServer, type Browser, type ConsoleServer } from './browser.js';
import { loginAs } from './session.js';

/**
 * Running a class in the console, as the training institution does: attendance as a grid
 * (a row per approved trainee, a column per session, hours in the cells, each session saved
 * on its own with recordAttendance, a wrong cell caught before saving), grades with
 * recordAssessment (C-7 keeps pass away from a trainee absent a third of the time), and the
 * class's credits granted with one button.
 */
let s: ConsoleServer;
let b: Browser;
let w: World;
let cls: TrainingClass;
let enrollments: Enrollment[];
let sessions: ClassSession[];

beforeAll(async () => {
  s = await startConsoleServer();
  w = await buildWorld(s.ds);
  await seedDemoUsers(s.ds);
  const project = await makeProject(w, { name: '小学语文课堂教学能力提升研修', status: ProjectStatus.published });
  cls = await makeClass(w, project, { name: '小学语文课堂教学能力提升研修 第1期', status: ClassStatus.published });
  enrollments = await approveEnrollments(w, cls, w.teachers.yh1.slice(0, 3));
  sessions = await s.ds.getRepository(ClassSession).find({ where: { classId: cls.id }, order: { hours: 'ASC' } });
  b = await launchBrowser();
});

browserTestHooks(() => ({ b, s }));

const cell = (e: Enrollment, session: ClassSession) => b.page.getByTestId(`cell-${e.id}-${session.id}`);
const attendanceOf = async (session: ClassSession) =>
  (await s.ds.getRepository(Attendance).find({ where: { sessionId: session.id }, order: { enrollmentId: 'ASC' } })).map((a) => [a.enrollmentId, Number(a.hoursAttended), a.status]);

describe('attendance and assessment', () => {
  it('records a session’s attendance from the grid, catching a wrong cell before it is sent', async () => {
    const { page } = b;
    const [short, long] = sessions as [ClassSession, ClassSession];
    expect([Number(short.hours), Number(long.hours)]).toEqual([8, 16]);
    await loginAs(b, s, 'hznu');
    // From the class's page.
    await page.goto(`${s.base}/admin/#/Class/${cls.id}/show`);
    await page.getByTestId('open-delivery').click();
    await page.getByTestId('attendance-grid').waitFor();
    await expect(page.getByTestId('attendance-grid').locator('tbody tr').count()).resolves.toBe(3);
    // The trainees as the grid lists them (by name).
    const order = await page.getByTestId('attendance-grid').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')));
    enrollments = order.map((id) => enrollments.find((e) => `trainee-${e.id}` === id)!);
    const [e1, e2, e3] = enrollments as [Enrollment, Enrollment, Enrollment];

    // Everyone present, then one left after half, one absent — typed wrong first.
    await page.getByTestId(`fill-${short.id}`).click();
    await expect(cell(e1, short).inputValue()).resolves.toBe('8');
    await cell(e2, short).fill('4');
    await cell(e3, short).fill('80');
    await page.getByTestId(`save-${short.id}`).click();
    await expect(page.getByTestId('attendance-error').innerText()).resolves.toContain('有 1 个格子填写有误');
    expect(await attendanceOf(short)).toEqual([]);
    await b.shot('40-attendance-grid-wrong-cell');
    await cell(e3, short).fill('0');
    await page.getByTestId(`save-${short.id}`).click();
    const byId = (rows: unknown[][]) => [...rows].sort((a, b) => Number(a[0]) - Number(b[0]));
    await expect.poll(() => attendanceOf(short)).toEqual(byId([[e1.id, 8, 'present'], [e2.id, 4, 'late'], [e3.id, 0, 'absent']]));

    // The second session, typed with Enter moving down; the third trainee not recorded yet.
    await cell(e1, long).fill('16');
    await cell(e1, long).press('Enter');
    await page.keyboard.type('14');
    await page.getByTestId(`save-${long.id}`).click();
    await expect.poll(() => attendanceOf(long)).toEqual(byId([[e1.id, 16, 'present'], [e2.id, 14, 'late']]));
    // C-7: 8 of 24 hours missed so far is a third; 6 is not.
    await expect(page.getByTestId(`trainee-${e3.id}`).innerText()).resolves.toContain('缺勤达 1/3');
    await expect(page.getByTestId(`trainee-${e2.id}`).innerText()).resolves.not.toContain('缺勤达 1/3');
    await b.shot('41-attendance-grid-saved');

    // What was saved is what comes back.
    await page.reload();
    await page.getByTestId('attendance-grid').waitFor();
    await expect(cell(e2, short).inputValue()).resolves.toBe('4');
    await expect(cell(e2, long).inputValue()).resolves.toBe('14');
    await expect(cell(e3, long).inputValue()).resolves.toBe('');
  });

  it('asks before leaving the page with unsaved cells, and stays when told to', async () => {
    const { page } = b;
    const [, , e3] = enrollments as [Enrollment, Enrollment, Enrollment];
    const long = sessions[1]!;
    const here = page.url();
    await cell(e3, long).fill('12');
    const asked: string[] = [];
    const answer = (accept: boolean) => page.once('dialog', (d) => void (asked.push(d.message()), accept ? d.accept() : d.dismiss()));
    const toDashboard = () => page.locator('a[href="#/"]').first().click();

    answer(false);
    await toDashboard();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toBe('有 1 个考勤格子尚未保存，离开此页将丢弃这些修改。确定离开吗？');
    // Still on the grid, the typed cell kept.
    expect(page.url()).toBe(here);
    await expect(cell(e3, long).inputValue()).resolves.toBe('12');

    answer(true);
    await toDashboard();
    await expect.poll(() => page.url()).not.toBe(here);
    await page.getByTestId('attendance-grid').waitFor({ state: 'detached' });
    expect(asked).toHaveLength(2);
    expect((await attendanceOf(long)).length).toBe(2);
    await page.goto(here);
    await page.getByTestId('attendance-grid').waitFor();
    await expect(cell(e3, long).inputValue()).resolves.toBe('');
  });

  it('records grades (pass where attendance allows), then grants the class’s credits', async () => {
    const { page } = b;
    const [e1, e2, e3] = enrollments as [Enrollment, Enrollment, Enrollment];
    await page.getByTestId('tab-assessment').click();
    await page.getByTestId('assessment-table').waitFor();
    await page.getByTestId('all-pass').click();
    await expect(page.getByTestId(`grade-${e1.id}`).inputValue()).resolves.toBe('pass');
    await expect(page.getByTestId(`grade-${e3.id}`).inputValue()).resolves.toBe('');
    // e3 missed a third: only fail is offered.
    await page.getByTestId(`assess-${e3.id}`).getByRole('combobox').click();
    await expect(page.getByRole('option', { name: '合格', exact: true }).getAttribute('aria-disabled')).resolves.toBe('true');
    await page.getByRole('option', { name: '不合格' }).click();
    await b.shot('42-assessment');
    await page.getByTestId('save-grades').click();
    await page.getByTestId('confirm-grades').click();
    await expect.poll(async () => (await s.ds.getRepository(Assessment).find({ order: { enrollmentId: 'ASC' } })).map((a) => [a.enrollmentId, a.grade]))
      .toEqual([[e1.id, 'pass'], [e2.id, 'pass'], [e3.id, 'fail']].sort((a, b) => Number(a[0]) - Number(b[0])));
    await expect.poll(() => page.getByTestId(`assess-${e3.id}`).innerText()).toContain('补考');

    // "Grant credits" from the class's page.
    await page.goto(`${s.base}/admin/#/Class/${cls.id}/show`);
    await page.getByTestId('open-grant').click();
    await page.getByTestId('grant-credits').click();
    await page.getByTestId('grant-confirm').click();
    await page.getByTestId('grant-result').waitFor();
    await expect(page.getByTestId('grant-result').innerText()).resolves.toContain('本次登记 2 人');
    const records = await s.ds.getRepository(CreditRecord).find({ where: { classId: cls.id, source: CreditSource.class }, order: { teacherId: 'ASC' } });
    expect(records.map((r) => r.teacherId)).toEqual([e1.teacherId, e2.teacherId].sort((a, b) => a - b));
    await expect.poll(() => page.getByTestId('granted-count').innerText()).toContain('2');
    await b.shot('43-credits');
  });

  it('logged no console errors', () => {
    expect(b.errors()).toEqual([]);
  });
});
