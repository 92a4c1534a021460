import { getMetadataStorage } from 'class-validator';
import type {
  GraphQLEnumType, GraphQLInputObjectType, GraphQLNamedType, GraphQLObjectType, GraphQLInputType, GraphQLOutputType, GraphQLResolveInfo, GraphQLSchema,
} from 'graphql';
import { Ctx, Field, Info, ObjectType, Query, Resolver } from 'type-graphql';
import type { DataSource, ObjectLiteral } from 'typeorm';
import type { Actor, Role } from '../auth/actor.js';
import { allows, ROLES, type Permission } from '../auth/permissions.js';
import { inRegion } from '../db/region-scope.js';
import type { PluginRuntime } from '../plugin-host/runtime.js';
import type { Context } from './context.js';
import type { ResourceConfig } from './resource.js';
import { requireActor } from './resource.js';

/**
 * The API's description of itself for the console (admin/): every resource of
 * allResources(plugins) with its fields, filters, sortable columns, the write operations
 * and who may call them (from the permission table), and the create/update inputs as
 * JSON Schema (built from the GraphQL input types and their class-validator constraints,
 * the same constraints the server checks). The console builds its menus, lists, filters
 * and forms from this alone: a plugin's resources appear without a change to admin/.
 *
 * Labels: zh from the resource's `labels`, then the dictionaries below, then a plugin's
 * i18n `field.<name>` / `resource.<Name>` / `enum.<Enum>.<value>` strings; en likewise
 * (plugin i18n `en`, then the dictionaries, then the field name made readable).
 */

// ---------------------------------------------------------------------------------------------
// GraphQL shape

@ObjectType('EnumValueMeta')
export class EnumValueMeta {
  @Field(() => String) value!: string;
  @Field(() => String) labelZh!: string;
  @Field(() => String) labelEn!: string;
}

@ObjectType('FieldMeta', { description: 'A field of a resource type as the console shows it' })
export class FieldMeta {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'GraphQL named type: ID, String, Int, Float, Boolean, DateTimeISO, an enum or an object type' }) type!: string;
  @Field(() => String, { description: 'scalar | enum | object' }) kind!: string;
  @Field(() => Boolean) list!: boolean;
  @Field(() => Boolean, { description: 'non-null in the schema' }) required!: boolean;
  @Field(() => String, { nullable: true, description: 'date (YYYY-MM-DD) | date-time | text (long) | json' }) format!: string | null;
  @Field(() => [EnumValueMeta], { nullable: true }) enumValues!: EnumValueMeta[] | null;
  @Field(() => String, { nullable: true, description: 'for a foreign key (schoolId): the resource it points to' }) reference!: string | null;
  @Field(() => String, { nullable: true, description: 'for a foreign key: the object field holding the related record (school)' }) relation!: string | null;
  @Field(() => String, { nullable: true, description: 'for a to-many field: the child resource' }) childResource!: string | null;
  @Field(() => String, { nullable: true, description: 'for a to-many field: the column on the child pointing back' }) foreignKey!: string | null;
  @Field(() => Boolean) sortable!: boolean;
  @Field(() => String) labelZh!: string;
  @Field(() => String) labelEn!: string;
}

@ObjectType('FilterMeta')
export class FilterMeta {
  @Field(() => String, { description: 'filter key; a range filter is sent as <name>_gte / <name>_lte' }) name!: string;
  @Field(() => String) type!: string;
  @Field(() => String, { description: 'search (q) | eq | region (subtree) | range' }) kind!: string;
  @Field(() => [EnumValueMeta], { nullable: true }) enumValues!: EnumValueMeta[] | null;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => String) labelZh!: string;
  @Field(() => String) labelEn!: string;
}

@ObjectType('OperationMeta', { description: 'A write operation of a resource and who may call it' })
export class OperationMeta {
  @Field(() => String, { description: 'mutation name, e.g. createTeacher' }) name!: string;
  @Field(() => [String], { nullable: true, description: 'roles from the permission table; null: every logged-in user' }) roles!: string[] | null;
  @Field(() => Boolean, { description: "the caller's role may call it (scope still applies)" }) allowed!: boolean;
  @Field(() => String, { nullable: true, description: 'GraphQL input type of `data`' }) inputType!: string | null;
  @Field(() => String, { nullable: true, description: 'JSON Schema of `data`, as a JSON string' }) schema!: string | null;
}

