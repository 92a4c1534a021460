import type { Actor, Role } from '../auth/actor.js';
import { CreditSource } from '../entities/enums.js';
import { badInput, forbidden } from '../graphql/errors.js';

/**
 * C-14 (000 §(四)(十三): 教师培训档案): the training archive is kept and never silently
 * changed. A credit record is never edited or deleted; a correction is a new record
 * (source 'correction', correctsId = the record corrected, signed delta) with a required
 * reason, made by an administrator — a bureau over the teacher or the teacher's school —
 * never by the teacher, and never by the training institution.
 */
export const CORRECTION_ROLES: Role[] = ['bureau', 'school'];

/** External credit sources a school or bureau may register (class and correction have their own paths). */
export const EXTERNAL_SOURCES: CreditSource[] = Object.values(CreditSource).filter((s) => s !== CreditSource.class && s !== CreditSource.correction);

export function checkCorrection(actor: Actor, input: { delta: number; hoursDelta: number; reason: string | null | undefined }, netAfter: { credits: number; hours: number }): string {
  if (actor.role !== 'platform' && !CORRECTION_ROLES.includes(actor.role))
    throw forbidden('学分更正须由教育行政部门或学校办理，教师本人及培训机构不能更正', 'Credit corrections are made by a bureau or the school, never by the teacher or the institution');
  const reason = (input.reason ?? '').trim();
  if (!reason) throw badInput('更正学分必须填写理由', 'A correction needs a reason', 'reason');
  if (reason.length > 500) throw badInput('理由不超过 500 字', 'reason is at most 500 characters', 'reason');
  if (!Number.isFinite(input.delta) || !Number.isFinite(input.hoursDelta) || (input.delta === 0 && input.hoursDelta === 0))
    throw badInput('更正值不能为 0', 'A correction changes credits or hours', 'delta');
  if (Math.round(input.delta * 10) !== input.delta * 10 || Math.round(input.hoursDelta * 10) !== input.hoursDelta * 10)
    throw badInput('学分、学时精确到 0.1', 'Credits and hours have one decimal', 'delta');
  if (netAfter.credits < 0 || netAfter.hours < 0)
    throw badInput(
      `更正后该记录的学分不能为负（实际 ${netAfter.credits} 学分、${netAfter.hours} 学时）`,
      `After the correction the record would be negative (${netAfter.credits} credits, ${netAfter.hours} hours)`,
      'delta',
    );
  return reason;
}
