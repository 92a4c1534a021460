import type { EntityManager } from 'typeorm';
import type { Actor, Role } from '../auth/actor.js';
import type { Project, TrainingClass } from '../entities/index.js';

/** A rule outcome that refuses an action: the shape every refusal takes (see core/graphql/errors.ts). */
export interface Violation {
  /** Policy id from POLICY.md, e.g. 'C-7', 'ZJ-5'. */
  rule: string;
  messageZh: string;
  messageEn: string;
  limit?: number | string | null;
  actual?: number | string | null;
  /** Input field the violation is about, when there is one (the console shows it inline). */
  field?: string;
}

/**
 * Named points of the workflow where rules run. Every point carries the record the
 * action is about; a plugin's checks only run when that record lies in the plugin's regions.
 */
export interface RulePoints {
  'project.submit': { projectId: number };
  'project.change': { projectId: number; before: Record<string, unknown>; after: Record<string, unknown> };
  'class.publish': { classId: number; now: Date };
  /** `class` and `project`: the rows the core already read in this transaction (rules need not read them again). */
  'selection.create': { classId: number; teacherId: number; round: number; now: Date; class?: TrainingClass; project?: Project };
  'selection.review': { enrollmentId: number; step: string; decision: string; now: Date };
  'credit.grant': { classId: number; teacherId: number; enrollmentId: number };
  /**
   * `ledger`: set by a region-wide audit (core/workflow/cycle-audit-region.ts), which reads the
   * ledger once for many teachers, aggregated in the database (see CycleLedger).
   */
  'cycle.audit': {
    teacherId: number; cycleId: number; totalCredits: number; byYear: Record<number, number>; ledger?: CycleLedger;
    /** The teacher's hire date (YYYY-MM-DD or null), when the caller has read it: a region-wide audit does. */
    hireDate?: string | null;
  };
  /** A bureau approves or rejects a submitted project (who reviews: ZJ-18; review window: ZJ-9). */
  'project.approve': { projectId: number; decision: 'approve' | 'reject'; now: Date };
  'project.publish': { projectId: number; now: Date };
  /** A school or bureau creates or changes a teacher record (teacher-data window: ZJ-9). */
  'teacher.update': { teacherId: number | null; now: Date };
  /** Credits registered by hand (external, school-based, degree …): per-cycle caps (ZJ-16). */
  'credit.register': { teacherId: number; cycleId: number; source: string; credits: number };
}
export type RulePoint = keyof RulePoints;

/**
 * Core rules a plugin may waive for one record, with what the core knows of that record when
 * the rule refuses it. A waiver is an exception the policy itself grants (ZJ-17: with the
 * school's prior approval, training at an institution without a qualification counts, C-5).
 */
export interface Waivable {
  /** C-5 at credit grant: the class's institution held no qualification over the class's dates. */
  'C-5': {
    teacherId: number; classId: number; enrollmentId: number; institutionId: number; institutionName: string;
    startDate: string; endDate: string; refusal: Violation;
  };
}
export type WaivableRule = keyof Waivable;

/** A waiver granted: the rule that grants it (a POLICY.md id) and the evidence the record keeps. */
export interface Waiver {
  rule: string;
  evidence: string;
  /** Runs in the same transaction once the waived record exists (e.g. to mark an approval used). */
  applied?: (recordId: number) => Promise<void>;
}

export type WaiverCheck<R extends WaivableRule, O = unknown> = (ctx: {
  rule: R; input: Waivable[R]; regionId: string; em: EntityManager; actor: Actor; options: O;
}) => Promise<Waiver | null> | Waiver | null;

/** One credit record as CycleLedger lists it. */
export interface LedgerLine {
  id: number;
  year: number;
  source: string;
  credits: number;
  classId: number | null;
  correctsId: number | null;
}

/**
 * A teacher's records in one cycle as a region-wide audit hands them to 'cycle.audit' checks.
 * "Plain" records — no class, not a correction, not the target of one, a year of the cycle, a
 * known CreditSource — are only summed, per year and (separately) per source; every other
 * record is listed. Anything computed record by record from year, source and credits alone
 * (sums, per-source caps, per-year minimums) comes out the same from the sums.
 */
export interface CycleLedger {
  /**
   * Plain credits of each year of the cycle, `plainPerYear[k]` being year `firstYear + k`: an
   * array, because an object keyed by years is a hash table to V8 (two of them per teacher cost
   * a province's audit more than reading its ledger).
   */
  firstYear: number;
  plainPerYear: number[];
  plainBySource: Record<string, number>;
  lines: LedgerLine[];
}

export type ReviewStepName = 'school' | 'district' | 'institution';

export interface RuleContext<P extends RulePoint, O = unknown> {
  point: P;
  input: RulePoints[P];
  /** The region the record belongs to (GB/T 2260 code). */
  regionId: string;
  em: EntityManager;
  actor: Actor;
  options: O;
}