@ObjectType('ResourceMeta')
export class ResourceMeta {
  @Field(() => String, { description: 'GraphQL type name, e.g. Teacher' }) name!: string;
  @Field(() => String, { description: 'allX / _allXMeta use it, e.g. Teachers' }) plural!: string;
  @Field(() => String) labelZh!: string;
  @Field(() => String) labelEn!: string;
  @Field(() => String) pluralEn!: string;
  @Field(() => String, { description: 'menu section' }) group!: string;
  @Field(() => String, { nullable: true, description: 'the plugin that contributes it' }) plugin!: string | null;
  @Field(() => String, { description: 'field naming a record (name, title, username… or id)' }) titleField!: string;
  @Field(() => String, { description: 'GraphQL input type of the list filter' }) filterType!: string;
  @Field(() => [FieldMeta]) fields!: FieldMeta[];
  @Field(() => [FilterMeta]) filters!: FilterMeta[];
  @Field(() => [String], { description: 'fields shown in the list by default' }) listFields!: string[];
  @Field(() => [String]) sortable!: string[];
  @Field(() => String) defaultSort!: string;
  @Field(() => String) defaultOrder!: string;
  @Field(() => OperationMeta, { nullable: true }) create!: OperationMeta | null;
  @Field(() => OperationMeta, { nullable: true }) update!: OperationMeta | null;
  @Field(() => OperationMeta, { nullable: true }) delete!: OperationMeta | null;
}

@ObjectType('MenuGroupMeta')
export class MenuGroupMeta {
  @Field(() => String) name!: string;
  @Field(() => String) labelZh!: string;
  @Field(() => String) labelEn!: string;
}

@ObjectType('AdminMetadata', { description: 'Everything the console needs to build itself' })
export class AdminMetadata {
  @Field(() => String, { description: "the caller's role" }) role!: string;
  @Field(() => [ResourceMeta]) resources!: ResourceMeta[];
  @Field(() => [MenuGroupMeta]) groups!: MenuGroupMeta[];
  @Field(() => [EnumValueMeta], { description: 'role names' }) roles!: EnumValueMeta[];
  @Field(() => [String], { description: 'every root operation the caller may call (permission table)' }) operations!: string[];
}

export const metadataPermissions: Record<string, Permission> = { adminMetadata: 'authenticated' };

// ---------------------------------------------------------------------------------------------
// Type predicates by tag: under vitest the schema's types may come from graphql's other build
// (CommonJS for type-graphql, ESM here), and graphql's own isXxx() refuse the "other realm".

/** Text fields holding JSON, by name; the console shows them formatted. */
const JSON_TEXT = /^(before|after|changes|steps|findings|evidence)$/;
const TEXT_COLUMN = new Set(['text', 'simple-json', 'json']);
const tag = (t: unknown) => (t ? Object.prototype.toString.call(t).slice(8, -1) : '');
const isNonNullType = (t: unknown): t is { ofType: any } => tag(t) === 'GraphQLNonNull';
const isListType = (t: unknown): t is { ofType: any } => tag(t) === 'GraphQLList';
const isEnumType = (t: unknown): t is GraphQLEnumType => tag(t) === 'GraphQLEnumType';
const isObjectType = (t: unknown): t is GraphQLObjectType => tag(t) === 'GraphQLObjectType';
const isInputObjectType = (t: unknown): t is GraphQLInputObjectType => tag(t) === 'GraphQLInputObjectType';
function getNamedType(t: any): GraphQLNamedType {
  while (isNonNullType(t) || isListType(t)) t = t.ofType;
  return t as GraphQLNamedType;
}

// ---------------------------------------------------------------------------------------------
// Labels

