import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoUsers } from '../../core/auth/demo-users.js';
import { signActor } from '../../core/auth/token.js';
import { Enrollment, User } from '../../core/entities/index.js';
import { EnrollmentStatus, ProjectStatus } from '../../core/entities/enums.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let w: World;
beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
  await seedDemoUsers(s.ds);
});
afterAll(async () => s?.close());

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token displayName actor { role regionId institutionId } bindings { role } } }`;

async function rawLogin(username: string, password: string) {
  return (await s.post(LOGIN, { u: username, p: password })) as { res: Response; body: any };
}

describe('login', () => {
  it('returns a token and sets an HttpOnly, SameSite=Strict cookie that the API accepts', async () => {
    const { res, body } = await rawLogin('yh_bureau', DEMO_PASSWORD);
    expect(body.errors).toBeUndefined();
    expect(body.data.login.actor).toMatchObject({ role: 'bureau', regionId: '330110' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^shixun_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Max-Age=28800/);
    const viaCookie = await s.post('{ me { role regionId } }', {}, { cookie: cookie.split(';')[0]! });
    expect(viaCookie.body.data.me).toEqual({ role: 'bureau', regionId: '330110' });
    const viaBearer = await s.gql('{ me { role } }', {}, { token: body.data.login.token });
    expect(viaBearer.data.me.role).toBe('bureau');
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await rawLogin('hz_bureau', 'not-the-password1');
    const unknown = await rawLogin('nobody_here', 'not-the-password1');
    expect(wrong.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(wrong.body.errors[0].message).toBe(unknown.body.errors[0].message);
    expect(wrong.body.data).toBeNull();
  });

  it('locks the account after 5 failures, even for the right password, and slows the caller', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) await rawLogin('cq_bureau', `wrong-password-${i}`);
    expect(Date.now() - t0).toBeGreaterThan(2500); // 200 + 400 + 600 + 800 + 1000 ms of back-off
    const user = await s.ds.getRepository(User).findOneByOrFail({ username: 'cq_bureau' });
    expect(user.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const right = await rawLogin('cq_bureau', DEMO_PASSWORD);
    expect(right.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses expired and tampered tokens', async () => {
    const expired = await signActor({ id: 'user:1', role: 'platform' }, s.config.tokenSecret, -10);
    expect((await s.gql('{ allTeachers { id } }', {}, { token: expired })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const good = await signActor({ id: 'user:1', role: 'school', institutionId: w.schools.yh1 }, s.config.tokenSecret);
    const [h, p, sig] = good.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    payload.actor.role = 'platform';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
    expect((await s.gql('{ allTeachers { id } }', {}, { token: tampered })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const foreign = await signActor({ id: 'user:1', role: 'platform' }, 'another-secret-of-another-deployment');
    expect((await s.gql('{ allTeachers { id } }', {}, { token: foreign })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('changes a password: the old one stops working, a weak one is refused', async () => {
    const { body } = await rawLogin('hznu', DEMO_PASSWORD);
    const token = body.data.login.token;
    const CHANGE = `mutation($o: String!, $n: String!) { changePassword(oldPassword: $o, newPassword: $n) }`;
    const weak = await s.gql(CHANGE, { o: DEMO_PASSWORD, n: 'short' }, { token });
    expect(weak.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect((await s.gql(CHANGE, { o: DEMO_PASSWORD, n: 'Hangzhou-2026-normal' }, { token })).data.changePassword).toBe(true);
    expect((await rawLogin('hznu', DEMO_PASSWORD)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await rawLogin('hznu', 'Hangzhou-2026-normal')).body.data.login.actor.role).toBe('institution');
    expect((await s.ds.getRepository(User).findOneByOrFail({ username: 'hznu' })).demo).toBe(false);
  });
});

describe('user administration stays inside the administrator’s scope', () => {
  const CREATE = `mutation($d: NewUserInput!) { createUser(data: $d) { id username } }`;
  const user = (username: string, binding: Record<string, unknown>) => ({ d: { username, displayName: username, password: 'Passw0rd-long', binding } });

  it('a district bureau creates a school admin for a school in its district', async () => {
    const token = (await rawLogin('yh_bureau', DEMO_PASSWORD)).body.data.login.token;
    const r = await s.gql(CREATE, user('yh1_admin', { role: 'school', institutionId: w.schools.yh1 }), { token });
    expect(r.errors).toBeUndefined();
    const login = await rawLogin('yh1_admin', 'Passw0rd-long');
    expect(login.body.data.login.actor).toMatchObject({ role: 'school', institutionId: String(w.schools.yh1) });
  });

  it('but never a province bureau, nor a school in another province', async () => {
    const token = (await rawLogin('yh_bureau', DEMO_PASSWORD)).body.data.login.token;
    const up = await s.gql(CREATE, user('zj_evil', { role: 'bureau', regionId: '330000' }), { token });
    expect(up.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const away = await s.gql(CREATE, user('cq_evil', { role: 'school', institutionId: w.schools.cq1 }), { token });
    expect(away.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await s.ds.getRepository(User).countBy({ username: 'zj_evil' })).toBe(0);
  });

  it('a school admin cannot create users at all for another school, and a teacher cannot create users', async () => {
    const school = await s.tokenFor('school', { institutionId: w.schools.yh2 });
    const r = await s.gql(CREATE, user('yh1_sneaky', { role: 'school', institutionId: w.schools.yh1 }), { token: school });
    expect(r.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const teacher = await s.tokenFor('teacher', { teacherId: w.teachers.yh1[0] });
    const t = await s.gql(CREATE, user('teacher_made', { role: 'teacher', teacherId: w.teachers.yh1[1] }), { token: teacher });
    expect(t.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});

describe('field-level masking', () => {
  it('ID and phone numbers are masked for roles that do not manage the teacher', async () => {
    const q = `query($id: ID!) { Teacher(id: $id) { idNumber } }`;
    const id = w.teachers.yh1[0];
    const school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    const full = (await s.gql(q, { id }, { token: school })).data.Teacher.idNumber;
    expect(full).toMatch(/^\d{17}[\dX]$/);
    const platform = await s.tokenFor('platform');
    expect((await s.gql(q, { id }, { token: platform })).data.Teacher.idNumber).toBe(full);
    // An institution sees the teacher only once enrolled in its class, and masked even then.
    const cls = await makeClass(w, await makeProject(w, { status: ProjectStatus.published }));
    await s.ds.getRepository(Enrollment).insert({
      teacherId: id, classId: cls.id, schoolId: w.schools.yh1, regionId: '330110', round: 1, projectRevision: 1, nominated: false,
      status: EnrollmentStatus.approved, pendingStep: null, steps: [], selectedAt: new Date(), withdrawnAt: null, withdrawReason: null,
    });
    const inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
    const masked = (await s.gql(q, { id }, { token: inst })).data.Teacher.idNumber;
    expect(masked).toBe(`${full.slice(0, 3)}***********${full.slice(-4)}`);
    const cqBureau = await s.tokenFor('bureau', { regionId: '500000' });
    expect((await s.gql(q, { id }, { token: cqBureau })).data.Teacher).toBeNull();
  });
});

describe('GraphQL hardening', () => {
  it('refuses a query nested too deep, and one too complex, with the limit and the actual value', async () => {
    const token = await s.tokenFor('platform');
    const deep = `{ allInstitutions { ${'parent { '.repeat(11)}id${' }'.repeat(11)} } }`;
    const r = await s.gql(deep, {}, { token });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 12, actual: 13 });
    const wide = `{ a: allTeachers(perPage: 200) { school { name region { name } } changes { version after } } b: allTeachers(perPage: 200) { school { name region { name parent { name } } } } c: allEnrollments(perPage: 200) { teacher { name school { name region { name } } } class { name project { name institution { name } } } reviews { step reason } } d: allProjects(perPage: 200) { curriculum { title } institution { name } } e: allTeachers(perPage: 200, page: 1) { school { name region { name } } changes { version after } } f: allTeachers(perPage: 200, page: 2) { school { name region { name } } changes { version after } } }`;
    const c = await s.gql(wide, {}, { token });
    expect(c.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(c.errors![0]!.extensions!.actual).toBeGreaterThan(c.errors![0]!.extensions!.limit);
  });

  it('allows introspection in development, including the IDE’s full schema query (not counted as depth)', async () => {
    const r = await s.gql('{ __schema { queryType { name } } }');
    expect(r.data.__schema.queryType.name).toBe('Query');
    const { getIntrospectionQuery } = await import('graphql');
    const full = await s.gql(getIntrospectionQuery());
    expect(full.errors).toBeUndefined();
    expect(full.data.__schema.types.length).toBeGreaterThan(50);
  });
});
