import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseKind, ProjectLevel, QualificationStatus, TrainingMode } from '../../core/entities/enums.js';
import { Institution, Project, ProjectExpert, ProjectTransition, Qualification } from '../../core/entities/index.js';
import { InstitutionKind } from '../../core/entities/enums.js';
import { buildWorld, makeProject, type World } from '../helpers/fixtures.js';
import {
  APPROVE, CLOSE, PUBLISH, READ, REJECT, SUBMIT, TRANSITIONS, VALIDATE, ok, ruleIds, tokensFor, type Tokens,
} from '../helpers/project-workflow.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let w: World;
let t: Tokens;
beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
  t = await tokensFor(s, w);
});
afterAll(async () => s?.close());

const status = async (id: number) => (await s.ds.getRepository(Project).findOneByOrFail({ id })).status;
const transitions = (projectId: number) => s.ds.getRepository(ProjectTransition).count({ where: { projectId } });

describe('project life cycle', () => {
  it('goes draft → submitted → approved → published → closed, recording each transition', async () => {
    const p = await makeProject(w);
    expect(ok(await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst })).submitProject.status).toBe('submitted');
    expect(ok(await s.gql(APPROVE, { id: p.id, reason: '方案合理' }, { token: t.zjBureau })).approveProject.status).toBe('approved');
    expect(ok(await s.gql(PUBLISH, { id: p.id }, { token: t.zjBureau })).publishProject.status).toBe('published');
    expect(ok(await s.gql(CLOSE, { id: p.id }, { token: t.zjInst })).closeProject.status).toBe('closed');
    const closed = { transitions: ok(await s.gql(TRANSITIONS, { id: p.id }, { token: t.zjBureau })).Project.transitions };
    expect(closed.transitions.map((x: { fromStatus: string; toStatus: string }) => `${x.fromStatus}→${x.toStatus}`)).toEqual([
      'draft→submitted', 'submitted→approved', 'approved→published', 'published→closed',
    ]);
    expect(closed.transitions[0].actor).toBe(`dev:institution:${w.institutions.zjTrainer}`);
    expect(closed.transitions[1]).toMatchObject({ actor: 'dev:bureau:330000', reason: '方案合理' });
    expect(new Date(closed.transitions[3].at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a rejection needs a reason; a rejected project may be resubmitted', async () => {
    const p = await makeProject(w);
    ok(await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst }));
    const blank = await s.gql(REJECT, { id: p.id, reason: '  ' }, { token: t.zjBureau });
    expect(blank.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason', messageZh: '退回须说明理由' });
    const missing = await s.gql(`mutation($id: ID!) { rejectProject(id: $id) { id } }`, { id: p.id }, { token: t.zjBureau });
    expect(missing.errors).toBeDefined();
    expect(await status(p.id)).toBe('submitted');

    const rejected = ok(await s.gql(REJECT, { id: p.id, reason: '课程安排与培训目标不符' }, { token: t.zjBureau })).rejectProject;
    expect(rejected.status).toBe('rejected');
    expect(ok(await s.gql(TRANSITIONS, { id: p.id }, { token: t.zjInst })).Project.transitions.at(-1)).toMatchObject({ fromStatus: 'submitted', toStatus: 'rejected', reason: '课程安排与培训目标不符' });
    expect(ok(await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst })).submitProject.status).toBe('submitted');
  });

  it('separation of duties: the declaring institution cannot approve its own project', async () => {
    const p = await makeProject(w);
    ok(await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst }));
    const own = await s.gql(APPROVE, { id: p.id }, { token: t.zjInst });
    expect(own.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await status(p.id)).toBe('submitted');

    // A bureau that itself declared a project (余杭区教育局) cannot approve it either; the city bureau can.
    await s.ds.getRepository(Qualification).insert({
      institutionId: w.bureaus.yh, level: ProjectLevel.district, subject: '*', validFrom: '2020-01-01', validTo: null, status: QualificationStatus.active, statusReason: null,
    });
    const own2 = await makeProject(w, { institutionId: w.bureaus.yh, regionId: w.regions.yh, level: ProjectLevel.district });
    ok(await s.gql(SUBMIT, { id: own2.id }, { token: await s.tokenFor('institution', { institutionId: w.bureaus.yh }) }));
    const selfBureau = await s.tokenFor('bureau', { regionId: w.regions.yh, institutionId: w.bureaus.yh });
    expect((await s.gql(APPROVE, { id: own2.id }, { token: selfBureau })).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(ok(await s.gql(APPROVE, { id: own2.id }, { token: t.hzBureau })).approveProject.status).toBe('approved');
    // Only the declaring institution submits.
    const other = await makeProject(w);
    // A bureau may not submit at all (the permission table); another institution does not even see the draft.
    expect((await s.gql(SUBMIT, { id: other.id }, { token: t.zjBureau })).errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', operation: 'submitProject' });
    expect((await s.gql(SUBMIT, { id: other.id }, { token: t.cqInst })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('a Chongqing bureau can neither see nor approve a Zhejiang project, nor a district bureau a province-wide one (NOT_FOUND)', async () => {
    const p = await makeProject(w);
    ok(await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst }));
    expect(ok(await s.gql(READ, { id: p.id }, { token: t.cqBureau })).Project).toBeNull();
    const cq = await s.gql(APPROVE, { id: p.id }, { token: t.cqBureau });
    expect(cq.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const yh = await s.gql(APPROVE, { id: p.id }, { token: t.yhBureau });
    expect(yh.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(await status(p.id)).toBe('submitted');
  });

  it('an invalid transition is a CONFLICT naming the current status, in Chinese and English', async () => {
    const p = await makeProject(w);
    ok(await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst }));
    const zh = await s.gql(PUBLISH, { id: p.id }, { token: t.zjBureau });
    expect(zh.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', status: 'submitted', allowed: ['approved'] });
    expect(zh.errors![0]!.message).toBe('当前状态为「已提交」，不能发布');
    const en = await s.gql(PUBLISH, { id: p.id }, { token: t.zjBureau, lang: 'en' });
    expect(en.errors![0]!.message).toBe('Cannot publish: the current status is submitted');
    const again = await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', status: 'submitted' });
    expect(await transitions(p.id)).toBe(1);
  });
});

describe('rules checked at submission', () => {
  it('C-9: a 90-hour project without a final assessment is refused; with one it passes', async () => {
    const curriculum = [
      { title: '新课标解读', hours: 30, kind: CourseKind.theory },
      { title: '跟岗实践', hours: 60, kind: CourseKind.practice },
    ];
    const p = await makeProject(w, { hours: 90, credits: 90, curriculum });
    const r = await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst });
    expect(ruleIds(r)).toEqual(['C-9']);
    expect(r.errors![0]!.extensions).toMatchObject({ limit: 90, actual: 90, messageEn: expect.stringContaining('final assessment') });
    expect(r.errors![0]!.message).toMatch(/^C-9 90学时（学分）及以上的培训项目须设结业考核/);
    expect(await status(p.id)).toBe('draft');
    await s.ds.getRepository(Project).update({ id: p.id }, { finalAssessment: true });
    expect(ok(await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst })).submitProject.status).toBe('submitted');
    // 89 hours needs none.
    const small = await makeProject(w, { hours: 89, credits: 89, curriculum: [{ title: '专题', hours: 89, kind: CourseKind.theory }] });
    expect(ok(await s.gql(SUBMIT, { id: small.id }, { token: t.zjInst })).submitProject.status).toBe('submitted');
  });

  it('C-16: the lead and at least one expert or trainer are named, all in the expert database', async () => {
    const noLead = await makeProject(w, { leadExpertId: null });
    await s.ds.getRepository(ProjectExpert).delete({ projectId: noLead.id });
    const r = await s.gql(SUBMIT, { id: noLead.id }, { token: t.zjInst });
    expect(ruleIds(r)).toEqual(['C-16', 'C-16']);
    expect(r.errors!.map((e) => e.extensions!.field).sort()).toEqual(['experts', 'leadExpertId']);

    const unknown = await makeProject(w, { leadExpertId: 99_001 });
    await s.ds.getRepository(ProjectExpert).insert({ projectId: unknown.id, expertId: 99_002, role: 'expert' });
    const r2 = await s.gql(SUBMIT, { id: unknown.id }, { token: t.zjInst });
    expect(ruleIds(r2)).toEqual(['C-16', 'C-16']);
    expect(r2.errors!.find((e) => e.extensions!.field === 'experts')!.extensions!.actual).toBe('99002');
    expect(r2.errors!.find((e) => e.extensions!.field === 'leadExpertId')!.extensions!.actual).toBe('99001');
    expect(await status(unknown.id)).toBe('draft');
  });

  it('C-5: the institution needs an active qualification for the level and subject, valid over the project dates', async () => {
    const inst = s.ds.getRepository(Institution);
    const newcomer = (await inst.save(inst.create({ name: '浙江某培训中心', kind: InstitutionKind.training, regionId: '330100' }))).id;
    const token = await s.tokenFor('institution', { institutionId: newcomer });
    const p = await makeProject(w, { institutionId: newcomer });
    const none = await s.gql(SUBMIT, { id: p.id }, { token });
    expect(ruleIds(none)).toEqual(['C-5']);
    expect(none.errors![0]!.extensions).toMatchObject({ actual: 'none', limit: 'provincial/语文 2026-12-01..2026-12-04' });

    const q = s.ds.getRepository(Qualification);
    // A mathematics licence does not cover 语文; one expiring before the end date does not cover it either.
    await q.insert({ institutionId: newcomer, level: ProjectLevel.provincial, subject: '数学', validFrom: '2020-01-01', validTo: null, status: QualificationStatus.active, statusReason: null });
    const expiring = await q.insert({ institutionId: newcomer, level: ProjectLevel.provincial, subject: '语文', validFrom: '2020-01-01', validTo: '2026-12-02', status: QualificationStatus.active, statusReason: null });
    const short = await s.gql(SUBMIT, { id: p.id }, { token });
    expect(ruleIds(short)).toEqual(['C-5']);
    expect(short.errors![0]!.extensions!.actual).toBe('valid 2020-01-01..2026-12-02');

    // A suspended licence (C-11) does not count.
    await q.update({ id: expiring.identifiers[0]!.id }, { validTo: null, status: QualificationStatus.suspended });
    expect((await s.gql(SUBMIT, { id: p.id }, { token })).errors![0]!.extensions).toMatchObject({ rule: 'C-5' });
    expect((await s.gql(SUBMIT, { id: p.id }, { token })).errors![0]!.extensions!.actual).toMatch(/^suspended /);
    expect(await status(p.id)).toBe('draft');

    // '*' covers every subject — except one whose own licence is suspended (C-11 suspends per subject).
    await q.insert({ institutionId: newcomer, level: ProjectLevel.provincial, subject: '*', validFrom: '2026-01-01', validTo: '2027-12-31', status: QualificationStatus.active, statusReason: null });
    expect((await s.gql(SUBMIT, { id: p.id }, { token })).errors![0]!.extensions).toMatchObject({ rule: 'C-5' });
    await q.update({ id: expiring.identifiers[0]!.id }, { subject: '数学' });
    await q.insert({ institutionId: newcomer, level: ProjectLevel.provincial, subject: '*', validFrom: '2026-01-01', validTo: '2027-12-31', status: QualificationStatus.active, statusReason: null });
    expect(ok(await s.gql(SUBMIT, { id: p.id }, { token })).submitProject.status).toBe('submitted');
  });

  it('C-1 and completeness: level, curriculum hours, dates, hybrid online credits', async () => {
    const p = await makeProject(w, { hours: 30, mode: TrainingMode.hybrid, onlineCredits: 0, endDate: '2026-11-30' });
    await s.ds.getRepository(Project).update({ id: p.id }, { level: 'county' as ProjectLevel });
    const r = await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst });
    expect(ruleIds(r)).toEqual(['C-1', 'COMPLETENESS', 'COMPLETENESS', 'COMPLETENESS']);
    const byField = Object.fromEntries(r.errors!.map((e) => [e.extensions!.field, e.extensions]));
    expect(byField.curriculum).toMatchObject({ limit: 30, actual: 24 });
    expect(byField.onlineCredits).toMatchObject({ limit: 24, actual: 0 });
    expect(byField.endDate).toMatchObject({ limit: '2026-12-01', actual: '2026-11-30' });
    expect(byField.level).toMatchObject({ rule: 'C-1', actual: 'county' });
  });

  it('all violations come back at once and nothing is written; validateProject returns the same list and writes nothing', async () => {
    const p = await makeProject(w, { hours: 96, credits: 96, leadExpertId: null, mode: TrainingMode.hybrid, onlineCredits: 96 });
    const r = await s.gql(SUBMIT, { id: p.id }, { token: t.zjInst, lang: 'en-US' });
    const ids = ruleIds(r);
    expect(ids).toEqual(['C-16', 'C-9', 'COMPLETENESS', 'COMPLETENESS']);
    expect(r.errors!.find((e) => e.extensions!.rule === 'C-9')!.message).toBe(
      'C-9 a project of 90 hours or credits or more must plan a final assessment (96 hours, 96 credits, none planned)',
    );
    expect(await status(p.id)).toBe('draft');
    expect(await transitions(p.id)).toBe(0);

    for (const token of [t.zjInst, t.platform]) {
      const v = ok(await s.gql(VALIDATE, { id: p.id }, { token })).validateProject;
      expect(v.map((x: { rule: string }) => x.rule).sort()).toEqual(ids);
      const c9 = v.find((x: { rule: string }) => x.rule === 'C-9');
      const c9err = r.errors!.find((e) => e.extensions!.rule === 'C-9')!.extensions!;
      expect(c9).toEqual({ rule: 'C-9', messageZh: c9err.messageZh, messageEn: c9err.messageEn, limit: 90, actual: 96, field: 'finalAssessment' });
    }
    expect(await status(p.id)).toBe('draft');
    expect(await transitions(p.id)).toBe(0);

    const good = await makeProject(w);
    expect(ok(await s.gql(VALIDATE, { id: good.id }, { token: t.zjInst })).validateProject).toEqual([]);
    expect(await status(good.id)).toBe('draft');
    // Out of scope reads as not found, here too.
    expect((await s.gql(VALIDATE, { id: good.id }, { token: t.cqInst })).errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});