const FIELD_ZH: Record<string, string> = {
  active: '启用', actor: '操作人', after: '变更后', amount: '金额', assessments: '考核', at: '时间', attempt: '考核次序',
  attendance: '考勤', backboneLevel: '骨干级别', before: '变更前', bindingId: '角色授权', bindings: '角色授权', birthDate: '出生日期',
  budgetItems: '预算', bureauLevel: '行政级别', capacity: '班额', category: '类别', changeRequests: '变更申请', changes: '变更记录',
  class: '班期', classId: '班期', classes: '班期', code: '代码', comment: '评语', correctsId: '更正的记录', createdAt: '创建时间',
  createdBy: '创建人', credits: '学分', curriculum: '课程', curriculumItem: '课程', curriculumItemId: '课程', cycle: '周期',
  cycleId: '周期', date: '日期', decidedAt: '决定时间', decidedBy: '决定人', decision: '决定', decisionReason: '决定理由',
  degree: '学历', demo: '演示账户', description: '说明', displayName: '显示名称', employer: '工作单位', employerId: '工作单位',
  endDate: '结束日期', endYear: '结束年份', enrolled: '已选人数', enrollment: '选课', enrollmentId: '选课', enrollments: '选课',
  entity: '对象类型', entityId: '对象编号', evaluation: '评价', evidence: '证明材料', expert: '专家', expertId: '专家', experts: '专家',
  failedLogins: '连续登录失败', feeItems: '收费项', finalAssessment: '结业考核', findings: '审核意见', formalStaff: '正式在编',
  fromStatus: '原状态', frontLine: '一线教师', gender: '性别', grade: '等级', hireDate: '入职日期', hours: '学时',
  hoursAttended: '出勤学时', hybridApproved: '混合式已批准', id: '编号', idNumber: '身份证号', institution: '机构',
  institutionId: '机构', isPrivate: '民办', kind: '类别', lead: '项目负责人', leadExpertId: '项目负责人', level: '级别',
  lockedUntil: '锁定至', mode: '培训方式', name: '名称', nominated: '学校指派', note: '备注', onlineCredits: '线上学分',
  operation: '操作', parent: '上级', parentId: '上级', passed: '通过', pendingChangeCount: '待审变更', pendingStep: '待审环节',
  phone: '电话', project: '培训项目', projectId: '培训项目', projectRevision: '项目版本', proposedAt: '提出时间',
  proposedStatus: '建议状态', qualification: '资质', qualificationId: '资质', qualifications: '资质', q: '搜索', ranAt: '执行时间',
  ranBy: '执行人', reason: '理由', recordedAt: '记录时间', recordedBy: '记录人', region: '行政区划', regionId: '行政区划',
  requestId: '请求编号', reviewer: '审核人', reviews: '审核记录', revision: '版本', role: '角色', round: '轮次', rule: '规则',
  rural: '乡村', satisfaction: '满意度', schedulePublishedAt: '课表发布时间', school: '学校', schoolId: '学校', score: '分数',
  selectedAt: '选课时间', seq: '序号', session: '课次', sessionId: '课次', sessions: '课次', source: '来源', stage: '学段',
  startDate: '开始日期', startYear: '起始年份', status: '状态', statusReason: '状态说明', step: '审核环节', steps: '审核环节',
  subject: '学科', subregions: '下级区划', tags: '主题标签', teacher: '教师', teacherId: '教师', title: '标题', toStatus: '新状态',
  totalCredits: '总学分', totalFee: '总费用', trainer: '授课专家', trainerCount: '专职培训者人数', trainerExpertId: '授课专家',
  transitions: '状态记录', userId: '用户', username: '用户名', validFrom: '生效日期', validTo: '失效日期', venue: '地点',
  version: '版本', withdrawReason: '退选理由', withdrawnAt: '退选时间', year: '年度',
};

/** Where one resource means something else by a common name. */
const RESOURCE_FIELD_ZH: Record<string, string> = {
  'Teacher.title': '职称', 'Expert.title': '职称', 'Teacher.name': '姓名', 'Expert.name': '姓名', 'Institution.kind': '机构类别',
  'CurriculumItem.kind': '课程类型', 'Teacher.schoolId': '所在学校', 'Teacher.school': '所在学校',
};

const FIELD_EN: Record<string, string> = {
  id: 'ID', idNumber: 'ID number', regionId: 'Region', q: 'Search', isPrivate: 'Private', frontLine: 'Front-line teacher',
  formalStaff: 'Formal staff', hybridApproved: 'Hybrid approved', pendingChangeCount: 'Pending changes', trainerCount: 'Full-time trainers',
  backboneLevel: 'Backbone level', bureauLevel: 'Bureau level', failedLogins: 'Failed logins', demo: 'Demo account',
};

