import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseKind, ProjectStatus } from '../../core/entities/enums.js';
import { ClassSession, type Enrollment, type TrainingClass } from '../../core/entities/index.js';
import { approveEnrollments, pendingEnrollment } from '../helpers/delivery.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let w: World;
let cls: TrainingClass;
let sessions: ClassSession[];
let en: Enrollment[];
let inst: string;

const RECORD = `mutation($sessionId: ID!, $entries: [AttendanceEntryInput!]!) {
  recordAttendance(sessionId: $sessionId, entries: $entries) { id enrollmentId sessionId hoursAttended status } }`;
const SUMMARY = `query($id: ID!) { attendanceSummary(enrollmentId: $id) {
  totalHours attendedHours absentHours failAtHours failed unrecordedSessions cancelledCourses
  courses { title hours attendedHours absentHours cancelled } } }`;
const ASSESS = `mutation($id: ID!, $grade: Grade!, $score: Float, $note: String, $makeUp: Boolean) {
  recordAssessment(enrollmentId: $id, grade: $grade, score: $score, note: $note, makeUp: $makeUp) { id attempt grade score note } }`;

/** Records a session for several trainees: [enrollment index, hours attended]. */
async function record(sessionIdx: number, rows: [number, number][]) {
  const session = sessions[sessionIdx]!;
  const r = await s.gql(RECORD, {
    sessionId: session.id,
    entries: rows.map(([i, h]) => ({ enrollmentId: en[i]!.id, hoursAttended: h, status: h === 0 ? 'absent' : h < Number(session.hours) ? 'late' : 'present' })),
  }, { token: inst });
  expect(r.errors).toBeUndefined();
  return r.data.recordAttendance;
}

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
  // Courses of 6 + 6 + 12 = 24 hours: 1/3 of a course is 2 or 4 hours, 1/3 of the class 8.
  const p = await makeProject(w, {
    status: ProjectStatus.published,
    curriculum: [
      { title: '师德教育专题', hours: 6, kind: CourseKind.theory },
      { title: '信息技术应用', hours: 6, kind: CourseKind.practice },
      { title: '课堂观察与研讨', hours: 12, kind: CourseKind.practice },
    ],
  });
  cls = await makeClass(w, p);
  sessions = await s.ds.getRepository(ClassSession).find({ where: { classId: cls.id }, order: { id: 'ASC' } });
  en = await approveEnrollments(w, cls, w.teachers.yh1);
  inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
});
afterAll(async () => s?.close());

