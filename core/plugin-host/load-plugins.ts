import { Ajv, type ErrorObject } from 'ajv';
import { DefaultNamingStrategy, getMetadataArgsStorage } from 'typeorm';
import { coreMigrations } from '../../migrations/index.js';
import { coreEntities } from '../entities/index.js';
import { PluginConfigError } from './errors.js';
import { formValidator } from './forms.js';
import { assertUniqueGraphqlNames, pluginOperations } from './graphql-names.js';
import type { LoadedPlugin, PluginEntry } from './types.js';

export { PluginConfigError };

export interface LoadedPlugins {
  /** Enabled plugins, dependencies first. */
  list: LoadedPlugin[];
}

const ajv = new Ajv({ allErrors: true, useDefaults: false, strict: false });

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Strapi-style merge: the user's options over the defaults, objects merged key by key. */
export function mergeOptions<T>(defaults: T, user: unknown): T {
  if (!isPlainObject(defaults) || !isPlainObject(user)) return (user === undefined ? defaults : user) as T;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(user)) out[k] = mergeOptions((defaults as Record<string, unknown>)[k], v);
  return out as T;
}

/** One line for the first few option errors: `unknown option "foo"`, `option maxHours must be >= 1`. */
function optionProblem(errors: ErrorObject[]): string {
  const parts = errors.map((e) => {
    const path = e.instancePath.slice(1).replaceAll('/', '.');
    if (e.keyword === 'additionalProperties') {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      return `unknown option "${path ? `${path}.${key}` : key}"`;
    }
    if (e.keyword === 'required') return `option "${[path, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.')}" is required`;
    return `${path ? `option ${path}` : 'options'} ${e.message}`;
  });
  return [...new Set(parts)].slice(0, 3).join('; ');
}

const NAME = /^[a-z][a-z0-9-]*$/;
const REGION = /^\d{6}$/;
const FORM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const naming = new DefaultNamingStrategy();

function tableOf(entity: Function): string | undefined {
  const t = getMetadataArgsStorage().tables.find((x) => x.target === entity);
  return t ? naming.tableName(entity.name, t.name) : undefined;
}

/** TypeORM records a migration by its `name` property (the class name when it has none). */
function migrationName(M: Function): string {
  try {
    return new (M as new () => { name?: string })().name ?? M.name;
  } catch {
    return M.name;
  }
}

function describeEntry(entry: unknown): string | undefined {
  if (typeof entry !== 'function') return undefined;
  try {
    const made = (entry as () => PluginEntry)();
    return made?.definition?.name;
  } catch {
    return undefined;
  }
}

/**
 * Resolves the entries of plugins.config.ts: options merged and validated, duplicates
 * and missing dependencies refused, and a deterministic order (dependencies first, then
 * the order written in the config). Every refusal is a PluginConfigError whose message
 * is one line naming the plugin and the problem.
 */