const RESOURCE_FIELD_EN: Record<string, string> = { 'Teacher.title': 'Professional title', 'Expert.title': 'Professional title' };

const ENUM_ZH: Record<string, Record<string, string>> = {
  CreditSource: {
    class: '班期培训', external: '校外培训', correction: '更正', school_based: '校本研修', degree: '学历提升', research: '课题研究',
    trainer: '担任培训者', support_teaching: '支教', online: '网络研修', annual_complete: '年度完成',
  },
  Gender: { male: '男', female: '女' },
  Stage: { kindergarten: '幼儿园', primary: '小学', junior: '初中', senior: '高中', vocational: '职业教育', special: '特殊教育' },
  ProfessionalTitle: { none: '未评', third: '三级教师', second: '二级教师', first: '一级教师', associate_senior: '副高级教师', senior: '正高级教师' },
  BackboneLevel: { none: '无', school: '校级骨干', district: '区县级骨干', municipal: '市级骨干', national: '国家级骨干' },
  InstitutionKind: {
    bureau: '教育行政部门', school: '学校', university: '高等院校', training: '培训机构', development_center: '教师发展中心',
    base_school: '基地学校', studio: '名师工作室',
  },
  RegionLevel: { province: '省级', city: '市级', district: '区县级' },
  ProjectLevel: { national: '国培', provincial: '省培', municipal: '市培', district: '区县培训', school: '校本培训' },
  QualificationStatus: { active: '有效', suspended: '暂停', revoked: '撤销' },
  EnrollmentStatus: { pending: '待审核', approved: '已通过', rejected: '未通过', withdrawn: '已退选' },
  ReviewStep: { school: '学校审核', district: '区县审核', institution: '机构审核' },
  ClassStatus: { planned: '筹备中', published: '已发布', finished: '已结束', cancelled: '已取消' },
  TrainingMode: { offline: '线下', online: '线上', hybrid: '混合式' },
  ProjectStatus: { draft: '草稿', submitted: '已提交', approved: '已批准', rejected: '已退回', published: '已发布', closed: '已结束' },
  ProjectChangeStatus: { pending: '待审核', approved: '已批准', rejected: '已驳回' },
  CourseKind: { theory: '理论', practice: '实践' },
  Decision: { approve: '通过', reject: '驳回' },
  Grade: { excellent: '优秀', pass: '合格', fail: '不合格' },
  ActionStatus: { proposed: '待决定', approved: '已批准', rejected: '已驳回' },
  AttendanceStatus: { present: '出勤', late: '迟到', leave: '请假', absent: '缺勤' },
};

const ROLE_ZH: Record<Role, string> = {
  platform: '平台管理员', bureau: '教育行政部门', school: '学校管理员', institution: '培训机构', expert: '专家', teacher: '教师',
};
const ROLE_EN: Record<Role, string> = {
  platform: 'Platform administrator', bureau: 'Education bureau', school: 'School administrator', institution: 'Training institution',
  expert: 'Expert', teacher: 'Teacher',
};

const RESOURCE_EN: Record<string, [string, string]> = {
  Class: ['Class', 'Classes'], Cycle: ['CPD cycle', 'CPD cycles'], CycleAudit: ['Cycle audit', 'Cycle audits'],
  Enrollment: ['Selection', 'Selections'], EnrollmentReview: ['Selection review', 'Selection reviews'],
  Evaluation: ['Satisfaction evaluation', 'Satisfaction evaluations'], Qualification: ['Training qualification', 'Training qualifications'],
  QualificationAction: ['Qualification action', 'Qualification actions'], Project: ['Training project', 'Training projects'],
  ProjectTransition: ['Project status change', 'Project status changes'], TeacherChange: ['Teacher change', 'Teacher changes'],
  CurriculumItem: ['Course', 'Courses'], ClassSession: ['Session', 'Sessions'], AuditEvent: ['Audit event', 'Audit log'],
  RoleBinding: ['Role grant', 'Role grants'],
};

