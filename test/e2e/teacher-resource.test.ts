import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../core/domain/id-number.js';
import { Institution, Region } from '../../core/entities/index.js';
import { InstitutionKind, RegionLevel, Stage } from '../../core/entities/enums.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let schoolA: number;
let schoolB: number;

beforeAll(async () => {
  s = await startTestServer();
  const regions = s.ds.getRepository(Region);
  await regions.insert([
    { id: '330000', name: '浙江省', level: RegionLevel.province, parentId: null },
    { id: '330100', name: '杭州市', level: RegionLevel.city, parentId: '330000' },
    { id: '330110', name: '余杭区', level: RegionLevel.district, parentId: '330100' },
    { id: '500000', name: '重庆市', level: RegionLevel.province, parentId: null },
  ]);
  const inst = s.ds.getRepository(Institution);
  schoolA = (await inst.save(inst.create({ name: '余杭第一小学', kind: InstitutionKind.school, regionId: '330110', stage: Stage.primary }))).id;
  schoolB = (await inst.save(inst.create({ name: '重庆巴蜀小学', kind: InstitutionKind.school, regionId: '500000', stage: Stage.primary }))).id;
});
afterAll(async () => s?.close());

const CREATE = `mutation($data: TeacherInput!) { createTeacher(data: $data) { id name gender birthDate regionId version school { name } } }`;

describe('Teacher resource over HTTP', () => {
  it('creates a teacher, deriving birth date and gender from a valid ID number', async () => {
    const token = await s.tokenFor('school', { institutionId: schoolA });
    const idNumber = makeIdNumber('330110', '1985-03-12', 101, 'female');
    const r = await s.gql(CREATE, { data: { name: '李娜', idNumber, schoolId: schoolA, stage: 'primary', subject: '语文' } }, { token });
    expect(r.errors).toBeUndefined();
    expect(r.data.createTeacher).toMatchObject({ name: '李娜', gender: 'female', birthDate: '1985-03-12', regionId: '330110', version: 1, school: { name: '余杭第一小学' } });
  });

  it('refuses an ID number with a wrong check digit, in Chinese and English', async () => {
    const token = await s.tokenFor('school', { institutionId: schoolA });
    const good = makeIdNumber('330110', '1990-01-01', 5, 'male');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = await s.gql(CREATE, { data: { name: '王强', idNumber: bad, schoolId: schoolA, stage: 'primary', subject: '数学' } }, { token });
    expect(r.data).toBeNull();
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber', messageZh: '身份证号校验位错误' });
    const en = await s.gql(CREATE, { data: { name: '王强', idNumber: bad, schoolId: schoolA, stage: 'primary', subject: '数学' } }, { token, lang: 'en-US' });
    expect(en.errors![0]!.message).toBe('The ID number check digit is wrong');
  });

  it('keeps a school admin inside their school: no creating elsewhere, no seeing others', async () => {
    const tokenB = await s.tokenFor('school', { institutionId: schoolB });
    const idNumber = makeIdNumber('500101', '1980-06-01', 7, 'male');
    const created = await s.gql(CREATE, { data: { name: '张伟', idNumber, schoolId: schoolB, stage: 'primary', subject: '数学' } }, { token: tokenB });
    expect(created.errors).toBeUndefined();
    const outside = await s.gql(
      CREATE,
      { data: { name: '赵敏', idNumber: makeIdNumber('500101', '1981-06-01', 9, 'female'), schoolId: schoolA, stage: 'primary', subject: '数学' } },
      { token: tokenB },
    );
    expect(outside.errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const tokenA = await s.tokenFor('school', { institutionId: schoolA });
    const list = await s.gql(`{ allTeachers(perPage: 50) { name } _allTeachersMeta { count } }`, {}, { token: tokenA });
    expect(list.data.allTeachers.map((t: { name: string }) => t.name)).toEqual(['李娜']);
    expect(list.data._allTeachersMeta.count).toBe(1);
    const other = await s.gql(`query($id: ID!) { Teacher(id: $id) { name } }`, { id: created.data.createTeacher.id }, { token: tokenA });
    expect(other.data.Teacher).toBeNull();
  });

  it('a bureau sees its region subtree only', async () => {
    const zj = await s.tokenFor('bureau', { regionId: '330000' });
    const r = await s.gql(`{ allTeachers(filter: { regionId: "330100" }) { name regionId } }`, {}, { token: zj });
    expect(r.data.allTeachers.map((t: { name: string }) => t.name)).toEqual(['李娜']);
    const cq = await s.tokenFor('bureau', { regionId: '500000' });
    const r2 = await s.gql(`{ allTeachers { name } }`, {}, { token: cq });
    expect(r2.data.allTeachers.map((t: { name: string }) => t.name)).toEqual(['张伟']);
  });

  it('keeps every change as a versioned record', async () => {
    const token = await s.tokenFor('bureau', { regionId: '330000' });
    const list = await s.gql(`{ allTeachers { id } }`, {}, { token });
    const id = list.data.allTeachers[0].id;
    const u = await s.gql(`mutation($id: ID!) { updateTeacher(id: $id, data: { subject: "数学" }) { version changes { version before after actor } } }`, { id }, { token });
    expect(u.errors).toBeUndefined();
    expect(u.data.updateTeacher.version).toBe(2);
    expect(u.data.updateTeacher.changes).toHaveLength(2);
    expect(JSON.parse(u.data.updateTeacher.changes[1].before)).toEqual({ subject: '语文' });
    expect(JSON.parse(u.data.updateTeacher.changes[1].after)).toEqual({ subject: '数学' });
  });

  it('answers a malformed variable with 400 and BAD_USER_INPUT in Chinese and English, never a 500', async () => {
    const token = await s.tokenFor('platform');
    const r = await s.gql(`query($p: Int) { allTeachers(perPage: $p) { id } }`, { p: 'abc' }, { token });
    expect(r.status).toBe(400);
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(r.errors![0]!.message).toMatch(/^请求不合法/);
    expect(r.errors![0]!.extensions!.messageEn).toMatch(/Int cannot represent/);
  });

  it('refuses anonymous requests and oversized pages with clear errors', async () => {
    const anon = await s.gql(`{ allTeachers { id } }`);
    expect(anon.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const token = await s.tokenFor('platform');
    const big = await s.gql(`{ allTeachers(perPage: 100000) { id } }`, {}, { token });
    expect(big.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 200, actual: 100000 });
  });
});
