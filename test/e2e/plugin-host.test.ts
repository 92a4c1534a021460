import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/auth/actor.js';
import { makeIdNumber } from '../../core/domain/id-number.js';
import { Gender, InstitutionKind, ProfessionalTitle, RegionLevel, Stage } from '../../core/entities/enums.js';
import { Institution, Region, Teacher } from '../../core/entities/index.js';
import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import type { Violation } from '../../core/plugin-host/types.js';
import { ExampleActivity } from '../../plugins/example/activity.js';
import { example } from '../../plugins/example/index.js';
import { buildWorld, makeProject, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { testDialect } from '../helpers/test-db.js';

/**
 * The plugin host over HTTP with the example plugin (region 990000) and two layered test
 * plugins: a province plugin on 330000 and a district plugin on 330110 inside it.
 */
const flag = (rule: string): Violation => ({ rule, messageZh: `${rule} 触发`, messageEn: `${rule} fired`, limit: null, actual: null });
const province = definePlugin<{ note: string }>({
  name: 'test-province',
  regions: ['330000'],
  defaults: { note: 'province' },
  optionsSchema: { properties: { note: { type: 'string' } } },
  setup: () => ({ rules: { 'project.submit': [() => [flag('TP-1')]] }, i18n: { 'zh-CN': { title: '测试省' }, en: { title: 'Test province' } } }),
});
const district = definePlugin<object>({
  name: 'test-district',
  regions: ['330110'],
  dependsOn: ['test-province'],
  defaults: {},
  optionsSchema: {},
  setup: () => ({ rules: { 'project.submit': [() => [flag('TD-1')]] } }),
});

let s: TestServer;
let w: World;
let exSchool: number;
let exTeachers: number[];
let school: string;

beforeAll(async () => {
  s = await startTestServer({ plugins: [district(), example({ maxActivityHours: 10 }), province()] });
  w = await buildWorld(s.ds, { teachersPerSchool: 2 });
  await s.ds.getRepository(Region).insert({ id: '990000', name: '示例省', level: RegionLevel.province, parentId: null });
  const inst = s.ds.getRepository(Institution);
  exSchool = (await inst.save(inst.create({ name: '示例第一小学', kind: InstitutionKind.school, regionId: '990000', stage: Stage.primary }))).id;
  const t = s.ds.getRepository(Teacher);
  exTeachers = [];
  for (let i = 0; i < 2; i++) {
    const teacher = t.create({
      name: `示例教师${i}`, idNumber: makeIdNumber('990101', '1988-05-0' + (i + 1), 300 + i, 'female'), gender: Gender.female,
      birthDate: `1988-05-0${i + 1}`, schoolId: exSchool, regionId: '990000', stage: Stage.primary, subject: '语文', title: ProfessionalTitle.second, hireDate: null,
    });
    exTeachers.push((await t.save(teacher)).id);
  }
  school = await s.tokenFor('school', { institutionId: exSchool });
});
afterAll(async () => s?.close());

const SUBMIT = `mutation($id: ID!, $data: String!) { submitForm(id: $id, data: $data) { ok id message } }`;
const activities = () => s.ds.getRepository(ExampleActivity).count();

describe('start-up', () => {
  it('loads plugins dependencies first and exposes them with resolved options and i18n', async () => {
    const r = await s.gql(`{ plugins { name regions dependsOn titleZh titleEn options i18n } }`, {}, { token: school });
    expect(r.errors).toBeUndefined();
    expect(r.data.plugins.map((p: { name: string }) => p.name)).toEqual(['test-province', 'test-district', 'example']);
    const ex = r.data.plugins[2];
    expect(ex).toMatchObject({ regions: ['990000'], dependsOn: [], titleZh: '示例插件（仅供测试）', titleEn: 'Example plugin (tests only)' });
    expect(JSON.parse(ex.options)).toEqual({ maxHours: 200, maxActivityHours: 10 });
    expect(JSON.parse(ex.i18n).en.badge).toBe('Example-region teacher');
    expect(r.data.plugins[1]).toMatchObject({ dependsOn: ['test-province'], titleZh: 'test-district' });
    const anonymous = await s.gql(`{ i18n }`);
    expect(JSON.parse(anonymous.data.i18n)).toMatchObject({ example: { 'zh-CN': { badge: '示例区教师' } }, 'test-province': { en: { title: 'Test province' } } });
  });

  it('runs the plugin\'s migrations: its table matches its entity, no drift', async () => {
    const log = await s.ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
    const ran = await s.ds.query(`SELECT name FROM migrations ORDER BY id`);
    expect(ran.map((m: { name: string }) => m.name)).toContain(testDialect === 'mysql' ? 'ExampleInitialMysql1700000000000' : 'ExampleInitialSqlite1700000000000');
  });
});

describe('rules at a rule point apply inside the plugin\'s regions only', () => {
  const check = async (regionId: string, hours = 24) => {
    const project = await makeProject(w, { regionId, hours, credits: hours });
    const v = await s.plugins.check('project.submit', { projectId: project.id }, regionId, s.ds.manager, SYSTEM_ACTOR);
    return v.map((x) => x.rule);
  };

  it('layered plugins: a district record gets the province and the district rule', async () => {
    expect(await check(w.regions.yh)).toEqual(['TP-1', 'TD-1']);
  });

  it('a province record outside the district gets only the province rule; another province none', async () => {
    expect(await check(w.regions.hz)).toEqual(['TP-1']);
    expect(await check(w.regions.zj)).toEqual(['TP-1']);
    expect(await check(w.regions.cqYuzhong)).toEqual([]);
  });

  it('EX-1: project hours over maxHours in the example region, with limit and actual in zh and en', async () => {
    const project = await makeProject(w, { regionId: '990000', hours: 240, credits: 240 });
    const v = await s.plugins.check('project.submit', { projectId: project.id }, '990000', s.ds.manager, SYSTEM_ACTOR);
    expect(v).toEqual([
      { rule: 'EX-1', messageZh: '项目学时不得超过 200（实际 240 > 200）', messageEn: 'project hours 240 > 200', limit: 200, actual: 240, field: 'hours' },
    ]);
    expect(await check('990000', 200)).toEqual([]);
    expect(await check(w.regions.yh, 240)).not.toContain('EX-1');
  });
});

describe('forms', () => {
  it('lists the forms the role may use, with the schema and UI schema as JSON', async () => {
    const r = await s.gql(`{ forms { id plugin titleZh titleEn schema uiSchema roles } }`, {}, { token: school });
    expect(r.errors).toBeUndefined();
    expect(r.data.forms).toHaveLength(1);
    const f = r.data.forms[0];
    expect(f).toMatchObject({ id: 'example.activity', plugin: 'example', titleZh: '教研活动登记', titleEn: 'Teaching-research activity', roles: ['school', 'bureau'] });
    expect(JSON.parse(f.schema).properties.hours).toMatchObject({ type: 'number', maximum: 8 });
    expect(JSON.parse(f.uiSchema).kind['ui:enumNames']).toHaveLength(3);

    const one = await s.gql(`query($id: ID!) { form(id: $id) { id schema } }`, { id: 'example.activity' }, { token: school });
    expect(one.data.form.id).toBe('example.activity');
    const teacher = await s.tokenFor('teacher', { teacherId: exTeachers[0] });
    const none = await s.gql(`{ forms { id } plugins { name forms { id } } }`, {}, { token: teacher });
    expect(none.data.forms).toEqual([]);
    expect(none.data.plugins.find((p: { name: string }) => p.name === 'example').forms).toEqual([]);
    const hidden = await s.gql(`query($id: ID!) { form(id: $id) { id } }`, { id: 'example.activity' }, { token: teacher });
    expect(hidden.data.form).toBeNull();
    const anonymous = await s.gql(`{ forms { id } }`);
    expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('submitForm with valid data runs the handler and writes the record', async () => {
    const data = { teacherId: exTeachers[0], title: '课例研讨：古诗教学', date: '2026-03-12', hours: 3 };
    const r = await s.gql(SUBMIT, { id: 'example.activity', data: JSON.stringify(data) }, { token: school });
    expect(r.errors).toBeUndefined();
    expect(r.data.submitForm).toMatchObject({ ok: true, message: '已登记（2026 年累计 3 学时）' });
    const rows = await s.gql(`query($t: ID!) { exampleActivities(teacherId: $t) { id title kind date hours createdBy } }`, { t: exTeachers[0] }, { token: school });
    expect(rows.data.exampleActivities).toEqual([
      { id: r.data.submitForm.id, title: data.title, kind: 'lesson-study', date: '2026-03-12', hours: 3, createdBy: `dev:school:${exSchool}` },
    ]);
  });

  it('invalid data: BAD_USER_INPUT errors naming each field, in Chinese and English, and nothing written', async () => {
    const before = await activities();
    const data = { teacherId: exTeachers[0], title: '短', date: '2026-13-45', hours: 9, kind: 'party', extra: 1 };
    const r = await s.gql(SUBMIT, { id: 'example.activity', data: JSON.stringify(data) }, { token: school });
    expect(r.data).toBeNull();
    const errors = r.errors!.map((e) => e.extensions!);
    expect(errors.every((e) => e.code === 'BAD_USER_INPUT' && e.rule === 'example.activity')).toBe(true);
    expect(errors.map((e) => e.field).sort()).toEqual(['date', 'extra', 'hours', 'kind', 'title']);
    const by = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(by.title).toMatchObject({ messageZh: '「活动名称」至少 2 个字符（实际 1）', limit: 2, actual: 1 });
    expect(by.hours).toMatchObject({ messageZh: '「学时」不能大于 8（实际 9）', messageEn: 'hours must be <= 8 (got 9)', limit: 8, actual: 9 });
    expect(by.date.messageZh).toBe('「日期」不是有效的日期');
    expect(by.kind.messageZh).toBe('「类型」只能取以下值之一：lesson-study、lecture、reading');
    expect(by.extra.messageEn).toBe('unknown field extra');
    expect(r.errors![0]!.message).toMatch(/^example\.activity /);

    const missing = await s.gql(SUBMIT, { id: 'example.activity', data: JSON.stringify({ teacherId: exTeachers[0] }) }, { token: school, lang: 'en' });
    expect(missing.errors!.map((e) => e.extensions!.field).sort()).toEqual(['date', 'hours', 'title']);
    expect(missing.errors!.map((e) => e.message)).toContain('example.activity title is required');
    const notJson = await s.gql(SUBMIT, { id: 'example.activity', data: '{oops' }, { token: school });
    expect(notJson.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'data' });
    expect(await activities()).toBe(before);
  });

  it('a handler refusing with a rule violation writes nothing (EX-2 after its insert)', async () => {
    const before = await activities();
    const data = { teacherId: exTeachers[1], title: '专题讲座', date: '2026-04-01', hours: 6, kind: 'lecture' };
    const first = await s.gql(SUBMIT, { id: 'example.activity', data: JSON.stringify(data) }, { token: school });
    expect(first.errors).toBeUndefined();
    const r = await s.gql(SUBMIT, { id: 'example.activity', data: JSON.stringify(data) }, { token: school, lang: 'en-US' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.message).toBe('EX-2 activity hours in 2026 12 > 10');
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: 'EX-2', limit: 10, actual: 12, field: 'hours' });
    expect(await activities()).toBe(before + 1);
  });

  it('refuses a role the form does not allow, a teacher outside the caller\'s scope, an unknown form', async () => {
    const data = JSON.stringify({ teacherId: exTeachers[0], title: '读书交流', date: '2026-05-01', hours: 1 });
    const teacher = await s.tokenFor('teacher', { teacherId: exTeachers[0] });
    expect((await s.gql(SUBMIT, { id: 'example.activity', data }, { token: teacher })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const otherSchool = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    expect((await s.gql(SUBMIT, { id: 'example.activity', data }, { token: otherSchool })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const outside = JSON.stringify({ teacherId: w.teachers.yh1[0], title: '读书交流', date: '2026-05-01', hours: 1 });
    const r = await s.gql(SUBMIT, { id: 'example.activity', data: outside }, { token: otherSchool });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'teacherId' });
    expect((await s.gql(SUBMIT, { id: 'nope', data }, { token: school })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect((await s.gql(SUBMIT, { id: 'example.activity', data })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });
});

describe('field resolvers on core types', () => {
  it('Teacher.exampleBadge is set inside the plugin\'s region and null elsewhere', async () => {
    const platform = await s.tokenFor('platform');
    const q = `query($ids: [ID!]) { allTeachers(filter: { ids: $ids }, perPage: 10) { id regionId exampleBadge } }`;
    const r = await s.gql(q, { ids: [exTeachers[0], w.teachers.yh1[0], w.teachers.cq1[0]] }, { token: platform });
    expect(r.errors).toBeUndefined();
    const badge = Object.fromEntries(r.data.allTeachers.map((t: { id: string; exampleBadge: string | null }) => [t.id, t.exampleBadge]));
    expect(badge).toEqual({ [exTeachers[0]!]: '示例区教师', [w.teachers.yh1[0]!]: null, [w.teachers.cq1[0]!]: null });
    const en = await s.gql(q, { ids: [exTeachers[0]] }, { token: platform, lang: 'en' });
    expect(en.data.allTeachers[0].exampleBadge).toBe('Example-region teacher');
  });
});
