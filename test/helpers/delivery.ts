import { In } from 'typeorm';
import { EnrollmentStatus, Grade, ReviewStep } from '../../core/entities/enums.js';
import { Assessment, Attendance, ClassSession, Enrollment, Evaluation, Project, Teacher, TrainingClass } from '../../core/entities/index.js';
import type { World } from './fixtures.js';

/**
 * Delivery-stage data written straight into the database: approved enrollments (as the
 * selection workflow leaves them), full or partial attendance, assessments, evaluations.
 */
export async function approveEnrollments(w: World, cls: TrainingClass, teacherIds: number[]): Promise<Enrollment[]> {
  const teachers = await w.ds.getRepository(Teacher).findBy(teacherIds.map((id) => ({ id })));
  const byId = new Map(teachers.map((t) => [t.id, t]));
  const repo = w.ds.getRepository(Enrollment);
  const rows = teacherIds.map((teacherId) => {
    const t = byId.get(teacherId)!;
    return repo.create({
      teacherId, classId: cls.id, schoolId: t.schoolId, regionId: t.regionId, round: 1, projectRevision: 1, nominated: false,
      status: EnrollmentStatus.approved, pendingStep: null, steps: [ReviewStep.school, ReviewStep.institution], selectedAt: new Date(),
      withdrawnAt: null, withdrawReason: null,
    });
  });
  if (rows.length) await repo.insert(rows);
  const saved = await repo.find({ where: { classId: cls.id, teacherId: In(teacherIds) } });
  const out = teacherIds.map((id) => saved.find((e) => e.teacherId === id)!);
  await w.ds.getRepository(TrainingClass).increment({ id: cls.id }, 'enrolled', teacherIds.length);
  return out;
}

/** A pending (not yet approved) enrollment. */
export async function pendingEnrollment(w: World, cls: TrainingClass, teacherId: number): Promise<Enrollment> {
  const t = await w.ds.getRepository(Teacher).findOneByOrFail({ id: teacherId });
  const repo = w.ds.getRepository(Enrollment);
  return repo.save(repo.create({
    teacherId, classId: cls.id, schoolId: t.schoolId, regionId: t.regionId, round: 1, projectRevision: 1, nominated: false,
    status: EnrollmentStatus.pending, pendingStep: ReviewStep.school, steps: [ReviewStep.school, ReviewStep.institution], selectedAt: new Date(),
    withdrawnAt: null, withdrawReason: null,
  }));
}

/** Attendance for every session of the class; `absent` maps a session id to the hours missed. */
export async function attendAll(w: World, enrollment: Enrollment, absent: Record<number, number> = {}): Promise<void> {
  const sessions = await w.ds.getRepository(ClassSession).findBy({ classId: enrollment.classId });
  if (!sessions.length) return;
  await w.ds.getRepository(Attendance).insert(sessions.map((s) => {
    const hours = Math.max(0, Number(s.hours) - (absent[s.id] ?? 0));
    return { enrollmentId: enrollment.id, sessionId: s.id, hoursAttended: hours, status: hours ? 'present' : 'absent', recordedBy: 'test' };
  }));
}

export async function assess(w: World, enrollment: Enrollment, grade: Grade, attempt = 1): Promise<void> {
  await w.ds.getRepository(Assessment).insert({ enrollmentId: enrollment.id, attempt, grade, score: null, note: null, recordedBy: 'test', recordedAt: new Date() });
}

/** Evaluations (satisfaction scores) for a class, one per approved enrollment created here. */
export async function evaluate(w: World, cls: TrainingClass, project: Project, teacherIds: number[], scores: number[]): Promise<void> {
  const enrollments = await approveEnrollments(w, cls, teacherIds.slice(0, scores.length));
  await w.ds.getRepository(Evaluation).insert(enrollments.map((e, i) => ({
    enrollmentId: e.id, classId: cls.id, institutionId: project.institutionId, subject: project.subject, satisfaction: scores[i]!, comment: null, at: new Date(),
  })));
}
