import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../core/auth/actor.js';
import { allResources } from '../../core/graphql/schema.js';
import type { ResourceConfig } from '../../core/graphql/resource.js';
import { seedDemoIfEmpty } from '../../core/seed/demo.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Row-level scope, tried on the demo data for every resource and every scoped role: two
 * actors of the same role in different places (Zhejiang and Chongqing) never see each
 * other's records, a record outside the actor's scope reads as not found, and an update
 * of it is refused without writing.
 */
let s: TestServer;
type Scope = { regionId?: string; institutionId?: number; teacherId?: number; expertId?: number };
const pairs: Partial<Record<Role, [Scope, Scope]>> = {};
const PUBLIC = new Set(['Region', 'Institution', 'Qualification', 'Expert', 'Cycle']);
const CHONGQING_RECORD: Record<string, string> = {
  Region: "SELECT MIN(id) FROM region WHERE id LIKE '50%'",
  Institution: "SELECT MIN(id) FROM institution WHERE regionId LIKE '50%'",
  Qualification: "SELECT MIN(q.id) FROM qualification q JOIN institution i ON i.id = q.institutionId WHERE i.regionId LIKE '50%'",
  Expert: "SELECT MIN(id) FROM expert WHERE regionId LIKE '50%'",
  Cycle: 'SELECT MIN(id) FROM cycle',
};

const one = async (sql: string): Promise<number> => Number(Object.values(((await s.ds.query(sql)) as Record<string, unknown>[])[0]!)[0]);

beforeAll(async () => {
  s = await startTestServer();
  await seedDemoIfEmpty(s, { log: () => undefined });
  // People who have records of every kind: a teacher with approved selections and credits, their school, the institution of their class, an expert named in a project.
  const teacherIn = (prefix: string) =>
    one(`SELECT MIN(e.teacherId) FROM enrollment e JOIN credit_record c ON c.teacherId = e.teacherId WHERE e.regionId LIKE '${prefix}%' AND e.status = 'approved'`);
  const zjTeacher = await teacherIn('33');
  const cqTeacher = await teacherIn('50');
  const schoolOf = (t: number) => one(`SELECT schoolId FROM teacher WHERE id = ${t}`);
  const institutionOf = (t: number) => one(`SELECT MIN(c.institutionId) FROM enrollment e JOIN training_class c ON c.id = e.classId WHERE e.teacherId = ${t}`);
  const expertIn = (prefix: string) => one(`SELECT MIN(pe.expertId) FROM project_expert pe JOIN project p ON p.id = pe.projectId WHERE p.regionId LIKE '${prefix}%'`);
  pairs.bureau = [{ regionId: '330000' }, { regionId: '500000' }];
  pairs.school = [{ institutionId: await schoolOf(zjTeacher) }, { institutionId: await schoolOf(cqTeacher) }];
  pairs.institution = [{ institutionId: await institutionOf(zjTeacher) }, { institutionId: await institutionOf(cqTeacher) }];
  pairs.teacher = [{ teacherId: zjTeacher }, { teacherId: cqTeacher }];
  pairs.expert = [{ expertId: await expertIn('33') }, { expertId: await expertIn('50') }];
}, 120_000);
afterAll(async () => s?.close());

async function visibleIds(r: ResourceConfig<any>, token: string): Promise<string[]> {
  const res = await s.gql(`{ all${r.plural}(perPage: 200, sortField: "id") { id } }`, {}, { token });
  expect(res.errors, `all${r.plural}`).toBeUndefined();
  return res.data[`all${r.plural}`].map((x: { id: string }) => x.id);
}

describe('row-level scope on the demo data', () => {
  it('the demo gives each pair of actors someone real to be', () => {
    for (const [role, [a, b]] of Object.entries(pairs)) {
      for (const scope of [a, b]) expect(Object.values(scope).every((v) => v !== null && !Number.isNaN(v)), `${role} ${JSON.stringify(scope)}`).toBe(true);
    }
  });

  it('actors of one role in two provinces never see each other’s records, and the other’s record reads as not found', async () => {
    const problems: string[] = [];
    let compared = 0;
    for (const [role, [a, b]] of Object.entries(pairs) as [Role, [Scope, Scope]][]) {
      const ta = await s.tokenFor(role, a);
      const tb = await s.tokenFor(role, b);
      for (const r of allResources(s.plugins)) {
        const ia = await visibleIds(r, ta);
        const ib = await visibleIds(r, tb);
        if (PUBLIC.has(r.name)) {
          if (ia.length === 0) problems.push(`${role} sees no ${r.name} (public reference data)`);
          continue;
        }
        const shared = ia.filter((id) => ib.includes(id));
        if (shared.length) problems.push(`${role} ${JSON.stringify(a)} and ${JSON.stringify(b)} both see ${r.name} ${shared.slice(0, 3).join(',')}`);
        for (const id of ia.slice(0, 3)) {
          const got = await s.gql(`query($id: ID!) { ${r.name}(id: $id) { id } }`, { id }, { token: tb });
          if (got.data?.[r.name] !== null) problems.push(`${role} ${JSON.stringify(b)} reads ${r.name} ${id} of ${JSON.stringify(a)}`);
          compared++;
        }
      }
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(50);
  });

  it('the people who manage records see them: bureaus see their province’s records of every kind', async () => {
    const token = await s.tokenFor('bureau', pairs.bureau![0]);
    const empty: string[] = [];
    for (const r of allResources(s.plugins)) {
      if (['User', 'RoleBinding', 'AuditEvent', 'CycleAudit', 'QualificationAction', 'TeacherChange', 'ProjectChange'].includes(r.name)) continue;
      if ((await visibleIds(r, token)).length === 0) empty.push(r.name);
    }
    expect(empty).toEqual([]);
  });

  it('an update of a record outside the actor’s scope is refused and writes nothing', async () => {
    const problems: string[] = [];
    let tried = 0;
    for (const [role, [a, b]] of Object.entries(pairs) as [Role, [Scope, Scope]][]) {
      const ta = await s.tokenFor(role, a);
      const tb = await s.tokenFor(role, b);
      for (const r of allResources(s.plugins).filter((x) => x.updateInput)) {
        // Public reference data is readable by both: a Chongqing record must still not be writable from Zhejiang.
        const target = PUBLIC.has(r.name)
          ? String(await one(CHONGQING_RECORD[r.name]!))
          : await (async () => {
              const mine = new Set(await visibleIds(r, ta));
              return (await visibleIds(r, tb)).find((id) => !mine.has(id));
            })();
        if (!target) continue;
        const before = await s.ds.getRepository(r.entity).findOneBy({ id: Number.isNaN(Number(target)) ? target : Number(target) } as never);
        const res = await s.gql(`mutation($id: ID!) { update${r.name}(id: $id, data: {}) { id } }`, { id: target }, { token: ta });
        tried++;
        const code = res.errors?.[0]?.extensions?.code;
        if (!['NOT_FOUND', 'FORBIDDEN'].includes(String(code))) problems.push(`${role} update${r.name}(${target}) → ${code ?? 'succeeded'}`);
        const after = await s.ds.getRepository(r.entity).findOneBy({ id: Number.isNaN(Number(target)) ? target : Number(target) } as never);
        if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${role} update${r.name}(${target}) changed the record`);
      }
    }
    expect(problems).toEqual([]);
    expect(tried).toBeGreaterThan(20);
  });
});
