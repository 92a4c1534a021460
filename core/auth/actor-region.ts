import type { DataSource } from 'typeorm';
import { Expert, Institution, Teacher } from '../entities/index.js';
import type { Actor } from './actor.js';

/**
 * Gives a school, institution, teacher or expert actor the region of its own record, so
 * scope rules that depend on place (a teacher's catalogue of projects) need no lookup per
 * query. A bureau keeps the region it was granted; the platform has none.
 */
export async function placeActor(ds: DataSource, actor: Actor): Promise<Actor> {
  const { regionId: _given, ...rest } = actor;
  let regionId: string | undefined;
  if (actor.role === 'bureau') regionId = actor.regionId;
  else if ((actor.role === 'school' || actor.role === 'institution') && actor.institutionId)
    regionId = (await ds.getRepository(Institution).findOne({ where: { id: actor.institutionId }, select: { regionId: true } }))?.regionId;
  else if (actor.role === 'teacher' && actor.teacherId)
    regionId = (await ds.getRepository(Teacher).findOne({ where: { id: actor.teacherId }, select: { regionId: true } }))?.regionId;
  else if (actor.role === 'expert' && actor.expertId)
    regionId = (await ds.getRepository(Expert).findOne({ where: { id: actor.expertId }, select: { regionId: true } }))?.regionId;
  return regionId ? { ...rest, regionId } : rest;
}
