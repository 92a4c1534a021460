import { Grade } from '../entities/enums.js';
import type { Project } from '../entities/index.js';

/**
 * C-6 (000 §(十二) "根据教师参加研修学习考核的不同结果，及时准确地认证教师继续教育的学时学分"):
 * credits follow the assessment result through the conversion rule, and granting is
 * idempotent — one class, one teacher, one credit record.
 *
 * The core conversion rule:
 * - the result is the trainee's latest assessment (the make-up when there was one, C-8);
 * - excellent or pass → the project's declared credits and hours in full, one record;
 * - fail (or no assessment yet) → nothing;
 * - a trainee the attendance rule fails (C-7) gets nothing, whatever was graded.
 * There is no partial credit in core: prorating by hours attended (e.g. BB-8) or other
 * conversion tables (ZJ-16) belong to region plugins.
 */
export function classCreditConversion(project: Pick<Project, 'credits' | 'hours'>, grade: Grade | undefined): { credits: number; hours: number } | null {
  if (grade !== Grade.excellent && grade !== Grade.pass) return null;
  return { credits: Number(project.credits), hours: Number(project.hours) };
}

/** The unique key that makes a class grant land once per teacher (credit_record.grantKey). */
export const classGrantKey = (classId: number, teacherId: number) => `class:${classId}:${teacherId}`;
