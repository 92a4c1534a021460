import { Grade } from '../entities/enums.js';
import type { Assessment } from '../entities/index.js';
import { AppError, RuleViolations } from '../graphql/errors.js';

/**
 * C-8 (001 part 2 §二(四)3): "考核成绩…按优、及格和不及格计，不合格者给予补考" — grades
 * 优 excellent / 及格 pass / 不及格 fail; a trainee who failed may sit a make-up.
 *
 * Attempt 1 is the assessment; attempt 2 is the one make-up, allowed only after attempt 1
 * failed. A recorded grade is never overwritten (C-14): a second attempt-1 is a conflict.
 * The latest attempt is the result credits are granted from (C-6).
 */
export const MAKE_UP_ATTEMPTS = 1;
export const GRADE_ZH: Record<Grade, string> = { excellent: '优', pass: '及格', fail: '不及格' };

export const latestAssessment = (rows: Assessment[]): Assessment | undefined =>
  [...rows].sort((a, b) => b.attempt - a.attempt)[0];

/** The attempt number a new assessment takes, or the refusal. */
export function nextAttempt(existing: Assessment[], makeUp: boolean): number {
  const latest = latestAssessment(existing);
  if (!makeUp) {
    if (!latest) return 1;
    throw new AppError(
      'CONFLICT',
      `该学员已有考核结果（第 ${latest.attempt} 次：${GRADE_ZH[latest.grade]}），成绩不可覆盖${latest.grade === Grade.fail && latest.attempt <= MAKE_UP_ATTEMPTS ? '；不及格者可登记补考（makeUp: true）' : ''}`,
      `This trainee already has an assessment (attempt ${latest.attempt}: ${latest.grade}); grades are never overwritten${latest.grade === Grade.fail && latest.attempt <= MAKE_UP_ATTEMPTS ? '; record a make-up with makeUp: true' : ''}`,
      { rule: 'C-8' },
    );
  }
  if (!latest || latest.grade !== Grade.fail)
    throw new RuleViolations([{
      rule: 'C-8',
      messageZh: `只有考核不及格的学员可以补考（实际 ${latest ? GRADE_ZH[latest.grade] : '尚无考核'}）`,
      messageEn: `only a trainee who failed may sit a make-up (actual: ${latest ? latest.grade : 'not assessed'})`,
      limit: Grade.fail,
      actual: latest ? latest.grade : 'none',
      field: 'makeUp',
    }]);
  if (latest.attempt > MAKE_UP_ATTEMPTS)
    throw new RuleViolations([{
      rule: 'C-8',
      messageZh: `补考只有 ${MAKE_UP_ATTEMPTS} 次（实际 已考 ${latest.attempt} 次）`,
      messageEn: `only ${MAKE_UP_ATTEMPTS} make-up is allowed (actual: ${latest.attempt} attempts taken)`,
      limit: MAKE_UP_ATTEMPTS + 1,
      actual: latest.attempt + 1,
      field: 'makeUp',
    }]);
  return latest.attempt + 1;
}
