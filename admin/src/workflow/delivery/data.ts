import { gql } from '../../api';

/** A class being run, its sessions and its approved trainees with their attendance and assessments. */
export interface ClassInfo {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  status: string;
  capacity: number;
  enrolled: number;
  project: { id: string; name: string } | null;
}
export interface Session { id: string; date: string; title: string; hours: number }
export interface AttendanceRow { id: string; sessionId: string; hoursAttended: number; status: string }
export interface AssessmentRow { id: string; attempt: number; grade: 'excellent' | 'pass' | 'fail'; score: number | null; note: string | null }
export interface Trainee {
  id: string;
  teacherId: string;
  teacher: { id: string; name: string } | null;
  school: { id: string; name: string } | null;
  attendance: AttendanceRow[];
  assessments: AssessmentRow[];
}
export interface ClassData { cls: ClassInfo; sessions: Session[]; trainees: Trainee[] }

const PAGE = 200;

const CLASS_QUERY = `query($id: ID!) {
  cls: Class(id: $id) { id name startDate endDate status capacity enrolled project { id name } }
  sessions: allClassSessions(filter: { classId: $id }, perPage: 200, sortField: "date", sortOrder: "ASC") { id date title hours }
}`;

const TRAINEES_QUERY = `query($f: EnrollmentFilter, $page: Int) {
  items: allEnrollments(filter: $f, page: $page, perPage: ${PAGE}, sortField: "id", sortOrder: "ASC") {
    id teacherId teacher { id name } school { id name }
    attendance { id sessionId hoursAttended status }
    assessments { id attempt grade score note }
  }
}`;

/** One request for the class and its sessions, then the approved trainees a page of 200 at a time. */
export async function loadClass(id: string, locale: string): Promise<ClassData> {
  const head = await gql<{ cls: ClassInfo | null; sessions: Session[] }>(CLASS_QUERY, { id });
  if (!head.cls) throw new Error('not found');
  const trainees: Trainee[] = [];
  for (let page = 0; ; page++) {
    const d = await gql<{ items: Trainee[] }>(TRAINEES_QUERY, { f: { classId: id, status: 'approved' }, page });
    trainees.push(...d.items);
    if (d.items.length < PAGE) break;
  }
  const collator = new Intl.Collator(locale === 'en' ? 'zh-CN' : locale);
  trainees.sort((a, b) => collator.compare(a.teacher?.name ?? '', b.teacher?.name ?? '') || Number(a.id) - Number(b.id));
  return { cls: head.cls, sessions: head.sessions.map((s) => ({ ...s, hours: Number(s.hours) })), trainees };
}

/**
 * C-7 as the server counts it: absence = scheduled hours − hours attended, failed at 3 × absence ≥
 * total (in tenths of an hour). `unrecordedAbsent`: a session without a record counts as not
 * attended (the server's view, for grading); otherwise it is left out (the grid while filling in).
 */
export function absenceOf(t: Trainee, sessions: Session[], value: (t: Trainee, s: Session) => number | null, unrecordedAbsent = false) {
  const total = sessions.reduce((s, x) => s + x.hours, 0);
  let attended = 0;
  let absent = 0;
  let recorded = 0;
  for (const s of sessions) {
    const v = value(t, s);
    if (v === null) {
      if (unrecordedAbsent) absent += s.hours;
      continue;
    }
    recorded++;
    attended += v;
    absent += Math.max(0, s.hours - v);
  }
  const tenths = (x: number) => Math.round(x * 10);
  return { total, attended, absent, recorded, failed: tenths(total) > 0 && tenths(absent) * 3 >= tenths(total) };
}

/** The recorded hours of a trainee in a session, or null. */
export const recordedHours = (t: Trainee, s: Session): number | null => {
  const a = t.attendance.find((x) => String(x.sessionId) === String(s.id));
  return a ? Number(a.hoursAttended) : null;
};

export const latestOf = (t: Trainee): AssessmentRow | undefined => [...t.assessments].sort((a, b) => b.attempt - a.attempt)[0];