const GROUPS: { name: string; labelZh: string; labelEn: string; resources: string[] }[] = [
  { name: 'teachers', labelZh: '教师管理', labelEn: 'Teachers', resources: ['Teacher', 'TeacherChange', 'CreditRecord', 'CycleAudit'] },
  { name: 'projects', labelZh: '培训项目', labelEn: 'Projects', resources: ['Project', 'CurriculumItem', 'BudgetItem', 'FeeItem', 'ProjectExpert', 'ProjectTransition'] },
  {
    name: 'delivery', labelZh: '培训实施', labelEn: 'Delivery',
    resources: ['Class', 'ClassSession', 'Enrollment', 'EnrollmentReview', 'Attendance', 'Assessment', 'Evaluation'],
  },
  { name: 'reference', labelZh: '基础数据', labelEn: 'Reference data', resources: ['Region', 'Institution', 'Qualification', 'QualificationAction', 'Expert', 'Cycle'] },
  { name: 'system', labelZh: '系统管理', labelEn: 'System', resources: ['User', 'RoleBinding', 'AuditEvent'] },
];

/** 'trainerExpertId' → 'Trainer expert', 'CurriculumItems' → 'Curriculum items'. */
export function humanize(name: string): string {
  const words = name.replace(/Id$/, '').replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

type Strings = { zh: Record<string, string>; en: Record<string, string> };

function pluginStrings(plugins: PluginRuntime): Strings {
  const zh: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const p of plugins.list) {
    Object.assign(zh, p.i18n?.['zh-CN'] ?? {});
    Object.assign(en, p.i18n?.en ?? {});
  }
  return { zh, en };
}

function fieldLabels(cfg: ResourceConfig<ObjectLiteral>, field: string, s: Strings): [string, string] {
  const key = `${cfg.name}.${field}`;
  // A relation object (school) is labelled like its key (schoolId).
  const keyOf = Object.entries(cfg.relations ?? {}).find(([name]) => name === field)?.[1].key;
  const zh =
    cfg.labels?.[field] ?? (keyOf ? cfg.labels?.[keyOf] : undefined) ?? s.zh[`field.${key}`] ?? RESOURCE_FIELD_ZH[key] ??
    s.zh[`field.${field}`] ?? FIELD_ZH[field] ?? (keyOf ? FIELD_ZH[keyOf] : undefined) ?? field;
  const en = s.en[`field.${key}`] ?? RESOURCE_FIELD_EN[key] ?? s.en[`field.${field}`] ?? FIELD_EN[field] ?? humanize(field);
  return [zh, en];
}

function enumValues(type: GraphQLEnumType, s: Strings): EnumValueMeta[] {
  return type.getValues().map((v) => ({
    value: v.name,
    labelZh: s.zh[`enum.${type.name}.${v.name}`] ?? ENUM_ZH[type.name]?.[v.name] ?? v.name,
    labelEn: s.en[`enum.${type.name}.${v.name}`] ?? humanize(v.name),
  }));
}

// ---------------------------------------------------------------------------------------------
// JSON Schema of an input type, with its class-validator constraints

type JsonSchema = Record<string, unknown>;

function scalarSchema(typeName: string): JsonSchema {
  switch (typeName) {
    case 'Int': return { type: 'integer' };
    case 'Float': return { type: 'number' };
    case 'Boolean': return { type: 'boolean' };
    case 'ID': return { type: ['string', 'integer'] };
    case 'DateTimeISO':
    case 'DateTime': return { type: 'string', format: 'date-time' };
    default: return { type: 'string' };
  }
}

function typeSchema(type: GraphQLInputType): JsonSchema {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) return { type: 'array', items: typeSchema(t.ofType as GraphQLInputType) };
  if (isEnumType(t)) return { type: 'string', enum: t.getValues().map((v) => v.name) };
  if (isInputObjectType(t)) return inputObjectSchema(t, undefined, () => [t.name, t.name]);
  return scalarSchema(t.name);
}

