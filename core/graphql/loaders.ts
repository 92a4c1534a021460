import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral } from 'typeorm';

type EntityClass = new () => ObjectLiteral;

/**
 * Per-request DataLoaders: one batched `WHERE id IN (...)` per entity type and one
 * batched `WHERE fk IN (...)` per child relation, whatever the page size (no N+1).
 */
export class Loaders {
  private byId = new Map<EntityClass, DataLoader<unknown, ObjectLiteral | null>>();
  private byFk = new Map<string, DataLoader<unknown, ObjectLiteral[]>>();

  constructor(private readonly ds: DataSource) {}

  one<T extends ObjectLiteral>(entity: new () => T): DataLoader<unknown, T | null> {
    let loader = this.byId.get(entity);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const rows = await this.ds.getRepository(entity).findBy({ id: In(ids as unknown[]) } as never);
        const map = new Map(rows.map((r) => [String(r.id), r]));
        return ids.map((id) => map.get(String(id)) ?? null);
      });
      this.byId.set(entity, loader);
    }
    return loader as DataLoader<unknown, T | null>;
  }

  many<T extends ObjectLiteral>(entity: new () => T, foreignKey: keyof T & string, orderBy: string = 'id'): DataLoader<unknown, T[]> {
    const key = `${entity.name}.${foreignKey}`;
    let loader = this.byFk.get(key);
    if (!loader) {
      loader = new DataLoader(async (keys) => {
        const rows = await this.ds
          .getRepository(entity)
          .find({ where: { [foreignKey]: In(keys as unknown[]) } as never, order: { [orderBy]: 'ASC' } as never });
        const groups = new Map<string, ObjectLiteral[]>();
        for (const r of rows) {
          const k = String(r[foreignKey]);
          if (!groups.has(k)) groups.set(k, []);
          groups.get(k)!.push(r);
        }
        return keys.map((k) => groups.get(String(k)) ?? []);
      });
      this.byFk.set(key, loader);
    }
    return loader as DataLoader<unknown, T[]>;
  }
}
