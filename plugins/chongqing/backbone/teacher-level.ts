import type { EntityManager } from 'typeorm';
import { BackboneLevel } from '../../../core/entities/enums.js';
import { Teacher, TeacherChange } from '../../../core/entities/index.js';

/**
 * BB-1: a designation sets the teacher's backbone level on the core Teacher record, as a new
 * version with its TeacherChange row (C-14: never changed silently).
 */
export async function setTeacherBackboneLevel(em: EntityManager, teacherId: number, level: BackboneLevel, actorId: string): Promise<void> {
  const teacher = await em.getRepository(Teacher).findOneByOrFail({ id: teacherId });
  if (teacher.backboneLevel === level) return;
  const version = teacher.version + 1;
  await em.getRepository(Teacher).update({ id: teacher.id }, { backboneLevel: level, version });
  await em.getRepository(TeacherChange).insert({
    teacherId: teacher.id, version, actor: actorId, at: new Date(),
    before: JSON.stringify({ backboneLevel: teacher.backboneLevel }), after: JSON.stringify({ backboneLevel: level }),
  });
}
