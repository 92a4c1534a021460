import { IsBoolean, IsIn, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { nothing, scopeBy, type ScopeFn } from '../auth/scope.js';
import { inRegion, regionLike } from '../db/region-scope.js';
import { InstitutionKind, ProfessionalTitle, ProjectLevel, QualificationStatus, RegionLevel, Stage } from '../entities/enums.js';
import { Cycle, Expert, Institution, Qualification, Region, Teacher } from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput, forbidden } from '../graphql/errors.js';
import type { ResourceConfig } from '../graphql/resource.js';
import { checkDateOrder, IsDay, mustExist, toId } from './validators.js';

/** Reference data every logged-in user may read: regions, institutions, qualifications, experts, cycles. */
const everyone = scopeBy({ public: true });

// ---------------------------------------------------------------------------------------------
// Region: platform only. GB/T 2260 codes nest by prefix, so the code must fit its level and parent.

@InputType()
export class RegionInput {
  @Field(() => ID) @Matches(/^\d{6}$/, { message: 'id must be a 6-digit GB/T 2260 code' }) id!: string;
  @Field(() => String) @Length(1, 64) name!: string;
  @Field(() => RegionLevel) level!: RegionLevel;
  @Field(() => ID, { nullable: true }) @IsOptional() parentId?: string | null;
}

@InputType()
export class RegionUpdateInput {
  @Field(() => String, { nullable: true }) @Length(1, 64) name?: string;
}

const LEVEL_RANK: Record<RegionLevel, number> = { province: 0, city: 1, district: 2 };

async function prepareRegion(em: EntityManager, data: Partial<Region>, _ctx: Context, existing?: Region): Promise<Partial<Region>> {
  if (existing) return data;
  const values = { ...data, id: String(data.id), parentId: data.parentId ? String(data.parentId) : null };
  const id = values.id;
  if (await em.getRepository(Region).findOneBy({ id }))
    throw badInput(`行政区划代码 ${id} 已存在`, `Region ${id} already exists`, 'id');
  const shape = id.endsWith('0000') ? RegionLevel.province : id.endsWith('00') ? RegionLevel.city : RegionLevel.district;
  if (values.level !== shape)
    throw badInput(`代码 ${id} 不是${{ province: '省级', city: '市级', district: '县级' }[values.level!]}代码`, `Code ${id} is not a ${values.level} code (GB/T 2260)`, 'level');
  if (values.parentId) {
    const parent = await mustExist(em, Region, values.parentId, 'parentId', '上级行政区划');
    if (LEVEL_RANK[parent.level] >= LEVEL_RANK[values.level!] || !inRegion(id, parent.id))
      throw badInput(`${id} 不属于上级行政区划 ${parent.id}`, `${id} does not lie within parent region ${parent.id}`, 'parentId');
  } else if (values.level !== RegionLevel.province) throw badInput('市级、县级行政区划须有上级', 'A city or district needs a parent region', 'parentId');
  return values;
}

export const regionResource: ResourceConfig<Region> = {
  entity: Region, name: 'Region', plural: 'Regions', labelZh: '行政区划',
  search: ['name', 'id'],
  filters: { parentId: { type: () => ID }, level: { type: () => RegionLevel }, within: { type: () => ID, kind: 'region', column: 'id' } },
  scope: everyone,
  relations: { parent: { type: () => Region, key: 'parentId' } },
  children: { subregions: { type: () => Region, foreignKey: 'parentId', orderBy: 'id' } },
  writeRoles: [],
  createInput: RegionInput,
  updateInput: RegionUpdateInput,
  beforeWrite: prepareRegion,
  labels: { id: '行政区划代码', parentId: '上级行政区划' },
  defaultSort: { field: 'id', order: 'ASC' },
};

// ---------------------------------------------------------------------------------------------
// Institution: a bureau within its region subtree.

@InputType()
export class InstitutionInput {
  @Field(() => String) @Length(1, 128) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 32) code?: string | null;
  @Field(() => InstitutionKind) kind!: InstitutionKind;
  @Field(() => RegionLevel, { nullable: true }) bureauLevel?: RegionLevel | null;
  @Field(() => ID) regionId!: string;
  @Field(() => ID, { nullable: true }) parentId?: number | null;
  @Field(() => Stage, { nullable: true }) stage?: Stage | null;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() rural?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() isPrivate?: boolean;
  @Field(() => Int, { nullable: true }) @IsInt() @Min(0) @Max(100000) trainerCount?: number;
}

