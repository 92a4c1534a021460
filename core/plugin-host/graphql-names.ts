import { getMetadataStorage } from 'type-graphql';
import { coreEntities } from '../entities/index.js';
import type { ObjectLiteral } from 'typeorm';
import { ListMetadata, type ResourceConfig } from '../graphql/resource.js';
import { allResources, coreResolverClasses } from '../graphql/schema.js';
import { PluginConfigError } from './errors.js';
import type { LoadedPlugin } from './types.js';

/**
 * GraphQL names a set of classes brings into the schema, read from type-graphql's metadata
 * before the schema is built, so that a clash is reported as "plugin x: type T is already
 * defined by …" instead of graphql-js's "Schema must contain uniquely named types".
 */
interface Names {
  /** type name → the classes / enum objects / union symbols that define it */
  types: Map<string, Set<unknown>>;
  /** 'Query.plugins', 'Mutation.submitForm' */
  rootFields: Set<string>;
  /** 'Teacher.exampleBadge': fields added to (or declared on) object types */
  typeFields: Set<string>;
}

const empty = (): Names => ({ types: new Map(), rootFields: new Set(), typeFields: new Set() });

function safe<T>(thunk: (() => T) | undefined): T | undefined {
  try {
    return thunk?.();
  } catch {
    return undefined;
  }
}

/** Adds the named types reachable from `roots` (classes, enum objects, union symbols, arrays of them). */
function walkTypes(roots: unknown[], names: Names, recordFields = true): void {
  const s = getMetadataStorage();
  const seen = new Set<unknown>();
  const stack = [...roots];
  while (stack.length) {
    let value = stack.pop();
    while (Array.isArray(value)) value = value[0];
    if (value === undefined || value === null || seen.has(value)) continue;
    seen.add(value);
    let name: string | undefined;
    let walkFields = false;
    if (typeof value === 'function') {
      const meta =
        s.objectTypes.find((t) => t.target === value) ??
        s.inputTypes.find((t) => t.target === value) ??
        s.interfaceTypes.find((t) => t.target === value);
      if (meta) {
        name = meta.name;
        walkFields = true;
      } else if (s.argumentTypes.some((t) => t.target === value)) walkFields = true;
    } else if (typeof value === 'symbol') {
      const u = s.unions.find((x) => x.symbol === value);
      if (u) {
        name = u.name;
        stack.push(...(safe(u.getClassTypes) ?? []));
      }
    } else if (typeof value === 'object') {
      name = s.enums.find((e) => e.enumObj === value)?.name;
    }
    if (name) {
      const set = names.types.get(name) ?? new Set();
      set.add(value);
      names.types.set(name, set);
    }
    if (walkFields) {
      for (const f of s.fields.filter((x) => x.target === value)) {
        if (recordFields && name && s.objectTypes.some((t) => t.target === value)) names.typeFields.add(`${name}.${f.schemaName}`);
        stack.push(safe(f.getType));
      }
    }
  }
}

/** Names from resolver classes: root fields, fields they add to object types, and the types they use. */
function walkResolvers(resolvers: Function[], names: Names, recordFields = true): void {
  const s = getMetadataStorage();
  const mine = (target: Function) => resolvers.some((r) => r === target || Object.prototype.isPrototypeOf.call(target, r));
  const roots: unknown[] = [];
  for (const [root, list] of [['Query', s.queries], ['Mutation', s.mutations], ['Subscription', s.subscriptions]] as const) {
    for (const q of list.filter((x) => mine(x.target))) {
      names.rootFields.add(`${root}.${q.schemaName}`);
      roots.push(safe(q.getReturnType));
    }
  }
  for (const f of s.fieldResolvers.filter((x) => mine(x.target))) {
    const cls = s.resolverClasses.find((r) => r.target === f.target);
    const objectType = safe(cls?.getObjectType);
    const typeName = s.objectTypes.find((t) => t.target === objectType)?.name ?? s.interfaceTypes.find((t) => t.target === objectType)?.name;
    if (typeName) names.typeFields.add(`${typeName}.${f.schemaName}`);
    roots.push(safe(f.getType));
  }
  for (const p of s.params.filter((x) => mine(x.target))) if (p.kind === 'arg' || p.kind === 'args') roots.push(safe(p.getType));
  walkTypes(roots, names, recordFields);
}

