import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Institution, Qualification } from '../../core/entities/index.js';
import { buildWorld, type World } from '../helpers/fixtures.js';
import { ok, refused, refusedInBothLanguages, tokens } from '../helpers/resource-helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Reference data: regions, institutions, qualifications, the expert database, cycles. */
let s: TestServer;
let w: World;
let t: Record<'platform' | 'zj' | 'hz' | 'yh' | 'cq' | 'zjTrainer' | 'cqTrainer' | 'school', string>;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds, { teachersPerSchool: 2 });
  t = await tokens(s, {
    platform: ['platform'],
    zj: ['bureau', { regionId: '330000' }],
    hz: ['bureau', { regionId: '330100' }],
    yh: ['bureau', { regionId: '330110' }],
    cq: ['bureau', { regionId: '500000' }],
    zjTrainer: ['institution', { institutionId: w.institutions.zjTrainer }],
    cqTrainer: ['institution', { institutionId: w.institutions.cqTrainer }],
    school: ['school', { institutionId: w.schools.yh1 }],
  });
});
afterAll(async () => s?.close());

describe('Region (platform only, GB/T 2260 codes)', () => {
  const CREATE = `mutation($data: RegionInput!) { createRegion(data: $data) { id name level parent { name } } }`;

  it('the platform adds a district inside its city; nobody else may', async () => {
    const r = ok(await s.gql(CREATE, { data: { id: '330102', name: '上城区', level: 'district', parentId: '330100' } }, { token: t.platform }));
    expect(r.createRegion).toEqual({ id: '330102', name: '上城区', level: 'district', parent: { name: '杭州市' } });
    refused(await s.gql(CREATE, { data: { id: '330105', name: '拱墅区', level: 'district', parentId: '330100' } }, { token: t.zj }), 'FORBIDDEN');
    const u = ok(await s.gql(`mutation { updateRegion(id: "330102", data: { name: "上城区（新）" }) { name } }`, {}, { token: t.platform }));
    expect(u.updateRegion.name).toBe('上城区（新）');
    refused(await s.gql(`mutation { updateRegion(id: "330102", data: { name: "x" }) { name } }`, {}, { token: t.hz }), 'FORBIDDEN');
  });

  it('refuses a malformed code, a code of the wrong level, one outside its parent and a duplicate', async () => {
    const bad = await refusedInBothLanguages(s, CREATE, { data: { id: '33010', name: 'x', level: 'district', parentId: '330100' } }, t.platform, 'BAD_USER_INPUT', { field: 'id' });
    expect(bad.en).toBe('id must be a 6-digit GB/T 2260 code');
    expect(bad.zh).toContain('行政区划代码格式不正确');
    refused(await s.gql(CREATE, { data: { id: '330200', name: '宁波市', level: 'district', parentId: '330000' } }, { token: t.platform }), 'BAD_USER_INPUT', { field: 'level' });
    refused(await s.gql(CREATE, { data: { id: '340102', name: 'x', level: 'district', parentId: '330100' } }, { token: t.platform }), 'BAD_USER_INPUT', { field: 'parentId' });
    refused(await s.gql(CREATE, { data: { id: '330100', name: '杭州', level: 'city', parentId: '330000' } }, { token: t.platform }), 'BAD_USER_INPUT', { field: 'id' });
    const hz = ok(await s.gql(`{ Region(id: "330100") { name subregions { id } } }`, {}, { token: t.platform }));
    expect(hz.Region).toEqual({ name: '杭州市', subregions: [{ id: '330102' }, { id: '330110' }] });
  });
});

