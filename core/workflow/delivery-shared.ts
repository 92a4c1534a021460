import type { EntityManager } from 'typeorm';
import type { Actor, Role } from '../auth/actor.js';
import { Cycle } from '../entities/index.js';
import { AppError, forbidden } from '../graphql/errors.js';

/**
 * Small helpers shared by the delivery workflows (attendance, assessment, credits, cycle
 * audit, evaluations, institution performance).
 */

/** Throws FORBIDDEN unless the actor has one of the roles (the platform operator always may). */
export function requireRole(actor: Actor, roles: Role[], zh?: string, en?: string): void {
  if (actor.role === 'platform') return;
  if (!roles.includes(actor.role)) throw forbidden(zh, en);
}

/** A unique-index violation on either dialect (so callers can treat "already there" as a result). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = err?.driverError?.code ?? err?.code;
  const errno = err?.driverError?.errno ?? err?.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Decimal sums come back as strings from MySQL; hours and credits keep one decimal. */
export const round1 = (v: unknown): number => Math.round(Number(v ?? 0) * 10) / 10;

/** 'YYYY-MM-DD' (or a Date) → year. */
export const yearOf = (date: string | Date): number =>
  typeof date === 'string' ? Number(date.slice(0, 4)) : date.getUTCFullYear();

/** The five-year cycle (C-2) containing a year; a clear error when none is defined. */
export async function cycleForYear(em: EntityManager, year: number): Promise<Cycle> {
  const cycle = await em
    .getRepository(Cycle)
    .createQueryBuilder('c')
    .where('c.startYear <= :year AND c.endYear >= :year', { year })
    .orderBy('c.startYear', 'DESC')
    .getOne();
  if (!cycle)
    throw new AppError('BAD_USER_INPUT', `没有包含 ${year} 年的继续教育周期，请先建立周期`, `No continuing-education cycle contains the year ${year}`, {
      field: 'year', actual: year,
    });
  return cycle;
}

export const today = (): string => new Date().toISOString().slice(0, 10);
