import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditSource, ProjectStatus } from '../../core/entities/enums.js';
import { CreditRecord } from '../../core/entities/index.js';
import { P3_QUERY } from '../../bench/p3-console-list.js';
import { approveEnrollments } from '../helpers/delivery.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { insertTeachers } from '../helpers/selection.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * P3 of BENCHMARKS.md at a small size: the console's teacher list (a page with school, region
 * and the cycle's credits, filtered by district and subject, sorted by name) is one SQL statement
 * whatever the page size — the page with its school and region joined and each teacher's credits
 * as a correlated sum, as the raw statement of the benchmark does — and its credits are the
 * ledger's sums.
 */
let s: TestServer;
let w: World;
let ids: number[];

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds);
  ids = await insertTeachers(w, 120, { id: w.schools.yh1, regionId: w.regions.yh });
  const rows: Partial<CreditRecord>[] = [];
  ids.forEach((teacherId, i) => {
    for (let k = 0; k < i % 4; k++)
      rows.push({
        teacherId, cycleId: w.cycles.current, regionId: w.regions.yh, year: 2026, credits: 10 + k, hours: 10, source: CreditSource.external,
        classId: null, enrollmentId: null, evidence: null, correctsId: null, reason: null, grantKey: null, createdBy: 'test', createdAt: new Date(),
      });
    // Another cycle's credits never count.
    rows.push({
      teacherId, cycleId: w.cycles.previous, regionId: w.regions.yh, year: 2024, credits: 100, hours: 100, source: CreditSource.external,
      classId: null, enrollmentId: null, evidence: null, correctsId: null, reason: null, grantKey: null, createdBy: 'test', createdAt: new Date(),
    });
  });
  for (let k = 0; k < rows.length; k += 100) await s.ds.getRepository(CreditRecord).insert(rows.slice(k, k + 100));
});
afterAll(async () => s?.close());

async function page(perPage: number, token: string, cycle: string | null = String(w.cycles.current)) {
  const before = s.counter.total;
  const r = await s.gql(P3_QUERY, { f: { regionId: w.regions.yh, subject: '语文' }, page: 0, perPage, cycle }, { token });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return { statements: s.counter.total - before, rows: r.data.allTeachers as { id: string; name: string; school: { name: string }; region: { name: string }; cycleCredits: number | null }[] };
}

describe('P3: the console list at any page size', () => {
  it('allTeachers with school, region and cycle credits: one statement, the same at 5, 25 and 100 rows', async () => {
    const bureau = await s.tokenFor('bureau', { regionId: w.regions.zj });
    const counts: number[] = [];
    for (const perPage of [5, 25, 100]) {
      const { statements, rows } = await page(perPage, bureau);
      expect(rows).toHaveLength(perPage);
      for (const t of rows) {
        expect(t.school.name).toBeTruthy();
        expect(t.region.name).toBe('余杭区');
      }
      counts.push(statements);
    }
    expect(counts[0]).toBe(1);
    expect(new Set(counts).size).toBe(1);
  });

  it('cycleCredits is the sum of the cycle\'s records (the current cycle without an argument); a training institution sees null', async () => {
    const bureau = await s.tokenFor('bureau', { regionId: w.regions.yh });
    const { rows } = await page(100, bureau);
    const { rows: current } = await page(100, bureau, null);
    const byId = new Map(ids.map((id, i) => [String(id), i]));
    for (const t of rows) {
      const i = byId.get(t.id);
      if (i === undefined) continue;
      const expected = Array.from({ length: i % 4 }, (_, k) => 10 + k).reduce((a, b) => a + b, 0);
      expect(t.cycleCredits).toBe(expected);
    }
    expect(current.map((t) => t.cycleCredits)).toEqual(rows.map((t) => t.cycleCredits));
    // A trainee of the institution's class: the institution sees the teacher, not the ledger.
    const cls = await makeClass(w, await makeProject(w, { status: ProjectStatus.published }));
    await approveEnrollments(w, cls, [ids[3]!]);
    const inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
    const r = await s.gql(`query($id: ID!) { Teacher(id: $id) { id cycleCredits } }`, { id: ids[3] }, { token: inst });
    expect(r.data.Teacher).toEqual({ id: String(ids[3]), cycleCredits: null });
  });

  it('a page asking for masked fields reads the columns masking needs: an institution sees ID numbers masked, a bureau in full', async () => {
    const cls = await makeClass(w, await makeProject(w, { status: ProjectStatus.published }));
    await approveEnrollments(w, cls, [ids[5]!]);
    const q = `{ allTeachers(perPage: 100, sortField: "name") { id idNumber school { name } region { name } cycleCredits } }`;
    const stored = new Map(((await s.ds.query('SELECT id, idNumber FROM teacher')) as { id: number; idNumber: string }[]).map((t) => [String(t.id), t.idNumber]));
    const inst = await s.tokenFor('institution', { institutionId: w.institutions.zjTrainer });
    const seen = await s.gql(q, {}, { token: inst });
    expect(seen.errors, JSON.stringify(seen.errors)).toBeUndefined();
    const mine = (seen.data.allTeachers as { id: string; idNumber: string; school: { name: string }; region: { name: string }; cycleCredits: number | null }[])
      .find((t) => t.id === String(ids[5]));
    const full = stored.get(String(ids[5]))!;
    expect(mine).toEqual({ id: String(ids[5]), idNumber: `${full.slice(0, 3)}***********${full.slice(-4)}`, school: { name: expect.any(String) }, region: { name: '余杭区' }, cycleCredits: null });
    const bureau = await s.tokenFor('bureau', { regionId: w.regions.yh });
    const all = await s.gql(q, {}, { token: bureau });
    expect(all.errors, JSON.stringify(all.errors)).toBeUndefined();
    expect(all.data.allTeachers.length).toBeGreaterThan(0);
    for (const t of all.data.allTeachers as { id: string; idNumber: string }[]) expect(t.idNumber).toBe(stored.get(t.id));
  });

  it('the list sorted by name is the same page the raw SQL statement gives (district filter as an equality)', async () => {
    const platform = await s.tokenFor('platform');
    const { rows } = await page(25, platform);
    const raw = (await s.ds.query(
      `SELECT id FROM teacher WHERE regionId = ? AND subject = ? ORDER BY name, id LIMIT 25`, [w.regions.yh, '语文'],
    )) as { id: number }[];
    expect(rows.map((t) => Number(t.id))).toEqual(raw.map((r) => Number(r.id)));
  });
});
