// C-15: a published project's changes after publication need bureau approval, and enrolled
// teachers may then withdraw (退选). Here: the withdrawal side.
import { EnrollmentStatus } from '../entities/enums.js';
import type { Enrollment, Project } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';

/**
 * C-15: a pending selection may always be withdrawn; an approved one only when the project
 * changed after the selection was made (project.revision > enrollment.projectRevision).
 */
export function withdrawalViolations(enrollment: Enrollment, project: Project): Violation[] {
  if (enrollment.status !== EnrollmentStatus.approved) return [];
  if (project.revision > enrollment.projectRevision) return [];
  return [{
    rule: 'C-15',
    messageZh: `项目在选课后未发生变更，已录取的选课不能退选（当前项目版本 ${project.revision}，选课时版本 ${enrollment.projectRevision}）`,
    messageEn: `an approved selection can be withdrawn only after the project changed (project revision ${project.revision}, selected under revision ${enrollment.projectRevision})`,
    limit: enrollment.projectRevision,
    actual: project.revision,
  }];
}
