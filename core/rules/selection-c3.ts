// C-3: selection workflow — a teacher self-selects (or is nominated), the school reviews,
// the district reviews where the project's level requires it, the institution rechecks;
// every step records who, when, decision and reason (EnrollmentReview).
import type { Actor } from '../auth/actor.js';
import { inRegion } from '../db/region-scope.js';
import { ClassStatus, ProjectLevel, ProjectStatus, ReviewStep } from '../entities/enums.js';
import type { Enrollment, Project, TrainingClass } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';

/**
 * C-3: project levels whose selections the district bureau reviews between the school and
 * the institution (国培, 省培, 市培: 学员自荐、学校初审、区县审核, 000 §(四)). District-level
 * and school-based projects are run by the district or the school itself: no extra step.
 */
export const DISTRICT_REVIEW_LEVELS: readonly ProjectLevel[] = [ProjectLevel.national, ProjectLevel.provincial, ProjectLevel.municipal];

/** C-3: the review steps of a selection, fixed when it is made. */
export function selectionSteps(level: ProjectLevel): ReviewStep[] {
  return DISTRICT_REVIEW_LEVELS.includes(level)
    ? [ReviewStep.school, ReviewStep.district, ReviewStep.institution]
    : [ReviewStep.school, ReviewStep.institution];
}

/** The step after `step` in `steps`, or null when `step` was the last one. */
export function nextStep(steps: ReviewStep[], step: ReviewStep): ReviewStep | null {
  const i = steps.indexOf(step);
  return i >= 0 && i + 1 < steps.length ? steps[i + 1]! : null;
}

export const STEP_LABEL: Record<ReviewStep, { zh: string; en: string }> = {
  [ReviewStep.school]: { zh: '学校审核', en: 'school review' },
  [ReviewStep.district]: { zh: '区县审核', en: 'district review' },
  [ReviewStep.institution]: { zh: '培训机构复核', en: 'institution recheck' },
};

const CLASS_STATUS_ZH: Record<ClassStatus, string> = {
  [ClassStatus.planned]: '筹备中', [ClassStatus.published]: '已发布', [ClassStatus.finished]: '已结束', [ClassStatus.cancelled]: '已取消',
};
const PROJECT_STATUS_ZH: Record<ProjectStatus, string> = {
  [ProjectStatus.draft]: '草稿', [ProjectStatus.submitted]: '已申报', [ProjectStatus.approved]: '已审核',
  [ProjectStatus.rejected]: '未通过', [ProjectStatus.published]: '已发布', [ProjectStatus.closed]: '已关闭',
};

/** C-3: a class is open for selection while its project is published and the class neither cancelled nor finished. */
export function selectionOpenViolations(project: Project, cls: TrainingClass): Violation[] {
  const out: Violation[] = [];
  if (project.status !== ProjectStatus.published)
    out.push({
      rule: 'C-3',
      messageZh: `只能选择已发布项目的班期（项目状态：${PROJECT_STATUS_ZH[project.status] ?? project.status}）`,
      messageEn: `only classes of a published project can be selected (project is ${project.status})`,
      limit: ProjectStatus.published,
      actual: project.status,
    });
  if (cls.status === ClassStatus.cancelled || cls.status === ClassStatus.finished)
    out.push({
      rule: 'C-3',
      messageZh: `该班期${CLASS_STATUS_ZH[cls.status]}，不能选课`,
      messageEn: `the class is ${cls.status} and cannot be selected`,
      limit: `${ClassStatus.planned}|${ClassStatus.published}`,
      actual: cls.status,
    });
  return out;
}

/**
 * C-3: the step an actor reviews, decided by role and relation to the selection — the
 * teacher's school admin → school; a bureau whose region contains the teacher's region →
 * district; the admin of the class's institution → institution. Anyone else (teachers
 * included: the selecting teacher never reviews) → null.
 */
export function reviewerStep(actor: Actor, enrollment: Enrollment, cls: TrainingClass): ReviewStep | null {
  switch (actor.role) {
    case 'school':
      return actor.institutionId !== undefined && actor.institutionId === enrollment.schoolId ? ReviewStep.school : null;
    case 'bureau':
      return actor.regionId && inRegion(enrollment.regionId, actor.regionId) ? ReviewStep.district : null;
    case 'institution':
      return actor.institutionId !== undefined && actor.institutionId === cls.institutionId ? ReviewStep.institution : null;
    default:
      return null;
  }
}
