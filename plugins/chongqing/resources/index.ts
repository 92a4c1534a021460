import { IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { scopeBy } from '../../../core/auth/scope.js';
import { inRegion } from '../../../core/db/region-scope.js';
import { InstitutionKind } from '../../../core/entities/enums.js';
import { Institution, Teacher } from '../../../core/entities/index.js';
import type { Context } from '../../../core/graphql/context.js';
import { badInput, forbidden } from '../../../core/graphql/errors.js';
import { findScoped, requireActor, type ResourceConfig } from '../../../core/graphql/resource.js';
import { backboneScope, conflict, isDistrictFor, isMunicipal, optionsOf } from '../backbone/access.js';
import { CqBackboneAssessment, CqBackboneDesignation, CqBackboneQuota, CqBackboneTraining, CqTravelClaim } from '../entities/index.js';
import { CQ_REGION } from '../options.js';
import { round2 } from '../rules/format.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LEVEL = /^(national|municipal)$/;

// ---------------------------------------------------------------------------------------------
// BB-2 quotas: the municipal bureau sets each district's, a district bureau its schools'.

@InputType('CqBackboneQuotaInput')
export class CqBackboneQuotaInput {
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) year!: number;
  @Field(() => String) @Matches(LEVEL) level!: string;
  /** The district, for a district quota (omit for a school quota: the school decides it). */
  @Field(() => ID, { nullable: true }) regionId?: string;
  @Field(() => ID, { nullable: true }) schoolId?: number;
  @Field(() => Int) @IsInt() @Min(0) quota!: number;
}

@InputType('CqBackboneQuotaUpdateInput')
export class CqBackboneQuotaUpdateInput {
  @Field(() => Int) @IsInt() @Min(0) quota!: number;
}

async function prepareQuota(em: EntityManager, data: Partial<CqBackboneQuota>, ctx: Context, existing?: CqBackboneQuota): Promise<Partial<CqBackboneQuota>> {
  const actor = requireActor(ctx);
  const values = { ...data };
  const target = existing ?? values;
  if (!existing) {
    if (values.schoolId !== undefined && values.schoolId !== null) {
      const school = await em.getRepository(Institution).findOneBy({ id: Number(values.schoolId) });
      if (!school || school.kind !== InstitutionKind.school || !inRegion(school.regionId, CQ_REGION))
        throw badInput('所选学校不存在或不在重庆市', 'The school does not exist or is not in Chongqing', 'schoolId');
      values.schoolId = school.id;
      values.regionId = school.regionId;
    } else {
      const region = String(values.regionId ?? '');
      if (!/^\d{6}$/.test(region) || region === CQ_REGION || !inRegion(region, CQ_REGION))
        throw badInput('区县名额须指定重庆市的区县', 'A district quota needs a Chongqing district', 'regionId');
      values.schoolId = null;
      values.regionId = region;
    }
    values.quotaKey = `${values.year}:${values.level}:${values.regionId}:${values.schoolId ?? '-'}`;
    const clash = await em.getRepository(CqBackboneQuota).findOne({ where: { quotaKey: values.quotaKey }, select: { id: true } });
    if (clash) throw conflict(`该名额已设置（${clash.id}），请修改原记录`, `This quota is already set (${clash.id}): update it instead`, { quotaId: String(clash.id) });
    values.createdBy = actor.id;
  }
  // A district's quota is the municipal bureau's to allocate; a school's, its district's.
  if (target.schoolId === null || target.schoolId === undefined) {
    if (!isMunicipal(actor)) throw forbidden('区县名额由重庆市教育委员会分配', 'District quotas are allocated by the municipal commission');
  } else if (!isMunicipal(actor) && !isDistrictFor(actor, String(target.regionId))) {
    throw forbidden('学校名额由所在区县教育行政部门分配', 'School quotas are allocated by their district bureau');
  }
  return values;
}

export const quotaResource: ResourceConfig<CqBackboneQuota> = {
  entity: CqBackboneQuota,
  name: 'CqBackboneQuota',
  plural: 'CqBackboneQuotas',
  labelZh: '骨干教师推荐名额',
  filters: {
    year: { type: () => Int },
    level: { type: () => String },
    regionId: { type: () => ID, kind: 'region' },
    schoolId: { type: () => ID },
  },
  scope: scopeBy({ region: 'regionId', school: 'schoolId' }),
  writeScope: scopeBy({ region: 'regionId' }),
  writeRoles: ['bureau'],
  createInput: CqBackboneQuotaInput,
  updateInput: CqBackboneQuotaUpdateInput,
  deletable: true,
  beforeWrite: prepareQuota,
  relations: { school: { type: () => Institution, key: 'schoolId' } },
  labels: { year: '年度', level: '级别', quota: '名额', regionId: '区县', schoolId: '学校' },
  defaultSort: { field: 'year', order: 'DESC' },
};

