// ZJ-5 (003 §三(一) "省级90学分培训原则上不采用混合式培训，确有…的，线上培训学分不得超过总学分的1/4
// …其他培训如采用混合式培训…学分占比不超过1/3"), checked at 'project.submit'.
import { ProjectLevel, TrainingMode } from '../../../core/entities/enums.js';
import { Project } from '../../../core/entities/index.js';
import type { RuleCheck } from '../../../core/plugin-host/types.js';
import type { ZhejiangOptions } from '../options.js';
import { fraction, round2, violation } from '../util.js';

/** Online credits of a project: all of them for an online project, else the declared online part. */
export const onlineCreditsOf = (p: Pick<Project, 'mode' | 'credits' | 'onlineCredits'>) =>
  p.mode === TrainingMode.online ? Number(p.credits) : Number(p.onlineCredits ?? 0);

/**
 * ZJ-5: a provincial training of 90 credits or more is offline unless hybrid delivery was
 * approved (Project.hybridApproved, set by the bureau with the zhejiang.hybridApproval form),
 * and then online ≤ 1/4 of its credits; any other training with an online part (hybrid)
 * keeps online ≤ 1/3. Fully online trainings other than the provincial 90-credit one are not hybrid: no limit.
 */
export const hybridShare: RuleCheck<'project.submit', ZhejiangOptions> = async ({ input, em, options }) => {
  const p = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!p) return [];
  const credits = Number(p.credits);
  const online = onlineCreditsOf(p);
  if (!(online > 0)) return [];
  const o = options.declaration;
  if (p.level === ProjectLevel.provincial && credits >= o.ninetyCredits) {
    if (!p.hybridApproved)
      return [violation('ZJ-5', `省级${o.ninetyCredits}学分培训原则上不采用混合式培训，须经批准（实际 线上 ${online} 学分，未经批准）`,
        `a provincial ${o.ninetyCredits}-credit training is not hybrid unless approved (online credits ${online}, not approved)`, 0, online, 'mode')];
    const limit = round2(credits / o.provincialOnlineDenominator);
    if (online > limit)
      return [violation('ZJ-5', `线上学分不得超过总学分的${fraction(o.provincialOnlineDenominator)}（实际 ${online} > ${limit}）`,
        `online credits ${online} > ${limit} = ${fraction(o.provincialOnlineDenominator)} of ${credits}`, limit, online, 'onlineCredits')];
    return [];
  }
  if (p.mode === TrainingMode.online) return [];
  const limit = round2(credits / o.hybridOnlineDenominator);
  if (online <= limit) return [];
  return [violation('ZJ-5', `混合式培训线上学分不得超过总学分的${fraction(o.hybridOnlineDenominator)}（实际 ${online} > ${limit}）`,
    `online credits ${online} > ${limit} = ${fraction(o.hybridOnlineDenominator)} of ${credits}`, limit, online, 'onlineCredits')];
};
