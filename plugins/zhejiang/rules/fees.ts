// ZJ-7 (003 §三(三) "培训方案中必须明确总收费标准以及培训费、住宿费、伙食补贴等各项目收费标准，
// 不得另行收取其他费用"), checked at 'project.submit'.
import { FeeItem, Project } from '../../../core/entities/index.js';
import type { RuleCheck, Violation } from '../../../core/plugin-host/types.js';
import type { ZhejiangOptions } from '../options.js';
import { round2, violation } from '../util.js';

/** FeeItem.kind names of Zhejiang's three fee items (per trainee, like Project.totalFee). */
export const FEE_KIND_ZH: Record<string, string> = { training: '培训费', lodging: '住宿费', meals: '伙食费' };

/** ZJ-7: fees are itemised as training / lodging / meals only, and the items add up to the total fee. */
export const feeItems: RuleCheck<'project.submit', ZhejiangOptions> = async ({ input, em, options }) => {
  const p = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!p) return [];
  const items = await em.getRepository(FeeItem).find({ where: { projectId: p.id }, order: { id: 'ASC' } });
  const allowed = options.declaration.feeKinds;
  const out: Violation[] = [];
  const other = [...new Set(items.filter((i) => !allowed.includes(i.kind)).map((i) => i.kind))];
  if (other.length)
    out.push(violation('ZJ-7', `收费项目只能是${allowed.map((k) => FEE_KIND_ZH[k] ?? k).join('、')}，不得另行收取其他费用（实际 ${other.join('、')}）`,
      `fee items may only be ${allowed.join(', ')}; no other fees (got ${other.join(', ')})`, allowed.join('|'), other.join(','), 'feeItems'));
  const total = round2(Number(p.totalFee));
  const sum = round2(items.reduce((s, i) => s + Number(i.amount), 0));
  if (sum !== total)
    out.push(violation('ZJ-7', `总收费标准须等于各分项收费之和（实际 总额 ${total} ≠ 分项合计 ${sum}）`,
      `the total fee must equal the sum of its items (total ${total} ≠ items ${sum})`, total, sum, 'totalFee'));
  return out;
};
