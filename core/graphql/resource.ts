import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder, EntityManager } from 'typeorm';
import type { Actor, Role } from '../auth/actor.js';
import type { ScopeFn } from '../auth/scope.js';
import { inTransaction } from '../db/transaction.js';
import { regionLike } from '../db/region-scope.js';
import type { Context } from './context.js';
import { AppError, badInput, forbidden, notFound } from './errors.js';

/**
 * react-admin style resources from one declaration: `allX`, `_allXMeta`, `X(id)`,
 * `createX`, `updateX`, `deleteX`, each reading and writing only inside the actor's scope.
 */

type EntityClass<T extends ObjectLiteral = ObjectLiteral> = new () => T;
type GqlType = () => unknown;


export interface FilterField {
  type: GqlType;
  /** eq (default): column = value; region: column in the region subtree; range: adds _gte/_lte. */
  kind?: 'eq' | 'region' | 'range';
  column?: string;
}

export interface RelationSpec {
  type: () => EntityClass;
  /** Column on this entity holding the related id. */
  key: string;
}

export interface ChildrenSpec {
  type: () => EntityClass;
  /** Column on the child pointing back here. */
  foreignKey: string;
  orderBy?: string;
}

export interface ResourceConfig<T extends ObjectLiteral> {
  entity: EntityClass<T>;
  /** GraphQL type name, e.g. 'Teacher'. */
  name: string;
  plural: string;
  labelZh: string;
  filters?: Record<string, FilterField>;
  /** Columns searched by the free-text filter `q` (prefix match on the first, substring on others). */
  search?: string[];
  scope: ScopeFn;
  relations?: Record<string, RelationSpec>;
  children?: Record<string, ChildrenSpec>;
  /** Roles that may create/update/delete through the generic mutations (scope still applies). */
  writeRoles?: Role[];
  createInput?: Function;
  updateInput?: Function;
  /** Custom write paths; default copies the input onto the entity. */
  beforeWrite?: (em: EntityManager, data: Partial<T>, ctx: Context, existing?: T) => Promise<Partial<T>> | Partial<T>;
  afterWrite?: (em: EntityManager, saved: T, ctx: Context, before?: T) => Promise<void> | void;
  deletable?: boolean;
  defaultSort?: { field: string; order: 'ASC' | 'DESC' };
}

@ObjectType()
export class ListMetadata {
  @Field(() => Int)
  count!: number;
}

export function requireActor(ctx: Context): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', '请先登录', 'Please log in');
  return ctx.actor;
}

export function scopedQuery<T extends ObjectLiteral>(em: EntityManager, cfg: ResourceConfig<T>, actor: Actor): SelectQueryBuilder<T> {
  const qb = em.getRepository(cfg.entity).createQueryBuilder('r');
  cfg.scope(qb as unknown as SelectQueryBuilder<ObjectLiteral>, actor);
  return qb;
}

/** Loads one record inside the actor's scope; out of scope reads as not found. */
export async function findScoped<T extends ObjectLiteral>(
  em: EntityManager,
  cfg: ResourceConfig<T>,
  actor: Actor,
  id: string | number,
  lock = false,
): Promise<T> {
  const qb = scopedQuery(em, cfg, actor).andWhere('r.id = :id', { id });
  if (lock && em.connection.options.type === 'mysql') qb.setLock('pessimistic_write');
  const row = await qb.getOne();
  if (!row) throw notFound(cfg.labelZh, id);
  return row;
}

function buildFilterInput(cfg: ResourceConfig<ObjectLiteral>): Function {
  const Filter = { [`${cfg.name}Filter`]: class {} }[`${cfg.name}Filter`]!;
  const field = (name: string, type: GqlType) => Field(type as never, { nullable: true })(Filter.prototype, name);
  field('ids', () => [ID]);
  field('q', () => String);
  for (const [name, spec] of Object.entries(cfg.filters ?? {})) {
    if (spec.kind === 'range') {
      field(`${name}_gte`, spec.type);
      field(`${name}_lte`, spec.type);
    } else field(name, spec.type);
  }
  InputType(`${cfg.name}Filter`)(Filter);
  return Filter;
}