/** Applies one class-validator constraint to a property's schema (constraints the console can check itself). */
function applyConstraint(p: JsonSchema, name: string, c: unknown[]): void {
  const target = p.type === 'array' && p.items ? (p.items as JsonSchema) : p;
  switch (name) {
    case 'isLength':
      if (typeof c[0] === 'number') target.minLength = c[0];
      if (typeof c[1] === 'number') target.maxLength = c[1];
      break;
    case 'minLength': target.minLength = c[0]; break;
    case 'maxLength': target.maxLength = c[0]; break;
    case 'isNotEmpty': if (target.type === 'string') target.minLength = Math.max(1, Number(target.minLength ?? 0)); break;
    case 'min': target.minimum = c[0]; break;
    case 'max': target.maximum = c[0]; break;
    case 'isPositive': target.exclusiveMinimum = 0; break;
    case 'isInt': if (target.type === 'number') target.type = 'integer'; break;
    case 'isDay': target.format = 'date'; break;
    case 'isIn': target.enum = c[0]; break;
    case 'matches':
      if (c[0] instanceof RegExp) target.pattern = c[0].source;
      else if (typeof c[0] === 'string') target.pattern = c[0];
      break;
    case 'arrayMaxSize': p.maxItems = c[0]; break;
    case 'arrayMinSize': p.minItems = c[0]; break;
  }
}

function inputObjectSchema(input: GraphQLInputObjectType, cls: Function | undefined, label: (field: string) => [string, string], dates: Set<string> = new Set()): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const metas = cls ? getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false) : [];
  for (const f of Object.values(input.getFields())) {
    const [zh, en] = label(f.name);
    const p: JsonSchema = { title: zh, 'x-title-en': en, ...typeSchema(f.type) };
    if (f.description) p.description = f.description;
    if (dates.has(f.name) && p.type === 'string') p.format = 'date';
    for (const m of metas.filter((m) => m.propertyName === f.name)) applyConstraint(p, m.name ?? m.type, m.constraints ?? []);
    if (isNonNullType(f.type)) required.push(f.name);
    properties[f.name] = p;
  }
  return { type: 'object', title: input.name, properties, required, additionalProperties: false };
}

// ---------------------------------------------------------------------------------------------
// Building the description

function unwrap(type: GraphQLOutputType): { named: GraphQLNamedType; list: boolean; required: boolean } {
  const required = isNonNullType(type);
  const inner = required ? type.ofType : type;
  return { named: getNamedType(type), list: isListType(inner), required };
}

interface StaticMeta {
  resources: ResourceMeta[];
  /** Permission of each operation, for the per-caller `allowed`. */
  permissions: Map<string, Permission>;
}

const cache = new WeakMap<GraphQLSchema, StaticMeta>();

