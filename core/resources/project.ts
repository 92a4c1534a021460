import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { scopeVia, type ScopeFn } from '../auth/scope.js';
import { regionLike } from '../db/region-scope.js';
import { CourseKind, ProjectLevel, ProjectStatus, Stage, TrainingMode } from '../entities/enums.js';
import {
  BudgetItem, ClassSession, CurriculumItem, Expert, FeeItem, Institution, Project, ProjectExpert, ProjectTransition, Region, TrainingClass,
} from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput, forbidden } from '../graphql/errors.js';
import { findScoped, type ResourceConfig } from '../graphql/resource.js';
import { checkDateOrder, IsDay, mustExist, toId } from './validators.js';

/** SQL for the region prefix a project serves (GB/T 2260: 330000 → 33, 330100 → 3301), as regionPrefix() in core/db/region-scope.ts. */
const servedPrefix = (r: string) =>
  `(CASE WHEN ${r}.regionId LIKE '%0000' THEN SUBSTR(${r}.regionId, 1, 2) WHEN ${r}.regionId LIKE '%00' THEN SUBSTR(${r}.regionId, 1, 4) ELSE ${r}.regionId END)`;

/**
 * Who sees a project: the declaring institution always; a bureau once it is submitted in
 * its region; schools and teachers once published, when it serves their region (the catalogue);
 * an expert when named in it.
 */
export const projectScope: ScopeFn = (qb: SelectQueryBuilder<ObjectLiteral>, actor: Actor, r = 'r') => {
  switch (actor.role) {
    case 'platform':
      return;
    case 'bureau':
      qb.andWhere(`${r}.regionId LIKE :scopeRegion AND ${r}.status <> 'draft'`, { scopeRegion: regionLike(actor.regionId ?? '-') });
      return;
    case 'institution':
      qb.andWhere(`${r}.institutionId = :scopeInst`, { scopeInst: actor.institutionId ?? -1 });
      return;
    case 'school':
    case 'teacher':
    {
      // The catalogue: published projects serving a region that contains the actor's own
      // (the login puts it in the token; older tokens look it up).
      const home = actor.regionId
        ? ':scopeHome'
        : actor.role === 'teacher'
          ? '(SELECT ht.regionId FROM teacher ht WHERE ht.id = :scopeHomeId)'
          : '(SELECT hi.regionId FROM institution hi WHERE hi.id = :scopeHomeId)';
      // Only what the SQL uses is read: findScopedMany keys its cached scope SQL by what was read.
      qb.andWhere(
        `${r}.status IN ('published', 'closed') AND SUBSTR(${home}, 1, LENGTH(${servedPrefix(r)})) = ${servedPrefix(r)}`,
        actor.regionId ? { scopeHome: actor.regionId } : { scopeHomeId: (actor.role === 'teacher' ? actor.teacherId : actor.institutionId) ?? -1 },
      );
      return;
    }
    case 'expert':
      qb.andWhere(`${r}.id IN (SELECT pe.projectId FROM project_expert pe WHERE pe.expertId = :scopeExpert)`, { scopeExpert: actor.expertId ?? -1 });
      return;
  }
};

const STATUS_ZH: Record<ProjectStatus, string> = {
  draft: '草稿', submitted: '已提交', approved: '已批准', rejected: '已退回', published: '已发布', closed: '已结束',
};

/** The declaration (project, curriculum, budget, fees, experts, classes) is edited only before submission. */
export const EDITABLE_PROJECT_STATUSES: readonly ProjectStatus[] = [ProjectStatus.draft, ProjectStatus.rejected];

/** Refuses changes to a submitted project's declaration: after submission they go through a change request (C-15). */
export function assertProjectEditable(project: Project): void {
  if (EDITABLE_PROJECT_STATUSES.includes(project.status)) return;
  throw new AppError(
    'CONFLICT',
    `项目「${project.name}」当前状态为「${STATUS_ZH[project.status] ?? project.status}」：申报提交后不能直接修改，请通过项目变更申请办理（C-15）`,
    `Project ${project.id} is ${project.status}: after submission it cannot be edited directly; changes go through a change request (C-15)`,
    { rule: 'C-15', status: project.status, allowed: [...EDITABLE_PROJECT_STATUSES] },
  );
}