describe('Institution (bureau within its region subtree)', () => {
  const CREATE = `mutation($data: InstitutionInput!) { createInstitution(data: $data) { id name kind regionId bureauLevel stage rural region { name } parent { name } } }`;
  const UPDATE = `mutation($id: ID!, $data: InstitutionUpdateInput!) { updateInstitution(id: $id, data: $data) { id name regionId rural isPrivate } }`;
  let created: string;

  it('a bureau adds a school in its subtree, with region and parent resolved', async () => {
    const r = ok(await s.gql(CREATE, { data: { name: '余杭区实验幼儿园', kind: 'school', stage: 'kindergarten', regionId: '330110', parentId: w.bureaus.yh, isPrivate: true } }, { token: t.zj }));
    expect(r.createInstitution).toMatchObject({ name: '余杭区实验幼儿园', kind: 'school', regionId: '330110', stage: 'kindergarten', region: { name: '余杭区' }, parent: { name: '余杭区教育局' } });
    created = r.createInstitution.id;
    const bureau = ok(await s.gql(CREATE, { data: { name: '临平区教育局', kind: 'bureau', regionId: '330100' } }, { token: t.hz }));
    expect(bureau.createInstitution.bureauLevel).toBe('city');
  });

  it('another region\'s bureau can read it but not change it (FORBIDDEN), nor create in a region it does not govern', async () => {
    expect(ok(await s.gql(`query($id: ID!) { Institution(id: $id) { name } }`, { id: created }, { token: t.cq })).Institution.name).toBe('余杭区实验幼儿园');
    await refusedInBothLanguages(s, UPDATE, { id: created, data: { rural: true } }, t.cq, 'FORBIDDEN');
    refused(await s.gql(CREATE, { data: { name: '越界学校', kind: 'school', stage: 'primary', regionId: '330110' } }, { token: t.cq }), 'FORBIDDEN');
    // A district bureau governs its district only: the Hangzhou university is outside it.
    refused(await s.gql(UPDATE, { id: w.institutions.zjTrainer, data: { trainerCount: 1 } }, { token: t.yh }), 'FORBIDDEN');
    expect(await s.ds.getRepository(Institution).countBy({ name: '越界学校' })).toBe(0);
  });

  it('a bureau cannot move a record out of its scope; the failed update leaves nothing changed', async () => {
    refused(await s.gql(UPDATE, { id: created, data: { name: '改名', regionId: '500000' } }, { token: t.yh }), 'FORBIDDEN');
    const row = await s.ds.getRepository(Institution).findOneByOrFail({ id: Number(created) });
    expect(row).toMatchObject({ name: '余杭区实验幼儿园', regionId: '330110' });
    const u = ok(await s.gql(UPDATE, { id: created, data: { rural: true } }, { token: t.yh }));
    expect(u.updateInstitution).toMatchObject({ rural: true, isPrivate: true });
  });

  it('only bureaus (and the platform) write institutions', async () => {
    for (const token of [t.zjTrainer, t.school]) refused(await s.gql(UPDATE, { id: created, data: { rural: false } }, { token }), 'FORBIDDEN');
  });

  it('validates input with messages in Chinese and English', async () => {
    const empty = await refusedInBothLanguages(s, CREATE, { data: { name: '', kind: 'training', regionId: '330110' } }, t.zj, 'BAD_USER_INPUT', { field: 'name' });
    expect(empty.zh).toBe('名称长度须在 1 到 128 个字符之间（实际 “”）');
    expect(empty.en).toBe('name must be 1 to 128 characters long (got "")');
    const noStage = await refusedInBothLanguages(s, CREATE, { data: { name: '无学段学校', kind: 'school', regionId: '330110' } }, t.zj, 'BAD_USER_INPUT', { field: 'stage' });
    expect(noStage.en).toBe('A school needs a stage');
    refused(await s.gql(CREATE, { data: { name: 'x', kind: 'training', regionId: '999999' } }, { token: t.platform }), 'BAD_USER_INPUT', { field: 'regionId' });
    refused(await s.gql(UPDATE, { id: created, data: { name: null } }, { token: t.zj }), 'BAD_USER_INPUT', { field: 'name' });
    refused(await s.gql(UPDATE, { id: created, data: { trainerCount: -1 } }, { token: t.zj }), 'BAD_USER_INPUT', { field: 'trainerCount' });
  });

  it('a school with teachers keeps its region (CONFLICT)', async () => {
    refused(await s.gql(UPDATE, { id: w.schools.yh1, data: { regionId: '330100' } }, { token: t.zj }), 'CONFLICT', { field: 'regionId', actual: 2 });
  });
});

