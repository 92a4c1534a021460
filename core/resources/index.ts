import type { ObjectLiteral } from 'typeorm';
import type { ResourceConfig } from '../graphql/resource.js';
import {
  budgetItemResource, curriculumItemResource, feeItemResource, projectExpertResource, projectResource, projectTransitionResource,
} from './project.js';
import { cycleResource, expertResource, institutionResource, qualificationResource, regionResource } from './reference.js';
import { teacherResource } from './teacher.js';
import {
  assessmentResource, attendanceResource, classResource, classSessionResource, creditRecordResource, cycleAuditResource,
  enrollmentResource, enrollmentReviewResource, evaluationResource, qualificationActionResource, teacherChangeResource,
} from './training.js';

/** Every core resource; the console and the permission table are generated from this list. */
export const coreResources = [
  regionResource, institutionResource, qualificationResource, qualificationActionResource, teacherResource, teacherChangeResource,
  expertResource, projectResource, curriculumItemResource, budgetItemResource, feeItemResource, projectExpertResource,
  projectTransitionResource, classResource, classSessionResource, enrollmentResource, enrollmentReviewResource,
  attendanceResource, assessmentResource, evaluationResource, creditRecordResource, cycleResource, cycleAuditResource,
] as unknown as ResourceConfig<ObjectLiteral>[];
