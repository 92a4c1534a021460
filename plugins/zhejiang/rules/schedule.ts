// ZJ-6 (003 §三(二) "具体培训课程表须在培训项目开班前5日在培训管理平台上公布"), at 'class.publish'.
import { TrainingClass } from '../../../core/entities/index.js';
import type { RuleCheck } from '../../../core/plugin-host/types.js';
import type { ZhejiangOptions } from '../options.js';
import { chinaDay, daysBetween, violation } from '../util.js';

/** ZJ-6: the schedule goes out at least `scheduleDaysBefore` days before the class starts (Beijing dates). */
export const scheduleLeadTime: RuleCheck<'class.publish', ZhejiangOptions> = async ({ input, em, options }) => {
  const cls = await em.getRepository(TrainingClass).findOneBy({ id: input.classId });
  if (!cls) return [];
  const today = chinaDay(input.now);
  const days = daysBetween(today, cls.startDate);
  const min = options.scheduleDaysBefore;
  if (days >= min) return [];
  return [violation('ZJ-6', `课程表须在开班前${min}日公布（开班 ${cls.startDate}，实际提前 ${days} 日）`,
    `the schedule must be published ${min} days before the class starts (starts ${cls.startDate}, ${days} days ahead)`, min, days, 'startDate')];
};
