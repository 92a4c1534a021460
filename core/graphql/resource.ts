import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder, EntityManager } from 'typeorm';
import type { Actor, Role } from '../auth/actor.js';
import type { ScopeFn } from '../auth/scope.js';
import { inTransaction } from '../db/transaction.js';
import { regionLike, regionPrefix } from '../db/region-scope.js';
import type { Context } from './context.js';
import { AppError, badInput, forbidden, notFound } from './errors.js';
import type { LoaderScope } from './loaders.js';
import { listPlan, listWithPlan } from './list-plan.js';
import { noArgValidation } from './validate-args.js';

/**
 * react-admin style resources from one declaration: `allX`, `_allXMeta`, `X(id)`,
 * `createX`, `updateX`, `deleteX`, each reading and writing only inside the actor's scope.
 */

export type EntityClass<T extends ObjectLiteral = ObjectLiteral> = new () => T;
type GqlType = () => unknown;


export interface FilterField {
  type: GqlType;
  /** eq (default): column = value; region: column in the region subtree; range: adds _gte/_lte. */
  kind?: 'eq' | 'region' | 'range';
  column?: string;
  /**
   * A condition in SQL on alias `r` using the parameter `:v` instead of `column = value`,
   * e.g. a subquery (`r.projectId IN (SELECT p.id FROM project p WHERE p.subject = :v)`).
   * With kind 'region', `:v` is the subtree's LIKE pattern.
   */
  where?: string;
}

/**
 * A to-one relation. The related record is shown to whoever may read this one (an
 * enrollment's class, a class's project): it is part of the record. `scoped: true` applies
 * the related resource's own read scope instead (null when the reader may not list it).
 */
export interface RelationSpec {
  type: () => EntityClass;
  /** Column on this entity holding the related id. */
  key: string;
  scoped?: boolean;
}

/**
 * A to-many relation, always read through the child resource's scope (a school admin
 * looking at a class sees its own teachers' enrollments, not everyone's).
 */
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
  /**
   * Scope for writes when it is narrower than reads (read-public reference data such as
   * institutions): update/delete load their target with it, and create/update check the
   * written record against it. Defaults to `scope`.
   */
  writeScope?: ScopeFn;
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
  /** Runs in the delete's transaction before the row goes: refuse (throw) or remove dependent rows. */
  beforeDelete?: (em: EntityManager, existing: T, ctx: Context) => Promise<void> | void;
  /** Chinese labels of input fields, used in validation messages (English uses the field name). */
  labels?: Record<string, string>;
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

export function scopedQuery<T extends ObjectLiteral>(em: EntityManager, cfg: ResourceConfig<T>, actor: Actor, scope: ScopeFn = cfg.scope): SelectQueryBuilder<T> {
  const qb = em.getRepository(cfg.entity).createQueryBuilder('r');
  scope(qb as unknown as SelectQueryBuilder<ObjectLiteral>, actor);
  return qb;
}

