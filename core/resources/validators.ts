import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import { AppError, badInput } from '../graphql/errors.js';

/** A calendar date as the database keeps it: YYYY-MM-DD, and a day that exists. */
export function isDay(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** class-validator constraint `isDay` (messages in core/graphql/resource.ts). */
export function IsDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isDay', validator: { validate: isDay, defaultMessage: () => '$property must be a date (YYYY-MM-DD)' } }, options);
}

/** GraphQL IDs arrive as strings; integer keys are stored as numbers. */
export function toId(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

/** The record must exist (reference check for an id in an input). */
export async function mustExist<T extends ObjectLiteral>(
  em: EntityManager,
  entity: new () => T,
  id: unknown,
  field: string,
  labelZh: string,
): Promise<T> {
  const row = id === null || id === undefined ? null : await em.getRepository(entity).findOneBy({ id } as never);
  if (!row) throw badInput(`${labelZh} ${String(id)} 不存在`, `${field}: ${entity.name} ${String(id)} does not exist`, field);
  return row;
}

/** startDate ≤ endDate (either may be missing). */
export function checkDateOrder(from: string | null | undefined, to: string | null | undefined, fields: [string, string], labels: [string, string]) {
  if (from && to && from > to)
    throw new AppError('BAD_USER_INPUT', `${labels[0]}（${from}）不能晚于${labels[1]}（${to}）`, `${fields[0]} ${from} must not be after ${fields[1]} ${to}`, {
      field: fields[1],
      limit: from,
      actual: to,
    });
}
