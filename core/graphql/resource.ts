import {
  Kind, type FieldNode, type GraphQLField, type GraphQLInputType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLOutputType,
  type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { Arg, Ctx, Field, FieldResolver, getMetadataStorage as getTypeGraphQLMetadata, ID, Info, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import { In, type ObjectLiteral, type SelectQueryBuilder, type EntityManager } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils.js';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';
import type { Actor, Role } from '../auth/actor.js';
import type { ScopeFn } from '../auth/scope.js';
import { inTransaction } from '../db/transaction.js';
import { regionLike, regionPrefix } from '../db/region-scope.js';
import type { Context } from './context.js';
import { AppError, badInput, forbidden, notFound } from './errors.js';
import type { LoaderScope } from './loaders.js';
import { noArgValidation } from './validate-args.js';

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
 * The SQL (and parameters) of a resource's scope per actor, built once per distinct value of
 * what the scope function read. A scope function is a pure function of the actor's fields, so
 * two actors agreeing on every field one build read get the same SQL: a teacher's catalogue
 * depends on their region only, and the thousands of teachers of a district share one entry.
 */
type ScopeBuilds = { reads: (keyof Actor)[][]; sql: Map<string, [string, unknown[]]> };
const scopeBuilds = new WeakMap<object, Map<string, ScopeBuilds>>();
const SCOPE_SQL_MAX = 10_000;

const readKey = (actor: Actor, fields: (keyof Actor)[]) => `${fields.join(',')}|${fields.map((f) => String(actor[f] ?? '')).join('|')}`;

function scopeSelect<T extends ObjectLiteral>(em: EntityManager, cfg: ResourceConfig<T>, actor: Actor): [string, unknown[]] {
  let byDialect = scopeBuilds.get(cfg);
  if (!byDialect) scopeBuilds.set(cfg, (byDialect = new Map()));
  const dialect = `${em.connection.options.type}|${actor.role}`;
  let builds = byDialect.get(dialect);
  if (!builds) byDialect.set(dialect, (builds = { reads: [], sql: new Map() }));
  for (const fields of builds.reads) {
    const hit = builds.sql.get(readKey(actor, fields));
    if (hit) return hit;
  }
  const read = new Set<keyof Actor>(['role']);
  let opaque = false;
  const watched = new Proxy(actor, {
    get: (target, key) => (read.add(key as keyof Actor), target[key as keyof Actor]),
    // A scope that enumerates the actor cannot be keyed by what it read: built every time.
    has: (target, key) => ((opaque = true), key in target),
    ownKeys: (target) => ((opaque = true), Reflect.ownKeys(target)),
  });
  const built = scopedQuery(em, cfg, watched).select('r.id', 'id').getQueryAndParameters() as [string, unknown[]];
  if (opaque) return built;
  const fields = [...read].sort();
  if (!builds.reads.some((f) => f.join() === fields.join())) builds.reads.push(fields);
  if (builds.sql.size >= SCOPE_SQL_MAX) builds.sql.clear();
  builds.sql.set(readKey(actor, fields), built);
  return built;
}

/**
 * `findScoped` for many (actor, id) pairs in two statements, whoever the actors are: the pairs
 * whose actors share a scope (the same SQL and parameters) form one branch of a UNION ALL, each
 * branch being the query findScoped runs (as a derived table, restricted to the branch's ids),
 * so visibility is decided by the same SQL. `out[i]` is the record of `pairs[i]`, or null when
 * it is missing or out of that actor's scope.
 */
export async function findScopedMany<T extends ObjectLiteral>(
  em: EntityManager,
  cfg: ResourceConfig<T>,
  pairs: { actor: Actor; id: number }[],
): Promise<(T | null)[]> {
  const groups = new Map<string, { sql: string; params: unknown[]; ids: Set<number>; k: number }>();
  const groupOf = pairs.map(({ actor, id }) => {
    const [sql, params] = scopeSelect(em, cfg, actor);
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { sql, params, ids: new Set(), k: groups.size }));
    g.ids.add(id);
    return g.k;
  });
  const branches = [...groups.values()];
  const rows: { id: number | string; g: number | string }[] = branches.length
    ? await em.query(
      branches.map((b) => `SELECT s${b.k}.id AS id, ${b.k} AS g FROM (${b.sql}) s${b.k} WHERE s${b.k}.id IN (${[...b.ids].map(() => '?').join(', ')})`).join(' UNION ALL '),
      branches.flatMap((b) => [...b.params, ...b.ids]),
    )
    : [];
  const visible = new Set(rows.map((r) => `${r.g}:${r.id}`));
  const ids = [...new Set(rows.map((r) => Number(r.id)))];
  const loaded = ids.length ? await em.getRepository(cfg.entity).findBy({ id: In(ids) } as never) : [];
  const byId = new Map(loaded.map((row) => [Number(row.id), row]));
  return pairs.map(({ id }, i) => (visible.has(`${groupOf[i]}:${id}`) ? (byId.get(id) ?? null) : null));
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

/**
 * How a list query reads its page, decided from the GraphQL selection of the list's items:
 * the columns the requested fields need, and the to-one relations read in the same statement
 * (LEFT JOIN by key, every column of the related record) whose rows prime the request's
 * DataLoaders, so the relation fields issue no statement of their own.
 *
 * A field needs: its own column when it is a plain column (no middleware, no field resolver);
 * the relation's key for a relation; `id` for children; what a field resolver declared with
 * `preloadInLists` needs (its value is then read by the same statement). Any other field
 * (masked columns, a plugin's field resolver) may read anything: then every column is read,
 * as `getMany` would.
 */
interface ListPlan {
  /** Column property names to read, or null for every column. */
  columns: string[] | null;
  joins: { field: string; rel: RelationSpec; alias: string }[];
  /** Field resolvers read by the list statement itself, with each place the field is selected. */
  preloads: { field: string; spec: ListPreload; nodes: FieldNode[] }[];
}

/**
 * A field resolver of an entity that a list can read in its own statement: `select` gives a
 * SQL expression for one row (a correlated subquery on alias `r`, with its own parameters), or
 * null to leave the field to its resolver (it must then give what the resolver would: same
 * conditions, same read scope); `value` turns the expression's result into the field's value.
 * `needs`: the columns of the row the expression (and the resolver) read.
 *
 * A row read so carries its value, and the field answers with it directly, without running its
 * resolver per row (type-graphql makes every resolver with arguments a promise, per row) —
 * unless the field has middlewares or roles, which always run.
 */
export interface ListPreload {
  needs: string[];
  select: (qb: SelectQueryBuilder<ObjectLiteral>, args: Record<string, unknown>, ctx: Context) => { sql: string; params: ObjectLiteral } | null;
  value: (raw: unknown) => unknown;
}

const listPreloads = new Map<Function, Map<string, ListPreload>>();

/** Declares how lists of `entity` read its field resolver `field` (see ListPreload). */
export function preloadInLists(entity: Function, field: string, spec: ListPreload): void {
  let byField = listPreloads.get(entity);
  if (!byField) listPreloads.set(entity, (byField = new Map()));
  byField.set(field, spec);
}

/** On a row a list read: `field|arguments as JSON` → the preloaded value. */
const PRELOADED = Symbol('listPreloaded');
const answering = new WeakSet<object>();

/**
 * Lets a preloaded field answer from the row: its resolve is wrapped, once per schema, to return
 * the row's value for these arguments when the list read it, and to run the resolver otherwise.
 * Returns false (the resolver always runs) when the field has middlewares or roles.
 */
function answerPreloaded(entity: Function, def: GraphQLField<unknown, unknown>): boolean {
  if (answering.has(def)) return true;
  const meta = getTypeGraphQLMetadata().objectTypes.find((t) => t.target === entity)?.fields?.find((f) => f.schemaName === def.name);
  const resolver = getTypeGraphQLMetadata().fieldResolvers.find((f) => f.getObjectType?.() === entity && f.schemaName === def.name);
  if (!meta || !resolver || (meta.middlewares?.length ?? 0) > 0 || (meta.roles?.length ?? 0) > 0 || (resolver.middlewares?.length ?? 0) > 0 || (resolver.roles?.length ?? 0) > 0) return false;
  const inner = def.resolve;
  if (!inner) return false;
  def.resolve = (root, args, context, info) => {
    const values = (root as { [PRELOADED]?: Map<string, unknown> } | null)?.[PRELOADED];
    if (values) {
      const key = `${def.name}|${JSON.stringify(args)}`;
      if (values.has(key)) return values.get(key);
    }
    return inner(root, args, context, info);
  };
  answering.add(def);
  return true;
}

/** Per schema and entity: the fields that are plain columns (read as `root[field]` and nothing else). */
const plainFieldsBySchema = new WeakMap<GraphQLSchema, Map<Function, Set<string>>>();
const listPlans = new WeakMap<GraphQLSchema, WeakMap<FieldNode, ListPlan>>();

function plainFields(schema: GraphQLSchema, entity: Function, columns: Set<string>): Set<string> {
  let byEntity = plainFieldsBySchema.get(schema);
  if (!byEntity) plainFieldsBySchema.set(schema, (byEntity = new Map()));
  let plain = byEntity.get(entity);
  if (plain) return plain;
  plain = new Set();
  const storage = getTypeGraphQLMetadata();
  const type = storage.objectTypes.find((t) => t.target === entity);
  const resolved = new Set(
    storage.fieldResolvers.filter((f) => f.getObjectType?.() === entity).map((f) => f.schemaName),
  );
  for (const f of type?.fields ?? []) {
    if (f.name !== f.schemaName || !columns.has(f.name) || resolved.has(f.schemaName)) continue;
    if ((f.middlewares?.length ?? 0) > 0 || (f.roles?.length ?? 0) > 0) continue;
    plain.add(f.name);
  }
  byEntity.set(entity, plain);
  return plain;
}

/** The fields selected on the list's items (fragments included; @skip/@include read as selected). */
function selectedFields(info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        const nodes = out.get(sel.name.value);
        if (nodes) nodes.push(sel);
        else out.set(sel.name.value, [sel]);
      }
      else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet);
      else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        walk(info.fragments[sel.name.value]?.selectionSet);
      }
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet);
  return out;
}