function describe(schema: GraphQLSchema, ds: DataSource, plugins: PluginRuntime, resources: ResourceConfig<ObjectLiteral>[], table: Map<string, Permission>): StaticMeta {
  const s = pluginStrings(plugins);
  const byEntity = new Map<Function, ResourceConfig<ObjectLiteral>>(resources.map((r) => [r.entity, r]));
  const pluginOf = new Map<string, string>();
  for (const p of plugins.list) for (const r of p.resources ?? []) pluginOf.set(r.name, p.name);
  const groupOf = new Map<string, string>(GROUPS.flatMap((g) => g.resources.map((r) => [r, g.name] as [string, string])));
  const mutations = schema.getMutationType()?.getFields() ?? {};

  const out: ResourceMeta[] = [];
  for (const cfg of resources) {
    const type = schema.getType(cfg.name);
    if (!isObjectType(type)) continue;
    const entityMeta = ds.hasMetadata(cfg.entity) ? ds.getMetadata(cfg.entity) : undefined;
    const columns = new Map((entityMeta?.columns ?? []).map((c) => [c.propertyName, c]));
    const dateColumns = new Set([...columns.values()].filter((c) => c.type === 'date').map((c) => c.propertyName));
    const relationByKey = new Map(Object.entries(cfg.relations ?? {}).map(([name, rel]) => [rel.key, { name, target: byEntity.get(rel.type())?.name ?? null }]));
    const fields: FieldMeta[] = [];
    for (const f of Object.values(type.getFields())) {
      const { named, list, required } = unwrap(f.type);
      const [labelZh, labelEn] = fieldLabels(cfg, f.name, s);
      const col = columns.get(f.name);
      const child = cfg.children?.[f.name];
      const rel = relationByKey.get(f.name);
      let format: string | null = null;
      if (col?.type === 'date') format = 'date';
      else if (named.name === 'DateTimeISO' || named.name === 'DateTime') format = 'date-time';
      else if (col && TEXT_COLUMN.has(String(col.type))) format = JSON_TEXT.test(f.name) ? 'json' : 'text';
      // A field resolver giving JSON text (CycleAudit.findings) shows as JSON too.
      else if (!col && named.name === 'String' && JSON_TEXT.test(f.name)) format = 'json';
      fields.push({
        name: f.name,
        type: named.name,
        kind: isEnumType(named) ? 'enum' : isObjectType(named) ? 'object' : 'scalar',
        list,
        required,
        format,
        enumValues: isEnumType(named) ? enumValues(named, s) : null,
        reference: rel?.target ?? (isObjectType(named) && !list ? (byEntity.get(cfg.relations?.[f.name]?.type() as Function)?.name ?? named.name) : null),
        relation: rel?.name ?? null,
        childResource: child ? (byEntity.get(child.type())?.name ?? null) : null,
        foreignKey: child?.foreignKey ?? null,
        sortable: !!col,
        labelZh,
        labelEn,
      });
    }
    const fieldByName = new Map(fields.map((f) => [f.name, f]));

    const filterType = schema.getType(`${cfg.name}Filter`);
    const filters: FilterMeta[] = [];
    if (cfg.search?.length) filters.push({ name: 'q', type: 'String', kind: 'search', enumValues: null, reference: null, labelZh: '搜索', labelEn: 'Search' });
    for (const [name, spec] of Object.entries(cfg.filters ?? {})) {
      const gqlField = isInputObjectType(filterType) ? filterType.getFields()[spec.kind === 'range' ? `${name}_gte` : name] : undefined;
      const named = gqlField ? getNamedType(gqlField.type) : undefined;
      const [labelZh, labelEn] = fieldLabels(cfg, name, s);
      const rel = relationByKey.get(spec.column ?? name);
      const target = rel?.target ?? (name.endsWith('Id') ? resources.find((r) => r.name.toLowerCase() === name.slice(0, -2).toLowerCase())?.name ?? null : null);
      filters.push({
        name,
        type: named?.name ?? 'String',
        kind: spec.kind ?? 'eq',
        enumValues: named && isEnumType(named) ? enumValues(named, s) : null,
        reference: spec.kind === 'region' ? 'Region' : target,
        labelZh,
        labelEn,
      });
    }

    const op = (name: string, Input?: Function): OperationMeta | null => {
      const m = mutations[name];
      if (!m) return null;
      const p = table.get(name) ?? 'authenticated';
      const dataArg = m.args.find((a) => a.name === 'data');
      const inputNamed = dataArg ? getNamedType(dataArg.type) : undefined;
      const schemaJson = inputNamed && isInputObjectType(inputNamed) ? inputObjectSchema(inputNamed, Input, (f) => fieldLabels(cfg, f, s), dateColumns) : null;
      return {
        name,
        roles: typeof p === 'string' ? null : [...p],
        allowed: false,
        inputType: inputNamed?.name ?? null,
        schema: schemaJson ? JSON.stringify(schemaJson) : null,
      };
    };

    const scalarFields = fields.filter((f) => f.kind !== 'object' && !f.list);
    const titleField = ['name', 'title', 'displayName', 'username', ...(cfg.search ?? [])].find((n) => fieldByName.get(n)?.kind === 'scalar') ?? 'id';
    const listFields = [
      'id',
      ...scalarFields.filter((f) => f.name !== 'id' && !f.format?.match(/^(text|json)$/) && f.name !== 'version' && f.name !== 'revision').map((f) => f.name),
    ].slice(0, 9);
    const plugin = pluginOf.get(cfg.name) ?? null;
    const [labelEnOne, labelEnMany] = RESOURCE_EN[cfg.name] ?? [humanize(cfg.name), humanize(cfg.plural)];
    out.push({
      name: cfg.name,
      plural: cfg.plural,
      labelZh: s.zh[`resource.${cfg.name}`] ?? cfg.labelZh,
      labelEn: s.en[`resource.${cfg.name}`] ?? labelEnOne,
      pluralEn: s.en[`resource.${cfg.name}.plural`] ?? labelEnMany,
      group: plugin ? `plugin:${plugin}` : (groupOf.get(cfg.name) ?? 'other'),
      plugin,
      titleField,
      filterType: `${cfg.name}Filter`,
      fields,
      filters,
      listFields,
      sortable: fields.filter((f) => f.sortable).map((f) => f.name),
      defaultSort: cfg.defaultSort?.field ?? 'id',
      defaultOrder: cfg.defaultSort?.order ?? 'ASC',
      create: cfg.createInput ? op(`create${cfg.name}`, cfg.createInput) : null,
      update: cfg.updateInput ? op(`update${cfg.name}`, cfg.updateInput) : null,
      delete: cfg.deletable ? op(`delete${cfg.name}`) : null,
    });
  }
  return { resources: out, permissions: table };
}