@InputType()
export class InstitutionUpdateInput {
  @Field(() => String, { nullable: true }) @Length(1, 128) name?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 32) code?: string | null;
  @Field(() => InstitutionKind, { nullable: true }) kind?: InstitutionKind;
  @Field(() => RegionLevel, { nullable: true }) bureauLevel?: RegionLevel | null;
  @Field(() => ID, { nullable: true }) regionId?: string;
  @Field(() => ID, { nullable: true }) parentId?: number | null;
  @Field(() => Stage, { nullable: true }) stage?: Stage | null;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() rural?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() isPrivate?: boolean;
  @Field(() => Int, { nullable: true }) @IsInt() @Min(0) @Max(100000) trainerCount?: number;
}

async function prepareInstitution(em: EntityManager, data: Partial<Institution>, _ctx: Context, existing?: Institution): Promise<Partial<Institution>> {
  const values = { ...data };
  if (values.regionId !== undefined) values.regionId = String(values.regionId);
  if (values.parentId !== undefined && values.parentId !== null) values.parentId = toId(values.parentId);
  const merged = { ...existing, ...values } as Institution;
  const region = await mustExist(em, Region, merged.regionId, 'regionId', '行政区划');
  if (values.parentId) {
    if (existing && values.parentId === existing.id) throw badInput('上级机构不能是本机构', 'An institution cannot be its own parent', 'parentId');
    await mustExist(em, Institution, values.parentId, 'parentId', '上级机构');
  }
  if (merged.kind === InstitutionKind.school && !merged.stage) throw badInput('学校须填写学段', 'A school needs a stage', 'stage');
  if (merged.kind === InstitutionKind.bureau) {
    if (!merged.bureauLevel) values.bureauLevel = region.level;
  } else if (merged.bureauLevel) values.bureauLevel = null;
  if (existing && values.regionId !== undefined && values.regionId !== existing.regionId) {
    const teachers = await em.getRepository(Teacher).countBy({ schoolId: existing.id });
    if (teachers > 0)
      throw new AppError('CONFLICT', `该学校已有 ${teachers} 名教师，不能更改所属行政区划`, `The school has ${teachers} teachers; its region cannot change`, {
        field: 'regionId', actual: teachers,
      });
  }
  return values;
}

export const institutionResource: ResourceConfig<Institution> = {
  entity: Institution, name: 'Institution', plural: 'Institutions', labelZh: '机构',
  search: ['name', 'code'],
  filters: {
    regionId: { type: () => ID, kind: 'region' }, kind: { type: () => InstitutionKind }, parentId: { type: () => ID },
    stage: { type: () => Stage }, bureauLevel: { type: () => RegionLevel }, rural: { type: () => Boolean }, isPrivate: { type: () => Boolean },
  },
  scope: everyone,
  writeScope: scopeBy({ region: 'regionId' }),
  relations: { region: { type: () => Region, key: 'regionId' }, parent: { type: () => Institution, key: 'parentId' } },
  children: {
    qualifications: { type: () => Qualification, foreignKey: 'institutionId' },
    experts: { type: () => Expert, foreignKey: 'employerId', orderBy: 'name' },
  },
  writeRoles: ['bureau'],
  createInput: InstitutionInput,
  updateInput: InstitutionUpdateInput,
  beforeWrite: prepareInstitution,
  labels: { parentId: '上级机构' },
  defaultSort: { field: 'name', order: 'ASC' },
};

// ---------------------------------------------------------------------------------------------
// Qualification: read by everyone; written by the bureau governing the institution's region.

@InputType()
export class QualificationInput {
  @Field(() => ID) institutionId!: number;
  @Field(() => ProjectLevel) level!: ProjectLevel;
  @Field(() => String, { description: "'*' qualifies every subject" }) @Length(1, 32) subject!: string;
  @Field(() => String) @IsDay() validFrom!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDay() validTo?: string | null;
  @Field(() => QualificationStatus, { nullable: true }) status?: QualificationStatus;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 255) statusReason?: string | null;
}

@InputType()
export class QualificationUpdateInput {
  @Field(() => ProjectLevel, { nullable: true }) level?: ProjectLevel;
  @Field(() => String, { nullable: true }) @Length(1, 32) subject?: string;
  @Field(() => String, { nullable: true }) @IsDay() validFrom?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDay() validTo?: string | null;
  @Field(() => QualificationStatus, { nullable: true }) status?: QualificationStatus;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 255) statusReason?: string | null;
}

