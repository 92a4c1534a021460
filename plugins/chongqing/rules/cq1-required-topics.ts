import { CurriculumItem } from '../../../core/entities/index.js';
import type { RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import type { ChongqingOptions } from '../options.js';

/**
 * CQ-1 (000 §(三) "将教师专业标准、师德教育和信息技术应用能力列入培训必修内容"): every project
 * covers the required topics, each named as a tag (CurriculumItem.tags) of at least one course.
 * One violation lists every missing topic; limit = topics required, actual = topics covered.
 */
export function requiredTopicViolations(tags: string[][], required: string[]): Violation[] {
  const present = new Set(tags.flat().map((t) => t.trim()));
  const missing = required.filter((t) => !present.has(t));
  if (!missing.length) return [];
  const covered = required.length - missing.length;
  return [{
    rule: 'CQ-1',
    messageZh: `培训课程须包含必修内容：${required.join('、')}（缺少 ${missing.join('、')}；实际 ${covered} < ${required.length}）`,
    messageEn: `the curriculum must cover the required topics ${required.join(', ')} (missing ${missing.join(', ')}; ${covered} < ${required.length})`,
    limit: required.length,
    actual: covered,
    field: 'curriculum',
  }];
}

export const cq1RequiredTopics: RuleCheck<'project.submit', ChongqingOptions> = async ({ input, em, options }) => {
  const items = await em.getRepository(CurriculumItem).find({ where: { projectId: input.projectId }, select: { id: true, tags: true } });
  return requiredTopicViolations(items.map((i) => i.tags ?? []), options.requiredTopics);
};
