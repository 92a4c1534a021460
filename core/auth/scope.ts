import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { regionLike } from '../db/region-scope.js';
import type { Actor } from './actor.js';

/**
 * Row-level scope as SQL, one builder per kind of record. Each adds a WHERE on alias `r`;
 * nothing is ever filtered after loading. The column arguments name where the record
 * keeps its region, its school, its institution and its teacher (when it has them).
 */
type Qb = SelectQueryBuilder<ObjectLiteral>;

export interface ScopeColumns {
  region?: string;
  school?: string;
  institution?: string;
  teacher?: string;
  /** SQL (with :iid) selecting this record's ids visible to an institution admin, when not a column. */
  institutionSubquery?: string;
  /** SQL (with :tid) for a teacher, when not a column. */
  teacherSubquery?: string;
  /** SQL (with :eid) for an expert reviewer. */
  expertSubquery?: string;
  /** Visible to everyone logged in (reference data such as regions and cycles). */
  public?: boolean;
}

export const nothing = (qb: Qb) => void qb.andWhere('1 = 0');

/** Adds the actor's row-level scope to a query on `alias`. */
export type ScopeFn = (qb: Qb, actor: Actor, alias?: string) => void;

export function scopeBy(cols: ScopeColumns): ScopeFn {
  return (qb: Qb, actor: Actor, r = 'r'): void => {
    if (cols.public || actor.role === 'platform') return;
    switch (actor.role) {
      case 'bureau':
        if (cols.region && actor.regionId) return void qb.andWhere(`${r}.${cols.region} LIKE :scopeRegion`, { scopeRegion: regionLike(actor.regionId) });
        return nothing(qb);
      case 'school':
        if (cols.school && actor.institutionId) return void qb.andWhere(`${r}.${cols.school} = :scopeSchool`, { scopeSchool: actor.institutionId });
        return nothing(qb);
      case 'institution':
        if (cols.institution && actor.institutionId) return void qb.andWhere(`${r}.${cols.institution} = :scopeInst`, { scopeInst: actor.institutionId });
        if (cols.institutionSubquery && actor.institutionId) return void qb.andWhere(`${r}.id IN (${cols.institutionSubquery})`, { iid: actor.institutionId });
        return nothing(qb);
      case 'teacher':
        if (cols.teacher && actor.teacherId) return void qb.andWhere(`${r}.${cols.teacher} = :scopeTeacher`, { scopeTeacher: actor.teacherId });
        if (cols.teacherSubquery && actor.teacherId) return void qb.andWhere(`${r}.id IN (${cols.teacherSubquery})`, { tid: actor.teacherId });
        return nothing(qb);
      case 'expert':
        if (cols.expertSubquery && actor.expertId) return void qb.andWhere(`${r}.id IN (${cols.expertSubquery})`, { eid: actor.expertId });
        return nothing(qb);
    }
  };
}

let viaSeq = 0;

/**
 * Scope of a child record = scope of its parent: `column IN (SELECT id FROM parent WHERE
 * <parent's scope>)`, so a curriculum item is visible exactly when its project is.
 */
export function scopeVia(column: string, parent: () => { entity: Function; scope: ScopeFn }): ScopeFn {
  return (qb: Qb, actor: Actor, r = 'r'): void => {
    if (actor.role === 'platform') return;
    const p = parent();
    const alias = `s${viaSeq++ % 1000}`;
    const sub = qb.subQuery().select(`${alias}.id`).from(p.entity, alias);
    p.scope(sub as unknown as Qb, actor, alias);
    qb.andWhere(`${r}.${column} IN ${sub.getQuery()}`);
    qb.setParameters(sub.getParameters());
  };
}
