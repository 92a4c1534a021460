// ZJ-17 (POLICY.md): training at an institution without a qualification counts only with the
// school's prior approval (a ZjCreditException). External credits check it in the
// zhejiang.externalCredit form; class credits here, as the waiver of the core's C-5.
import { IsNull } from 'typeorm';
import type { WaiverCheck } from '../../../core/plugin-host/types.js';
import { ZjCreditException } from '../entities/index.js';
import type { ZhejiangOptions } from '../options.js';

/** An approval covers a training when it names the institution, was given by the start date and is not used yet. */
export function approvalCovers(a: ZjCreditException, training: { institutionName?: string; startDate: string }): boolean {
  return a.creditRecordId === null && a.approvedOn <= training.startDate && a.startDate <= training.startDate
    && (training.institutionName === undefined || a.institutionName.trim() === training.institutionName.trim());
}

/** ZJ-17 at class credits: C-5 waived for a trainee whose school approved this institution's training beforehand. */
export const priorApprovalWaiver: WaiverCheck<'C-5', ZhejiangOptions> = async ({ input, em }) => {
  const repo = em.getRepository(ZjCreditException);
  const candidates = await repo.find({ where: { teacherId: input.teacherId, creditRecordId: IsNull() }, order: { id: 'ASC' } });
  const approval = candidates.find((a) => approvalCovers(a, input));
  if (!approval) return null;
  return {
    rule: 'ZJ-17',
    evidence: `学校事先审批 ${approval.id}（${approval.institutionName}，${approval.approvedOn} 批准）`,
    // One approval, one registration: taken only if still unused (a concurrent grant elsewhere loses).
    applied: async (recordId) => {
      const r = await repo.update({ id: approval.id, creditRecordId: IsNull() }, { creditRecordId: recordId });
      if (r.affected !== 1) throw new Error(`ZJ-17: approval ${approval.id} was used meanwhile`);
    },
  };
};
