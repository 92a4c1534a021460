import { Arg, Ctx, Field, Float, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { In } from 'typeorm';
import { inTransaction } from '../db/transaction.js';
import { EnrollmentStatus } from '../entities/enums.js';
import { Evaluation, Institution, Project, TrainingClass } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput, forbidden } from '../graphql/errors.js';
import { findScoped, requireActor, scopedQuery } from '../graphql/resource.js';
import { enrollmentResource, evaluationResource } from '../resources/training.js';
import { SATISFIED_SCORE, satisfactionStats } from '../rules/c10-satisfaction.js';
import { isUniqueViolation } from './delivery-shared.js';

@ObjectType({ description: 'C-10: satisfaction of one institution in one subject' })
export class SatisfactionRow {
  @Field(() => ID) institutionId!: number;
  @Field(() => String) institutionName!: string;
  @Field(() => String) subject!: string;
  @Field(() => Int) count!: number;
  @Field(() => Int, { description: `evaluations with satisfaction ≥ ${SATISFIED_SCORE}` }) satisfiedCount!: number;
  @Field(() => Float, { description: 'average satisfaction 0..100' }) average!: number;
  @Field(() => Float, { description: `satisfaction rate: % of evaluations with satisfaction ≥ ${SATISFIED_SCORE}` }) ratePercent!: number;
}

const conflict = () =>
  new AppError('CONFLICT', '每次选课只能评价一次，评价提交后不可修改', 'One evaluation per enrollment; it cannot be changed once submitted', { rule: 'C-10' });

@Resolver()
export class EvaluationResolver {
  /** C-10: the trainee rates the class once (0..100 and a comment). */
  @Mutation(() => Evaluation, { description: '学员提交培训满意度评价（C-10）' })
  async submitEvaluation(
    @Ctx() ctx: Context,
    @Arg('enrollmentId', () => ID) enrollmentId: string,
    @Arg('satisfaction', () => Int) satisfaction: number,
    @Arg('comment', () => String, { nullable: true }) comment?: string,
  ): Promise<Evaluation> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const enrollment = await findScoped(em, enrollmentResource, actor, enrollmentId);
      if (actor.role !== 'teacher' || enrollment.teacherId !== actor.teacherId)
        throw forbidden('只有参训教师本人可以评价', 'Only the trainee evaluates their class');
      if (enrollment.status !== EnrollmentStatus.approved)
        throw badInput('只有审核通过的学员可以评价', 'Only an approved trainee evaluates the class', 'enrollmentId');
      if (!Number.isInteger(satisfaction) || satisfaction < 0 || satisfaction > 100)
        throw badInput(`满意度须为 0 到 100 的整数（实际 ${satisfaction}）`, `satisfaction must be an integer 0..100 (got ${satisfaction})`, 'satisfaction');
      const text = comment?.trim() || null;
      if (text && text.length > 1000) throw badInput('评价意见不超过 1000 字', 'comment is at most 1000 characters', 'comment');
      if (await em.getRepository(Evaluation).exists({ where: { enrollmentId: enrollment.id } })) throw conflict();
      const cls = await em.getRepository(TrainingClass).findOneByOrFail({ id: enrollment.classId });
      const project = await em.getRepository(Project).findOneByOrFail({ id: cls.projectId });
      const repo = em.getRepository(Evaluation);
      try {
        return await repo.save(repo.create({
          enrollmentId: enrollment.id, classId: cls.id, institutionId: project.institutionId, subject: project.subject,
          satisfaction, comment: text, at: new Date(),
        }));
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict();
        throw e;
      }
    });
  }

  /** C-10 results per institution and subject, over the evaluations the caller may see. */
  @Query(() => [SatisfactionRow], { description: '培训满意度汇总（按机构、学科）' })
  async satisfactionSummary(
    @Ctx() ctx: Context,
    @Arg('institutionId', () => ID, { nullable: true }) institutionId?: string,
    @Arg('subject', () => String, { nullable: true }) subject?: string,
    @Arg('year', () => Int, { nullable: true }) year?: number,
  ): Promise<SatisfactionRow[]> {
    const actor = requireActor(ctx);
    const em = ctx.ds.manager;
    const qb = scopedQuery(em, evaluationResource, actor) as unknown as SelectQueryBuilder<ObjectLiteral>;
    const stats = await satisfactionStats(qb, {
      ...(institutionId ? { institutionId: Number(institutionId) } : {}),
      ...(subject ? { subject } : {}),
      ...(year ? { year } : {}),
    });
    const ids = [...new Set(stats.map((s) => s.institutionId))];
    const names = new Map((ids.length ? await em.getRepository(Institution).find({ where: { id: In(ids) } }) : []).map((i) => [i.id, i.name]));
    return stats.map((s) => Object.assign(new SatisfactionRow(), s, { institutionName: names.get(s.institutionId) ?? '' }));
  }
}
