import type { PluginDefinition, PluginEntry } from './types.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * Declares a region plugin. The result is a function taking the options written in
 * plugins.config.ts; defaults are merged in and the schema checked when the host loads it.
 */
export function definePlugin<O extends object>(definition: PluginDefinition<O>) {
  return (userOptions: DeepPartial<O> = {}): PluginEntry<O> => ({ definition, userOptions: userOptions as Partial<O> });
}
