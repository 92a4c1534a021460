import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { inAnyRegion } from '../db/region-scope.js';
import type { LoadedPlugins } from './load-plugins.js';
import type { LoadedPlugin, RulePoint, RulePoints, Violation } from './types.js';

/** The loaded plugins as the rest of the core uses them at run time. */
export class PluginRuntime {
  constructor(readonly loaded: LoadedPlugins) {}

  get list(): LoadedPlugin[] {
    return this.loaded.list;
  }

  /** Plugins whose regions cover a record's region: a Zhejiang rule never sees a Chongqing record. */
  governing(regionId: string): LoadedPlugin[] {
    return this.list.filter((p) => inAnyRegion(regionId, p.regions));
  }

  /** Runs every governing plugin's checks at a rule point and returns all violations. */
  async check<P extends RulePoint>(point: P, input: RulePoints[P], regionId: string, em: EntityManager, actor: Actor): Promise<Violation[]> {
    const out: Violation[] = [];
    for (const plugin of this.governing(regionId)) {
      for (const check of plugin.rules?.[point] ?? []) {
        out.push(...(await check({ point, input, regionId, em, actor, options: plugin.options } as never)));
      }
    }
    return out;
  }

  form(id: string) {
    for (const plugin of this.list) {
      const form = plugin.forms?.find((f) => f.id === id);
      if (form) return { plugin, form };
    }
    return null;
  }
}
