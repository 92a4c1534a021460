import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { inTransaction } from '../db/transaction.js';
import { ProjectStatus } from '../entities/enums.js';
import { Project, ProjectTransition } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput, forbidden, throwIfViolations } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import type { Violation } from '../plugin-host/types.js';
import { projectResource } from '../resources/project.js';
import { checkProjectSubmission } from '../rules/project-submission.js';

/**
 * The project life cycle:
 *   draft | rejected --submit (institution)--> submitted --approve (bureau)--> approved
 *   submitted --reject (bureau, reason)--> rejected
 *   approved --publish (bureau)--> published --close (bureau or institution)--> closed
 * Every transition is a conditional UPDATE on the current status plus a ProjectTransition row.
 */

export const STATUS_ZH: Record<ProjectStatus, string> = {
  draft: '草稿', submitted: '已提交', approved: '已批准', rejected: '已退回', published: '已发布', closed: '已结束',
};

/** One rule outcome as the dry run returns it (the same fields as a RULE_VIOLATION error). */
@ObjectType('ProjectRuleViolation')
export class ProjectRuleViolation {
  @Field(() => String) rule!: string;
  @Field(() => String) messageZh!: string;
  @Field(() => String) messageEn!: string;
  @Field(() => GraphQLJSON, { nullable: true }) limit!: number | string | null;
  @Field(() => GraphQLJSON, { nullable: true }) actual!: number | string | null;
  @Field(() => String, { nullable: true }) field!: string | null;
}

export const toViolationType = (v: Violation): ProjectRuleViolation =>
  ({ rule: v.rule, messageZh: v.messageZh, messageEn: v.messageEn, limit: v.limit ?? null, actual: v.actual ?? null, field: v.field ?? null });

export function conflict(action: { zh: string; en: string }, current: string, currentZh: string, allowed: string[]) {
  return new AppError(
    'CONFLICT',
    `当前状态为「${currentZh}」，不能${action.zh}`,
    `Cannot ${action.en}: the current status is ${current}`,
    { status: current, allowed },
  );
}

/** The declaring institution's admin, and nobody else. */
export function requireDeclarer(actor: Actor, project: Project) {
  if (actor.role !== 'institution' || Number(actor.institutionId) !== Number(project.institutionId))
    throw forbidden('只有申报机构的管理员可以执行此操作', 'Only the declaring institution\'s admin may do this');
}

/** A bureau governing the project's region (scope already checked), never the declaring institution itself. */
export function requireGoverningBureau(actor: Actor, project: Project) {
  if (actor.role !== 'bureau') throw forbidden('只有主管教育行政部门可以执行此操作', 'Only the governing education bureau may do this');
  if (actor.institutionId !== undefined && Number(actor.institutionId) === Number(project.institutionId))
    throw forbidden('申报单位不得审批自己申报的项目', 'The declaring institution may not decide on its own project');
}

const ACTIONS = {
  submit: { zh: '提交申报', en: 'submit', from: [ProjectStatus.draft, ProjectStatus.rejected], to: ProjectStatus.submitted },
  approve: { zh: '审核通过', en: 'approve', from: [ProjectStatus.submitted], to: ProjectStatus.approved },
  reject: { zh: '退回', en: 'reject', from: [ProjectStatus.submitted], to: ProjectStatus.rejected },
  publish: { zh: '发布', en: 'publish', from: [ProjectStatus.approved], to: ProjectStatus.published },
  close: { zh: '结束', en: 'close', from: [ProjectStatus.published], to: ProjectStatus.closed },
} as const;
type Action = keyof typeof ACTIONS;