let paramSeq = 0;
function applyFilter(qb: SelectQueryBuilder<ObjectLiteral>, cfg: ResourceConfig<ObjectLiteral>, filter: Record<string, unknown> | undefined) {
  if (!filter) return;
  const p = () => `f${paramSeq++ % 1_000_000}`;
  if (Array.isArray(filter.ids)) {
    if (filter.ids.length === 0) qb.andWhere('1 = 0');
    else {
      const k = p();
      qb.andWhere(`r.id IN (:...${k})`, { [k]: filter.ids });
    }
  }
  if (typeof filter.q === 'string' && filter.q.trim() && cfg.search?.length) {
    const k = p();
    const term = filter.q.trim().replace(/[%_\\]/g, (c) => `\\${c}`);
    const [first, ...rest] = cfg.search;
    const ors = [`r.${first} LIKE :${k}pre ESCAPE '\\'`, ...rest.map((c) => `r.${c} LIKE :${k}any ESCAPE '\\'`)];
    qb.andWhere(`(${ors.join(' OR ')})`, { [`${k}pre`]: `${term}%`, [`${k}any`]: `%${term}%` });
  }
  for (const [name, spec] of Object.entries(cfg.filters ?? {})) {
    const column = `r.${spec.column ?? name}`;
    if (spec.kind === 'range') {
      for (const [suffix, op] of [['_gte', '>='], ['_lte', '<=']] as const) {
        const v = filter[`${name}${suffix}`];
        if (v === undefined || v === null) continue;
        const k = p();
        qb.andWhere(`${column} ${op} :${k}`, { [k]: v });
      }
      continue;
    }
    const v = filter[name];
    if (v === undefined || v === null) continue;
    const k = p();
    if (spec.kind === 'region') qb.andWhere(`${column} LIKE :${k}`, { [k]: regionLike(String(v)) });
    else qb.andWhere(`${column} = :${k}`, { [k]: v });
  }
}