describe('attendance', () => {
  it('the institution admin records a session; recording again replaces, one row per trainee and session', async () => {
    await record(0, [[0, 6], [1, 0], [2, 0], [3, 6], [4, 6]]);
    const again = await record(0, [[0, 6], [1, 0], [2, 0], [3, 4.5], [4, 6]]);
    expect(again.map((a: { hoursAttended: number }) => a.hoursAttended)).toEqual([6, 0, 0, 4.5, 6]);
    const rows = await s.gql(`query($sid: ID!) { _allAttendancesMeta(filter: { sessionId: $sid }) { count } }`, { sid: sessions[0]!.id }, { token: inst });
    expect(rows.data._allAttendancesMeta.count).toBe(5);
    await record(1, [[0, 6], [1, 6], [2, 4], [3, 6], [4, 6]]);
    await record(2, [[0, 12], [1, 12], [2, 12], [3, 11], [4, 12]]);
  });

  it('refuses more hours than the session has, trainees not approved in this class, and other roles', async () => {
    const tooMany = await s.gql(RECORD, { sessionId: sessions[0]!.id, entries: [{ enrollmentId: en[0]!.id, hoursAttended: 6.5, status: 'present' }] }, { token: inst });
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hoursAttended' });
    const pending = await pendingEnrollment(w, cls, w.teachers.yh2[0]!);
    const notApproved = await s.gql(RECORD, { sessionId: sessions[0]!.id, entries: [{ enrollmentId: pending.id, hoursAttended: 6, status: 'present' }] }, { token: inst });
    expect(notApproved.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'enrollmentId' });
    const other = await s.tokenFor('institution', { institutionId: w.institutions.cqTrainer });
    const outside = await s.gql(RECORD, { sessionId: sessions[0]!.id, entries: [{ enrollmentId: en[0]!.id, hoursAttended: 6, status: 'present' }] }, { token: other });
    expect(outside.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const bureau = await s.tokenFor('bureau', { regionId: w.regions.zj });
    const notTheirs = await s.gql(RECORD, { sessionId: sessions[0]!.id, entries: [{ enrollmentId: en[0]!.id, hoursAttended: 6, status: 'present' }] }, { token: bureau });
    expect(notTheirs.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it("C-7: absence of at least 1/3 of a course's hours cancels that course's score", async () => {
    // en[1]: missed all 6 hours of the first course (6 of 24 in total: not failed)
    const r = await s.gql(SUMMARY, { id: en[1]!.id }, { token: inst });
    expect(r.errors).toBeUndefined();
    expect(r.data.attendanceSummary).toMatchObject({ totalHours: 24, absentHours: 6, failAtHours: 8, failed: false, unrecordedSessions: 0, cancelledCourses: ['师德教育专题'] });
    expect(r.data.attendanceSummary.courses.map((c: { cancelled: boolean }) => c.cancelled)).toEqual([true, false, false]);
    // en[3]: 1.5 h of 6 and 1 h of 12 missed: under 1/3 of each course
    const ok = await s.gql(SUMMARY, { id: en[3]!.id }, { token: inst });
    expect(ok.data.attendanceSummary).toMatchObject({ absentHours: 2.5, cancelledCourses: [], failed: false });
    // the trainee reads their own summary, not another's
    const me = await s.tokenFor('teacher', { teacherId: en[1]!.teacherId });
    expect((await s.gql(SUMMARY, { id: en[1]!.id }, { token: me })).data.attendanceSummary.cancelledCourses).toEqual(['师德教育专题']);
    expect((await s.gql(SUMMARY, { id: en[0]!.id }, { token: me })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('C-7: absence of at least 1/3 of the total hours fails the training: pass is refused with limit and actual', async () => {
    // en[2]: 6 + 2 = 8 of 24 hours missed — exactly 1/3 of the class (and of the second course)
    const sum = await s.gql(SUMMARY, { id: en[2]!.id }, { token: inst });
    expect(sum.data.attendanceSummary).toMatchObject({ absentHours: 8, failed: true, cancelledCourses: ['师德教育专题', '信息技术应用'] });
    const r = await s.gql(ASSESS, { id: en[2]!.id, grade: 'pass', score: 75 }, { token: inst });
    expect(r.data).toBeNull();
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'C-7', limit: 8, actual: 8 });
    expect(r.errors![0]!.message).toMatch(/^C-7 .*三分之一/);
    const en2 = await s.gql(ASSESS, { id: en[2]!.id, grade: 'excellent' }, { token: inst, lang: 'en' });
    expect(en2.errors![0]!.message).toBe('C-7 absent 8 h ≥ 8 = 1/3 of 24 total hours: the training is failed');
    const fail = await s.gql(ASSESS, { id: en[2]!.id, grade: 'fail', note: 'C-7' }, { token: inst });
    expect(fail.data.recordAssessment).toMatchObject({ attempt: 1, grade: 'fail', note: 'C-7' });
    // nor can a make-up turn it into a pass: the absence stands
    const makeUp = await s.gql(ASSESS, { id: en[2]!.id, grade: 'pass', makeUp: true }, { token: inst });
    expect(makeUp.errors![0]!.extensions).toMatchObject({ rule: 'C-7' });
    // just under 1/3 (2.5 h) passes
    const pass = await s.gql(ASSESS, { id: en[3]!.id, grade: 'pass', score: 70 }, { token: inst });
    expect(pass.data.recordAssessment).toMatchObject({ attempt: 1, grade: 'pass', score: 70 });
  });

  it('C-8: grades excellent / pass / fail; one make-up after a fail only; grades are not overwritten', async () => {
    const ex = await s.gql(ASSESS, { id: en[0]!.id, grade: 'excellent', score: 95 }, { token: inst });
    expect(ex.data.recordAssessment).toMatchObject({ attempt: 1, grade: 'excellent' });
    const again = await s.gql(ASSESS, { id: en[0]!.id, grade: 'pass' }, { token: inst });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT' });
    const noFail = await s.gql(ASSESS, { id: en[0]!.id, grade: 'pass', makeUp: true }, { token: inst });
    expect(noFail.errors![0]!.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'C-8', limit: 'fail', actual: 'excellent' });
    const notYet = await s.gql(ASSESS, { id: en[4]!.id, grade: 'pass', makeUp: true }, { token: inst });
    expect(notYet.errors![0]!.extensions).toMatchObject({ rule: 'C-8', actual: 'none' });

    expect((await s.gql(ASSESS, { id: en[4]!.id, grade: 'fail', score: 40 }, { token: inst })).data.recordAssessment.attempt).toBe(1);
    const makeUp = await s.gql(ASSESS, { id: en[4]!.id, grade: 'pass', score: 65, makeUp: true }, { token: inst });
    expect(makeUp.data.recordAssessment).toMatchObject({ attempt: 2, grade: 'pass' });
    const twice = await s.gql(ASSESS, { id: en[4]!.id, grade: 'pass', makeUp: true }, { token: inst });
    expect(twice.errors![0]!.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'C-8' });

    const list = await s.gql(`query($id: ID!) { Enrollment(id: $id) { assessments { attempt grade } } }`, { id: en[4]!.id }, { token: inst });
    expect(list.data.Enrollment.assessments).toEqual([{ attempt: 1, grade: 'fail' }, { attempt: 2, grade: 'pass' }]);
  });

  it('only the institution admin records grades; scores stay within 0..100', async () => {
    const teacher = await s.tokenFor('teacher', { teacherId: en[1]!.teacherId });
    expect((await s.gql(ASSESS, { id: en[1]!.id, grade: 'excellent' }, { token: teacher })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    expect((await s.gql(ASSESS, { id: en[1]!.id, grade: 'excellent' }, { token: school })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const other = await s.tokenFor('institution', { institutionId: w.institutions.cqTrainer });
    expect((await s.gql(ASSESS, { id: en[1]!.id, grade: 'pass' }, { token: other })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await s.gql(ASSESS, { id: en[1]!.id, grade: 'pass', score: 101 }, { token: inst })).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
  });
});
