import { Arg, Ctx, Field, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { In } from 'typeorm';
import { inTransaction } from '../db/transaction.js';
import { ClassStatus, EnrollmentStatus } from '../entities/enums.js';
import { Attendance, Enrollment } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import { classResource, classSessionResource, enrollmentResource } from '../resources/training.js';
import { summarizeAttendance, type AttendanceSummaryData } from '../rules/c7-attendance.js';
import { requireRole } from './delivery-shared.js';

/** 考勤状态: present, late, leave (excused), absent. Absence in hours is what C-7 counts. */
export enum AttendanceStatus { present = 'present', late = 'late', leave = 'leave', absent = 'absent' }
registerEnumType(AttendanceStatus, { name: 'AttendanceStatus' });

@InputType()
export class AttendanceEntryInput {
  @Field(() => ID) enrollmentId!: string;
  @Field(() => Float) hoursAttended!: number;
  @Field(() => AttendanceStatus) status!: AttendanceStatus;
}

@ObjectType()
export class CourseAttendance {
  @Field(() => ID, { nullable: true }) curriculumItemId!: number | null;
  @Field(() => String) title!: string;
  @Field(() => Float) hours!: number;
  @Field(() => Float) attendedHours!: number;
  @Field(() => Float) absentHours!: number;
  @Field(() => Boolean, { description: 'C-7: absence ≥ 1/3 of the course hours cancels its score' }) cancelled!: boolean;
}

@ObjectType()
export class AttendanceSummary {
  @Field(() => ID) enrollmentId!: number;
  @Field(() => ID) classId!: number;
  @Field(() => Float) totalHours!: number;
  @Field(() => Float) attendedHours!: number;
  @Field(() => Float) absentHours!: number;
  @Field(() => Float, { description: 'absence (hours) at which the training fails: 1/3 of the total' }) failAtHours!: number;
  @Field(() => Boolean, { description: 'C-7: absence ≥ 1/3 of the total hours fails the training' }) failed!: boolean;
  @Field(() => Int, { description: 'sessions with no attendance record (counted as not attended)' }) unrecordedSessions!: number;
  @Field(() => [CourseAttendance]) courses!: CourseAttendance[];
  @Field(() => [String], { description: 'titles of the courses whose score C-7 cancels' }) cancelledCourses!: string[];
}

export const toSummary = (s: AttendanceSummaryData): AttendanceSummary =>
  Object.assign(new AttendanceSummary(), s, { cancelledCourses: s.courses.filter((c) => c.cancelled).map((c) => c.title) });

@Resolver()
export class AttendanceResolver {
  /**
   * The class's institution admin records one session's attendance: one row per
   * (enrollment, session), replaced when recorded again. Only approved trainees of the class.
   */
  @Mutation(() => [Attendance], { description: '登记一次课的考勤（按学员覆盖更新）' })
  async recordAttendance(
    @Ctx() ctx: Context,
    @Arg('sessionId', () => ID) sessionId: string,
    @Arg('entries', () => [AttendanceEntryInput]) entries: AttendanceEntryInput[],
  ): Promise<Attendance[]> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const session = await findScoped(em, classSessionResource, actor, sessionId);
      const cls = await findScoped(em, classResource, actor, session.classId);
      requireRole(actor, ['institution'], '只有承办机构可以登记考勤', 'Only the institution running the class records attendance');
      if (cls.status === ClassStatus.cancelled) throw badInput('班期已取消，不能登记考勤', 'The class is cancelled', 'sessionId');
      if (!entries.length) throw badInput('请至少登记一名学员', 'Give at least one entry', 'entries');
      const ids = entries.map((e) => Number(e.enrollmentId));
      if (new Set(ids).size !== ids.length) throw badInput('同一学员重复登记', 'An enrollment appears twice', 'entries');
      const sessionHours = Number(session.hours);
      for (const e of entries) {
        if (!Number.isFinite(e.hoursAttended) || e.hoursAttended < 0 || e.hoursAttended > sessionHours)
          throw badInput(
            `出勤学时须在 0 到本次课学时 ${sessionHours} 之间（实际 ${e.hoursAttended}）`,
            `hoursAttended must be between 0 and the session's ${sessionHours} hours (got ${e.hoursAttended})`,
            'hoursAttended',
          );
        if (e.status === AttendanceStatus.absent && e.hoursAttended > 0)
          throw badInput('缺勤学员的出勤学时应为 0', 'An absent trainee attended 0 hours', 'hoursAttended');
      }
      const enrollments = await em.getRepository(Enrollment).find({ where: { id: In(ids) } });
      const ok = new Set(enrollments.filter((x) => x.classId === cls.id && x.status === EnrollmentStatus.approved).map((x) => x.id));
      const bad = ids.filter((id) => !ok.has(id));
      if (bad.length)
        throw badInput(`选课 ${bad.join(', ')} 不是本班已通过审核的学员`, `Enrollment ${bad.join(', ')} is not an approved trainee of this class`, 'enrollmentId');

      await em
        .createQueryBuilder()
        .insert()
        .into(Attendance)
        .values(entries.map((e) => ({
          enrollmentId: Number(e.enrollmentId), sessionId: session.id, hoursAttended: e.hoursAttended, status: e.status, recordedBy: actor.id,
        })))
        .orUpdate(['hoursAttended', 'status', 'recordedBy'], ['enrollmentId', 'sessionId'])
        .updateEntity(false)
        .execute();
      return em.getRepository(Attendance).find({ where: { sessionId: session.id, enrollmentId: In(ids) }, order: { enrollmentId: 'ASC' } });
    });
  }

  /** C-7 per trainee: absence per course (cancelled courses) and in total (failed or not). */
  @Query(() => AttendanceSummary, { description: '学员考勤汇总（C-7）' })
  async attendanceSummary(@Ctx() ctx: Context, @Arg('enrollmentId', () => ID) enrollmentId: string): Promise<AttendanceSummary> {
    const actor = requireActor(ctx);
    const em = ctx.ds.manager;
    const enrollment = await findScoped(em, enrollmentResource, actor, enrollmentId);
    const map = await summarizeAttendance(em, enrollment.classId, [enrollment.id]);
    return toSummary(map.get(enrollment.id)!);
  }
}
