import { IsOptional, Length, Matches, Min, ValidateNested } from 'class-validator';
import { Arg, Ctx, Field, Float, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import { In, type EntityManager } from 'typeorm';
import { inTransaction } from '../db/transaction.js';
import { CourseKind, ProjectStatus, TrainingMode } from '../entities/enums.js';
import { ClassSession, CurriculumItem, Project, ProjectExpert } from '../entities/index.js';
import { ProjectChange, ProjectChangeStatus } from '../entities/project-change.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput, notFound, throwIfViolations } from '../graphql/errors.js';
import { findScoped, requireActor } from '../graphql/resource.js';
import { projectResource } from '../resources/project.js';
import { checkProjectSubmission } from '../rules/project-submission.js';
import { STATUS_ZH, conflict, requireDeclarer, requireGoverningBureau } from './project.js';

/**
 * C-15 (003 §三(二) "经审核公布的培训项目…确需作较大调整的，须报相应教育行政部门批准…且允许学员退选"):
 * after publication a project changes only through a change request that the governing
 * bureau approves. Approval applies the change, bumps the project's revision (teachers
 * enrolled under an older revision may then withdraw), re-runs the submission checks on
 * the changed plan and runs plugin rules at 'project.change' with the plan before and after.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType()
export class CurriculumItemChangeInput {
  /** An existing course of the project to keep (and update); omit for a new course. */
  @Field(() => ID, { nullable: true }) id?: string;
  @Field(() => String) @Length(1, 200) title!: string;
  @Field(() => Float) @Min(0) hours!: number;
  @Field(() => CourseKind) kind!: CourseKind;
  @Field(() => [String], { nullable: true }) tags?: string[];
  @Field(() => ID, { nullable: true }) trainerExpertId?: string | null;
}

@InputType()
export class ProjectExpertChangeInput {
  @Field(() => ID) expertId!: string;
  /** expert, trainer or mentor */
  @Field(() => String) @Matches(/^(expert|trainer|mentor)$/) role!: string;
}

/** The fields a published project may change (C-15); `curriculum` and `experts` replace the whole list. */
@InputType()
export class ProjectChangeInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) name?: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) hours?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) credits?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(DATE) startDate?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(DATE) endDate?: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => TrainingMode, { nullable: true }) mode?: TrainingMode;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) onlineCredits?: number;
  @Field(() => Boolean, { nullable: true }) finalAssessment?: boolean;
  @Field(() => ID, { nullable: true }) leadExpertId?: string;
  @Field(() => [CurriculumItemChangeInput], { nullable: true }) @IsOptional() @ValidateNested({ each: true }) curriculum?: CurriculumItemChangeInput[];
  @Field(() => [ProjectExpertChangeInput], { nullable: true }) @IsOptional() @ValidateNested({ each: true }) experts?: ProjectExpertChangeInput[];
}

const SCALAR_FIELDS = [
  'name', 'hours', 'credits', 'startDate', 'endDate', 'description', 'mode', 'onlineCredits', 'finalAssessment', 'leadExpertId',
] as const;
type ScalarField = (typeof SCALAR_FIELDS)[number];

export interface PlanSnapshot extends Partial<Record<ScalarField, unknown>> {
  curriculum: { id: number; seq: number; title: string; hours: number; kind: string; tags: string[]; trainerExpertId: number | null }[];
  experts: { expertId: number; role: string }[];
}

/** The plan as the C-15 record and the 'project.change' rule point see it. */
export async function planSnapshot(em: EntityManager, projectId: number): Promise<PlanSnapshot> {
  const p = await em.getRepository(Project).findOneByOrFail({ id: projectId });
  const curriculum = await em.getRepository(CurriculumItem).find({ where: { projectId }, order: { seq: 'ASC', id: 'ASC' } });
  const experts = await em.getRepository(ProjectExpert).find({ where: { projectId }, order: { id: 'ASC' } });
  return {
    ...Object.fromEntries(SCALAR_FIELDS.map((f) => [f, p[f]])),
    curriculum: curriculum.map((c) => ({
      id: Number(c.id), seq: c.seq, title: c.title, hours: Number(c.hours), kind: c.kind, tags: c.tags ?? [],
      trainerExpertId: c.trainerExpertId === null ? null : Number(c.trainerExpertId),
    })),
    experts: experts.map((e) => ({ expertId: Number(e.expertId), role: e.role })),
  };
}