function applySort(qb: SelectQueryBuilder<ObjectLiteral>, cfg: ResourceConfig<ObjectLiteral>, sortField?: string | null, sortOrder?: string | null) {
  const columns = new Set(qb.expressionMap.mainAlias!.metadata.columns.map((c) => c.propertyName));
  const field = sortField ?? cfg.defaultSort?.field ?? 'id';
  if (!columns.has(field)) throw badInput(`不能按 ${field} 排序`, `Cannot sort by ${field}`, 'sortField');
  const order = (sortOrder ?? cfg.defaultSort?.order ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
  qb.orderBy(`r.${field}`, order);
  if (field !== 'id') qb.addOrderBy('r.id', order);
}

export function checkPage(ctx: Context, page?: number | null, perPage?: number | null): { skip: number; take: number } {
  const take = perPage ?? 25;
  const max = ctx.config.maxPageSize;
  if (take < 1 || take > max)
    throw new AppError('BAD_USER_INPUT', `每页条数须在 1 到 ${max} 之间（实际 ${take}）`, `perPage must be between 1 and ${max} (got ${take})`, { limit: max, actual: take, field: 'perPage' });
  const pageIndex = page ?? 0;
  if (pageIndex < 0) throw badInput('页码不能为负', 'page must not be negative', 'page');
  return { skip: pageIndex * take, take };
}

function canWrite(cfg: ResourceConfig<ObjectLiteral>, actor: Actor) {
  if (actor.role === 'platform') return;
  if (!cfg.writeRoles?.includes(actor.role)) throw forbidden();
}

function stripUndefined<T extends object>(data: T): Partial<T> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Builds the type-graphql resolver classes for one resource. */
export function resourceResolvers<T extends ObjectLiteral>(config: ResourceConfig<T>): Function[] {
  const cfg = config as unknown as ResourceConfig<ObjectLiteral>;
  const Entity = cfg.entity;
  const Filter = buildFilterInput(cfg);

  @Resolver(() => Entity)
  class ReadResolver {
    @Query(() => [Entity], { name: `all${cfg.plural}`, description: `${cfg.labelZh}列表` })
    async list(
      @Ctx() ctx: Context,
      @Arg('page', () => Int, { nullable: true }) page?: number,
      @Arg('perPage', () => Int, { nullable: true }) perPage?: number,
      @Arg('sortField', () => String, { nullable: true }) sortField?: string,
      @Arg('sortOrder', () => String, { nullable: true }) sortOrder?: string,
      @Arg('filter', () => Filter, { nullable: true }) filter?: Record<string, unknown>,
    ) {
      const actor = requireActor(ctx);
      const { skip, take } = checkPage(ctx, page, perPage);
      const qb = scopedQuery(ctx.ds.manager, cfg, actor);
      applyFilter(qb, cfg, filter);
      applySort(qb, cfg, sortField, sortOrder);
      return qb.offset(skip).limit(take).getMany();
    }

    @Query(() => ListMetadata, { name: `_all${cfg.plural}Meta` })
    async meta(@Ctx() ctx: Context, @Arg('filter', () => Filter, { nullable: true }) filter?: Record<string, unknown>) {
      const actor = requireActor(ctx);
      const qb = scopedQuery(ctx.ds.manager, cfg, actor);
      applyFilter(qb, cfg, filter);
      return { count: await qb.getCount() };
    }

    @Query(() => Entity, { name: cfg.name, nullable: true })
    async one(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
      const actor = requireActor(ctx);
      return scopedQuery(ctx.ds.manager, cfg, actor).andWhere('r.id = :id', { id }).getOne();
    }
  }
  const resolvers: Function[] = [ReadResolver];

  for (const [field, rel] of Object.entries(cfg.relations ?? {})) {
    @Resolver(() => Entity)
    class RelationResolver {
      @FieldResolver(() => rel.type(), { name: field, nullable: true })
      async related(@Root() row: ObjectLiteral, @Ctx() ctx: Context) {
        const id = row[rel.key];
        return id === null || id === undefined ? null : ctx.loaders.one(rel.type()).load(id);
      }
    }
    resolvers.push(RelationResolver);
  }
  for (const [field, spec] of Object.entries(cfg.children ?? {})) {
    @Resolver(() => Entity)
    class ChildrenResolver {
      @FieldResolver(() => [spec.type()], { name: field })
      async children(@Root() row: ObjectLiteral, @Ctx() ctx: Context) {
        return ctx.loaders.many(spec.type(), spec.foreignKey, spec.orderBy).load(row.id);
      }
    }
    resolvers.push(ChildrenResolver);
  }

  if (cfg.createInput) {
    const Input = cfg.createInput;
    @Resolver(() => Entity)
    class CreateResolver {
      @Mutation(() => Entity, { name: `create${cfg.name}` })
      async create(@Ctx() ctx: Context, @Arg('data', () => Input) data: Record<string, unknown>) {
        const actor = requireActor(ctx);
        canWrite(cfg, actor);
        return inTransaction(ctx.ds, async (em) => {
          let values = stripUndefined({ ...data });
          if (cfg.beforeWrite) values = await cfg.beforeWrite(em, values, ctx);
          const saved = await em.getRepository(Entity).save(em.getRepository(Entity).create(values));
          // The new record must land inside the creator's scope, checked by the same SQL as reads.
          await findScoped(em, cfg, actor, saved.id).catch(() => {
            throw forbidden('不能在您的管辖范围之外创建记录', 'Cannot create a record outside your scope');
          });
          await cfg.afterWrite?.(em, saved, ctx);
          return saved;
        });
      }
    }
    resolvers.push(CreateResolver);
  }
  if (cfg.updateInput) {
    const Input = cfg.updateInput;
    @Resolver(() => Entity)
    class UpdateResolver {
      @Mutation(() => Entity, { name: `update${cfg.name}` })
      async update(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('data', () => Input) data: Record<string, unknown>) {
        const actor = requireActor(ctx);
        canWrite(cfg, actor);
        return inTransaction(ctx.ds, async (em) => {
          const existing = await findScoped(em, cfg, actor, id, true);
          const before = { ...existing };
          let values = stripUndefined({ ...data });
          if (cfg.beforeWrite) values = await cfg.beforeWrite(em, values, ctx, existing);
          const saved = await em.getRepository(Entity).save(Object.assign(existing, values));
          await findScoped(em, cfg, actor, saved.id).catch(() => {
            throw forbidden('不能把记录移出您的管辖范围', 'Cannot move a record outside your scope');
          });
          await cfg.afterWrite?.(em, saved, ctx, before);
          return saved;
        });
      }
    }
    resolvers.push(UpdateResolver);
  }
  if (cfg.deletable) {
    @Resolver(() => Entity)
    class DeleteResolver {
      @Mutation(() => Entity, { name: `delete${cfg.name}` })
      async remove(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
        const actor = requireActor(ctx);
        canWrite(cfg, actor);
        return inTransaction(ctx.ds, async (em) => {
          const existing = await findScoped(em, cfg, actor, id, true);
          const copy = { ...existing };
          await em.getRepository(Entity).delete(existing.id);
          return copy;
        });
      }
    }
    resolvers.push(DeleteResolver);
  }
  return resolvers;
}
