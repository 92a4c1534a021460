import type { DataSource } from 'typeorm';
import { InstitutionKind } from '../entities/enums.js';
import { Expert, Institution, RoleBinding, Teacher, User } from '../entities/index.js';
import { hashPassword } from './password.js';

/** The documented demo password (README); a production start refuses while a demo user is active. */
export const DEMO_PASSWORD = 'Shixun@2026';

/**
 * Demo logins, one per role, bound to records of the demo data. Called by the demo seed
 * only; skipped where a binding's target does not exist.
 */
export async function seedDemoUsers(ds: DataSource): Promise<string[]> {
  const inst = ds.getRepository(Institution);
  const yhSchool = await inst.findOne({ where: { kind: InstitutionKind.school, regionId: '330110' }, order: { id: 'ASC' } });
  const cqSchool = await inst.findOne({ where: { kind: InstitutionKind.school, regionId: '500103' }, order: { id: 'ASC' } });
  const hznu = (await inst.findOneBy({ name: '杭州师范大学' })) ?? (await inst.findOne({ where: { kind: InstitutionKind.university }, order: { id: 'ASC' } }));
  const teacher = yhSchool ? await ds.getRepository(Teacher).findOne({ where: { schoolId: yhSchool.id }, order: { id: 'ASC' } }) : null;
  const expert = await ds.getRepository(Expert).findOne({ where: {}, order: { id: 'ASC' } });
  const plan: [string, string, Partial<RoleBinding> | null][] = [
    ['admin', '平台管理员', { role: 'platform' }],
    ['zj_bureau', '浙江省教育厅', { role: 'bureau', regionId: '330000' }],
    ['hz_bureau', '杭州市教育局', { role: 'bureau', regionId: '330100' }],
    ['yh_bureau', '余杭区教育局', { role: 'bureau', regionId: '330110' }],
    ['cq_bureau', '重庆市教委', { role: 'bureau', regionId: '500000' }],
    ['yh_school', yhSchool?.name ?? '学校管理员', yhSchool ? { role: 'school', institutionId: yhSchool.id } : null],
    ['cq_school', cqSchool?.name ?? '学校管理员', cqSchool ? { role: 'school', institutionId: cqSchool.id } : null],
    ['hznu', hznu?.name ?? '培训机构', hznu ? { role: 'institution', institutionId: hznu.id } : null],
    ['teacher', teacher?.name ?? '教师', teacher ? { role: 'teacher', teacherId: teacher.id } : null],
    ['expert', expert?.name ?? '专家', expert ? { role: 'expert', expertId: expert.id } : null],
  ];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const made: string[] = [];
  await ds.transaction(async (em) => {
    for (const [username, displayName, binding] of plan) {
      if (!binding || (await em.getRepository(User).findOneBy({ username }))) continue;
      const user = await em.getRepository(User).save(
        em.getRepository(User).create({ username, displayName, passwordHash, demo: true, active: true, failedLogins: 0, lockedUntil: null, createdAt: new Date() }),
      );
      await em.getRepository(RoleBinding).insert({ userId: user.id, regionId: null, institutionId: null, teacherId: null, expertId: null, ...binding });
      made.push(username);
    }
  });
  return made;
}