/** Only the fields given, normalised; an empty change is refused. */
function normaliseChanges(input: ProjectChangeInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of SCALAR_FIELDS) {
    const v = (input as Record<string, unknown>)[f];
    if (v === undefined || v === null) continue;
    out[f] = f === 'leadExpertId' ? Number(v) : v;
  }
  if (input.curriculum) {
    out.curriculum = input.curriculum.map((c) => ({
      ...(c.id ? { id: Number(c.id) } : {}), title: c.title.trim(), hours: c.hours, kind: c.kind, tags: c.tags ?? [],
      trainerExpertId: c.trainerExpertId ? Number(c.trainerExpertId) : null,
    }));
  }
  if (input.experts) {
    const seen = new Set<string>();
    out.experts = input.experts
      .map((e) => ({ expertId: Number(e.expertId), role: e.role }))
      .filter((e) => !seen.has(`${e.expertId}:${e.role}`) && !!seen.add(`${e.expertId}:${e.role}`));
  }
  if (Object.keys(out).length === 0) throw badInput('变更申请至少须包含一项变更', 'A change request must change at least one field', 'changes');
  return out;
}

type StoredCourse = { id?: number; title: string; hours: number; kind: CourseKind; tags: string[]; trainerExpertId: number | null };

/** Writes an approved change onto the project, its curriculum and its expert list. */
async function applyChanges(em: EntityManager, project: Project, changes: Record<string, unknown>): Promise<void> {
  const scalars = Object.fromEntries(SCALAR_FIELDS.filter((f) => f in changes).map((f) => [f, changes[f]]));
  await em.getRepository(Project).update({ id: project.id }, { ...scalars, revision: project.revision + 1 } as never);

  const courses = changes.curriculum as StoredCourse[] | undefined;
  if (courses) {
    const repo = em.getRepository(CurriculumItem);
    const existing = await repo.find({ where: { projectId: project.id }, select: { id: true } });
    const ids = new Set(existing.map((c) => Number(c.id)));
    for (const c of courses) {
      if (c.id !== undefined && !ids.has(c.id))
        throw badInput(`课程 ${c.id} 不属于该项目`, `Course ${c.id} does not belong to this project`, 'curriculum');
    }
    const kept = new Set(courses.filter((c) => c.id !== undefined).map((c) => c.id!));
    const dropped = [...ids].filter((id) => !kept.has(id));
    if (dropped.length) {
      // Sessions already scheduled for a dropped course stay, detached from it.
      await em.getRepository(ClassSession).update({ curriculumItemId: In(dropped) }, { curriculumItemId: null });
      await repo.delete({ id: In(dropped) });
    }
    let seq = 0;
    for (const c of courses) {
      const values = { seq: seq++, title: c.title, hours: c.hours, kind: c.kind, tags: c.tags, trainerExpertId: c.trainerExpertId };
      if (c.id !== undefined) await repo.update({ id: c.id }, values);
      else await repo.insert({ projectId: project.id, ...values });
    }
  }
  const experts = changes.experts as { expertId: number; role: string }[] | undefined;
  if (experts) {
    await em.getRepository(ProjectExpert).delete({ projectId: project.id });
    if (experts.length) await em.getRepository(ProjectExpert).insert(experts.map((e) => ({ projectId: project.id, ...e })));
  }
}

const needReason = (reason: string | null | undefined, zh: string, en: string) => {
  const r = reason?.trim();
  if (!r) throw badInput(zh, en, 'reason');
  if (r.length > 500) throw badInput('理由不得超过500字', 'The reason must be at most 500 characters', 'reason');
  return r;
};

@Resolver(() => Project)
export class ProjectChangeResolver {
  @Mutation(() => ProjectChange, { description: 'C-15 已发布项目的变更申请（申报机构），须经主管教育行政部门批准' })
  async requestProjectChange(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('changes', () => ProjectChangeInput) changes: ProjectChangeInput,
    @Arg('reason', () => String) reason: string,
  ): Promise<ProjectChange> {
    const actor = requireActor(ctx);
    const why = needReason(reason, '变更申请须说明理由', 'A change request needs a reason');
    const normalised = normaliseChanges(changes);
    return inTransaction(ctx, async (em) => {
      const project = await findScoped(em, projectResource, actor, id, true);
      requireDeclarer(actor, project);
      if (project.status !== ProjectStatus.published)
        throw conflict({ zh: '申请变更（仅已发布的项目须走变更申请）', en: 'request a change (only published projects go through change requests)' },
          project.status, STATUS_ZH[project.status], [ProjectStatus.published]);
      const pending = await em.getRepository(ProjectChange).findOne({ where: { projectId: project.id, status: ProjectChangeStatus.pending } });
      if (pending)
        throw new AppError('CONFLICT', `该项目已有待审批的变更申请（${pending.id}）`, `The project already has a pending change request (${pending.id})`,
          { changeId: String(pending.id) });
      const repo = em.getRepository(ProjectChange);
      return repo.save(repo.create({
        projectId: project.id, regionId: project.regionId, institutionId: project.institutionId, status: ProjectChangeStatus.pending,
        changes: JSON.stringify(normalised), reason: why, requestedBy: actor.id, requestedAt: new Date(),
        decidedBy: null, decidedAt: null, decisionReason: null, before: null, after: null, revision: null,
      }));
    });
  }