/** Qualifications of institutions in the bureau's region subtree. */
const qualificationWriteScope: ScopeFn = (qb: SelectQueryBuilder<ObjectLiteral>, actor: Actor, r = 'r') => {
  if (actor.role === 'platform') return;
  if (actor.role === 'bureau' && actor.regionId)
    return void qb.andWhere(`${r}.institutionId IN (SELECT wqi.id FROM institution wqi WHERE wqi.regionId LIKE :scopeRegion)`, {
      scopeRegion: regionLike(actor.regionId),
    });
  nothing(qb);
};

async function prepareQualification(em: EntityManager, data: Partial<Qualification>, _ctx: Context, existing?: Qualification): Promise<Partial<Qualification>> {
  const values = { ...data };
  if (!existing) {
    values.institutionId = toId(values.institutionId);
    const inst = await mustExist(em, Institution, values.institutionId, 'institutionId', '机构');
    if (inst.kind === InstitutionKind.bureau) throw badInput('教育行政部门不能持有培训资质', 'An education bureau cannot hold a training qualification', 'institutionId');
    values.status ??= QualificationStatus.active;
  }
  const merged = { ...existing, ...values } as Qualification;
  checkDateOrder(merged.validFrom, merged.validTo, ['validFrom', 'validTo'], ['生效日期', '失效日期']);
  if (merged.status !== QualificationStatus.active && !merged.statusReason)
    throw badInput('暂停或撤销资质须说明理由', 'Suspending or revoking a qualification needs a reason (statusReason)', 'statusReason');
  if (values.status === QualificationStatus.active && existing && existing.status !== QualificationStatus.active && values.statusReason === undefined)
    values.statusReason = null;
  return values;
}

export const qualificationResource: ResourceConfig<Qualification> = {
  entity: Qualification, name: 'Qualification', plural: 'Qualifications', labelZh: '培训资质',
  filters: {
    institutionId: { type: () => ID }, level: { type: () => ProjectLevel }, status: { type: () => QualificationStatus }, subject: { type: () => String },
    regionId: { type: () => ID, kind: 'region', where: 'r.institutionId IN (SELECT fqi.id FROM institution fqi WHERE fqi.regionId LIKE :v)' },
    /** Valid on this day: validFrom ≤ day ≤ validTo (or open-ended). */
    validOn: { type: () => String, where: 'r.validFrom <= :v AND (r.validTo IS NULL OR r.validTo >= :v)' },
    validFrom: { type: () => String, kind: 'range' },
  },
  scope: everyone,
  writeScope: qualificationWriteScope,
  relations: { institution: { type: () => Institution, key: 'institutionId' } },
  writeRoles: ['bureau'],
  createInput: QualificationInput,
  updateInput: QualificationUpdateInput,
  beforeWrite: prepareQualification,
  labels: { subject: '资质学科' },
};

// ---------------------------------------------------------------------------------------------
// Expert database (C-16): bureaus within their region; institutions for the experts they employ.

const DEGREES = ['college', 'bachelor', 'master', 'doctor'];

@InputType()
export class ExpertInput {
  @Field(() => String) @Length(1, 64) name!: string;
  @Field(() => ProfessionalTitle, { nullable: true }) title?: ProfessionalTitle;
  @Field(() => ID, { nullable: true, description: 'Defaults to the institution admin\'s own institution' }) employerId?: number | null;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() formalStaff?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() frontLine?: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 32) subject?: string | null;
  @Field(() => ID, { nullable: true, description: "Defaults to the employer's region" }) regionId?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDay() birthDate?: string | null;
  @Field(() => String, { nullable: true, description: DEGREES.join(', ') }) @IsOptional() @IsIn(DEGREES) degree?: string | null;
}

@InputType()
export class ExpertUpdateInput {
  @Field(() => String, { nullable: true }) @Length(1, 64) name?: string;
  @Field(() => ProfessionalTitle, { nullable: true }) title?: ProfessionalTitle;
  @Field(() => ID, { nullable: true }) employerId?: number | null;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() formalStaff?: boolean;
  @Field(() => Boolean, { nullable: true }) @IsBoolean() frontLine?: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 32) subject?: string | null;
  @Field(() => ID, { nullable: true }) regionId?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsDay() birthDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(DEGREES) degree?: string | null;
}

