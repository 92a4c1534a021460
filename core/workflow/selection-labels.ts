import { EnrollmentStatus } from '../entities/enums.js';
import { AppError } from '../graphql/errors.js';

/** A selection's status as the refusals name it. */
export const STATUS_LABEL: Record<EnrollmentStatus, { zh: string; en: string }> = {
  [EnrollmentStatus.pending]: { zh: '审核中', en: 'pending' },
  [EnrollmentStatus.approved]: { zh: '已录取', en: 'approved' },
  [EnrollmentStatus.rejected]: { zh: '未通过', en: 'rejected' },
  [EnrollmentStatus.withdrawn]: { zh: '已退选', en: 'withdrawn' },
};

/** The refusal of a second selection of the same class by the same teacher, naming the first. */
export function alreadySelected(existing: { id: number; status: EnrollmentStatus }): AppError {
  const st = STATUS_LABEL[existing.status];
  return new AppError('CONFLICT', `该教师已选过此班期（状态：${st.zh}）`, `This teacher has already selected this class (${st.en})`, { enrollmentId: String(existing.id) });
}
