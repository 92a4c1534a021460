import DataLoader from 'dataloader';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

type EntityClass = new () => ObjectLiteral;

/**
 * Row-level scope for a loader: adds a WHERE on alias `r` (a resource's ScopeFn bound to the
 * request's actor). `key` names the scope so loaders with and without it stay apart.
 */
export interface LoaderScope {
  key: string;
  apply: (qb: SelectQueryBuilder<ObjectLiteral>) => void;
}

/** Keys per statement; far above any page size, below every driver's parameter limit. */
const MAX_BATCH = 1000;

/**
 * Per-request DataLoaders: one batched `WHERE id IN (...)` per entity type and one
 * batched `WHERE fk IN (...)` per child relation, whatever the page size (no N+1).
 * With a scope, the same single statement also carries the related resource's scope SQL,
 * so a relation never shows a record its reader could not list.
 */
export class Loaders {
  private byId = new Map<string, DataLoader<unknown, ObjectLiteral | null>>();
  private byFk = new Map<string, DataLoader<unknown, ObjectLiteral[]>>();
  private entityKeys = new Map<EntityClass, string>();
  /** Records read with a list's own statement (`prime`), readable without a promise. */
  private known = new Map<string, Map<string, ObjectLiteral | null>>();

  constructor(private readonly ds: DataSource) {}

  /** Distinguishes entities that share a class name (a plugin's and the core's). */
  private entityKey(entity: EntityClass): string {
    let k = this.entityKeys.get(entity);
    if (!k) {
      k = `${entity.name}#${this.entityKeys.size}`;
      this.entityKeys.set(entity, k);
    }
    return k;
  }

  one<T extends ObjectLiteral>(entity: new () => T, scope?: LoaderScope): DataLoader<unknown, T | null> {
    const key = `${this.entityKey(entity)}|${scope?.key ?? ''}`;
    let loader = this.byId.get(key);
    if (!loader) {
      loader = new DataLoader(
        async (ids) => {
          const qb = this.ds.getRepository(entity).createQueryBuilder('r').where('r.id IN (:...loaderIds)', { loaderIds: [...ids] });
          scope?.apply(qb as unknown as SelectQueryBuilder<ObjectLiteral>);
          const rows = await qb.getMany();
          const map = new Map(rows.map((r) => [String(r.id), r]));
          return ids.map((id) => map.get(String(id)) ?? null);
        },
        { maxBatchSize: MAX_BATCH, cacheKeyFn: (id) => String(id) },
      );
      this.byId.set(key, loader);
    }
    return loader as DataLoader<unknown, T | null>;
  }

  /**
   * Records the list statement already read (a to-one relation joined into it): the unscoped
   * `one(entity)` loader answers them from its cache, and `peek` without a promise.
   */
  prime(entity: EntityClass, id: unknown, row: ObjectLiteral | null): void {
    const key = this.entityKey(entity);
    let known = this.known.get(key);
    if (!known) this.known.set(key, (known = new Map()));
    known.set(String(id), row);
    this.one(entity).prime(id, row);
  }

  /** The record `prime` gave for this id (null: none), or undefined when it was not primed. */
  peek(entity: EntityClass, id: unknown): ObjectLiteral | null | undefined {
    return this.known.get(this.entityKey(entity))?.get(String(id));
  }

  many<T extends ObjectLiteral>(
    entity: new () => T,
    foreignKey: keyof T & string,
    orderBy: string = 'id',
    scope?: LoaderScope,
  ): DataLoader<unknown, T[]> {
    const key = `${this.entityKey(entity)}.${foreignKey}|${orderBy}|${scope?.key ?? ''}`;
    let loader = this.byFk.get(key);
    if (!loader) {
      loader = new DataLoader(
        async (keys) => {
          const qb = this.ds
            .getRepository(entity)
            .createQueryBuilder('r')
            .where(`r.${foreignKey} IN (:...loaderKeys)`, { loaderKeys: [...keys] })
            .orderBy(`r.${orderBy}`, 'ASC');
          if (orderBy !== 'id') qb.addOrderBy('r.id', 'ASC');
          scope?.apply(qb as unknown as SelectQueryBuilder<ObjectLiteral>);
          const rows = await qb.getMany();
          const groups = new Map<string, ObjectLiteral[]>();
          for (const r of rows) {
            const k = String(r[foreignKey]);
            if (!groups.has(k)) groups.set(k, []);
            groups.get(k)!.push(r);
          }
          return keys.map((k) => groups.get(String(k)) ?? []);
        },
        { maxBatchSize: MAX_BATCH, cacheKeyFn: (k) => String(k) },
      );
      this.byFk.set(key, loader);
    }
    return loader as DataLoader<unknown, T[]>;
  }
}