/** Loads (and on MySQL/MariaDB locks) the project for a write to its declaration and checks it is still editable. */
export async function editableProject(em: EntityManager, ctx: Context, projectId: unknown): Promise<Project> {
  const project = await findScoped(em, projectResource, ctx.actor!, toId(projectId), true);
  assertProjectEditable(project);
  return project;
}

// ---------------------------------------------------------------------------------------------
// Project: an institution declares drafts for itself.

@InputType()
export class ProjectInput {
  @Field(() => String) @Length(1, 200) name!: string;
  @Field(() => ID, { nullable: true, description: "Platform only; an institution admin always declares for its own institution" })
  institutionId?: number;
  @Field(() => ID, { description: 'The region the project serves' }) regionId!: string;
  @Field(() => ProjectLevel) level!: ProjectLevel;
  @Field(() => String) @Length(1, 32) category!: string;
  @Field(() => String) @Length(1, 32) subject!: string;
  @Field(() => Stage) stage!: Stage;
  @Field(() => Float) @Min(0.5) @Max(10000) hours!: number;
  @Field(() => Float) @Min(0) @Max(10000) credits!: number;
  @Field(() => TrainingMode, { nullable: true }) mode?: TrainingMode;
  @Field(() => Float, { nullable: true }) @Min(0) @Max(10000) onlineCredits?: number;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() finalAssessment?: boolean;
  @Field(() => ID, { nullable: true }) leadExpertId?: number | null;
  @Field(() => Float, { nullable: true }) @Min(0) @Max(10_000_000) totalFee?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDay() startDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDay() endDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
}

@InputType()
export class ProjectUpdateInput {
  @Field(() => String, { nullable: true }) @Length(1, 200) name?: string;
  @Field(() => ID, { nullable: true }) regionId?: string;
  @Field(() => ProjectLevel, { nullable: true }) level?: ProjectLevel;
  @Field(() => String, { nullable: true }) @Length(1, 32) category?: string;
  @Field(() => String, { nullable: true }) @Length(1, 32) subject?: string;
  @Field(() => Stage, { nullable: true }) stage?: Stage;
  @Field(() => Float, { nullable: true }) @Min(0.5) @Max(10000) hours?: number;
  @Field(() => Float, { nullable: true }) @Min(0) @Max(10000) credits?: number;
  @Field(() => TrainingMode, { nullable: true }) mode?: TrainingMode;
  @Field(() => Float, { nullable: true }) @Min(0) @Max(10000) onlineCredits?: number;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() finalAssessment?: boolean;
  @Field(() => ID, { nullable: true }) leadExpertId?: number | null;
  @Field(() => Float, { nullable: true }) @Min(0) @Max(10_000_000) totalFee?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDay() startDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDay() endDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) description?: string | null;
}

async function prepareProject(em: EntityManager, data: Partial<Project>, ctx: Context, existing?: Project): Promise<Partial<Project>> {
  const actor = ctx.actor!;
  const values = { ...data };
  if (existing) assertProjectEditable(existing);
  else {
    if (actor.role === 'institution') {
      if (values.institutionId !== undefined && toId(values.institutionId) !== Number(actor.institutionId))
        throw forbidden('只能为本机构申报项目', 'You may only declare projects for your own institution');
      values.institutionId = Number(actor.institutionId);
    } else if (values.institutionId === undefined) throw badInput('请指定申报机构', 'institutionId is required', 'institutionId');
    values.institutionId = toId(values.institutionId);
    await mustExist(em, Institution, values.institutionId, 'institutionId', '申报机构');
    values.status = ProjectStatus.draft;
    values.revision = 1;
  }
  if (values.regionId !== undefined) {
    values.regionId = String(values.regionId);
    await mustExist(em, Region, values.regionId, 'regionId', '行政区划');
  }
  if (values.leadExpertId !== undefined && values.leadExpertId !== null) {
    values.leadExpertId = toId(values.leadExpertId);
    await mustExist(em, Expert, values.leadExpertId, 'leadExpertId', '项目负责人');
  }
  const merged = { ...existing, ...values } as Project;
  checkDateOrder(merged.startDate, merged.endDate, ['startDate', 'endDate'], ['开始日期', '结束日期']);
  if ((merged.onlineCredits ?? 0) > merged.credits)
    throw new AppError('BAD_USER_INPUT', `线上学分不能超过总学分（${merged.onlineCredits} > ${merged.credits}）`, `onlineCredits ${merged.onlineCredits} > credits ${merged.credits}`, {
      field: 'onlineCredits', limit: merged.credits, actual: merged.onlineCredits,
    });
  return values;
}

