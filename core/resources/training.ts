import { IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { scopeBy, scopeVia, type ScopeFn } from '../auth/scope.js';
import { regionLike } from '../db/region-scope.js';
import { ClassStatus, CreditSource, Decision, EnrollmentStatus, Grade, ProjectLevel, ReviewStep, Stage } from '../entities/enums.js';
import {
  Assessment, Attendance, ClassSession, CreditRecord, CurriculumItem, Cycle, CycleAudit, Enrollment, EnrollmentReview, Evaluation,
  Institution, Project, QualificationAction, Qualification, Region, Teacher, TeacherChange, TrainingClass,
} from '../entities/index.js';
import type { Context } from '../graphql/context.js';
import { AppError, badInput } from '../graphql/errors.js';
import { findScoped, type ResourceConfig } from '../graphql/resource.js';
import { editableProject, projectScope } from './project.js';
import { teacherResource } from './teacher.js';
import { checkDateOrder, IsDay, toId } from './validators.js';

/** A class is visible wherever its project is (same rule, on the class's copied columns). */
const classScope: ScopeFn = (qb: SelectQueryBuilder<ObjectLiteral>, actor: Actor, r = 'r') => {
  switch (actor.role) {
    case 'bureau':
      qb.andWhere(`${r}.regionId LIKE :scopeRegion`, { scopeRegion: regionLike(actor.regionId ?? '-') });
      return;
    case 'institution':
      qb.andWhere(`${r}.institutionId = :scopeInst`, { scopeInst: actor.institutionId ?? -1 });
      return;
    default: {
      if (actor.role === 'platform') return;
      const sub = qb.subQuery().select('sp.id').from(Project, 'sp');
      projectScope(sub as never, actor, 'sp');
      qb.andWhere(`${r}.projectId IN ${sub.getQuery()}`).setParameters(sub.getParameters());
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Class (班期): declared with its project by the institution; `enrolled` and the schedule's
// publication belong to the selection and schedule workflows.

@InputType()
export class ClassInput {
  @Field(() => ID) projectId!: number;
  @Field(() => String) @Length(1, 200) name!: string;
  @Field(() => String) @IsDay() startDate!: string;
  @Field(() => String) @IsDay() endDate!: string;
  @Field(() => Int) @IsInt() @Min(1) @Max(10000) capacity!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) venue?: string | null;
}

@InputType()
export class ClassUpdateInput {
  @Field(() => String, { nullable: true }) @Length(1, 200) name?: string;
  @Field(() => String, { nullable: true }) @IsDay() startDate?: string;
  @Field(() => String, { nullable: true }) @IsDay() endDate?: string;
  @Field(() => Int, { nullable: true }) @IsInt() @Min(1) @Max(10000) capacity?: number;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) venue?: string | null;
}

const CLASS_STATUS_ZH: Record<ClassStatus, string> = { planned: '计划中', published: '已发布', finished: '已结束', cancelled: '已取消' };

async function prepareClass(em: EntityManager, data: Partial<TrainingClass>, ctx: Context, existing?: TrainingClass): Promise<Partial<TrainingClass>> {
  const values = { ...data };
  const project = await editableProject(em, ctx, existing ? existing.projectId : values.projectId);
  if (existing && existing.status !== ClassStatus.planned)
    throw new AppError('CONFLICT', `班期状态为「${CLASS_STATUS_ZH[existing.status]}」，不能修改`, `The class is ${existing.status} and cannot be edited`, {
      status: existing.status, allowed: [ClassStatus.planned],
    });
  if (!existing) {
    values.projectId = project.id;
    values.regionId = project.regionId;
    values.institutionId = project.institutionId;
    values.enrolled = 0;
    values.status = ClassStatus.planned;
    values.schedulePublishedAt = null;
  }
  const merged = { ...existing, ...values } as TrainingClass;
  checkDateOrder(merged.startDate, merged.endDate, ['startDate', 'endDate'], ['开班日期', '结班日期']);
  if (existing && merged.capacity < existing.enrolled)
    throw new AppError('BAD_USER_INPUT', `容量不能小于已选课人数（${merged.capacity} < ${existing.enrolled}）`, `capacity ${merged.capacity} < ${existing.enrolled} already enrolled`, {
      rule: 'C-4', field: 'capacity', limit: existing.enrolled, actual: merged.capacity,
    });
  return values;
}

async function deleteClass(em: EntityManager, cls: TrainingClass, ctx: Context) {
  await editableProject(em, ctx, cls.projectId);
  const enrollments = await em.getRepository(Enrollment).countBy({ classId: cls.id });
  if (enrollments > 0 || cls.enrolled > 0)
    throw new AppError('CONFLICT', `班期已有 ${Math.max(enrollments, cls.enrolled)} 条选课记录，不能删除`, `The class has enrollments and cannot be deleted`, {
      actual: Math.max(enrollments, cls.enrolled),
    });
  await em.getRepository(ClassSession).delete({ classId: cls.id });
}

const viaClassProject = (column: string) => `r.projectId IN (SELECT fcp.id FROM project fcp WHERE fcp.${column} = :v)`;

export const classResource: ResourceConfig<TrainingClass> = {
  entity: TrainingClass, name: 'Class', plural: 'Classes', labelZh: '班期',
  search: ['name', 'venue'],
  filters: {
    projectId: { type: () => ID }, institutionId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' },
    status: { type: () => ClassStatus }, startDate: { type: () => String, kind: 'range' }, endDate: { type: () => String, kind: 'range' },
    subject: { type: () => String, where: viaClassProject('subject') },
    stage: { type: () => Stage, where: viaClassProject('stage') },
    level: { type: () => ProjectLevel, where: viaClassProject('level') },
    /** Seats left (capacity > enrolled). */
    hasSeats: { type: () => Boolean, where: '(r.capacity > r.enrolled) = :v' },
  },
  scope: classScope,
  relations: {
    project: { type: () => Project, key: 'projectId' },
    institution: { type: () => Institution, key: 'institutionId' },
    region: { type: () => Region, key: 'regionId' },
  },
  children: {
    sessions: { type: () => ClassSession, foreignKey: 'classId', orderBy: 'date' },
    enrollments: { type: () => Enrollment, foreignKey: 'classId' },
  },
  writeRoles: ['institution'],
  createInput: ClassInput,
  updateInput: ClassUpdateInput,
  beforeWrite: prepareClass,
  deletable: true,
  beforeDelete: deleteClass,
  labels: { name: '班期名称', startDate: '开班日期', endDate: '结班日期', capacity: '班额', venue: '培训地点' },
  defaultSort: { field: 'startDate', order: 'ASC' },
};

// ---------------------------------------------------------------------------------------------
// ClassSession (课次): the institution builds the schedule until it is published (ZJ-6 workflow).

@InputType()
export class ClassSessionInput {
  @Field(() => ID) classId!: number;
  @Field(() => String) @IsDay() date!: string;
  @Field(() => String) @Length(1, 200) title!: string;
  @Field(() => Float) @Min(0.5) @Max(24) hours!: number;
  @Field(() => ID, { nullable: true }) curriculumItemId?: number | null;
}

@InputType()
export class ClassSessionUpdateInput {
  @Field(() => String, { nullable: true }) @IsDay() date?: string;
  @Field(() => String, { nullable: true }) @Length(1, 200) title?: string;
  @Field(() => Float, { nullable: true }) @Min(0.5) @Max(24) hours?: number;
  @Field(() => ID, { nullable: true }) curriculumItemId?: number | null;
}

/** Loads (and locks) the class whose schedule is being edited; refuses once the schedule is published or the class is over. */
async function schedulableClass(em: EntityManager, ctx: Context, classId: unknown): Promise<TrainingClass> {
  const cls = await findScoped(em, classResource, ctx.actor!, toId(classId), true);
  if (cls.schedulePublishedAt || cls.status === ClassStatus.finished || cls.status === ClassStatus.cancelled)
    throw new AppError(
      'CONFLICT',
      cls.schedulePublishedAt ? '课表已发布，不能再修改课次' : `班期状态为「${CLASS_STATUS_ZH[cls.status]}」，不能修改课次`,
      cls.schedulePublishedAt ? 'The schedule is published; its sessions can no longer change' : `The class is ${cls.status}; its sessions cannot change`,
      { status: cls.status },
    );
  return cls;
}

async function prepareSession(em: EntityManager, data: Partial<ClassSession>, ctx: Context, existing?: ClassSession): Promise<Partial<ClassSession>> {
  const values = { ...data };
  const cls = await schedulableClass(em, ctx, existing ? existing.classId : values.classId);
  if (!existing) values.classId = cls.id;
  const date = values.date ?? existing?.date;
  if (date && (date < cls.startDate || date > cls.endDate))
    throw new AppError('BAD_USER_INPUT', `课次日期 ${date} 不在班期 ${cls.startDate} 至 ${cls.endDate} 之内`, `Session date ${date} is outside the class (${cls.startDate} to ${cls.endDate})`, {
      field: 'date', limit: `${cls.startDate}..${cls.endDate}`, actual: date,
    });
  if (values.curriculumItemId !== undefined && values.curriculumItemId !== null) {
    values.curriculumItemId = toId(values.curriculumItemId);
    const item = await em.getRepository(CurriculumItem).findOneBy({ id: values.curriculumItemId });
    if (!item || item.projectId !== cls.projectId)
      throw badInput('所选课程不属于该班期的培训项目', "The curriculum item is not part of the class's project", 'curriculumItemId');
  }
  return values;
}

export const classSessionResource: ResourceConfig<ClassSession> = {
  entity: ClassSession, name: 'ClassSession', plural: 'ClassSessions', labelZh: '课次',
  search: ['title'],
  filters: { classId: { type: () => ID }, curriculumItemId: { type: () => ID }, date: { type: () => String, kind: 'range' } },
  scope: scopeVia('classId', () => classResource),
  relations: { class: { type: () => TrainingClass, key: 'classId' }, curriculumItem: { type: () => CurriculumItem, key: 'curriculumItemId' } },
  writeRoles: ['institution'],
  createInput: ClassSessionInput,
  updateInput: ClassSessionUpdateInput,
  beforeWrite: prepareSession,
  deletable: true,
  beforeDelete: async (em, session, ctx) => void (await schedulableClass(em, ctx, session.classId)),
  labels: { date: '上课日期', title: '课次标题', hours: '课次学时' },
  defaultSort: { field: 'date', order: 'ASC' },
};

export const enrollmentResource: ResourceConfig<Enrollment> = {
  entity: Enrollment, name: 'Enrollment', plural: 'Enrollments', labelZh: '选课',
  filters: {
    classId: { type: () => ID }, teacherId: { type: () => ID }, schoolId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' },
    status: { type: () => EnrollmentStatus }, pendingStep: { type: () => ReviewStep }, round: { type: () => Int },
    nominated: { type: () => Boolean }, selectedAt: { type: () => String, kind: 'range' },
    institutionId: { type: () => ID, where: 'r.classId IN (SELECT fec.id FROM training_class fec WHERE fec.institutionId = :v)' },
    projectId: { type: () => ID, where: 'r.classId IN (SELECT fec.id FROM training_class fec WHERE fec.projectId = :v)' },
    subject: { type: () => String, where: 'r.teacherId IN (SELECT fet.id FROM teacher fet WHERE fet.subject = :v)' },
  },
  scope: scopeBy({
    region: 'regionId', school: 'schoolId', teacher: 'teacherId',
    institutionSubquery: 'SELECT e2.id FROM enrollment e2 INNER JOIN training_class c2 ON c2.id = e2.classId WHERE c2.institutionId = :iid',
  }),
  relations: {
    teacher: { type: () => Teacher, key: 'teacherId' }, class: { type: () => TrainingClass, key: 'classId' },
    school: { type: () => Institution, key: 'schoolId' },
  },
  children: {
    evaluation: { type: () => Evaluation, foreignKey: 'enrollmentId' },
    reviews: { type: () => EnrollmentReview, foreignKey: 'enrollmentId' },
    attendance: { type: () => Attendance, foreignKey: 'enrollmentId' },
    assessments: { type: () => Assessment, foreignKey: 'enrollmentId', orderBy: 'attempt' },
  },
  defaultSort: { field: 'id', order: 'DESC' },
};

const viaEnrollment = scopeVia('enrollmentId', () => enrollmentResource);
export const enrollmentReviewResource: ResourceConfig<EnrollmentReview> = {
  entity: EnrollmentReview, name: 'EnrollmentReview', plural: 'EnrollmentReviews', labelZh: '选课审核记录',
  filters: { enrollmentId: { type: () => ID }, step: { type: () => ReviewStep }, decision: { type: () => Decision } }, scope: viaEnrollment,
  relations: { enrollment: { type: () => Enrollment, key: 'enrollmentId' } },
};
export const attendanceResource: ResourceConfig<Attendance> = {
  entity: Attendance, name: 'Attendance', plural: 'Attendances', labelZh: '考勤',
  filters: { enrollmentId: { type: () => ID }, sessionId: { type: () => ID }, status: { type: () => String } }, scope: viaEnrollment,
  relations: { enrollment: { type: () => Enrollment, key: 'enrollmentId' }, session: { type: () => ClassSession, key: 'sessionId' } },
};
export const assessmentResource: ResourceConfig<Assessment> = {
  entity: Assessment, name: 'Assessment', plural: 'Assessments', labelZh: '考核',
  filters: { enrollmentId: { type: () => ID }, grade: { type: () => Grade }, attempt: { type: () => Int } }, scope: viaEnrollment,
  relations: { enrollment: { type: () => Enrollment, key: 'enrollmentId' } },
};
export const evaluationResource: ResourceConfig<Evaluation> = {
  entity: Evaluation, name: 'Evaluation', plural: 'Evaluations', labelZh: '满意度评价',
  filters: {
    classId: { type: () => ID }, institutionId: { type: () => ID }, subject: { type: () => String }, enrollmentId: { type: () => ID },
    satisfaction: { type: () => Int, kind: 'range' },
  },
  scope: viaEnrollment,
  relations: {
    enrollment: { type: () => Enrollment, key: 'enrollmentId' }, class: { type: () => TrainingClass, key: 'classId' },
    institution: { type: () => Institution, key: 'institutionId' },
  },
};

export const creditRecordResource: ResourceConfig<CreditRecord> = {
  entity: CreditRecord, name: 'CreditRecord', plural: 'CreditRecords', labelZh: '学分记录',
  filters: {
    teacherId: { type: () => ID }, cycleId: { type: () => ID }, year: { type: () => Int }, source: { type: () => CreditSource },
    classId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' },
    schoolId: { type: () => ID, where: 'r.teacherId IN (SELECT fct.id FROM teacher fct WHERE fct.schoolId = :v)' },
  },
  scope: (qb, actor, r = 'r') => {
    if (actor.role === 'bureau') return void qb.andWhere(`${r}.regionId LIKE :scopeRegion`, { scopeRegion: regionLike(actor.regionId ?? '-') });
    if (actor.role === 'institution')
      return void qb.andWhere(`${r}.classId IN (SELECT c3.id FROM training_class c3 WHERE c3.institutionId = :scopeInst)`, { scopeInst: actor.institutionId ?? -1 });
    scopeVia('teacherId', () => teacherResource)(qb, actor, r);
  },
  relations: { teacher: { type: () => Teacher, key: 'teacherId' }, cycle: { type: () => Cycle, key: 'cycleId' }, class: { type: () => TrainingClass, key: 'classId' } },
  defaultSort: { field: 'id', order: 'DESC' },
};

export const cycleAuditResource: ResourceConfig<CycleAudit> = {
  entity: CycleAudit, name: 'CycleAudit', plural: 'CycleAudits', labelZh: '周期审核',
  filters: {
    teacherId: { type: () => ID }, cycleId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' }, passed: { type: () => Boolean },
    schoolId: { type: () => ID, where: 'r.teacherId IN (SELECT fat.id FROM teacher fat WHERE fat.schoolId = :v)' },
  },
  scope: scopeVia('teacherId', () => teacherResource),
  relations: { teacher: { type: () => Teacher, key: 'teacherId' }, cycle: { type: () => Cycle, key: 'cycleId' } },
  defaultSort: { field: 'id', order: 'DESC' },
};

export const teacherChangeResource: ResourceConfig<TeacherChange> = {
  entity: TeacherChange, name: 'TeacherChange', plural: 'TeacherChanges', labelZh: '教师信息变更',
  filters: { teacherId: { type: () => ID }, version: { type: () => Int } }, scope: scopeVia('teacherId', () => teacherResource),
  relations: { teacher: { type: () => Teacher, key: 'teacherId' } },
  defaultSort: { field: 'id', order: 'DESC' },
};

export const qualificationActionResource: ResourceConfig<QualificationAction> = {
  entity: QualificationAction, name: 'QualificationAction', plural: 'QualificationActions', labelZh: '资质处理建议',
  filters: {
    institutionId: { type: () => ID }, status: { type: () => String }, regionId: { type: () => ID, kind: 'region' },
    qualificationId: { type: () => ID }, rule: { type: () => String },
  },
  scope: scopeBy({ region: 'regionId', institution: 'institutionId' }),
  relations: { institution: { type: () => Institution, key: 'institutionId' }, qualification: { type: () => Qualification, key: 'qualificationId' } },
};