function listPlan(cfg: ResourceConfig<ObjectLiteral>, em: EntityManager, info: GraphQLResolveInfo): ListPlan {
  let bySchema = listPlans.get(info.schema);
  if (!bySchema) listPlans.set(info.schema, (bySchema = new WeakMap()));
  const node = info.fieldNodes[0]!;
  let plan = info.fieldNodes.length === 1 ? bySchema.get(node) : undefined;
  if (plan) return plan;
  const meta = em.connection.getMetadata(cfg.entity);
  const columns = new Set(meta.columns.map((c) => c.propertyName));
  const plain = plainFields(info.schema, cfg.entity, columns);
  const need = new Set<string>(['id']);
  let all = false;
  const joins: ListPlan['joins'] = [];
  const preloads: ListPlan['preloads'] = [];
  for (const [field, nodes] of selectedFields(info)) {
    const rel = cfg.relations?.[field];
    const preload = listPreloads.get(cfg.entity)?.get(field);
    if (field === '__typename') continue;
    if (plain.has(field)) need.add(field);
    else if (rel) {
      need.add(rel.key);
      const target = em.connection.getMetadata(rel.type());
      if (!rel.scoped && !target.deleteDateColumn && target.columns.every((c) => c.isSelect) && target.primaryColumns.length === 1 && target.primaryColumns[0]!.propertyName === 'id')
        joins.push({ field, rel, alias: `lj${joins.length}` });
    } else if (cfg.children?.[field]) need.add('id');
    else if (preload) {
      for (const c of preload.needs) need.add(c);
      preloads.push({ field, spec: preload, nodes });
    } else all = true;
  }
  if ([...need].some((c) => !columns.has(c))) all = true;
  plan = { columns: all ? null : [...need], joins, preloads };
  if (info.fieldNodes.length === 1) bySchema.set(node, plan);
  return plan;
}

