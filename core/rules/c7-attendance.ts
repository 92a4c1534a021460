import { In, type EntityManager } from 'typeorm';
import { Attendance, ClassSession, CurriculumItem } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';

/**
 * C-7 (001 part 2 §二(四)1-2):
 *   "对于某门课程缺勤达该门课总学时的三分之一者，取消该门课程成绩" — absence of at least 1/3
 *   of a course's hours cancels that course's score;
 *   "未参加培训课程达培训总课时三分之一者，按培训不及格处理" — absence of at least 1/3 of the
 *   class's total hours fails the training.
 *
 * How it is counted here:
 * - a course is a curriculum item; its hours are the hours of the class's sessions that teach
 *   it (sessions without a curriculum item form one "other" course);
 * - the class's total hours are the hours of all its sessions;
 * - absence = scheduled hours − hours attended. Excused leave (请假) is still absence: §二(四)2
 *   fails a trainee who missed 1/3 even when the leave was approved. A session with no
 *   attendance record counts as not attended (the summary reports how many are unrecorded).
 * - "at least 1/3" is compared exactly (3 × absence ≥ hours, in tenths of an hour).
 */
export const C7_FRACTION_DENOMINATOR = 3;

export interface CourseAttendanceData {
  curriculumItemId: number | null;
  title: string;
  hours: number;
  attendedHours: number;
  absentHours: number;
  /** C-7: absence ≥ 1/3 of this course's hours; the course's score is cancelled. */
  cancelled: boolean;
}

export interface AttendanceSummaryData {
  enrollmentId: number;
  classId: number;
  totalHours: number;
  attendedHours: number;
  absentHours: number;
  /** Absence (hours) at which the training fails: total / 3. */
  failAtHours: number;
  /** C-7: absence ≥ 1/3 of the total hours; the training is failed. */
  failed: boolean;
  unrecordedSessions: number;
  courses: CourseAttendanceData[];
}

const tenths = (v: number) => Math.round(Number(v) * 10);
const fromTenths = (t: number) => t / 10;
/** True when absence reaches 1/3 of the hours (exactly, no floating point). */
export const reachesThird = (absentTenths: number, hoursTenths: number) =>
  hoursTenths > 0 && absentTenths * C7_FRACTION_DENOMINATOR >= hoursTenths;

/** Attendance summaries of some enrollments of one class, computed in three queries. */
export async function summarizeAttendance(em: EntityManager, classId: number, enrollmentIds: number[]): Promise<Map<number, AttendanceSummaryData>> {
  const sessions = await em.getRepository(ClassSession).find({ where: { classId }, order: { date: 'ASC', id: 'ASC' } });
  const itemIds = [...new Set(sessions.map((s) => s.curriculumItemId).filter((v): v is number => v !== null))];
  const items = itemIds.length ? await em.getRepository(CurriculumItem).find({ where: { id: In(itemIds) } }) : [];
  const itemTitle = new Map(items.map((i) => [i.id, i.title]));
  const rows = enrollmentIds.length && sessions.length
    ? await em.getRepository(Attendance).find({ where: { enrollmentId: In(enrollmentIds), sessionId: In(sessions.map((s) => s.id)) } })
    : [];
  const attended = new Map<string, number>();
  for (const r of rows) attended.set(`${r.enrollmentId}:${r.sessionId}`, tenths(r.hoursAttended));

  const out = new Map<number, AttendanceSummaryData>();
  for (const enrollmentId of enrollmentIds) {
    const courses = new Map<number | null, { hours: number; attended: number }>();
    let total = 0;
    let present = 0;
    let unrecorded = 0;
    for (const s of sessions) {
      const h = tenths(s.hours);
      const key = `${enrollmentId}:${s.id}`;
      const a = Math.min(attended.get(key) ?? 0, h);
      if (!attended.has(key)) unrecorded++;
      total += h;
      present += a;
      const c = courses.get(s.curriculumItemId) ?? { hours: 0, attended: 0 };
      c.hours += h;
      c.attended += a;
      courses.set(s.curriculumItemId, c);
    }
    const absent = total - present;
    out.set(enrollmentId, {
      enrollmentId,
      classId,
      totalHours: fromTenths(total),
      attendedHours: fromTenths(present),
      absentHours: fromTenths(absent),
      failAtHours: Math.round((total / 10 / C7_FRACTION_DENOMINATOR) * 100) / 100,
      failed: reachesThird(absent, total),
      unrecordedSessions: unrecorded,
      courses: [...courses.entries()].map(([curriculumItemId, c]) => ({
        curriculumItemId,
        title: curriculumItemId === null ? '其他 (other)' : itemTitle.get(curriculumItemId) ?? `#${curriculumItemId}`,
        hours: fromTenths(c.hours),
        attendedHours: fromTenths(c.attended),
        absentHours: fromTenths(c.hours - c.attended),
        cancelled: reachesThird(c.hours - c.attended, c.hours),
      })),
    });
  }
  return out;
}

/** The refusal for a pass/excellent grade (or a credit) when the training is failed by absence. */
export function c7TrainingFailed(s: AttendanceSummaryData): Violation {
  return {
    rule: 'C-7',
    messageZh: `缺勤 ${s.absentHours} 学时，达到培训总学时 ${s.totalHours} 的三分之一（${s.failAtHours}），按培训不及格处理（实际 ${s.absentHours} ≥ ${s.failAtHours}）`,
    messageEn: `absent ${s.absentHours} h ≥ ${s.failAtHours} = 1/3 of ${s.totalHours} total hours: the training is failed`,
    limit: s.failAtHours,
    actual: s.absentHours,
    field: 'grade',
  };
}
