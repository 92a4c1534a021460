import type { MiddlewareFn } from 'type-graphql';
import { inRegion } from '../db/region-scope.js';
import type { Context } from '../graphql/context.js';
import type { Actor } from './actor.js';

/** Who manages a teacher's personal data: platform, the bureau over them, their school, themself. */
export function managesTeacher(actor: Actor | null, t: { id: number; schoolId: number; regionId: string }): boolean {
  if (!actor) return false;
  switch (actor.role) {
    case 'platform':
      return true;
    case 'bureau':
      return !!actor.regionId && inRegion(t.regionId, actor.regionId);
    case 'school':
      return actor.institutionId === t.schoolId;
    case 'teacher':
      return actor.teacherId === t.id;
    default:
      return false;
  }
}

const mask = (v: string) => (v.length <= 4 ? '****' : `${v.slice(0, 3)}${'*'.repeat(Math.max(4, v.length - 7))}${v.slice(-4)}`);

/** Field middleware: ID numbers and phone numbers read masked for roles that do not manage the teacher. */
export const maskUnlessManager: MiddlewareFn<Context> = async ({ root, context }, next) => {
  const value = await next();
  if (typeof value !== 'string' || !value) return value;
  return managesTeacher(context.actor, root) ? value : mask(value);
};