/**
 * Region plugins that concern the actor: those governing the actor's region, or a region
 * inside the actor's (a province bureau oversees its districts' plugins). The platform sees all.
 */
function concerns(actor: Actor, p: { regions: string[] }): boolean {
  if (actor.role === 'platform' || !actor.regionId) return true;
  const home = actor.regionId;
  return p.regions.some((r) => inRegion(home, r) || inRegion(r, home));
}

function groups(plugins: PluginRuntime, actor: Actor): MenuGroupMeta[] {
  return [
    ...GROUPS.map(({ name, labelZh, labelEn }) => ({ name, labelZh, labelEn })),
    ...plugins.list.filter((p) => concerns(actor, p)).map((p) => ({ name: `plugin:${p.name}`, labelZh: p.i18n?.['zh-CN']?.title ?? p.name, labelEn: p.i18n?.en?.title ?? p.name })),
    { name: 'other', labelZh: '其他', labelEn: 'Other' },
  ];
}

/**
 * `adminMetadata`: built once per schema, then marked with what the caller's role may do.
 * `resources` and `permissionTable` come from core/graphql/schema.ts (passed in to avoid an import cycle).
 */
let resolverClass: Function | undefined;
export function metadataResolver(resources: (plugins: PluginRuntime) => ResourceConfig<ObjectLiteral>[], table: (plugins: PluginRuntime) => Map<string, Permission>): Function {
  if (resolverClass) return resolverClass;
  @Resolver()
  class MetadataResolver {
    @Query(() => AdminMetadata, { description: '管理控制台的元数据：资源、字段、筛选、排序、写操作及其角色、输入的 JSON Schema' })
    adminMetadata(@Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): AdminMetadata {
      const actor = requireActor(ctx);
      let meta = cache.get(info.schema);
      if (!meta) {
        meta = describe(info.schema, ctx.ds, ctx.plugins, resources(ctx.plugins), table(ctx.plugins));
        cache.set(info.schema, meta);
      }
      const { permissions } = meta;
      const mark = (o: OperationMeta | null): OperationMeta | null => (o ? { ...o, allowed: allows(permissions.get(o.name) ?? 'authenticated', actor.role) } : null);
      const operations = [...Object.keys(info.schema.getQueryType()?.getFields() ?? {}), ...Object.keys(info.schema.getMutationType()?.getFields() ?? {})]
        .filter((op) => allows(permissions.get(op) ?? 'authenticated', actor.role));
      // A Yuhang clerk is not shown Chongqing's menus: their lists would be empty by scope anyway.
      const shownGroups = groups(ctx.plugins, actor);
      const shown = new Set(shownGroups.map((g) => g.name));
      return {
        role: actor.role,
        resources: meta.resources
          .filter((r) => !r.group.startsWith('plugin:') || shown.has(r.group))
          .map((r) => ({ ...r, create: mark(r.create), update: mark(r.update), delete: mark(r.delete) })),
        groups: shownGroups,
        roles: ROLES.map((r) => ({ value: r, labelZh: ROLE_ZH[r], labelEn: ROLE_EN[r] })),
        operations,
      };
    }
  }
  resolverClass = MetadataResolver;
  return MetadataResolver;
}
