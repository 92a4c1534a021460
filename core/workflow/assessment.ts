import { Arg, Ctx, Float, ID, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../db/transaction.js';
import { EnrollmentStatus, Grade } from '../entities/enums.js';
import { Assessment } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput, throwIfViolations } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import { enrollmentResource } from '../resources/training.js';
import { c7TrainingFailed, summarizeAttendance } from '../rules/c7-attendance.js';
import { nextAttempt } from '../rules/c8-assessment.js';
import { isUniqueViolation, requireRole } from './delivery-shared.js';

@Resolver()
export class AssessmentResolver {
  /**
   * The class's institution admin records a trainee's grade (C-8). C-7: a trainee absent
   * for at least 1/3 of the class's hours has failed the training, so pass or excellent is
   * refused (record fail instead, e.g. with note 'C-7'). `makeUp` records the one make-up.
   */
  @Mutation(() => Assessment, { description: '登记学员考核成绩（C-7, C-8）' })
  async recordAssessment(
    @Ctx() ctx: Context,
    @Arg('enrollmentId', () => ID) enrollmentId: string,
    @Arg('grade', () => Grade) grade: Grade,
    @Arg('score', () => Float, { nullable: true }) score?: number,
    @Arg('note', () => String, { nullable: true }) note?: string,
    @Arg('makeUp', () => Boolean, { nullable: true, defaultValue: false }) makeUp?: boolean,
  ): Promise<Assessment> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const enrollment = await findScoped(em, enrollmentResource, actor, enrollmentId, true);
      requireRole(actor, ['institution'], '只有承办机构可以登记考核成绩', 'Only the institution running the class records assessments');
      if (enrollment.status !== EnrollmentStatus.approved)
        throw badInput('只有审核通过的学员可以考核', 'Only an approved trainee can be assessed', 'enrollmentId');
      if (score !== undefined && score !== null && (!Number.isFinite(score) || score < 0 || score > 100))
        throw badInput(`分数须在 0 到 100 之间（实际 ${score}）`, `score must be between 0 and 100 (got ${score})`, 'score');
      if (note && note.length > 255) throw badInput('备注不超过 255 字', 'note is at most 255 characters', 'note');

      if (grade !== Grade.fail) {
        const summary = (await summarizeAttendance(em, enrollment.classId, [enrollment.id])).get(enrollment.id)!;
        if (summary.failed) throwIfViolations([c7TrainingFailed(summary)]);
      }
      const existing = await em.getRepository(Assessment).find({ where: { enrollmentId: enrollment.id } });
      const attempt = nextAttempt(existing, !!makeUp);
      const repo = em.getRepository(Assessment);
      try {
        return await repo.save(repo.create({
          enrollmentId: enrollment.id, attempt, grade, score: score ?? null, note: note?.trim() || null, recordedBy: actor.id, recordedAt: new Date(),
        }));
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('CONFLICT', '该次考核已被他人同时登记，请刷新', 'This attempt was just recorded by someone else; reload', { rule: 'C-8' });
        throw e;
      }
    });
  }
}
