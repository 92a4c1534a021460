import { inAnyRegion } from '../../core/db/region-scope.js';
import { Project } from '../../core/entities/index.js';
import { badInput, RuleViolations } from '../../core/graphql/errors.js';
import { findScoped } from '../../core/graphql/resource.js';
import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import type { FormDefinition, RuleCheck } from '../../core/plugin-host/types.js';
import { teacherResource } from '../../core/resources/teacher.js';
import { ExampleActivity } from './activity.js';
import { i18n } from './i18n.js';
import { migrations } from './migrations/index.js';
import { ExampleQueries, ExampleTeacherFields } from './resolvers.js';

/**
 * The plugin host's own example, used by its tests only (never in plugins.config.ts).
 * It governs 990000, a code no real region uses, and shows every kind of contribution:
 * options with defaults and a schema, an entity with its migrations, a query and a field
 * resolver on a core type, a rule at a rule point, a form with its handler, i18n strings.
 */
export interface ExampleOptions {
  /** EX-1: most hours a project in the region may have. */
  maxHours: number;
  /** EX-2: most teaching-research hours one teacher may record in a calendar year. */
  maxActivityHours: number;
}

export const EXAMPLE_REGION = '990000';

/** EX-1 at project submission: hours ≤ maxHours. */
const projectHours: RuleCheck<'project.submit', ExampleOptions> = async ({ input, em, options }) => {
  const project = await em.getRepository(Project).findOneBy({ id: input.projectId });
  if (!project || project.hours <= options.maxHours) return [];
  return [
    {
      rule: 'EX-1',
      messageZh: `项目学时不得超过 ${options.maxHours}（实际 ${project.hours} > ${options.maxHours}）`,
      messageEn: `project hours ${project.hours} > ${options.maxHours}`,
      limit: options.maxHours,
      actual: project.hours,
      field: 'hours',
    },
  ];
};

const KINDS = ['lesson-study', 'lecture', 'reading'];

/** 教研活动登记: the schema the console renders is the one the server checks before `submit`. */
const activityForm = (options: ExampleOptions): FormDefinition<ExampleOptions> => ({
  id: 'example.activity',
  titleZh: i18n['zh-CN']['form.activity'],
  titleEn: i18n.en['form.activity'],
  roles: ['school', 'bureau'],
  schema: {
    type: 'object',
    title: '教研活动登记',
    required: ['teacherId', 'title', 'kind', 'date', 'hours'],
    additionalProperties: false,
    properties: {
      teacherId: { type: 'integer', title: '教师', minimum: 1 },
      title: { type: 'string', title: '活动名称', minLength: 2, maxLength: 100 },
      kind: { type: 'string', title: '类型', enum: KINDS, default: 'lesson-study' },
      date: { type: 'string', title: '日期', format: 'date' },
      hours: { type: 'number', title: '学时', exclusiveMinimum: 0, maximum: Math.min(8, options.maxActivityHours), multipleOf: 0.5 },
      note: { type: 'string', title: '备注', maxLength: 500 },
    },
  },
  uiSchema: {
    'ui:order': ['teacherId', 'title', 'kind', 'date', 'hours', 'note'],
    kind: { 'ui:enumNames': ['课例研讨', '专题讲座', '读书交流'] },
    date: { 'ui:widget': 'date' },
    note: { 'ui:widget': 'textarea' },
  },
  async submit(data: { teacherId: number; title: string; kind: string; date: string; hours: number; note?: string }, { em, actor }) {
    // The teacher must be in the caller's scope (NOT_FOUND otherwise) and in the plugin's region.
    const teacher = await findScoped(em, teacherResource, actor, data.teacherId);
    if (!inAnyRegion(teacher.regionId, [EXAMPLE_REGION]))
      throw badInput('该教师不在示例插件的管辖区域内', 'The teacher is outside the example plugin\'s region', 'teacherId');
    const repo = em.getRepository(ExampleActivity);
    const saved = await repo.save(
      repo.create({ teacherId: teacher.id, regionId: teacher.regionId, title: data.title, kind: data.kind, date: data.date, hours: data.hours, note: data.note ?? null, createdBy: actor.id }),
    );
    // EX-2 counts the new row too; refusing here rolls the insert back.
    const year = data.date.slice(0, 4);
    const raw = await repo
      .createQueryBuilder('a')
      .select('COALESCE(SUM(a.hours), 0)', 'total')
      .where('a.teacherId = :t AND a.date BETWEEN :from AND :to', { t: teacher.id, from: `${year}-01-01`, to: `${year}-12-31` })
      .getRawOne<{ total: string | number }>();
    const total = Number(raw?.total ?? 0);
    if (total > options.maxActivityHours)
      throw new RuleViolations([
        {
          rule: 'EX-2',
          messageZh: `教师年度教研活动学时不得超过 ${options.maxActivityHours}（实际 ${total} > ${options.maxActivityHours}）`,
          messageEn: `activity hours in ${year} ${total} > ${options.maxActivityHours}`,
          limit: options.maxActivityHours,
          actual: total,
          field: 'hours',
        },
      ]);
    return { id: saved.id, messageZh: `已登记（${year} 年累计 ${total} 学时）`, messageEn: `Recorded (${total} hours in ${year})` };
  },
});

export const example = definePlugin<ExampleOptions>({
  name: 'example',
  regions: [EXAMPLE_REGION],
  defaults: { maxHours: 200, maxActivityHours: 40 },
  optionsSchema: {
    type: 'object',
    properties: {
      maxHours: { type: 'integer', minimum: 1 },
      maxActivityHours: { type: 'number', exclusiveMinimum: 0 },
    },
  },
  setup: (options) => ({
    entities: [ExampleActivity],
    migrations,
    resolvers: [ExampleTeacherFields, ExampleQueries],
    // Who may call each of the plugin's operations (scope still applies inside them).
    permissions: { exampleActivities: 'authenticated' },
    rules: { 'project.submit': [projectHours] },
    forms: [activityForm(options)],
    i18n,
  }),
});

export default example;