export function loadPlugins(entries: PluginEntry[]): LoadedPlugins {
  if (!Array.isArray(entries)) throw new PluginConfigError('plugins.config.ts: the default export must be an array of plugins, e.g. [zhejiang({...})]');
  const byName = new Map<string, PluginEntry>();
  entries.forEach((entry, i) => {
    const name = entry?.definition?.name;
    if (!name) {
      const fn = describeEntry(entry);
      throw new PluginConfigError(
        fn
          ? `plugin "${fn}": listed without calling it in plugins.config.ts (write ${fn}() or ${fn}({ ...options }))`
          : `plugins.config.ts: entry ${i + 1} is not a plugin (call the plugin factory, e.g. zhejiang({...}))`,
      );
    }
    if (!NAME.test(name)) throw new PluginConfigError(`plugin "${name}": the name must be lower-case letters, digits and dashes`);
    if (byName.has(name)) throw new PluginConfigError(`plugin "${name}": enabled twice in plugins.config.ts`);
    byName.set(name, entry);
  });

  const ordered: PluginEntry[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (entry: PluginEntry, chain: string[]) => {
    const name = entry.definition.name;
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new PluginConfigError(`plugin "${name}": circular dependency ${[...chain, name].join(' → ')}`);
    state.set(name, 'visiting');
    for (const dep of entry.definition.dependsOn ?? []) {
      const target = byName.get(dep);
      if (!target) throw new PluginConfigError(`plugin "${name}": depends on "${dep}", which is not enabled in plugins.config.ts`);
      visit(target, [...chain, name]);
    }
    state.set(name, 'done');
    ordered.push(entry);
  };
  for (const entry of entries) visit(entry, []);

  const list = ordered.map(({ definition, userOptions }): LoadedPlugin => {
    const who = `plugin "${definition.name}"`;
    if (!Array.isArray(definition.regions) || !definition.regions.length)
      throw new PluginConfigError(`${who}: governs no region (regions: ['330000'], GB/T 2260 codes)`);
    for (const r of definition.regions)
      if (typeof r !== 'string' || !REGION.test(r)) throw new PluginConfigError(`${who}: region "${String(r)}" is not a 6-digit GB/T 2260 code`);

    const options = mergeOptions(definition.defaults, userOptions);
    const validate = ajv.compile({ type: 'object', ...definition.optionsSchema, additionalProperties: false });
    if (!validate(options)) throw new PluginConfigError(`${who}: ${optionProblem(validate.errors ?? [])}`);

    let contribution;
    try {
      contribution = definition.setup(options);
    } catch (e) {
      throw new PluginConfigError(`${who}: setup failed: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
    }
    return {
      ...contribution,
      name: definition.name,
      regions: [...definition.regions],
      dependsOn: definition.dependsOn ?? [],
      options,
    };
  });

  const seen = new Map<string, string>();
  const claim = (kind: string, key: string, owner: string) => {
    const prior = seen.get(`${kind}:${key}`);
    if (prior) throw new PluginConfigError(`plugin "${owner}": ${kind} "${key}" is already defined by ${prior}`);
    seen.set(`${kind}:${key}`, owner === '' ? 'the core' : `plugin "${owner}"`);
  };
  for (const e of coreEntities) {
    claim('entity', e.name, '');
    claim('table', tableOf(e) ?? e.name, '');
  }
  for (const dialect of ['sqlite', 'mysql'] as const) for (const M of coreMigrations[dialect]) claim(`${dialect} migration`, migrationName(M), '');
  for (const p of list) {
    const who = `plugin "${p.name}"`;
    for (const e of p.entities ?? []) {
      const table = tableOf(e);
      if (!table) throw new PluginConfigError(`${who}: entity ${e.name} has no @Entity() decorator`);
      claim('entity', e.name, p.name);
      claim('table', table, p.name);
    }
    for (const dialect of ['sqlite', 'mysql'] as const) {
      for (const M of p.migrations?.[dialect] ?? []) {
        claim(`${dialect} migration`, migrationName(M), p.name);
      }
    }
    for (const f of p.forms ?? []) {
      if (!f?.id || !FORM_ID.test(f.id)) throw new PluginConfigError(`${who}: form id "${String(f?.id)}" must be letters, digits, dots, dashes`);
      claim('form', f.id, p.name);
      if (typeof f.submit !== 'function') throw new PluginConfigError(`${who}: form "${f.id}" has no submit handler`);
      try {
        formValidator(f.schema);
      } catch (e) {
        throw new PluginConfigError(`${who}: form "${f.id}" has an invalid JSON Schema: ${String((e as Error).message).split('\n')[0]}`);
      }
    }
  }
  assertUniqueGraphqlNames(list);
  // A plugin's permission entries cover its own operations only: it cannot open up a core one.
  // Resource operations get theirs from the resource (reads: logged in; writes: writeRoles).
  for (const p of list) {
    const ops = pluginOperations(p);
    const own = new Set([...ops.resolvers, ...ops.resources]);
    for (const op of Object.keys(p.permissions ?? {}))
      if (!own.has(op)) throw new PluginConfigError(`plugin "${p.name}": permissions name "${op}", which is not one of its operations`);
    for (const op of ops.resolvers)
      if (!p.permissions || !(op in p.permissions))
        throw new PluginConfigError(`plugin "${p.name}": operation "${op}" has no entry in its permissions (e.g. permissions: { ${op}: 'authenticated' })`);
  }
  return { list };
}
