import {
  Kind, type FieldNode, type GraphQLField, type GraphQLInputType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLOutputType,
  type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { getMetadataStorage as getTypeGraphQLMetadata } from 'type-graphql';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils.js';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata.js';
import type { Context } from './context.js';
import type { EntityClass, RelationSpec, ResourceConfig } from './resource.js';

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

export function listPlan(cfg: ResourceConfig<ObjectLiteral>, em: EntityManager, info: GraphQLResolveInfo): ListPlan {
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
export async function listWithPlan(qb: SelectQueryBuilder<ObjectLiteral>, cfg: ResourceConfig<ObjectLiteral>, plan: ListPlan, ctx: Context, info: GraphQLResolveInfo): Promise<ObjectLiteral[]> {
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
