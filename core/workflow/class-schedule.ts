import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { inTransaction } from '../db/transaction.js';
import { ClassStatus, ProjectStatus } from '../entities/enums.js';
import { ClassSession, Project, TrainingClass } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, throwIfViolations } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import type { Violation } from '../plugin-host/types.js';
import { classResource } from '../resources/training.js';
import { STATUS_ZH, requireDeclarer } from './project.js';

const CLASS_STATUS_ZH: Record<ClassStatus, string> = { planned: '计划中', published: '已公布', finished: '已结束', cancelled: '已取消' };

/** A class's schedule must be complete: at least one session, every session within the class's dates. */
async function scheduleViolations(em: import('typeorm').EntityManager, cls: TrainingClass): Promise<Violation[]> {
  const sessions = await em.getRepository(ClassSession).find({ where: { classId: cls.id }, order: { date: 'ASC' } });
  if (sessions.length === 0) {
    return [{
      rule: 'COMPLETENESS', messageZh: '课程表须至少安排一次课（实际 0 次）', messageEn: 'the schedule must have at least 1 session (0 scheduled)',
      limit: 1, actual: 0, field: 'sessions',
    }];
  }
  const outside = sessions.filter((s) => s.date < cls.startDate || s.date > cls.endDate);
  if (!outside.length) return [];
  const dates = [...new Set(outside.map((s) => s.date))].join(', ');
  return [{
    rule: 'COMPLETENESS',
    messageZh: `课次日期须在班期日期 ${cls.startDate}—${cls.endDate} 之内（实际 ${dates}）`,
    messageEn: `sessions must fall within the class dates ${cls.startDate} to ${cls.endDate} (got ${dates})`,
    limit: `${cls.startDate}—${cls.endDate}`, actual: dates, field: 'sessions',
  }];
}

@Resolver()
export class ClassScheduleResolver {
  /**
   * Publishes a class's schedule (课程表): by the admin of the institution that declared the
   * project, once the project is published. Plugin rules run at 'class.publish' (ZJ-6: at
   * least 5 days before the class starts).
   */
  @Mutation(() => TrainingClass, { description: '公布班期课程表（申报机构）' })
  async publishClassSchedule(@Ctx() ctx: Context, @Arg('classId', () => ID) classId: string): Promise<TrainingClass> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const cls = await findScoped(em, classResource, actor, classId, true);
      const project = await em.getRepository(Project).findOneByOrFail({ id: cls.projectId });
      requireDeclarer(actor, project);
      if (project.status !== ProjectStatus.published)
        throw new AppError('CONFLICT', `项目当前状态为「${STATUS_ZH[project.status]}」，须发布后才能公布课程表`,
          `Cannot publish the schedule: the project is ${project.status}, not published`, { status: project.status, allowed: [ProjectStatus.published] });
      if (cls.status !== ClassStatus.planned)
        throw new AppError('CONFLICT', `班期当前状态为「${CLASS_STATUS_ZH[cls.status] ?? cls.status}」，不能公布课程表`,
          `Cannot publish the schedule: the class is ${cls.status}`, { status: cls.status, allowed: [ClassStatus.planned] });
      const now = new Date();
      throwIfViolations([
        ...(await scheduleViolations(em, cls)),
        ...(await ctx.plugins.check('class.publish', { classId: cls.id, now }, cls.regionId, em, actor)),
      ]);
      const res = await em.createQueryBuilder().update(TrainingClass)
        .set({ status: ClassStatus.published, schedulePublishedAt: now })
        .where('id = :id AND status = :planned', { id: cls.id, planned: ClassStatus.planned })
        .execute();
      if (res.affected !== undefined && res.affected !== 1)
        throw new AppError('CONFLICT', '班期状态已变化，请刷新后重试', 'The class changed meanwhile; reload and try again');
      return em.getRepository(TrainingClass).findOneByOrFail({ id: cls.id });
    });
  }
}