/**
 * Many records at once (a region-wide cycle audit, a batch of selections): `inputs[i]` lies in
 * `regionIds[i]` and is done by `actors[i]`.
 */
export interface BatchRuleContext<P extends RulePoint, O = unknown> {
  point: P;
  inputs: RulePoints[P][];
  regionIds: string[];
  actors: Actor[];
  em: EntityManager;
  /** The caller (the actor of every input unless `actors` says otherwise). */
  actor: Actor;
  options: O;
  /**
   * The plugin's own map for the caller's whole run — every chunk of a region-wide audit — for
   * what may be read once per run rather than once per batch (the projects of the classes in the
   * ledgers); a fresh map when the caller has no run.
   */
  memo: Map<string, unknown>;
}

/**
 * A rule check. It may also carry a `batch` form giving, for each input, exactly what the check
 * gives for that input alone; PluginRuntime.checkMany uses it where one exists and calls the
 * check once per input otherwise.
 */
export type RuleCheck<P extends RulePoint = RulePoint, O = unknown> = ((
  ctx: RuleContext<P, O>,
) => Promise<Violation[]> | Violation[]) & {
  batch?: (ctx: BatchRuleContext<P, O>) => Promise<Violation[][]> | Violation[][];
};

export type RuleSet<O> = { [P in RulePoint]?: RuleCheck<P, O>[] };

/** A JSON-schema form the console renders with @rjsf; the server validates `data` with ajv first. */
export interface FormDefinition<O = unknown> {
  id: string;
  titleZh: string;
  titleEn: string;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  /** Roles that may see and submit the form (platform always may); every logged-in role when absent. */
  roles?: Role[];
  /**
   * Runs inside one transaction after `data` passed the JSON Schema; throw RuleViolations
   * (or an AppError) to refuse, and nothing is written. `english`: the caller asked for English.
   */
  submit: (
    data: any,
    ctx: { em: EntityManager; actor: Actor; options: O; english?: boolean },
  ) => Promise<{ id?: string | number; message?: string; messageZh?: string; messageEn?: string } | void>;
}

export type MigrationSet = { sqlite: Function[]; mysql: Function[] };

export interface I18nStrings { 'zh-CN': Record<string, string>; en: Record<string, string> }

/** What a plugin contributes once its options are resolved. */
export interface PluginContribution<O> {
  entities?: Function[];
  migrations?: MigrationSet;
  /** react-admin style resources over the plugin's own entities (list/get/create/update/delete, scoped). */
  resources?: import('../graphql/resource.js').ResourceConfig<any>[];
  /** type-graphql resolver classes; FieldResolvers here add fields to core types. */
  resolvers?: Function[];
  rules?: RuleSet<O>;
  /** Exceptions to core rules this plugin's policy grants for records in its regions (see Waivable). */
  waivers?: { [R in WaivableRule]?: WaiverCheck<R, O> };
  forms?: FormDefinition<O>[];
  i18n?: I18nStrings;
  /** Entries of the permission table for this plugin's own operations (see core/auth/permissions.ts). */
  permissions?: Record<string, 'public' | 'authenticated' | readonly import('../auth/actor.js').Role[]>;
  /**
   * Named core parameters this plugin sets for records in its regions, e.g.
   * `{ 'C-11.minSatisfaction': 0.7 }`; core reads them with PluginRuntime.parameter.
   * With layered plugins the innermost region (the longest code prefix) wins.
   */
  parameters?: Record<string, unknown>;
  /**
   * Adjusts the C-3 review steps of a selection in its regions (e.g. CQ-4 adds the district
   * review, ZJ-2 makes the school review mandatory). Called in dependency order.
   */
  selectionSteps?: (steps: ReviewStepName[], ctx: { projectLevel: string; projectCategory: string; round: number; options: O }) => ReviewStepName[];
  /** Demo data for `npm start` on an empty database, after the core demo. */
  seedDemo?: (em: EntityManager, options: O) => Promise<void>;
}

export interface PluginDefinition<O extends object> {
  name: string;
  /** GB/T 2260 codes of the regions it governs; each covers its subtree. */
  regions: string[];
  dependsOn?: string[];
  defaults: O;
  /** JSON Schema of the options; unknown keys are refused at start-up. */
  optionsSchema: Record<string, unknown>;
  setup: (options: O) => PluginContribution<O>;
}

/** An enabled plugin as listed in plugins.config.ts: the definition plus the user's options. */
export interface PluginEntry<O extends object = any> {
  definition: PluginDefinition<O>;
  userOptions: Partial<O>;
}

export interface LoadedPlugin<O = any> extends PluginContribution<O> {
  name: string;
  regions: string[];
  dependsOn: string[];
  options: O;
}