/**
 * graphql's own helpers (getNamedType, getArgumentValues) check types with `instanceof`, which
 * fails when the schema was built by another copy of the module (ESM and CJS under a test
 * runner): these read the types structurally.
 */
const namedType = (t: GraphQLOutputType | GraphQLInputType): GraphQLNamedType => {
  let x = t as { ofType?: unknown };
  while (x.ofType) x = x.ofType as { ofType?: unknown };
  return x as GraphQLNamedType;
};

/**
 * A field's arguments when each is a scalar or an enum, as its resolver receives them (defaults
 * applied, literals parsed, variables as the executor coerced them); null for any other.
 */
function scalarArgs(def: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const arg of def.args) {
    const type = namedType(arg.type) as GraphQLNamedType & { parseLiteral?: (n: ValueNode, v?: Record<string, unknown>) => unknown };
    if (typeof type.parseLiteral !== 'function') return null;
    const value = node.arguments?.find((a) => a.name.value === arg.name)?.value;
    if (!value) {
      if (arg.defaultValue !== undefined) out[arg.name] = arg.defaultValue;
    } else if (value.kind === Kind.VARIABLE) {
      if (value.name.value in variables) out[arg.name] = variables[value.name.value];
      else if (arg.defaultValue !== undefined) out[arg.name] = arg.defaultValue;
    } else if (value.kind === Kind.NULL) out[arg.name] = null;
    else if (value.kind === Kind.LIST || value.kind === Kind.OBJECT) return null;
    else out[arg.name] = type.parseLiteral(value, variables);
  }
  return out;
}

