import type { Project } from '../entities/index.js';
import type { Violation } from '../plugin-host/types.js';

/** C-9 threshold: projects of this many hours or credits or more have a final assessment. */
export const C9_THRESHOLD = 90;

/**
 * C-9 (002 §四(一)3 "90学时及以上的培训项目均设有结业考核环节"): a project of 90 hours or
 * 90 credits or more must plan a final assessment (结业考核).
 */
export function checkFinalAssessment(project: Pick<Project, 'hours' | 'credits' | 'finalAssessment'>): Violation[] {
  const hours = Number(project.hours);
  const credits = Number(project.credits);
  const size = Math.max(hours, credits);
  if (size < C9_THRESHOLD || project.finalAssessment) return [];
  return [{
    rule: 'C-9',
    messageZh: `${C9_THRESHOLD}学时（学分）及以上的培训项目须设结业考核（实际 ${hours}学时/${credits}学分，未设结业考核）`,
    messageEn: `a project of ${C9_THRESHOLD} hours or credits or more must plan a final assessment (${hours} hours, ${credits} credits, none planned)`,
    limit: C9_THRESHOLD,
    actual: size,
    field: 'finalAssessment',
  }];
}
