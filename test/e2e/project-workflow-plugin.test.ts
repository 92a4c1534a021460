import { afterAll, beforeAll, expect, it } from 'vitest';
import { Project, TrainingClass } from '../../core/entities/index.js';
import { definePlugin } from '../../core/plugin-host/define-plugin.js';
import type { RulePoints } from '../../core/plugin-host/types.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { SUBMIT, VALIDATE, ok, publishThroughApi, ruleIds, tokensFor, type Tokens } from '../helpers/project-workflow.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A tiny region plugin for Zhejiang (330000): a 'project.submit' rule that refuses every
 * project it sees, a 'class.publish' rule in the manner of ZJ-6 (schedule ≥ 5 days before the
 * start), and a 'project.change' rule that records what it was given (CQ-3 will compare them).
 */
const changes: RulePoints['project.change'][] = [];
const testPlugin = definePlugin<{ minDays: number }>({
  name: 'test-zj',
  regions: ['330000'],
  defaults: { minDays: 5 },
  optionsSchema: { type: 'object', properties: { minDays: { type: 'integer', minimum: 0 } } },
  setup: () => ({
    rules: {
      'project.submit': [
        async ({ input, em }) => {
          const p = await em.getRepository(Project).findOneByOrFail({ id: input.projectId });
          if (p.category !== '插件检查') return [];
          return [{ rule: 'TZ-1', messageZh: `测试规则拒绝项目 ${p.id}`, messageEn: `test rule refuses project ${p.id}`, limit: 0, actual: 1 }];
        },
      ],
      'class.publish': [
        async ({ input, em, options }) => {
          const c = await em.getRepository(TrainingClass).findOneByOrFail({ id: input.classId });
          const days = Math.floor((Date.parse(`${c.startDate}T00:00:00Z`) - input.now.getTime()) / 86_400_000);
          return days >= options.minDays ? [] : [{
            rule: 'TZ-6', messageZh: `课程表须在开班前${options.minDays}日公布（实际 ${days} 日）`,
            messageEn: `the schedule must be published ${options.minDays} days before the start (${days} days)`, limit: options.minDays, actual: days,
          }];
        },
      ],
      'project.change': [({ input }) => (changes.push(input), [])],
    },
  }),
});

let s: TestServer;
let w: World;
let t: Tokens;
beforeAll(async () => {
  s = await startTestServer({ plugins: [testPlugin()] });
  w = await buildWorld(s.ds);
  t = await tokensFor(s, w);
});
afterAll(async () => s?.close());

it('plugin rules at project.submit apply only inside the plugin region: a 330000 project is refused, a 500000 project is not', async () => {
  const zj = await makeProject(w, { category: '插件检查', hours: 96, credits: 96 });
  const r = await s.gql(SUBMIT, { id: zj.id }, { token: t.zjInst });
  // Core and plugin violations come back together.
  expect(ruleIds(r)).toEqual(['C-9', 'COMPLETENESS', 'TZ-1']);
  expect(r.errors!.find((e) => e.extensions!.rule === 'TZ-1')!.message).toBe(`TZ-1 测试规则拒绝项目 ${zj.id}`);
  expect(ok(await s.gql(VALIDATE, { id: zj.id }, { token: t.zjInst })).validateProject.map((v: { rule: string }) => v.rule).sort())
    .toEqual(['C-9', 'COMPLETENESS', 'TZ-1']);
  expect((await s.ds.getRepository(Project).findOneByOrFail({ id: zj.id })).status).toBe('draft');

  const cq = await makeProject(w, {
    category: '插件检查', institutionId: w.institutions.cqTrainer, regionId: w.regions.cq, leadExpertId: w.experts.professor, subject: '数学',
  });
  expect(ok(await s.gql(VALIDATE, { id: cq.id }, { token: t.cqInst })).validateProject).toEqual([]);
  expect(ok(await s.gql(SUBMIT, { id: cq.id }, { token: t.cqInst })).submitProject.status).toBe('submitted');
});

it('plugin rules at class.publish get the class and the time (a ZJ-6 style 5-day rule)', async () => {
  const p = await makeProject(w);
  await publishThroughApi(s, p, t.zjInst, t.zjBureau);
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const soon = await makeClass(w, p, { startDate: day(2), endDate: day(4) });
  const r = await s.gql(`mutation($id: ID!) { publishClassSchedule(classId: $id) { id } }`, { id: soon.id }, { token: t.zjInst });
  expect(ruleIds(r)).toEqual(['TZ-6']);
  expect(r.errors![0]!.extensions).toMatchObject({ limit: 5 });
  expect(r.errors![0]!.extensions!.actual).toBeLessThan(5);
  const later = await makeClass(w, p, { startDate: day(10), endDate: day(12) });
  ok(await s.gql(`mutation($id: ID!) { publishClassSchedule(classId: $id) { id } }`, { id: later.id }, { token: t.zjInst }));
});

it('plugin rules at project.change get the plan before and after an approved C-15 change', async () => {
  const p = await makeProject(w);
  await publishThroughApi(s, p, t.zjInst, t.zjBureau);
  const req = ok(await s.gql(
    `mutation($id: ID!) { requestProjectChange(id: $id, changes: { startDate: "2026-12-02", endDate: "2026-12-05", experts: [{ expertId: ${w.experts.professor}, role: "trainer" }] }, reason: "专家时间调整") { id } }`,
    { id: p.id }, { token: t.zjInst },
  )).requestProjectChange;
  ok(await s.gql(`mutation($id: ID!) { decideProjectChange(changeId: $id, approve: true) { id } }`, { id: req.id }, { token: t.zjBureau }));
  expect(changes).toHaveLength(1);
  expect(changes[0]!.projectId).toBe(p.id);
  expect(changes[0]!.before).toMatchObject({ startDate: '2026-12-01', experts: [{ expertId: w.experts.frontLine, role: 'trainer' }] });
  expect(changes[0]!.after).toMatchObject({ startDate: '2026-12-02', experts: [{ expertId: w.experts.professor, role: 'trainer' }] });
});
