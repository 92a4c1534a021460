import type { EntityManager } from 'typeorm';
import type { Actor, Role } from '../auth/actor.js';
import { inAnyRegion, regionPrefix } from '../db/region-scope.js';
import { mayUseForm } from './forms.js';
import type { LoadedPlugins } from './load-plugins.js';
import type { FormDefinition, LoadedPlugin, ReviewStepName, RuleCheck, RulePoint, RulePoints, Violation, Waivable, WaivableRule, Waiver, WaiverCheck } from './types.js';

/** The loaded plugins as the rest of the core uses them at run time. */
export class PluginRuntime {
  constructor(readonly loaded: LoadedPlugins) {}

  get list(): LoadedPlugin[] {
    return this.loaded.list;
  }

  /** An enabled plugin by name (its resolved options, regions…), or undefined. */
  get<O = any>(name: string): LoadedPlugin<O> | undefined {
    return this.list.find((p) => p.name === name) as LoadedPlugin<O> | undefined;
  }

  /** Whether a record's region lies inside an enabled plugin's regions. */
  governs(name: string, regionId: string | null | undefined): boolean {
    const p = this.get(name);
    return !!p && inAnyRegion(regionId, p.regions);
  }

  /**
   * Plugins whose regions cover a record's region, dependencies first: a Zhejiang rule never
   * sees a Chongqing record, and a district plugin inside a province plugin both apply.
   */
  governing(regionId: string): LoadedPlugin[] {
    return this.list.filter((p) => inAnyRegion(regionId, p.regions));
  }

  /** A core parameter as the governing plugins set it (innermost region wins), else the core default. */
  parameter<T>(regionId: string, name: string, fallback: T): T {
    let best: { depth: number; value: T } | null = null;
    for (const plugin of this.governing(regionId)) {
      if (!plugin.parameters || !(name in plugin.parameters)) continue;
      const depth = Math.max(...plugin.regions.filter((r) => inAnyRegion(regionId, [r])).map((r) => regionPrefix(r).length));
      if (!best || depth >= best.depth) best = { depth, value: plugin.parameters[name] as T };
    }
    return best ? best.value : fallback;
  }

  /** C-3 review steps after every governing plugin had its say. */
  selectionSteps(regionId: string, steps: ReviewStepName[], ctx: { projectLevel: string; projectCategory: string; round: number }): ReviewStepName[] {
    let out = steps;
    for (const plugin of this.governing(regionId)) if (plugin.selectionSteps) out = plugin.selectionSteps(out, { ...ctx, options: plugin.options });
    return out;
  }

  /** The first waiver a governing plugin grants for a core rule's refusal of one record, or null. */
  async waiver<R extends WaivableRule>(rule: R, input: Waivable[R], regionId: string, em: EntityManager, actor: Actor): Promise<Waiver | null> {
    for (const plugin of this.governing(regionId)) {
      const check = plugin.waivers?.[rule] as WaiverCheck<R> | undefined;
      const found = check ? await check({ rule, input, regionId, em, actor, options: plugin.options }) : null;
      if (found) return found;
    }
    return null;
  }

  /** Whether any governing plugin could waive `rule` in `regionId` (else the core refuses outright). */
  mayWaive(rule: WaivableRule, regionId: string): boolean {
    return this.governing(regionId).some((p) => !!p.waivers?.[rule]);
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

  /**
   * `check` for many records at once: `out[i]` holds what `check(point, items[i].input,
   * items[i].regionId, …)` returns, in the same order. Checks with a `batch` form run once per
   * plugin for all its records; the others once per record. An item may name its own actor
   * (a batch of selections by different teachers); `actor` is the default. `run` (a `new
   * Map()` kept by the caller for calls of one run) holds each plugin's BatchRuleContext.memo.
   */
  async checkMany<P extends RulePoint>(
    point: P,
    items: { input: RulePoints[P]; regionId: string; actor?: Actor }[],
    em: EntityManager,
    actor: Actor,
    run: Map<string, Map<string, unknown>> = new Map(),
  ): Promise<Violation[][]> {
    const out = items.map(() => [] as Violation[]);
    for (const plugin of this.list) {
      const checks = plugin.rules?.[point] ?? [];
      if (!checks.length) continue;
      const mine = items.flatMap((it, i) => (inAnyRegion(it.regionId, plugin.regions) ? [i] : []));
      if (!mine.length) continue;
      for (const check of checks as RuleCheck<P>[]) {
        if (check.batch) {
          const found = await check.batch({
            point, inputs: mine.map((i) => items[i]!.input), regionIds: mine.map((i) => items[i]!.regionId),
            actors: mine.map((i) => items[i]!.actor ?? actor), em, actor, options: plugin.options,
            memo: run.get(plugin.name) ?? run.set(plugin.name, new Map()).get(plugin.name)!,
          });
          mine.forEach((i, k) => out[i]!.push(...(found[k] ?? [])));
        } else {
          for (const i of mine)
            out[i]!.push(...(await check({ point, input: items[i]!.input, regionId: items[i]!.regionId, em, actor: items[i]!.actor ?? actor, options: plugin.options })));
        }
      }
    }
    return out;
  }

  /** Every enabled plugin's forms, or only those a role may use. */
  forms(role?: Role): { plugin: LoadedPlugin; form: FormDefinition }[] {
    return this.list.flatMap((plugin) =>
      (plugin.forms ?? []).filter((form) => !role || mayUseForm(form, role)).map((form) => ({ plugin, form })),
    );
  }

  form(id: string): { plugin: LoadedPlugin; form: FormDefinition } | null {
    for (const plugin of this.list) {
      const form = plugin.forms?.find((f) => f.id === id);
      if (form) return { plugin, form };
    }
    return null;
  }
}