async function prepareExpert(em: EntityManager, data: Partial<Expert>, ctx: Context, existing?: Expert): Promise<Partial<Expert>> {
  const actor = ctx.actor!;
  const values = { ...data };
  if (!existing && actor.role === 'institution' && values.employerId === undefined) values.employerId = actor.institutionId ?? null;
  if (values.employerId !== undefined && values.employerId !== null) {
    values.employerId = toId(values.employerId);
    const employer = await mustExist(em, Institution, values.employerId, 'employerId', '工作单位');
    if (values.regionId === undefined && !existing) values.regionId = employer.regionId;
  }
  if (actor.role === 'institution' && values.employerId !== undefined && values.employerId !== Number(actor.institutionId))
    throw forbidden('机构管理员只能登记本机构的专家', 'An institution admin may only record experts it employs');
  if (values.regionId !== undefined) {
    values.regionId = String(values.regionId);
    await mustExist(em, Region, values.regionId, 'regionId', '行政区划');
  } else if (!existing) throw badInput('请填写专家所在行政区划', 'regionId is required when there is no employer', 'regionId');
  return values;
}

export const expertResource: ResourceConfig<Expert> = {
  entity: Expert, name: 'Expert', plural: 'Experts', labelZh: '专家',
  search: ['name'],
  filters: {
    regionId: { type: () => ID, kind: 'region' }, employerId: { type: () => ID }, subject: { type: () => String },
    title: { type: () => ProfessionalTitle }, formalStaff: { type: () => Boolean }, frontLine: { type: () => Boolean }, degree: { type: () => String },
    /** Experts named in a project (C-16). */
    projectId: { type: () => ID, where: 'r.id IN (SELECT fpe.expertId FROM project_expert fpe WHERE fpe.projectId = :v)' },
  },
  scope: everyone,
  writeScope: scopeBy({ region: 'regionId', institution: 'employerId' }),
  relations: { employer: { type: () => Institution, key: 'employerId' }, region: { type: () => Region, key: 'regionId' } },
  writeRoles: ['bureau', 'institution'],
  createInput: ExpertInput,
  updateInput: ExpertUpdateInput,
  beforeWrite: prepareExpert,
  labels: { title: '职称', subject: '专业学科' },
  defaultSort: { field: 'name', order: 'ASC' },
};

// ---------------------------------------------------------------------------------------------
// Cycle (C-2): five-year continuing-education cycles, platform only.

@InputType()
export class CycleInput {
  @Field(() => String) @Length(1, 64) name!: string;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) startYear!: number;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) endYear!: number;
}

@InputType()
export class CycleUpdateInput {
  @Field(() => String, { nullable: true }) @Length(1, 64) name?: string;
  @Field(() => Int, { nullable: true }) @IsInt() @Min(2000) @Max(2100) startYear?: number;
  @Field(() => Int, { nullable: true }) @IsInt() @Min(2000) @Max(2100) endYear?: number;
}

export const CYCLE_YEARS = 5;

async function prepareCycle(em: EntityManager, data: Partial<Cycle>, _ctx: Context, existing?: Cycle): Promise<Partial<Cycle>> {
  const merged = { ...existing, ...data } as Cycle;
  const span = merged.endYear - merged.startYear + 1;
  if (span !== CYCLE_YEARS)
    throw new AppError(
      'BAD_USER_INPUT',
      `C-2 继续教育周期为五年（${merged.startYear}—${merged.endYear} 为 ${span} 年）`,
      `C-2 a continuing-education cycle spans 5 years (${merged.startYear}–${merged.endYear} is ${span})`,
      { rule: 'C-2', field: 'endYear', limit: CYCLE_YEARS, actual: span },
    );
  const overlapping = await em
    .getRepository(Cycle)
    .createQueryBuilder('c')
    .where('c.startYear <= :end AND c.endYear >= :start', { start: merged.startYear, end: merged.endYear })
    .andWhere('c.id <> :id', { id: existing?.id ?? -1 })
    .getOne();
  if (overlapping)
    throw badInput(`与已有周期「${overlapping.name}」重叠`, `Overlaps the existing cycle ${overlapping.startYear}–${overlapping.endYear}`, 'startYear');
  return data;
}

export const cycleResource: ResourceConfig<Cycle> = {
  entity: Cycle, name: 'Cycle', plural: 'Cycles', labelZh: '继续教育周期',
  search: ['name'],
  filters: {
    /** The cycle containing this year. */
    year: { type: () => Int, where: 'r.startYear <= :v AND r.endYear >= :v' },
    startYear: { type: () => Int, kind: 'range' },
  },
  scope: everyone,
  writeRoles: [],
  createInput: CycleInput,
  updateInput: CycleUpdateInput,
  beforeWrite: prepareCycle,
  defaultSort: { field: 'startYear', order: 'DESC' },
};