/** Classes keep a copy of the project's region. */
async function afterProjectWrite(em: EntityManager, saved: Project, _ctx: Context, before?: Project) {
  if (before && before.regionId !== saved.regionId)
    await em.getRepository(TrainingClass).update({ projectId: saved.id }, { regionId: saved.regionId });
}

/** Only a draft that never left the institution may go; its declaration goes with it. */
async function deleteProjectDeclaration(em: EntityManager, project: Project) {
  if (project.status !== ProjectStatus.draft)
    throw new AppError(
      'CONFLICT',
      `只能删除草稿状态的项目（当前状态「${STATUS_ZH[project.status] ?? project.status}」）`,
      `Only a draft project can be deleted (status ${project.status})`,
      { status: project.status, allowed: [ProjectStatus.draft] },
    );
  const classIds = (await em.getRepository(TrainingClass).find({ where: { projectId: project.id }, select: { id: true } })).map((c) => c.id);
  if (classIds.length) await em.createQueryBuilder().delete().from(ClassSession).where('classId IN (:...classIds)', { classIds }).execute();
  for (const entity of [TrainingClass, CurriculumItem, BudgetItem, FeeItem, ProjectExpert, ProjectTransition] as (new () => { projectId: number })[])
    await em.getRepository(entity).delete({ projectId: project.id });
}

export const projectResource: ResourceConfig<Project> = {
  entity: Project, name: 'Project', plural: 'Projects', labelZh: '培训项目',
  search: ['name', 'category', 'subject'],
  filters: {
    regionId: { type: () => ID, kind: 'region' },
    institutionId: { type: () => ID },
    status: { type: () => ProjectStatus },
    level: { type: () => ProjectLevel },
    subject: { type: () => String },
    stage: { type: () => Stage },
    category: { type: () => String },
    mode: { type: () => TrainingMode },
    leadExpertId: { type: () => ID },
    finalAssessment: { type: () => Boolean },
    startDate: { type: () => String, kind: 'range' },
    endDate: { type: () => String, kind: 'range' },
    hours: { type: () => Float, kind: 'range' },
    /** Projects naming this expert (C-16). */
    expertId: { type: () => ID, where: 'r.id IN (SELECT fpe.projectId FROM project_expert fpe WHERE fpe.expertId = :v)' },
  },
  scope: projectScope,
  relations: {
    institution: { type: () => Institution, key: 'institutionId' },
    region: { type: () => Region, key: 'regionId' },
    lead: { type: () => Expert, key: 'leadExpertId' },
  },
  children: {
    curriculum: { type: () => CurriculumItem, foreignKey: 'projectId', orderBy: 'seq' },
    budgetItems: { type: () => BudgetItem, foreignKey: 'projectId' },
    feeItems: { type: () => FeeItem, foreignKey: 'projectId' },
    experts: { type: () => ProjectExpert, foreignKey: 'projectId' },
    classes: { type: () => TrainingClass, foreignKey: 'projectId', orderBy: 'startDate' },
    transitions: { type: () => ProjectTransition, foreignKey: 'projectId' },
  },
  writeRoles: ['institution'],
  createInput: ProjectInput,
  updateInput: ProjectUpdateInput,
  beforeWrite: prepareProject,
  afterWrite: afterProjectWrite,
  deletable: true,
  beforeDelete: (em, project) => deleteProjectDeclaration(em, project),
  labels: { regionId: '服务区域', institutionId: '申报机构', category: '项目类别', subject: '学科' },
  defaultSort: { field: 'id', order: 'DESC' },
};