/** Row locks exist on MySQL and MariaDB; SQLite serialises writers (core/db/transaction.ts). */
export function lockRows(em: EntityManager, qb: SelectQueryBuilder<ObjectLiteral>): void {
  if (em.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
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
  if (lock) lockRows(em, qb as unknown as SelectQueryBuilder<ObjectLiteral>);
  const row = await qb.getOne();
  if (!row) throw notFound(cfg.labelZh, id);
  return row;
}
/**
 * Loads one record the actor may write (the resource's `writeScope`, else its `scope`).
 * Out of read scope reads as NOT_FOUND; readable but not writable is FORBIDDEN.
 */
export async function findWritable<T extends ObjectLiteral>(
  em: EntityManager,
  cfg: ResourceConfig<T>,
  actor: Actor,
  id: string | number,
  lock = false,
): Promise<T> {
  if (!cfg.writeScope) return findScoped(em, cfg, actor, id, lock);
  const qb = scopedQuery(em, cfg, actor, cfg.writeScope).andWhere('r.id = :id', { id });
  if (lock) lockRows(em, qb as unknown as SelectQueryBuilder<ObjectLiteral>);
  const row = await qb.getOne();
  if (row) return row;
  await findScoped(em, cfg, actor, id);
  throw forbidden(`无权修改该${cfg.labelZh}（不在您的管辖范围内）`, `You may not change this ${cfg.name}: it is outside your scope`);
}

async function inWriteScope(em: EntityManager, cfg: ResourceConfig<ObjectLiteral>, actor: Actor, id: unknown): Promise<boolean> {
  const qb = scopedQuery(em, cfg, actor, cfg.writeScope ?? cfg.scope).andWhere('r.id = :id', { id });
  return (await qb.getCount()) > 0;
}

// ---------------------------------------------------------------------------------------------
// Input validation: class-validator constraints, reported as BAD_USER_INPUT in both languages.

/** Chinese labels of fields common to many inputs; a resource's `labels` override them. */
const FIELD_LABELS: Record<string, string> = {
  id: '编号', name: '名称', code: '代码', kind: '类别', level: '级别', parentId: '上级', regionId: '行政区划',
  institutionId: '机构', schoolId: '学校', projectId: '培训项目', classId: '班期', expertId: '专家', employerId: '工作单位',
  stage: '学段', subject: '学科', status: '状态', statusReason: '状态说明', rural: '乡村', isPrivate: '民办',
  startDate: '开始日期', endDate: '结束日期', validFrom: '生效日期', validTo: '失效日期', date: '日期',
  startYear: '起始年份', endYear: '结束年份', capacity: '容量', venue: '地点', hours: '学时', credits: '学分',
  onlineCredits: '线上学分', totalFee: '总费用', amount: '金额', title: '标题', seq: '序号', tags: '主题标签',
  description: '说明', category: '类别', mode: '培训方式', leadExpertId: '项目负责人', trainerExpertId: '授课专家',
  curriculumItemId: '课程', role: '角色', degree: '学历', birthDate: '出生日期', phone: '电话', idNumber: '身份证号',
  trainerCount: '专职培训者人数', bureauLevel: '行政级别', formalStaff: '正式在编', frontLine: '一线教师',
};

const show = (v: unknown) => (typeof v === 'string' ? `“${v}”` : JSON.stringify(v));
const showEn = (v: unknown) => JSON.stringify(v);

/** zh and en message for one failed constraint; `c` are the decorator's arguments. */
function constraintMessage(name: string, c: unknown[], label: string, field: string, value: unknown, fallbackEn: string): [string, string] {
  const got = value === undefined ? '' : `（实际 ${show(value)}）`;
  const gotEn = value === undefined ? '' : ` (got ${showEn(value)})`;
  switch (name) {
    case 'isLength':
      return c[1] === undefined
        ? [`${label}至少 ${c[0]} 个字符${got}`, `${field} must be at least ${c[0]} characters long${gotEn}`]
        : [`${label}长度须在 ${c[0]} 到 ${c[1]} 个字符之间${got}`, `${field} must be ${c[0]} to ${c[1]} characters long${gotEn}`];
    case 'minLength': return [`${label}至少 ${c[0]} 个字符${got}`, `${field} must be at least ${c[0]} characters long${gotEn}`];
    case 'maxLength': return [`${label}最多 ${c[0]} 个字符${got}`, `${field} must be at most ${c[0]} characters long${gotEn}`];
    case 'isNotEmpty': return [`${label}不能为空`, `${field} must not be empty`];
    case 'min': return [`${label}不得小于 ${c[0]}${got}`, `${field} must not be less than ${c[0]}${gotEn}`];
    case 'max': return [`${label}不得大于 ${c[0]}${got}`, `${field} must not be greater than ${c[0]}${gotEn}`];
    case 'isPositive': return [`${label}须大于 0${got}`, `${field} must be greater than 0${gotEn}`];
    case 'isInt': return [`${label}须为整数${got}`, `${field} must be a whole number${gotEn}`];
    case 'isDay': return [`${label}须为有效日期（YYYY-MM-DD）${got}`, `${field} must be a valid date (YYYY-MM-DD)${gotEn}`];
    case 'isIn': {
      const options = (c[0] as unknown[]).join(', ');
      return [`${label}须为以下之一：${options}${got}`, `${field} must be one of: ${options}${gotEn}`];
    }
    case 'matches': return [`${label}格式不正确${got}`, `${field} has an invalid format${gotEn}`];
    case 'arrayMaxSize': return [`${label}最多 ${c[0]} 项`, `${field} must have at most ${c[0]} items`];
    default: return [`${label}不合法${got}`, fallbackEn];
  }
}

export interface InputViolation {
  field: string;
  constraint: string;
  messageZh: string;
  messageEn: string;
}

/**
 * Validates an input object with its class-validator constraints (missing fields are
 * skipped: GraphQL enforces required ones; null is validated, so `@IsOptional()` marks the
 * nullable ones). Throws BAD_USER_INPUT with the first problem as the message, the field,
 * and every problem in `validationErrors`.
 */
export async function validateInput(Input: Function, data: object, labels: Record<string, string> = {}): Promise<void> {
  const instance = data instanceof Input ? data : Object.assign(Object.create(Input.prototype as object) as object, data);
  const errors: ValidationError[] = await validate(instance, { skipUndefinedProperties: true, forbidUnknownValues: false, validationError: { target: false } });
  if (!errors.length) return;
  const metas = getMetadataStorage().getTargetValidationMetadatas(Input, '', true, false);
  const problems: InputViolation[] = [];
  for (const e of errors) {
    for (const [constraint, en] of Object.entries(e.constraints ?? {})) {
      const meta = metas.find((m) => m.propertyName === e.property && (m.name === constraint || m.type === constraint));
      const custom = (e.contexts?.[constraint] ?? {}) as { zh?: string; en?: string };
      const label = labels[e.property] ?? FIELD_LABELS[e.property] ?? e.property;
      const [zh, enMsg] = constraintMessage(constraint, meta?.constraints ?? [], label, e.property, e.value, en);
      // A decorator's own English message (`{ message: '…' }`) says more than the generic one.
      const ownEn = typeof meta?.message === 'string' && meta.message ? meta.message : undefined;
      problems.push({ field: e.property, constraint, messageZh: custom.zh ?? zh, messageEn: custom.en ?? ownEn ?? enMsg });
    }
  }
  const first = problems[0]!;
  throw new AppError('BAD_USER_INPUT', first.messageZh, first.messageEn, { field: first.field, validationErrors: problems });
}

/** An explicit null for a column that cannot be empty is the user's mistake, not a database error. */
function refuseNulls(em: EntityManager, cfg: ResourceConfig<ObjectLiteral>, values: Record<string, unknown>) {
  const columns = em.connection.getMetadata(cfg.entity).columns;
  for (const [k, v] of Object.entries(values)) {
    if (v !== null) continue;
    const col = columns.find((c) => c.propertyName === k);
    if (col && !col.isNullable) {
      const label = cfg.labels?.[k] ?? FIELD_LABELS[k] ?? k;
      throw badInput(`${label}不能为空`, `${k} must not be empty`, k);
    }
  }
}

// ---------------------------------------------------------------------------------------------

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
export function applyFilter(qb: SelectQueryBuilder<ObjectLiteral>, cfg: ResourceConfig<ObjectLiteral>, filter: Record<string, unknown> | undefined) {
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
    // '!' escapes LIKE wildcards the same way on SQLite and MySQL (a backslash is itself an escape in MySQL strings).
    const term = filter.q.trim().replace(/[%_!]/g, (c) => `!${c}`);
    const [first, ...rest] = cfg.search;
    const ors = [`r.${first} LIKE :${k}pre ESCAPE '!'`, ...rest.map((c) => `r.${c} LIKE :${k}any ESCAPE '!'`)];
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
    const value = spec.kind === 'region' ? regionLike(String(v)) : v;
    if (spec.where) qb.andWhere(`(${spec.where.replace(/:v\b/g, `:${k}`)})`, { [k]: value });
    // A district (a full six-digit code, no subtree) is an equality: an index on (region, …, sort
    // column) then serves the page in order instead of sorting the district's rows.
    else if (spec.kind === 'region' && regionPrefix(String(v)).length === 6) qb.andWhere(`${column} = :${k}`, { [k]: String(v) });
    else if (spec.kind === 'region') qb.andWhere(`${column} LIKE :${k}`, { [k]: value });
    else qb.andWhere(`${column} = :${k}`, { [k]: value });
  }
}