/** What the resource generator (core/graphql/resource.ts) makes of a ResourceConfig when the schema is built. */
function walkResources(resources: ResourceConfig<ObjectLiteral>[], names: Names, recordFields = true): void {
  const roots: unknown[] = [];
  for (const cfg of resources) {
    roots.push(cfg.entity, cfg.createInput, cfg.updateInput);
    const filter = `${cfg.name}Filter`;
    names.types.set(filter, new Set([...(names.types.get(filter) ?? []), cfg]));
    for (const q of [`all${cfg.plural}`, `_all${cfg.plural}Meta`, cfg.name]) names.rootFields.add(`Query.${q}`);
    if (cfg.createInput) names.rootFields.add(`Mutation.create${cfg.name}`);
    if (cfg.updateInput) names.rootFields.add(`Mutation.update${cfg.name}`);
    if (cfg.deletable) names.rootFields.add(`Mutation.delete${cfg.name}`);
    if (recordFields) for (const f of [...Object.keys(cfg.relations ?? {}), ...Object.keys(cfg.children ?? {})]) names.typeFields.add(`${cfg.name}.${f}`);
  }
  walkTypes(roots, names, recordFields);
}

/** Everything the core puts in the schema (the same roots as buildAppSchema in core/graphql/schema.ts). */
function coreNames(): Names {
  const names = empty();
  walkResolvers(coreResolverClasses(), names);
  names.types.set('ListMetadata', new Set([ListMetadata]));
  walkResources(allResources(), names);
  walkTypes(coreEntities, names);
  return names;
}

function describe(key: string): string {
  if (key.startsWith('Query.')) return `query "${key.slice(6)}"`;
  if (key.startsWith('Mutation.')) return `mutation "${key.slice(9)}"`;
  if (key.startsWith('Subscription.')) return `subscription "${key.slice(13)}"`;
  return `field ${key}`;
}

/**
 * Refuses a plugin whose GraphQL types, root fields or added fields clash with the core's
 * or an earlier plugin's. A plugin may use (return, take) core types and those of plugins
 * it depends on; it may not define a second type of the same name.
 */
export function assertUniqueGraphqlNames(plugins: LoadedPlugin[]): void {
  assertNames(plugins);
}

/** The root operations (queries, mutations) of a plugin: from its resolvers, and from its resources. */
export function pluginOperations(p: LoadedPlugin): { resolvers: string[]; resources: string[] } {
  const op = (names: Names) => [...names.rootFields].map((k) => k.slice(k.indexOf('.') + 1));
  const fromResolvers = empty();
  walkResolvers(p.resolvers ?? [], fromResolvers, false);
  const fromResources = empty();
  walkResources((p.resources ?? []) as ResourceConfig<ObjectLiteral>[], fromResources, false);
  return { resolvers: op(fromResolvers), resources: op(fromResources) };
}

function assertNames(plugins: LoadedPlugin[]): void {
  const core = coreNames();
  const typeOwner = new Map<string, { owner: string; targets: Set<unknown> }>();
  for (const [name, targets] of core.types) typeOwner.set(name, { owner: 'the core', targets });
  const fieldOwner = new Map<string, string>();
  for (const k of [...core.rootFields, ...core.typeFields]) fieldOwner.set(k, 'the core');

  for (const p of plugins) {
    const names = empty();
    // A plugin's own types are its own, fields included; of others' types it claims only the fields it adds.
    walkResolvers(p.resolvers ?? [], names, false);
    walkResources((p.resources ?? []) as ResourceConfig<ObjectLiteral>[], names, false);
    walkTypes(p.entities ?? [], names, false);
    const who = `plugin "${p.name}"`;
    for (const [name, targets] of names.types) {
      const prior = typeOwner.get(name);
      if (!prior) {
        typeOwner.set(name, { owner: who, targets: new Set(targets) });
        continue;
      }
      for (const t of targets)
        if (!prior.targets.has(t)) throw new PluginConfigError(`${who}: GraphQL type "${name}" is already defined by ${prior.owner}`);
    }
    // Fields of the plugin's own object types are its own; fields it adds to others' types and root fields are claimed.
    const ownTypes = new Set([...names.types.keys()].filter((n) => typeOwner.get(n)?.owner === who));
    for (const key of [...names.rootFields, ...names.typeFields]) {
      if (ownTypes.has(key.split('.')[0]!)) continue;
      const prior = fieldOwner.get(key);
      if (prior && prior !== who) throw new PluginConfigError(`${who}: ${describe(key)} is already defined by ${prior}`);
      fieldOwner.set(key, who);
    }
  }
}
