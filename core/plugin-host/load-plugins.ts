import { Ajv } from 'ajv';
import type { LoadedPlugin, PluginEntry } from './types.js';

export interface LoadedPlugins {
  /** Enabled plugins, dependencies first. */
  list: LoadedPlugin[];
}

/** A broken plugins.config.ts: the message is one line naming the plugin and the problem. */
export class PluginConfigError extends Error {
  override name = 'PluginConfigError';
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

/**
 * Resolves the entries of plugins.config.ts: options merged and validated, duplicates
 * and missing dependencies refused, and a deterministic order (dependencies first, then
 * the order written in the config).
 */
export function loadPlugins(entries: PluginEntry[]): LoadedPlugins {
  const byName = new Map<string, PluginEntry>();
  for (const entry of entries) {
    const name = entry?.definition?.name;
    if (!name) throw new PluginConfigError('plugins.config.ts: an entry is not a plugin (call the plugin factory, e.g. zhejiang({...}))');
    if (byName.has(name)) throw new PluginConfigError(`plugin "${name}": enabled twice in plugins.config.ts`);
    byName.set(name, entry);
  }

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

  const list = ordered.map(({ definition, userOptions }) => {
    const options = mergeOptions(definition.defaults, userOptions);
    const validate = ajv.compile({ ...definition.optionsSchema, additionalProperties: false });
    if (!validate(options)) {
      const e = validate.errors![0]!;
      const where = e.instancePath ? `option ${e.instancePath.slice(1).replaceAll('/', '.')}` : 'options';
      const what = e.keyword === 'additionalProperties' ? `unknown option "${(e.params as { additionalProperty: string }).additionalProperty}"` : `${where} ${e.message}`;
      throw new PluginConfigError(`plugin "${definition.name}": ${what}`);
    }
    const contribution = definition.setup(options);
    return {
      ...contribution,
      name: definition.name,
      regions: definition.regions,
      dependsOn: definition.dependsOn ?? [],
      options,
    };
  });

  const seen = new Map<string, string>();
  const claim = (kind: string, key: string, owner: string) => {
    const prior = seen.get(`${kind}:${key}`);
    if (prior) throw new PluginConfigError(`plugin "${owner}": ${kind} "${key}" is already defined by ${prior}`);
    seen.set(`${kind}:${key}`, `plugin "${owner}"`);
  };
  for (const p of list) {
    for (const e of p.entities ?? []) claim('entity', e.name, p.name);
    for (const f of p.forms ?? []) claim('form', f.id, p.name);
  }
  return { list };
}