function applySort(qb: SelectQueryBuilder<ObjectLiteral>, cfg: ResourceConfig<ObjectLiteral>, sortField?: string | null, sortOrder?: string | null) {
  const columns = new Set(qb.expressionMap.mainAlias!.metadata.columns.map((c) => c.propertyName));
  const field = sortField || cfg.defaultSort?.field || 'id';
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

/** Every resource built so far, by entity: relations read their target through its scope. */
const registry = new Map<Function, ResourceConfig<ObjectLiteral>>();

/** The registered resource of an entity (core or plugin), if any. */
export function resourceOf(entity: Function): ResourceConfig<ObjectLiteral> | undefined {
  return registry.get(entity);
}

/** The loader scope for reading `entity` as the request's actor: its resource's read scope. */
function loaderScope(entity: Function, ctx: Context): LoaderScope | undefined {
  const target = registry.get(entity);
  if (!target) return undefined;
  const actor = ctx.actor;
  if (!actor) return { key: 'anonymous', apply: (qb) => void qb.andWhere('1 = 0') };
  return { key: `scope:${target.name}`, apply: (qb) => target.scope(qb, actor) };
}

/**
 * A resolver class adding one field to `Entity`. type-graphql matches a field resolver to
 * its field by method name, so each generated field gets a method named after it (several
 * classes with the same method name on one type would all answer with the first).
 */
function fieldResolverClass(
  Entity: Function,
  field: string,
  type: () => unknown,
  nullable: boolean,
  resolve: (row: ObjectLiteral, ctx: Context) => unknown,
): Function {
  const name = `${Entity.name}_${field}_FieldResolver`;
  const Cls = { [name]: class {} }[name]!;
  const proto = Cls.prototype as Record<string, unknown>;
  proto[field] = function (row: ObjectLiteral, ctx: Context) {
    return resolve(row, ctx);
  };
  Root()(proto, field, 0);
  Ctx()(proto, field, 1);
  FieldResolver(type as never, { name: field, nullable })(proto, field, Object.getOwnPropertyDescriptor(proto, field)!);
  Resolver(() => Entity)(Cls);
  return Cls;
}

/** Builds the type-graphql resolver classes for one resource. */
export function resourceResolvers<T extends ObjectLiteral>(config: ResourceConfig<T>): Function[] {
  const cfg = config as unknown as ResourceConfig<ObjectLiteral>;
  const Entity = cfg.entity;
  registry.set(Entity, cfg);
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
      @Info() info?: GraphQLResolveInfo,
    ) {
      const actor = requireActor(ctx);
      const { skip, take } = checkPage(ctx, page, perPage);
      const qb = scopedQuery(ctx.ds.manager, cfg, actor);
      applyFilter(qb, cfg, filter);
      applySort(qb, cfg, sortField, sortOrder);
      qb.offset(skip).limit(take);
      const meta = ctx.ds.manager.connection.getMetadata(Entity);
      // TypeORM relations, soft deletes or unselected columns: TypeORM's own reading knows them.
      if (!info || meta.relations.length || meta.deleteDateColumn || meta.columns.some((c) => !c.isSelect)) return qb.getMany();
      return listWithPlan(qb, cfg, listPlan(cfg, ctx.ds.manager, info), ctx, info);
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
    resolvers.push(
      fieldResolverClass(Entity, field, () => rel.type(), true, (row, ctx) => {
        const id = row[rel.key];
        if (id === null || id === undefined) return null;
        const target = rel.type();
        // Joined into the list's statement: the record itself, no promise for GraphQL to wait on.
        const known = rel.scoped ? undefined : ctx.loaders.peek(target, id);
        if (known !== undefined) return known;
        return ctx.loaders.one(target, rel.scoped ? loaderScope(target, ctx) : undefined).load(id);
      }),
    );
  }
  for (const [field, spec] of Object.entries(cfg.children ?? {})) {
    resolvers.push(
      fieldResolverClass(Entity, field, () => [spec.type()], false, async (row, ctx) => {
        const target = spec.type();
        return ctx.loaders.many(target, spec.foreignKey, spec.orderBy, loaderScope(target, ctx)).load(row.id);
      }),
    );
  }

  /** Validation, role, then the resource's own preparation; values as they will be written. */
  const prepare = async (em: EntityManager, Input: Function, data: Record<string, unknown>, ctx: Context, existing?: ObjectLiteral) => {
    await validateInput(Input, data, cfg.labels);
    let values = stripUndefined({ ...data }) as Record<string, unknown>;
    refuseNulls(em, cfg, values);
    if (cfg.beforeWrite) values = (await cfg.beforeWrite(em, values, ctx, existing)) as Record<string, unknown>;
    refuseNulls(em, cfg, values);
    return values;
  };

  if (cfg.createInput) {
    const Input = cfg.createInput;
    @Resolver(() => Entity)
    class CreateResolver {
      @Mutation(() => Entity, { name: `create${cfg.name}`, description: `新建${cfg.labelZh}` })
      async create(@Ctx() ctx: Context, @Arg('data', () => Input, { validate: false, validateFn: noArgValidation }) data: Record<string, unknown>) {
        const actor = requireActor(ctx);
        canWrite(cfg, actor);
        return inTransaction(ctx, async (em) => {
          const values = await prepare(em, Input, data, ctx);
          const repo = em.getRepository(Entity);
          const saved = await repo.save(repo.create(values));
          // The new record must land inside the creator's (write) scope, checked by the same SQL as reads.
          if (!(await inWriteScope(em, cfg, actor, saved.id)))
            throw forbidden('不能在您的管辖范围之外创建记录', 'Cannot create a record outside your scope');
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
      @Mutation(() => Entity, { name: `update${cfg.name}`, description: `修改${cfg.labelZh}` })
      async update(
        @Ctx() ctx: Context,
        @Arg('id', () => ID) id: string,
        @Arg('data', () => Input, { validate: false, validateFn: noArgValidation }) data: Record<string, unknown>,
      ) {
        const actor = requireActor(ctx);
        canWrite(cfg, actor);
        return inTransaction(ctx, async (em) => {
          const existing = await findWritable(em, cfg, actor, id, true);
          const before = { ...existing };
          const values = await prepare(em, Input, data, ctx, existing);
          const saved = await em.getRepository(Entity).save(Object.assign(existing, values));
          if (!(await inWriteScope(em, cfg, actor, saved.id)))
            throw forbidden('不能把记录移出您的管辖范围', 'Cannot move a record outside your scope');
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
      @Mutation(() => Entity, { name: `delete${cfg.name}`, description: `删除${cfg.labelZh}` })
      async remove(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
        const actor = requireActor(ctx);
        canWrite(cfg, actor);
        return inTransaction(ctx, async (em) => {
          const existing = await findWritable(em, cfg, actor, id, true);
          const copy = { ...existing };
          await cfg.beforeDelete?.(em, existing, ctx);
          await em.getRepository(Entity).delete(existing.id);
          return copy;
        });
      }
    }
    resolvers.push(DeleteResolver);
  }
  return resolvers;
}