/** Moves a loaded project from its status to the action's target, recording who, when, why. */
async function transition(em: EntityManager, project: Project, action: Action, actor: Actor, reason: string | null): Promise<Project> {
  const a = ACTIONS[action];
  const from = project.status;
  if (!(a.from as readonly ProjectStatus[]).includes(from)) throw conflict(a, from, STATUS_ZH[from] ?? from, [...a.from]);
  const res = await em
    .createQueryBuilder()
    .update(Project)
    .set({ status: a.to })
    .where('id = :id AND status = :from', { id: project.id, from })
    .execute();
  if (res.affected !== undefined && res.affected !== 1) {
    const now = await em.getRepository(Project).findOneByOrFail({ id: project.id });
    throw conflict(a, now.status, STATUS_ZH[now.status] ?? now.status, [...a.from]);
  }
  await em.getRepository(ProjectTransition).insert({
    projectId: project.id, fromStatus: from, toStatus: a.to, actor: actor.id, at: new Date(), reason,
  });
  project.status = a.to;
  return project;
}

const cleanReason = (reason: string | null | undefined) => {
  const r = reason?.trim();
  if (r && r.length > 500) throw badInput('理由不得超过500字', 'The reason must be at most 500 characters', 'reason');
  return r ? r : null;
};

@Resolver()
export class ProjectWorkflowResolver {
  @Mutation(() => Project, { description: '提交项目申报（申报机构），提交前检查全部规则' })
  async submitProject(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Project> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const project = await findScoped(em, projectResource, actor, id, true);
      requireDeclarer(actor, project);
      const a = ACTIONS.submit;
      if (!(a.from as readonly ProjectStatus[]).includes(project.status)) throw conflict(a, project.status, STATUS_ZH[project.status], [...a.from]);
      throwIfViolations(await checkProjectSubmission(em, project, ctx.plugins, actor));
      return transition(em, project, 'submit', actor, null);
    });
  }

  @Query(() => [ProjectRuleViolation], { description: '预检：按提交时的全部规则检查项目，不做任何修改' })
  async validateProject(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<ProjectRuleViolation[]> {
    const actor = requireActor(ctx);
    const violations = await dryRun(ctx, async (em) => {
      const project = await findScoped(em, projectResource, actor, id);
      return checkProjectSubmission(em, project, ctx.plugins, actor);
    });
    return violations.map(toViolationType);
  }

  @Mutation(() => Project, { description: '审核通过项目（主管教育行政部门）' })
  async approveProject(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<Project> {
    return this.decide(ctx, id, 'approve', cleanReason(reason));
  }

  @Mutation(() => Project, { description: '退回项目（主管教育行政部门，须说明理由）' })
  async rejectProject(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string): Promise<Project> {
    const r = cleanReason(reason);
    if (!r) throw badInput('退回须说明理由', 'A rejection needs a reason', 'reason');
    return this.decide(ctx, id, 'reject', r);
  }

  @Mutation(() => Project, { description: '发布已批准的项目（主管教育行政部门）' })
  async publishProject(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Project> {
    return this.decide(ctx, id, 'publish', null);
  }

  @Mutation(() => Project, { description: '结束已发布的项目（主管教育行政部门或申报机构）' })
  async closeProject(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<Project> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const project = await findScoped(em, projectResource, actor, id, true);
      if (actor.role === 'institution') requireDeclarer(actor, project);
      else requireGoverningBureau(actor, project);
      return transition(em, project, 'close', actor, cleanReason(reason));
    });
  }

  private async decide(ctx: Context, id: string, action: 'approve' | 'reject' | 'publish', reason: string | null): Promise<Project> {
    const actor = requireActor(ctx);
    return inTransaction(ctx, async (em) => {
      const project = await findScoped(em, projectResource, actor, id, true);
      requireGoverningBureau(actor, project);
      const now = new Date();
      throwIfViolations(
        action === 'publish'
          ? await ctx.plugins.check('project.publish', { projectId: project.id, now }, project.regionId, em, actor)
          : await ctx.plugins.check('project.approve', { projectId: project.id, decision: action, now }, project.regionId, em, actor),
      );
      return transition(em, project, action, actor, reason);
    });
  }
}

const ROLLBACK = Symbol('dry-run rollback');

/** Runs read-only checks in a transaction that is always rolled back: a dry run can never write. */
export async function dryRun<T>(ctx: Context, work: (em: EntityManager) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await inTransaction(ctx, async (em) => {
      result = await work(em);
      throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return result as T;
}

/** Permission-table entries for the operations of this area (core/auth/permissions.ts); scope still applies in SQL. */
