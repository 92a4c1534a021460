import type { EntityManager } from 'typeorm';
import type { Actor } from '../../../core/auth/actor.js';
import { Teacher } from '../../../core/entities/index.js';
import { badInput } from '../../../core/graphql/errors.js';
import { findScoped, resourceOf } from '../../../core/graphql/resource.js';
import { inZhejiang } from '../util.js';

/** A Zhejiang teacher the actor may see (the core Teacher resource's scope; NOT_FOUND otherwise). */
export async function zhejiangTeacher(em: EntityManager, actor: Actor, teacherId: number | string): Promise<Teacher> {
  const teacher = (await findScoped(em, resourceOf(Teacher)!, actor, teacherId)) as Teacher;
  if (!inZhejiang(teacher.regionId)) throw badInput('该教师不在浙江省', 'The teacher is not in Zhejiang', 'teacherId');
  return teacher;
}