// ---------------------------------------------------------------------------------------------
// BB-2 designations (written only by the pipeline mutations) and BB-5 annual assessments (the form).

const trainedBy = 'SELECT cqt.designationId FROM chongqing_backbone_training cqt WHERE cqt.baseInstitutionId = :iid';

export const designationResource: ResourceConfig<CqBackboneDesignation> = {
  entity: CqBackboneDesignation,
  name: 'CqBackboneDesignation',
  plural: 'CqBackboneDesignations',
  labelZh: '骨干教师认定',
  filters: {
    regionId: { type: () => ID, kind: 'region' },
    schoolId: { type: () => ID },
    teacherId: { type: () => ID },
    level: { type: () => String },
    status: { type: () => String },
    year: { type: () => Int },
  },
  // The training base sees the designations it trains.
  scope: scopeBy({ region: 'regionId', school: 'schoolId', teacher: 'teacherId', institutionSubquery: trainedBy }),
  relations: {
    teacher: { type: () => Teacher, key: 'teacherId' },
    school: { type: () => Institution, key: 'schoolId' },
  },
  children: {
    assessments: { type: () => CqBackboneAssessment, foreignKey: 'designationId', orderBy: 'year' },
    trainings: { type: () => CqBackboneTraining, foreignKey: 'designationId' },
  },
  defaultSort: { field: 'id', order: 'DESC' },
};

export const assessmentResource: ResourceConfig<CqBackboneAssessment> = {
  entity: CqBackboneAssessment,
  name: 'CqBackboneAssessment',
  plural: 'CqBackboneAssessments',
  labelZh: '骨干教师年度考核',
  filters: {
    regionId: { type: () => ID, kind: 'region' },
    schoolId: { type: () => ID },
    teacherId: { type: () => ID },
    designationId: { type: () => ID },
    year: { type: () => Int },
    status: { type: () => String },
    result: { type: () => String },
  },
  scope: backboneScope,
  relations: {
    teacher: { type: () => Teacher, key: 'teacherId' },
    designation: { type: () => CqBackboneDesignation, key: 'designationId' },
  },
  defaultSort: { field: 'year', order: 'DESC' },
};

// ---------------------------------------------------------------------------------------------
// BB-3 trainings: recorded by the municipal bureau or the training base.

@InputType('CqBackboneTrainingInput')
export class CqBackboneTrainingInput {
  @Field(() => ID) designationId!: number;
  @Field(() => ID) baseInstitutionId!: number;
  @Field(() => String) @Matches(DATE) startDate!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(DATE) endDate?: string;
  @Field(() => Float) @Min(0) @Max(24) centralizedMonths!: number;
  @Field(() => Float) @Min(0) @Max(24) practiceMonths!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 64) mentorBase?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 64) mentorPractice?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 500) note?: string;
}

@InputType('CqBackboneTrainingUpdateInput')
export class CqBackboneTrainingUpdateInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(DATE) startDate?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(DATE) endDate?: string;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) @Max(24) centralizedMonths?: number;
  @Field(() => Float, { nullable: true }) @IsOptional() @Min(0) @Max(24) practiceMonths?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 64) mentorBase?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 64) mentorPractice?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 500) note?: string;
}

async function prepareTraining(em: EntityManager, data: Partial<CqBackboneTraining>, ctx: Context, existing?: CqBackboneTraining): Promise<Partial<CqBackboneTraining>> {
  const actor = requireActor(ctx);
  const values = { ...data };
  if (existing) {
    if (existing.result) throw conflict('培训已考核，不能再修改', 'The training is already assessed and cannot change');
    return values;
  }
  const designation = await em.getRepository(CqBackboneDesignation).findOneBy({ id: Number(values.designationId) || -1 });
  const base = await em.getRepository(Institution).findOneBy({ id: Number(values.baseInstitutionId) || -1 });
  if (!base) throw badInput('培训基地不存在', 'The training base does not exist', 'baseInstitutionId');
  if (!designation) throw badInput('骨干教师认定记录不存在', 'The designation does not exist', 'designationId');
  // The municipal bureau, the designation's district, or the base itself records the training.
  const allowed = isMunicipal(actor) || isDistrictFor(actor, designation.regionId)
    || (actor.role === 'institution' && Number(actor.institutionId) === base.id);
  if (!allowed) {
    if (actor.role !== 'institution') await findScoped(em, designationResource, actor, designation.id);
    throw forbidden('只有市教委、所在区县或培训基地可以登记培训', 'Only the municipal commission, the district or the training base may record the training');
  }
  if (designation.status !== 'trainee')
    throw conflict(`只有培训对象可以登记培训（当前状态：${designation.status}）`, `Only a trainee's training can be recorded (status ${designation.status})`, { status: designation.status });
  return {
    ...values,
    designationId: designation.id, baseInstitutionId: base.id, teacherId: designation.teacherId, schoolId: designation.schoolId,
    regionId: designation.regionId, level: designation.level, mentorBase: values.mentorBase ?? null, mentorPractice: values.mentorPractice ?? null,
    endDate: values.endDate ?? null, note: values.note ?? null, result: null, resultBy: null, resultAt: null, resultReason: null, createdBy: actor.id,
  };
}

