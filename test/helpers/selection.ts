import { signActor } from '../../core/auth/token.js';
import { makeIdNumber } from '../../core/domain/id-number.js';
import { Gender, ProfessionalTitle, Stage } from '../../core/entities/enums.js';
import { Teacher } from '../../core/entities/index.js';
import type { World } from './fixtures.js';
import type { TestServer } from './server.js';

/**
 * Many teachers at once for the selection tests: multi-row inserts, valid ID numbers
 * (born 1979, sequence = index, so they never clash with buildWorld's teachers).
 */
export async function insertTeachers(w: World, count: number, school: { id: number; regionId: string }, birthDate = '1979-05-05'): Promise<number[]> {
  const repo = w.ds.getRepository(Teacher);
  const ids: number[] = [];
  for (let start = 0; start < count; start += 100) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 100); i++) {
      const gender = i % 2 ? Gender.male : Gender.female; // parity matches, so makeIdNumber keeps sequence i
      rows.push({
        name: `教师${i}`, idNumber: makeIdNumber(school.regionId, birthDate, i, gender), gender, birthDate,
        schoolId: school.id, regionId: school.regionId, stage: Stage.primary, subject: '语文', title: ProfessionalTitle.second,
        hireDate: '2005-09-01', rural: false, isPrivate: false,
      });
    }
    await repo.insert(rows);
    const made = await repo.find({ where: rows.map((r) => ({ idNumber: r.idNumber })), select: { id: true }, order: { id: 'ASC' } });
    ids.push(...made.map((t) => t.id));
  }
  return ids;
}

/** A teacher's token signed directly (no round trip), as the dev login would issue it. */
export function teacherToken(s: TestServer, teacherId: number): Promise<string> {
  return signActor({ id: `dev:teacher:${teacherId}`, role: 'teacher', teacherId }, s.config.tokenSecret);
}
