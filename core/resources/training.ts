import { ID, Int } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { scopeBy, scopeVia, type ScopeFn } from '../auth/scope.js';
import { regionLike } from '../db/region-scope.js';
import { ClassStatus, CreditSource, EnrollmentStatus, Grade, ReviewStep } from '../entities/enums.js';
import {
  Assessment, Attendance, ClassSession, CreditRecord, Cycle, CycleAudit, Enrollment, EnrollmentReview, Evaluation,
  Institution, Project, QualificationAction, Qualification, Teacher, TeacherChange, TrainingClass,
} from '../entities/index.js';
import type { ResourceConfig } from '../graphql/resource.js';
import { projectScope } from './project.js';
import { teacherResource } from './teacher.js';

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

export const classResource: ResourceConfig<TrainingClass> = {
  entity: TrainingClass, name: 'Class', plural: 'Classes', labelZh: '班期',
  search: ['name'],
  filters: {
    projectId: { type: () => ID }, institutionId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' },
    status: { type: () => ClassStatus }, startDate: { type: () => String, kind: 'range' },
  },
  scope: classScope,
  relations: { project: { type: () => Project, key: 'projectId' }, institution: { type: () => Institution, key: 'institutionId' } },
  children: { sessions: { type: () => ClassSession, foreignKey: 'classId', orderBy: 'date' } },
  defaultSort: { field: 'startDate', order: 'ASC' },
};

export const classSessionResource: ResourceConfig<ClassSession> = {
  entity: ClassSession, name: 'ClassSession', plural: 'ClassSessions', labelZh: '课次',
  filters: { classId: { type: () => ID } }, scope: scopeVia('classId', () => classResource),
  defaultSort: { field: 'date', order: 'ASC' },
};

export const enrollmentResource: ResourceConfig<Enrollment> = {
  entity: Enrollment, name: 'Enrollment', plural: 'Enrollments', labelZh: '选课',
  filters: {
    classId: { type: () => ID }, teacherId: { type: () => ID }, schoolId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' },
    status: { type: () => EnrollmentStatus }, pendingStep: { type: () => ReviewStep }, round: { type: () => Int },
  },
  scope: scopeBy({
    region: 'regionId', school: 'schoolId', teacher: 'teacherId',
    institutionSubquery: 'SELECT e2.id FROM enrollment e2 INNER JOIN training_class c2 ON c2.id = e2.classId WHERE c2.institutionId = :iid',
  }),
  relations: { teacher: { type: () => Teacher, key: 'teacherId' }, class: { type: () => TrainingClass, key: 'classId' } },
  children: {
    reviews: { type: () => EnrollmentReview, foreignKey: 'enrollmentId' },
    attendance: { type: () => Attendance, foreignKey: 'enrollmentId' },
    assessments: { type: () => Assessment, foreignKey: 'enrollmentId', orderBy: 'attempt' },
  },
  defaultSort: { field: 'id', order: 'DESC' },
};

const viaEnrollment = scopeVia('enrollmentId', () => enrollmentResource);
export const enrollmentReviewResource: ResourceConfig<EnrollmentReview> = {
  entity: EnrollmentReview, name: 'EnrollmentReview', plural: 'EnrollmentReviews', labelZh: '选课审核记录',
  filters: { enrollmentId: { type: () => ID }, step: { type: () => ReviewStep } }, scope: viaEnrollment,
};
export const attendanceResource: ResourceConfig<Attendance> = {
  entity: Attendance, name: 'Attendance', plural: 'Attendances', labelZh: '考勤',
  filters: { enrollmentId: { type: () => ID }, sessionId: { type: () => ID } }, scope: viaEnrollment,
};
export const assessmentResource: ResourceConfig<Assessment> = {
  entity: Assessment, name: 'Assessment', plural: 'Assessments', labelZh: '考核',
  filters: { enrollmentId: { type: () => ID }, grade: { type: () => Grade } }, scope: viaEnrollment,
};
export const evaluationResource: ResourceConfig<Evaluation> = {
  entity: Evaluation, name: 'Evaluation', plural: 'Evaluations', labelZh: '满意度评价',
  filters: { classId: { type: () => ID }, institutionId: { type: () => ID }, subject: { type: () => String } }, scope: viaEnrollment,
};

export const creditRecordResource: ResourceConfig<CreditRecord> = {
  entity: CreditRecord, name: 'CreditRecord', plural: 'CreditRecords', labelZh: '学分记录',
  filters: {
    teacherId: { type: () => ID }, cycleId: { type: () => ID }, year: { type: () => Int }, source: { type: () => CreditSource },
    classId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' },
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
  filters: { teacherId: { type: () => ID }, cycleId: { type: () => ID }, regionId: { type: () => ID, kind: 'region' } },
  scope: scopeVia('teacherId', () => teacherResource),
  relations: { teacher: { type: () => Teacher, key: 'teacherId' } },
  defaultSort: { field: 'id', order: 'DESC' },
};

export const teacherChangeResource: ResourceConfig<TeacherChange> = {
  entity: TeacherChange, name: 'TeacherChange', plural: 'TeacherChanges', labelZh: '教师信息变更',
  filters: { teacherId: { type: () => ID } }, scope: scopeVia('teacherId', () => teacherResource),
};

export const qualificationActionResource: ResourceConfig<QualificationAction> = {
  entity: QualificationAction, name: 'QualificationAction', plural: 'QualificationActions', labelZh: '资质处理建议',
  filters: { institutionId: { type: () => ID }, status: { type: () => String }, regionId: { type: () => ID, kind: 'region' } },
  scope: scopeBy({ region: 'regionId', institution: 'institutionId' }),
  relations: { institution: { type: () => Institution, key: 'institutionId' }, qualification: { type: () => Qualification, key: 'qualificationId' } },
};