/** Runs a list query with its plan: one statement for the page and its joined relations. */
async function listWithPlan(qb: SelectQueryBuilder<ObjectLiteral>, cfg: ResourceConfig<ObjectLiteral>, plan: ListPlan, ctx: Context, info: GraphQLResolveInfo): Promise<ObjectLiteral[]> {
  const em = qb.expressionMap.mainAlias!.metadata.connection.manager;
  const driver = em.connection.driver;
  const meta = em.connection.getMetadata(cfg.entity);
  const own = plan.columns ? meta.columns.filter((c) => plan.columns!.includes(c.propertyName)) : meta.columns;
  qb.select(own.map((c) => `r.${c.propertyName}`));
  const joined = plan.joins.map((j) => {
    const target = j.rel.type();
    const tmeta = em.connection.getMetadata(target);
    qb.leftJoin(target, j.alias, `${j.alias}.id = r.${j.rel.key}`).addSelect(j.alias);
    return { ...j, target, tmeta };
  });
  const itemType = namedType(info.returnType) as GraphQLObjectType;
  const extra: { spec: ListPreload; args: Record<string, unknown>; alias: string; key: string }[] = [];
  for (const p of plan.preloads) {
    const def = itemType.getFields()[p.field];
    if (!def || !answerPreloaded(cfg.entity, def)) continue;
    const distinct = new Map<string, Record<string, unknown>>();
    for (const node of p.nodes) {
      const args = scalarArgs(def, node, info.variableValues);
      if (args) distinct.set(JSON.stringify(args), args);
    }
    for (const args of distinct.values()) {
      const sel = p.spec.select(qb, args, ctx);
      if (!sel) continue;
      // Parameters are named: one the statement already has with another value would change it.
      const params = qb.getParameters();
      if (Object.entries(sel.params).some(([k, v]) => k in params && JSON.stringify(params[k]) !== JSON.stringify(v))) continue;
      const alias = `lx${extra.length}`;
      qb.addSelect(sel.sql, alias).setParameters(sel.params);
      extra.push({ spec: p.spec, args, alias, key: `${p.field}|${JSON.stringify(args)}` });
    }
  }
  const raws = await qb.getRawMany<Record<string, unknown>>();
  const hydrate = (m: EntityMetadata, alias: string, cols: ColumnMetadata[], raw: Record<string, unknown>) => {
    const entity = m.create(undefined, { fromDeserializer: true }) as ObjectLiteral;
    for (const c of cols) {
      const v = raw[DriverUtils.buildAlias(driver, undefined, alias, c.databaseName)];
      if (v !== undefined) c.setEntityValue(entity, driver.prepareHydratedValue(v, c));
    }
    return entity;
  };
  const related = joined.map(() => new Map<string, ObjectLiteral>());
  const rows = raws.map((raw) => {
    joined.forEach((j, i) => {
      const id = raw[DriverUtils.buildAlias(driver, undefined, j.alias, j.tmeta.primaryColumns[0]!.databaseName)];
      if (id === null || id === undefined) return;
      const k = String(id);
      if (!related[i]!.has(k)) related[i]!.set(k, hydrate(j.tmeta, j.alias, j.tmeta.columns, raw));
    });
    const row = hydrate(meta, 'r', own, raw);
    if (extra.length) (row as { [PRELOADED]?: Map<string, unknown> })[PRELOADED] = new Map(extra.map((x) => [x.key, x.spec.value(raw[x.alias])]));
    return row;
  });
  // The relation fields load through the same per-request loaders: primed, they issue nothing.
  joined.forEach((j, i) => {
    for (const [k, v] of related[i]!) ctx.loaders.prime(j.target as EntityClass, k, v);
  });
  return rows;
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
        return inTransaction(ctx.ds, async (em) => {
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
        return inTransaction(ctx.ds, async (em) => {
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
        return inTransaction(ctx.ds, async (em) => {
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