describe('Qualification (read by all, written by the bureau governing the institution)', () => {
  const UPDATE = `mutation($id: ID!, $data: QualificationUpdateInput!) { updateQualification(id: $id, data: $data) { id status statusReason validTo institution { name } } }`;
  const CREATE = `mutation($data: QualificationInput!) { createQualification(data: $data) { id level subject status institution { name } } }`;
  let zjQual: number;

  beforeAll(async () => {
    zjQual = (await s.ds.getRepository(Qualification).findOneByOrFail({ institutionId: w.institutions.zjTrainer, level: 'district' as never })).id;
  });

  it('the Hangzhou bureau suspends a Hangzhou institution\'s qualification with a reason', async () => {
    const r = ok(await s.gql(UPDATE, { id: zjQual, data: { status: 'suspended', statusReason: 'C-11 满意度低于70%' } }, { token: t.hz }));
    expect(r.updateQualification).toMatchObject({ status: 'suspended', statusReason: 'C-11 满意度低于70%', institution: { name: '杭州师范大学' } });
    const back = ok(await s.gql(UPDATE, { id: zjQual, data: { status: 'active' } }, { token: t.zj }));
    expect(back.updateQualification).toMatchObject({ status: 'active', statusReason: null });
  });

  it('a Chongqing bureau (or a district bureau outside it) cannot edit a Zhejiang qualification', async () => {
    await refusedInBothLanguages(s, UPDATE, { id: zjQual, data: { validTo: '2030-12-31' } }, t.cq, 'FORBIDDEN');
    refused(await s.gql(UPDATE, { id: zjQual, data: { validTo: '2030-12-31' } }, { token: t.yh }), 'FORBIDDEN');
    refused(await s.gql(UPDATE, { id: zjQual, data: { validTo: '2030-12-31' } }, { token: t.zjTrainer }), 'FORBIDDEN');
    refused(await s.gql(CREATE, { data: { institutionId: w.institutions.zjTrainer, level: 'national', subject: '英语', validFrom: '2026-01-01' } }, { token: t.cq }), 'FORBIDDEN');
    refused(await s.gql(UPDATE, { id: 99999, data: { validTo: '2030-12-31' } }, { token: t.cq }), 'NOT_FOUND');
  });

  it('the Chongqing bureau grants a Chongqing institution a qualification', async () => {
    const r = ok(await s.gql(CREATE, { data: { institutionId: w.institutions.cqTrainer, level: 'national', subject: '英语', validFrom: '2026-01-01', validTo: '2030-12-31' } }, { token: t.cq }));
    expect(r.createQualification).toMatchObject({ level: 'national', subject: '英语', status: 'active', institution: { name: '重庆市教师进修学院' } });
  });

  it('refuses suspension without a reason, dates in the wrong order, impossible dates and bureaus as holders', async () => {
    const noReason = await refusedInBothLanguages(s, UPDATE, { id: zjQual, data: { status: 'revoked' } }, t.hz, 'BAD_USER_INPUT', { field: 'statusReason' });
    expect(noReason.zh).toBe('暂停或撤销资质须说明理由');
    const order = await refusedInBothLanguages(s, UPDATE, { id: zjQual, data: { validTo: '2019-12-31' } }, t.hz, 'BAD_USER_INPUT', { field: 'validTo' });
    expect(order.en).toBe('validFrom 2020-01-01 must not be after validTo 2019-12-31');
    const day = await refusedInBothLanguages(s, UPDATE, { id: zjQual, data: { validTo: '2026-02-30' } }, t.hz, 'BAD_USER_INPUT', { field: 'validTo' });
    expect(day.zh).toBe('失效日期须为有效日期（YYYY-MM-DD）（实际 “2026-02-30”）');
    refused(await s.gql(CREATE, { data: { institutionId: w.bureaus.zj, level: 'district', subject: '*', validFrom: '2026-01-01' } }, { token: t.zj }), 'BAD_USER_INPUT', { field: 'institutionId' });
  });

  it('filters by institution region subtree and by the day a qualification is valid on', async () => {
    const r = ok(await s.gql(`{
      zj: _allQualificationsMeta(filter: { regionId: "330000" }) { count }
      cq: _allQualificationsMeta(filter: { regionId: "500000" }) { count }
      nationalEnglish: allQualifications(filter: { subject: "英语", validOn: "2027-06-01" }) { institution { name } }
      before: _allQualificationsMeta(filter: { subject: "英语", validOn: "2025-06-01" }) { count }
    }`, {}, { token: t.school }));
    expect(r.zj.count).toBe(4);
    expect(r.cq.count).toBe(5);
    expect(r.nationalEnglish).toEqual([{ institution: { name: '重庆市教师进修学院' } }]);
    expect(r.before.count).toBe(0);
  });
});