const viaProject = scopeVia('projectId', () => projectResource);

/** A part of the declaration: written by the declaring institution while the project is draft or rejected. */
function declarationPart<T extends { projectId: number }>(
  prepare?: (em: EntityManager, values: Partial<T>, ctx: Context, project: Project, existing?: T) => Promise<void> | void,
): Pick<ResourceConfig<T>, 'writeRoles' | 'beforeWrite' | 'beforeDelete' | 'deletable'> {
  return {
    writeRoles: ['institution'],
    deletable: true,
    beforeWrite: async (em, data, ctx, existing) => {
      const values = { ...data };
      const project = await editableProject(em, ctx, existing ? existing.projectId : values.projectId);
      if (!existing) values.projectId = project.id;
      await prepare?.(em, values, ctx, project, existing);
      return values;
    },
    beforeDelete: async (em, existing, ctx) => void (await editableProject(em, ctx, existing.projectId)),
  };
}

@InputType()
export class CurriculumItemInput {
  @Field(() => ID) projectId!: number;
  @Field(() => String) @Length(1, 200) title!: string;
  @Field(() => Float) @Min(0.5) @Max(1000) hours!: number;
  @Field(() => CourseKind) kind!: CourseKind;
  @Field(() => [String], { nullable: true, description: 'Topic tags, e.g. 师德教育' }) @ArrayMaxSize(20) @Length(1, 32, { each: true }) tags?: string[];
  @Field(() => ID, { nullable: true }) trainerExpertId?: number | null;
  @Field(() => Int, { nullable: true, description: 'Position in the curriculum; appended when omitted' }) @IsInt() @Min(0) seq?: number;
}

@InputType()
export class CurriculumItemUpdateInput {
  @Field(() => String, { nullable: true }) @Length(1, 200) title?: string;
  @Field(() => Float, { nullable: true }) @Min(0.5) @Max(1000) hours?: number;
  @Field(() => CourseKind, { nullable: true }) kind?: CourseKind;
  @Field(() => [String], { nullable: true }) @ArrayMaxSize(20) @Length(1, 32, { each: true }) tags?: string[];
  @Field(() => ID, { nullable: true }) trainerExpertId?: number | null;
  @Field(() => Int, { nullable: true }) @IsInt() @Min(0) seq?: number;
}

export const curriculumItemResource: ResourceConfig<CurriculumItem> = {
  entity: CurriculumItem, name: 'CurriculumItem', plural: 'CurriculumItems', labelZh: '课程',
  search: ['title'],
  filters: { projectId: { type: () => ID }, kind: { type: () => CourseKind }, trainerExpertId: { type: () => ID } },
  scope: viaProject, defaultSort: { field: 'seq', order: 'ASC' },
  relations: { project: { type: () => Project, key: 'projectId' }, trainer: { type: () => Expert, key: 'trainerExpertId' } },
  createInput: CurriculumItemInput,
  updateInput: CurriculumItemUpdateInput,
  ...declarationPart<CurriculumItem>(async (em, values, _ctx, project, existing) => {
    if (values.trainerExpertId !== undefined && values.trainerExpertId !== null) {
      values.trainerExpertId = toId(values.trainerExpertId);
      await mustExist(em, Expert, values.trainerExpertId, 'trainerExpertId', '授课专家');
    }
    if (!existing) {
      values.tags ??= [];
      if (values.seq === undefined) {
        const last = await em.getRepository(CurriculumItem).findOne({ where: { projectId: project.id }, order: { seq: 'DESC' } });
        values.seq = last ? last.seq + 1 : 0;
      }
    }
  }),
  beforeDelete: async (em, item, ctx) => {
    await editableProject(em, ctx, item.projectId);
    await em.getRepository(ClassSession).update({ curriculumItemId: item.id }, { curriculumItemId: null });
  },
  labels: { title: '课程名称', hours: '课程学时', kind: '课程类型' },
};