  @Mutation(() => ProjectChange, { description: 'C-15 审批项目变更申请（主管教育行政部门）；批准后变更生效、项目版本号加一' })
  async decideProjectChange(
    @Ctx() ctx: Context,
    @Arg('changeId', () => ID) changeId: string,
    @Arg('approve', () => Boolean) approve: boolean,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<ProjectChange> {
    const actor = requireActor(ctx);
    const why = approve ? reason?.trim() || null : needReason(reason, '驳回变更申请须说明理由', 'Refusing a change request needs a reason');
    return inTransaction(ctx, async (em) => {
      const change = await em.getRepository(ProjectChange).findOneBy({ id: Number(changeId) || -1 });
      if (!change) throw notFound('项目变更申请', changeId);
      const project = await findScoped(em, projectResource, actor, change.projectId, true).catch(() => {
        throw notFound('项目变更申请', changeId);
      });
      requireGoverningBureau(actor, project);
      if (change.status !== ProjectChangeStatus.pending)
        throw new AppError('CONFLICT', `该变更申请已处理（${change.status === 'approved' ? '已批准' : '已驳回'}），不能再次审批`,
          `Cannot decide: the change request is already ${change.status}`, { status: change.status });
      if (project.status !== ProjectStatus.published)
        throw conflict({ zh: '批准变更', en: 'decide on a change' }, project.status, STATUS_ZH[project.status], [ProjectStatus.published]);

      const decided = { decidedBy: actor.id, decidedAt: new Date(), decisionReason: why };
      if (!approve) {
        const res = await em.getRepository(ProjectChange).update({ id: change.id, status: ProjectChangeStatus.pending }, { ...decided, status: ProjectChangeStatus.rejected });
        if (res.affected !== undefined && res.affected !== 1) throw new AppError('CONFLICT', '该变更申请已处理', 'The change request was already decided');
        return em.getRepository(ProjectChange).findOneByOrFail({ id: change.id });
      }

      const before = await planSnapshot(em, project.id);
      await applyChanges(em, project, JSON.parse(change.changes) as Record<string, unknown>);
      const after = await planSnapshot(em, project.id);
      const changed = await em.getRepository(Project).findOneByOrFail({ id: project.id });
      throwIfViolations([
        ...(await checkProjectSubmission(em, changed, ctx.plugins, actor)),
        ...(await ctx.plugins.check('project.change', { projectId: project.id, before: { ...before }, after: { ...after } }, project.regionId, em, actor)),
      ]);
      const res = await em.getRepository(ProjectChange).update(
        { id: change.id, status: ProjectChangeStatus.pending },
        { ...decided, status: ProjectChangeStatus.approved, before: JSON.stringify(before), after: JSON.stringify(after), revision: changed.revision },
      );
      if (res.affected !== undefined && res.affected !== 1) throw new AppError('CONFLICT', '该变更申请已处理', 'The change request was already decided');
      return em.getRepository(ProjectChange).findOneByOrFail({ id: change.id });
    });
  }

  /** The project's C-15 change requests, oldest first (visible wherever the project is). */
  @FieldResolver(() => [ProjectChange], { name: 'changeRequests' })
  async changeRequests(@Root() project: Project, @Ctx() ctx: Context): Promise<ProjectChange[]> {
    return ctx.loaders.many(ProjectChange, 'projectId').load(project.id);
  }

  /** Open change requests count, for the console's badge. */
  @FieldResolver(() => Int, { name: 'pendingChangeCount' })
  async pendingChangeCount(@Root() project: Project, @Ctx() ctx: Context): Promise<number> {
    const all = await ctx.loaders.many(ProjectChange, 'projectId').load(project.id);
    return all.filter((c) => c.status === ProjectChangeStatus.pending).length;
  }
}
