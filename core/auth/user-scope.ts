import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { inRegion, regionLike } from '../db/region-scope.js';
import { Expert, Institution, Teacher } from '../entities/index.js';
import type { Actor, Role } from './actor.js';
import type { ScopeFn } from './scope.js';

/** The scope a role binding carries, as written in grantRole. */
export interface BindingScope {
  role: Role;
  regionId?: string | null;
  institutionId?: number | null;
  teacherId?: number | null;
  expertId?: number | null;
}

/** Where a binding sits: its region and its institution, looked up from what it points at. */
async function placeOf(em: EntityManager, b: BindingScope): Promise<{ regionId: string | null; institutionId: number | null }> {
  if (b.role === 'bureau') return { regionId: b.regionId ?? null, institutionId: null };
  if (b.role === 'school' || b.role === 'institution') {
    const inst = b.institutionId ? await em.getRepository(Institution).findOneBy({ id: b.institutionId }) : null;
    return { regionId: inst?.regionId ?? null, institutionId: inst?.id ?? null };
  }
  if (b.role === 'teacher') {
    const t = b.teacherId ? await em.getRepository(Teacher).findOneBy({ id: b.teacherId }) : null;
    return { regionId: t?.regionId ?? null, institutionId: t?.schoolId ?? null };
  }
  if (b.role === 'expert') {
    const e = b.expertId ? await em.getRepository(Expert).findOneBy({ id: b.expertId }) : null;
    return { regionId: e?.regionId ?? null, institutionId: e?.employerId ?? null };
  }
  return { regionId: null, institutionId: null };
}

/**
 * Whether `actor` may hand out binding `b`: only inside the actor's own scope, and never a
 * role above it — a district bureau creates school admins for its district's schools, never
 * a province bureau; a school admin manages its own teachers and colleagues.
 */
export async function mayGrant(em: EntityManager, actor: Actor, b: BindingScope): Promise<boolean> {
  if (actor.role === 'platform') return true;
  if (b.role === 'platform') return false;
  const place = await placeOf(em, b);
  if (!place.regionId) return false;
  switch (actor.role) {
    case 'bureau':
      return !!actor.regionId && inRegion(place.regionId, actor.regionId);
    case 'school':
      return (b.role === 'school' || b.role === 'teacher') && place.institutionId === actor.institutionId;
    case 'institution':
      return (b.role === 'institution' || b.role === 'expert') && place.institutionId === actor.institutionId;
    default:
      return false;
  }
}

/** Users visible to an administrator: those holding at least one binding inside its scope. */
export const userScope: ScopeFn = (qb: SelectQueryBuilder<ObjectLiteral>, actor: Actor, r = 'r') => {
  if (actor.role === 'platform') return;
  if (actor.role === 'bureau') {
    qb.andWhere(
      `${r}.id IN (SELECT ub.userId FROM role_binding ub WHERE ub.regionId LIKE :scopeRegion
        OR ub.institutionId IN (SELECT ui.id FROM institution ui WHERE ui.regionId LIKE :scopeRegion)
        OR ub.teacherId IN (SELECT ut.id FROM teacher ut WHERE ut.regionId LIKE :scopeRegion)
        OR ub.expertId IN (SELECT ue.id FROM expert ue WHERE ue.regionId LIKE :scopeRegion))`,
      { scopeRegion: regionLike(actor.regionId ?? '-') },
    );
    return;
  }
  if (actor.role === 'school' || actor.role === 'institution') {
    qb.andWhere(
      `${r}.id IN (SELECT ub.userId FROM role_binding ub WHERE ub.institutionId = :scopeInst
        OR ub.teacherId IN (SELECT ut.id FROM teacher ut WHERE ut.schoolId = :scopeInst)
        OR ub.expertId IN (SELECT ue.id FROM expert ue WHERE ue.employerId = :scopeInst))`,
      { scopeInst: actor.institutionId ?? -1 },
    );
    return;
  }
  qb.andWhere(`${r}.id = :scopeUser`, { scopeUser: actor.userId ?? -1 });
};