@InputType()
export class MoneyItemInput {
  @Field(() => ID) projectId!: number;
  @Field(() => String) @Length(1, 32) kind!: string;
  @Field(() => Float) @Min(0) @Max(100_000_000) amount!: number;
}

@InputType()
export class MoneyItemUpdateInput {
  @Field(() => String, { nullable: true }) @Length(1, 32) kind?: string;
  @Field(() => Float, { nullable: true }) @Min(0) @Max(100_000_000) amount?: number;
}

export const budgetItemResource: ResourceConfig<BudgetItem> = {
  entity: BudgetItem, name: 'BudgetItem', plural: 'BudgetItems', labelZh: '预算项',
  filters: { projectId: { type: () => ID }, kind: { type: () => String } }, scope: viaProject,
  relations: { project: { type: () => Project, key: 'projectId' } },
  createInput: MoneyItemInput,
  updateInput: MoneyItemUpdateInput,
  ...declarationPart<BudgetItem>(),
  labels: { kind: '预算科目', amount: '预算金额' },
};
export const feeItemResource: ResourceConfig<FeeItem> = {
  entity: FeeItem, name: 'FeeItem', plural: 'FeeItems', labelZh: '收费项',
  filters: { projectId: { type: () => ID }, kind: { type: () => String } }, scope: viaProject,
  relations: { project: { type: () => Project, key: 'projectId' } },
  createInput: MoneyItemInput,
  updateInput: MoneyItemUpdateInput,
  ...declarationPart<FeeItem>(),
  labels: { kind: '收费项目', amount: '收费金额' },
};

export const PROJECT_EXPERT_ROLES = ['expert', 'trainer', 'mentor'];

@InputType()
export class ProjectExpertInput {
  @Field(() => ID) projectId!: number;
  @Field(() => ID) expertId!: number;
  @Field(() => String, { description: PROJECT_EXPERT_ROLES.join(', ') }) @IsIn(PROJECT_EXPERT_ROLES) role!: string;
}

@InputType()
export class ProjectExpertUpdateInput {
  @Field(() => String, { nullable: true }) @IsIn(PROJECT_EXPERT_ROLES) role?: string;
}

export const projectExpertResource: ResourceConfig<ProjectExpert> = {
  entity: ProjectExpert, name: 'ProjectExpert', plural: 'ProjectExperts', labelZh: '项目专家',
  filters: { projectId: { type: () => ID }, expertId: { type: () => ID }, role: { type: () => String } }, scope: viaProject,
  relations: { expert: { type: () => Expert, key: 'expertId' }, project: { type: () => Project, key: 'projectId' } },
  createInput: ProjectExpertInput,
  updateInput: ProjectExpertUpdateInput,
  ...declarationPart<ProjectExpert>(async (em, values, _ctx, project, existing) => {
    if (!existing) {
      values.expertId = toId(values.expertId);
      await mustExist(em, Expert, values.expertId, 'expertId', '专家');
    }
    const expertId = existing?.expertId ?? values.expertId!;
    const role = values.role ?? existing!.role;
    const same = await em.getRepository(ProjectExpert).findOneBy({ projectId: project.id, expertId, role });
    if (same && same.id !== existing?.id)
      throw badInput(`该专家已以「${role}」身份列入本项目`, `The expert is already named in this project as ${role}`, 'expertId');
  }),
  labels: { role: '专家角色' },
};

export const projectTransitionResource: ResourceConfig<ProjectTransition> = {
  entity: ProjectTransition, name: 'ProjectTransition', plural: 'ProjectTransitions', labelZh: '项目状态记录',
  filters: { projectId: { type: () => ID }, toStatus: { type: () => ProjectStatus } }, scope: viaProject,
  relations: { project: { type: () => Project, key: 'projectId' } },
};