describe('Expert database (C-16)', () => {
  const CREATE = `mutation($data: ExpertInput!) { createExpert(data: $data) { id name employerId regionId employer { name } region { name } } }`;
  const UPDATE = `mutation($id: ID!, $data: ExpertUpdateInput!) { updateExpert(id: $id, data: $data) { id name title degree } }`;

  it('an institution records an expert it employs: employer and region default to its own', async () => {
    const r = ok(await s.gql(CREATE, { data: { name: '王立群', title: 'senior', degree: 'doctor', subject: '语文' } }, { token: t.zjTrainer }));
    expect(r.createExpert).toMatchObject({ employerId: String(w.institutions.zjTrainer), regionId: '330100', employer: { name: '杭州师范大学' }, region: { name: '杭州市' } });
    ok(await s.gql(UPDATE, { id: w.experts.lead, data: { degree: 'master' } }, { token: t.zjTrainer }));
  });

  it('an institution cannot record or edit experts employed elsewhere', async () => {
    refused(await s.gql(CREATE, { data: { name: '外单位专家', employerId: w.institutions.cqTrainer } }, { token: t.zjTrainer }), 'FORBIDDEN');
    await refusedInBothLanguages(s, UPDATE, { id: w.experts.professor, data: { title: 'first' } }, t.zjTrainer, 'FORBIDDEN');
    refused(await s.gql(UPDATE, { id: w.experts.lead, data: { employerId: w.institutions.cqTrainer } }, { token: t.zjTrainer }), 'FORBIDDEN');
  });

  it('a bureau edits experts of its region only; schools do not write the expert database', async () => {
    expect(ok(await s.gql(UPDATE, { id: w.experts.professor, data: { title: 'associate_senior' } }, { token: t.cq })).updateExpert.title).toBe('associate_senior');
    refused(await s.gql(UPDATE, { id: w.experts.lead, data: { title: 'first' } }, { token: t.cq }), 'FORBIDDEN');
    const free = ok(await s.gql(CREATE, { data: { name: '特邀专家', regionId: '500103', frontLine: true } }, { token: t.cq }));
    expect(free.createExpert).toMatchObject({ employerId: null, regionId: '500103' });
    refused(await s.gql(CREATE, { data: { name: '特邀专家', regionId: '330110' } }, { token: t.cq }), 'FORBIDDEN');
    refused(await s.gql(CREATE, { data: { name: '学校专家', regionId: '330110' } }, { token: t.school }), 'FORBIDDEN');
  });

  it('validates degree, dates and the region', async () => {
    const degree = await refusedInBothLanguages(s, CREATE, { data: { name: '甲', degree: 'phd' } }, t.zjTrainer, 'BAD_USER_INPUT', { field: 'degree' });
    expect(degree.en).toBe('degree must be one of: college, bachelor, master, doctor (got "phd")');
    refused(await s.gql(CREATE, { data: { name: '乙', birthDate: '1970/01/01' } }, { token: t.zjTrainer }), 'BAD_USER_INPUT', { field: 'birthDate' });
    refused(await s.gql(CREATE, { data: { name: '丙' } }, { token: t.cq }), 'BAD_USER_INPUT', { field: 'regionId' });
  });
});

describe('Cycle (C-2, platform only)', () => {
  const CREATE = `mutation($data: CycleInput!) { createCycle(data: $data) { id name startYear endYear } }`;

  it('the platform adds the next five-year cycle; a bureau may not', async () => {
    const r = ok(await s.gql(CREATE, { data: { name: '2031—2035年周期', startYear: 2031, endYear: 2035 } }, { token: t.platform }));
    expect(r.createCycle).toMatchObject({ startYear: 2031, endYear: 2035 });
    refused(await s.gql(CREATE, { data: { name: 'x', startYear: 2036, endYear: 2040 } }, { token: t.zj }), 'FORBIDDEN');
    const found = ok(await s.gql(`{ allCycles(filter: { year: 2033 }) { name } }`, {}, { token: t.school }));
    expect(found.allCycles).toEqual([{ name: '2031—2035年周期' }]);
  });

  it('C-2: a cycle spans exactly five years and cycles do not overlap', async () => {
    const span = await refusedInBothLanguages(s, CREATE, { data: { name: 'x', startYear: 2036, endYear: 2039 } }, t.platform, 'BAD_USER_INPUT', {
      rule: 'C-2', limit: 5, actual: 4, field: 'endYear',
    });
    expect(span.zh).toContain('C-2');
    refused(await s.gql(CREATE, { data: { name: 'x', startYear: 2029, endYear: 2033 } }, { token: t.platform }), 'BAD_USER_INPUT', { field: 'startYear' });
    refused(await s.gql(`mutation { updateCycle(id: ${w.cycles.current}, data: { endYear: 2031 }) { id } }`, {}, { token: t.platform }), 'BAD_USER_INPUT', { rule: 'C-2' });
  });
});