export const trainingResource: ResourceConfig<CqBackboneTraining> = {
  entity: CqBackboneTraining,
  name: 'CqBackboneTraining',
  plural: 'CqBackboneTrainings',
  labelZh: '骨干教师培训',
  filters: {
    regionId: { type: () => ID, kind: 'region' },
    designationId: { type: () => ID },
    baseInstitutionId: { type: () => ID },
    teacherId: { type: () => ID },
  },
  scope: scopeBy({ region: 'regionId', school: 'schoolId', teacher: 'teacherId', institution: 'baseInstitutionId' }),
  writeScope: scopeBy({ region: 'regionId', institution: 'baseInstitutionId' }),
  writeRoles: ['bureau', 'institution'],
  createInput: CqBackboneTrainingInput,
  updateInput: CqBackboneTrainingUpdateInput,
  beforeWrite: prepareTraining,
  relations: {
    designation: { type: () => CqBackboneDesignation, key: 'designationId' },
    base: { type: () => Institution, key: 'baseInstitutionId' },
    teacher: { type: () => Teacher, key: 'teacherId' },
  },
  children: { travelClaims: { type: () => CqTravelClaim, foreignKey: 'trainingId', orderBy: 'date' } },
  labels: {
    designationId: '骨干教师认定', baseInstitutionId: '培训基地', centralizedMonths: '集中培训月数', practiceMonths: '教学实践月数',
    mentorBase: '基地导师', mentorPractice: '实践导师', note: '备注',
  },
};

// ---------------------------------------------------------------------------------------------
// BB-9 travel claims: the shares are computed and recorded with the claim.

@InputType('CqTravelClaimInput')
export class CqTravelClaimInput {
  @Field(() => ID) trainingId!: number;
  @Field(() => String) @Matches(DATE) date!: string;
  @Field(() => String) @Length(1, 200) description!: string;
  @Field(() => Float) @Min(0.01) @Max(1_000_000) amount!: number;
}

/** BB-9: the district's share (rounded to the fen) and the school's, which is the rest. */
export function travelSplit(amount: number, districtShare: number): { districtShare: number; schoolShare: number } {
  const district = round2(amount * districtShare);
  return { districtShare: district, schoolShare: round2(amount - district) };
}

async function prepareTravelClaim(em: EntityManager, data: Partial<CqTravelClaim>, ctx: Context): Promise<Partial<CqTravelClaim>> {
  const actor = requireActor(ctx);
  const training = await findScoped(em, trainingResource, actor, Number(data.trainingId) || -1);
  const amount = round2(Number(data.amount));
  return {
    ...data,
    trainingId: training.id, designationId: training.designationId, teacherId: training.teacherId, schoolId: training.schoolId,
    regionId: training.regionId, amount, ...travelSplit(amount, optionsOf(ctx).backbone.travelDistrictShare), createdBy: actor.id,
  };
}

export const travelClaimResource: ResourceConfig<CqTravelClaim> = {
  entity: CqTravelClaim,
  name: 'CqTravelClaim',
  plural: 'CqTravelClaims',
  labelZh: '骨干教师培训差旅费',
  filters: {
    regionId: { type: () => ID, kind: 'region' },
    schoolId: { type: () => ID },
    teacherId: { type: () => ID },
    trainingId: { type: () => ID },
    date: { type: () => String, kind: 'range' },
  },
  scope: backboneScope,
  writeScope: scopeBy({ region: 'regionId', school: 'schoolId' }),
  writeRoles: ['bureau', 'school'],
  createInput: CqTravelClaimInput,
  beforeWrite: prepareTravelClaim,
  deletable: true,
  relations: { training: { type: () => CqBackboneTraining, key: 'trainingId' }, teacher: { type: () => Teacher, key: 'teacherId' } },
  labels: { trainingId: '培训', date: '日期', description: '事由', amount: '金额' },
  defaultSort: { field: 'date', order: 'DESC' },
};

export const chongqingResources = [quotaResource, designationResource, trainingResource, assessmentResource, travelClaimResource];
