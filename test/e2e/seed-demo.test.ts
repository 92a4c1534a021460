import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { boot, type Booted } from '../../core/boot.js';
import { parseIdNumber } from '../../core/domain/id-number.js';
import { seedDemoIfEmpty } from '../../core/seed/demo.js';
import { DEMO_TODAY } from '../../core/seed/generator.js';
import { freshDatabase } from '../helpers/test-db.js';

/** The demo seed: minimums, consistency of every workflow's rows, determinism, idempotence. */
const drops: (() => Promise<void>)[] = [];
let a: Booted;
let seconds = 0;

async function seeded(): Promise<Booted> {
  const db = await freshDatabase();
  const booted = await boot({ config: db.config, entries: [] });
  drops.push(async () => { await booted.ds.destroy(); await db.drop(); });
  return booted;
}

const rows = async <T = Record<string, unknown>>(ds: DataSource, sql: string): Promise<T[]> => (await ds.query(sql)) as T[];
const count = async (ds: DataSource, sql: string): Promise<number> => Number(Object.values((await rows(ds, sql))[0]!)[0]);
const values = async (ds: DataSource, sql: string): Promise<string[]> => (await rows(ds, sql)).map((r) => String(Object.values(r)[0]));

/** A digest of the demo's people and selections, row by row in id order. */
async function digest(ds: DataSource): Promise<string> {
  const h = createHash('sha256');
  for (const r of await rows(ds, 'SELECT id, name, idNumber, schoolId, subject FROM teacher ORDER BY id')) h.update(JSON.stringify(Object.values(r).map(String)));
  for (const r of await rows(ds, 'SELECT id, teacherId, classId, status, pendingStep FROM enrollment ORDER BY id')) h.update(JSON.stringify(Object.values(r).map(String)));
  for (const r of await rows(ds, 'SELECT id, teacherId, credits, source FROM credit_record ORDER BY id')) h.update(JSON.stringify(Object.values(r).map(String)));
  return h.digest('hex');
}

beforeAll(async () => {
  a = await seeded();
  const t0 = performance.now();
  expect(await seedDemoIfEmpty(a, { log: () => undefined })).toBe(true);
  seconds = (performance.now() - t0) / 1000;
});
afterAll(async () => {
  for (const d of drops) await d();
});

describe('demo seed', () => {
  it('is quick', () => {
    console.log(`demo seed (${a.config.dialect}): ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(a.config.dialect === 'mysql' ? 30 : 15);
  });

  it('has the Chongqing and Zhejiang trees with GB/T 2260 parents and a bureau for every region', async () => {
    const ds = a.ds;
    const region = async (id: string) => (await rows<{ name: string; level: string; parentId: string | null }>(ds, `SELECT name, level, parentId FROM region WHERE id = '${id}'`))[0];
    expect(await region('500000')).toMatchObject({ name: '重庆市', level: 'province', parentId: null });
    for (const [id, name] of [['500101', '万州区'], ['500103', '渝中区'], ['500104', '大渡口区'], ['500105', '江北区'], ['500106', '沙坪坝区'],
      ['500107', '九龙坡区'], ['500108', '南岸区'], ['500112', '渝北区'], ['500113', '巴南区']])
      expect(await region(id)).toMatchObject({ name, level: 'district', parentId: '500000' });
    expect(await region('330000')).toMatchObject({ name: '浙江省', level: 'province', parentId: null });
    for (const [id, name] of [['330100', '杭州市'], ['330200', '宁波市'], ['330300', '温州市'], ['330700', '金华市']])
      expect(await region(id)).toMatchObject({ name, level: 'city', parentId: '330000' });
    for (const [id, name] of [['330102', '上城区'], ['330105', '拱墅区'], ['330106', '西湖区'], ['330108', '滨江区'], ['330109', '萧山区'], ['330110', '余杭区']])
      expect(await region(id)).toMatchObject({ name, level: 'district', parentId: '330100' });
    for (const city of ['330200', '330300', '330700']) expect(await count(ds, `SELECT COUNT(*) FROM region WHERE parentId = '${city}'`)).toBeGreaterThanOrEqual(2);
    // Codes nest by prefix under their parent.
    for (const r of await rows<{ id: string; parentId: string }>(ds, 'SELECT id, parentId FROM region WHERE parentId IS NOT NULL'))
      expect(r.id.startsWith(r.parentId.endsWith('0000') ? r.parentId.slice(0, 2) : r.parentId.slice(0, 4))).toBe(true);
    expect(await count(ds, `SELECT COUNT(*) FROM region r WHERE NOT EXISTS (SELECT 1 FROM institution i WHERE i.kind = 'bureau' AND i.regionId = r.id)`)).toBe(0);
    expect(await values(ds, `SELECT DISTINCT bureauLevel FROM institution WHERE kind = 'bureau' ORDER BY bureauLevel`)).toEqual(['city', 'district', 'province']);
    expect(await count(ds, `SELECT COUNT(*) FROM institution b JOIN institution p ON p.id = b.parentId WHERE b.kind = 'bureau'`)).toBe(
      await count(ds, `SELECT COUNT(*) FROM institution WHERE kind = 'bureau' AND bureauLevel <> 'province'`),
    );
  });

  it('has training institutions of every kind with qualifications, some suspended or revoked with a reason', async () => {
    const ds = a.ds;
    const kinds = await rows<{ kind: string; n: number }>(ds, `SELECT kind, COUNT(*) AS n FROM institution WHERE kind NOT IN ('bureau', 'school') GROUP BY kind`);
    expect(kinds.reduce((s, k) => s + Number(k.n), 0)).toBeGreaterThanOrEqual(20);
    expect(kinds.map((k) => k.kind).sort()).toEqual(['base_school', 'development_center', 'studio', 'training', 'university']);
    expect(await values(ds, `SELECT name FROM institution WHERE name IN ('浙江师范大学', '杭州师范大学') ORDER BY name`)).toHaveLength(2);
    expect(await count(ds, `SELECT COUNT(*) FROM institution i WHERE kind NOT IN ('bureau', 'school') AND NOT EXISTS (SELECT 1 FROM qualification q WHERE q.institutionId = i.id)`)).toBe(0);
    expect(await values(ds, 'SELECT DISTINCT level FROM qualification ORDER BY level')).toEqual(['district', 'municipal', 'national', 'provincial', 'school']);
    expect(await values(ds, 'SELECT DISTINCT status FROM qualification ORDER BY status')).toEqual(['active', 'revoked', 'suspended']);
    expect(await count(ds, `SELECT COUNT(*) FROM qualification WHERE status <> 'active' AND (statusReason IS NULL OR statusReason = '')`)).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM qualification WHERE validTo IS NOT NULL AND validTo < '${DEMO_TODAY}'`)).toBeGreaterThan(0);
    expect(await values(ds, 'SELECT DISTINCT status FROM qualification_action ORDER BY status')).toEqual(['approved', 'proposed', 'rejected']);
  });

  it('has ≥ 50 schools of every stage (rural ones, private kindergartens) and ≥ 2,000 teachers', async () => {
    const ds = a.ds;
    expect(await count(ds, `SELECT COUNT(*) FROM institution WHERE kind = 'school'`)).toBeGreaterThanOrEqual(50);
    expect(await values(ds, `SELECT DISTINCT stage FROM institution WHERE kind = 'school' ORDER BY stage`)).toEqual(['junior', 'kindergarten', 'primary', 'senior', 'special', 'vocational']);
    expect(await count(ds, `SELECT COUNT(*) FROM institution WHERE kind = 'school' AND rural = 1`)).toBeGreaterThan(0);
    expect(await count(ds, `SELECT COUNT(*) FROM institution WHERE kind = 'school' AND isPrivate = 1 AND stage = 'kindergarten'`)).toBeGreaterThan(0);
    expect(await count(ds, 'SELECT COUNT(*) FROM teacher')).toBeGreaterThanOrEqual(2000);
    // Each teacher sits in a school and carries its region and flags.
    expect(await count(ds, `SELECT COUNT(*) FROM teacher t JOIN institution s ON s.id = t.schoolId WHERE s.kind <> 'school' OR s.regionId <> t.regionId OR s.rural <> t.rural OR s.isPrivate <> t.isPrivate OR s.stage <> t.stage`)).toBe(0);
    const subjects = await values(ds, 'SELECT DISTINCT subject FROM teacher');
    for (const s of ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '政治', '音乐', '体育', '美术', '信息技术', '科学', '班主任', '校长'])
      expect(subjects).toContain(s);
    expect((await values(ds, 'SELECT DISTINCT title FROM teacher')).sort()).toEqual(['associate_senior', 'first', 'none', 'second', 'senior', 'third']);
    expect((await values(ds, 'SELECT DISTINCT backboneLevel FROM teacher')).sort()).toEqual(['district', 'municipal', 'national', 'none', 'school']);
    expect(await count(ds, `SELECT COUNT(*) FROM teacher WHERE hireDate IS NULL OR hireDate > '${DEMO_TODAY}' OR hireDate < birthDate`)).toBe(0);
  });

  it('gives every teacher a valid, unique GB 11643 number matching birth date and gender, and a consistent change history', async () => {
    const ds = a.ds;
    const teachers = await rows<{ idNumber: string; birthDate: string | Date; gender: string; name: string }>(ds, 'SELECT idNumber, birthDate, gender, name FROM teacher');
    for (const t of teachers) {
      const info = parseIdNumber(t.idNumber);
      const birth = t.birthDate instanceof Date ? t.birthDate.toISOString().slice(0, 10) : String(t.birthDate).slice(0, 10);
      expect(info, t.idNumber).toEqual({ birthDate: birth, gender: t.gender });
      expect(t.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    }
    expect(new Set(teachers.map((t) => t.idNumber)).size).toBe(teachers.length);
    expect(await count(ds, 'SELECT COUNT(*) FROM teacher t WHERE t.version <> (SELECT MAX(version) FROM teacher_change c WHERE c.teacherId = t.id)')).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) FROM teacher t WHERE t.version <> (SELECT COUNT(*) FROM teacher_change c WHERE c.teacherId = t.id)')).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) FROM teacher_change WHERE version = 1 AND `before` IS NOT NULL')).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) FROM teacher WHERE version > 1')).toBeGreaterThan(0);
  });

  it('has experts (front-line teachers among them) with titles, degrees and birth dates, and both cycles', async () => {
    const ds = a.ds;
    expect(await count(ds, 'SELECT COUNT(*) FROM expert')).toBeGreaterThanOrEqual(40);
    expect(await count(ds, 'SELECT COUNT(*) FROM expert WHERE frontLine = 1')).toBeGreaterThanOrEqual(10);
    expect(await count(ds, 'SELECT COUNT(*) FROM expert WHERE birthDate IS NULL OR degree IS NULL')).toBe(0);
    expect((await values(ds, 'SELECT DISTINCT degree FROM expert')).sort()).toEqual(['bachelor', 'doctor', 'master']);
    expect(await rows(ds, 'SELECT startYear, endYear FROM cycle ORDER BY startYear')).toEqual([
      { startYear: 2021, endYear: 2025 }, { startYear: 2026, endYear: 2030 },
    ]);
  });

  it('has ≥ 40 projects in every status with curriculum, budget, fees, experts and transitions that fit the status', async () => {
    const ds = a.ds;
    const byStatus = await rows<{ status: string; n: number }>(ds, 'SELECT status, COUNT(*) AS n FROM project GROUP BY status');
    expect(byStatus.reduce((s, r) => s + Number(r.n), 0)).toBeGreaterThanOrEqual(40);
    expect(byStatus.map((r) => r.status).sort()).toEqual(['approved', 'closed', 'draft', 'published', 'rejected', 'submitted']);
    expect(await count(ds, 'SELECT COUNT(*) FROM project p WHERE p.hours <> (SELECT SUM(hours) FROM curriculum_item c WHERE c.projectId = p.id)')).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM project p WHERE (SELECT SUM(hours) FROM curriculum_item c WHERE c.projectId = p.id AND c.kind = 'practice') * 2 < p.hours AND p.status <> 'rejected'`)).toBe(0);
    for (const tag of ['教师专业标准', '师德教育', '信息技术应用能力'])
      expect(await count(ds, `SELECT COUNT(*) FROM project p WHERE NOT EXISTS (SELECT 1 FROM curriculum_item c WHERE c.projectId = p.id AND c.tags LIKE '%${tag}%')`)).toBe(0);
    expect((await values(ds, 'SELECT DISTINCT kind FROM budget_item')).sort()).toEqual(expect.arrayContaining(['management', 'materials', 'trainer', 'venue']));
    expect((await values(ds, 'SELECT DISTINCT kind FROM fee_item')).sort()).toEqual(['lodging', 'meals', 'training']);
    expect(await count(ds, 'SELECT COUNT(*) FROM project p WHERE p.totalFee <> COALESCE((SELECT SUM(amount) FROM fee_item f WHERE f.projectId = p.id), 0)')).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM project p WHERE leadExpertId IS NULL OR NOT EXISTS (SELECT 1 FROM project_expert e WHERE e.projectId = p.id AND e.role = 'trainer')`)).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) FROM project WHERE hours >= 90 AND finalAssessment = 0')).toBe(0);
    // Transitions: the chain of each project ends in its status.
    const chains = await rows<{ id: number; status: string; fromStatus: string | null; toStatus: string | null }>(ds,
      'SELECT p.id, p.status, t.fromStatus, t.toStatus FROM project p LEFT JOIN project_transition t ON t.projectId = p.id ORDER BY p.id, t.id');
    const byProject = new Map<number, { status: string; steps: [string, string][] }>();
    for (const c of chains) {
      const e = byProject.get(c.id) ?? byProject.set(c.id, { status: c.status, steps: [] }).get(c.id)!;
      if (c.fromStatus) e.steps.push([c.fromStatus, c.toStatus!]);
    }
    for (const [id, { status, steps }] of byProject) {
      let at = 'draft';
      for (const [from, to] of steps) {
        expect(from, `project ${id}`).toBe(at);
        at = to;
      }
      expect(at, `project ${id}`).toBe(status);
    }
    expect(await count(ds, `SELECT COUNT(*) FROM project_transition WHERE toStatus = 'rejected' AND (reason IS NULL OR reason = '')`)).toBe(0);
  });

  it('never fills a class over capacity, and class.enrolled counts its pending and approved selections', async () => {
    const ds = a.ds;
    const classes = await rows<{ id: number; capacity: number; enrolled: number; active: number }>(ds,
      `SELECT c.id, c.capacity, c.enrolled, (SELECT COUNT(*) FROM enrollment e WHERE e.classId = c.id AND e.status IN ('pending', 'approved')) AS active FROM training_class c`);
    for (const c of classes) {
      expect(Number(c.enrolled), `class ${c.id}`).toBe(Number(c.active));
      expect(Number(c.enrolled)).toBeLessThanOrEqual(Number(c.capacity));
    }
    expect(classes.some((c) => Number(c.enrolled) === Number(c.capacity))).toBe(true);
    expect((await values(ds, 'SELECT DISTINCT status FROM training_class')).sort()).toEqual(['cancelled', 'finished', 'planned', 'published']);
    expect(await count(ds, 'SELECT COUNT(*) FROM training_class WHERE schedulePublishedAt IS NOT NULL')).toBeGreaterThan(0);
    expect(await count(ds, 'SELECT COUNT(*) FROM training_class c WHERE NOT EXISTS (SELECT 1 FROM class_session s WHERE s.classId = c.id)')).toBe(0);
    expect(await count(ds, 'SELECT COUNT(*) FROM training_class c JOIN project p ON p.id = c.projectId WHERE p.hours <> (SELECT SUM(hours) FROM class_session s WHERE s.classId = c.id)')).toBe(0);
  });

  it('has selections at every step whose reviews match their status (C-3)', async () => {
    const ds = a.ds;
    const states = (await rows<{ status: string; pendingStep: string | null }>(ds, 'SELECT DISTINCT status, pendingStep FROM enrollment')).map((r) => `${r.status}:${r.pendingStep ?? ''}`);
    expect(states.sort()).toEqual(['approved:', 'pending:district', 'pending:institution', 'pending:school', 'rejected:', 'withdrawn:']);
    const enrollments = await rows<{ id: number; status: string; pendingStep: string | null; steps: string; withdrawnAt: unknown; withdrawReason: string | null }>(ds,
      'SELECT id, status, pendingStep, steps, withdrawnAt, withdrawReason FROM enrollment');
    const reviews = new Map<number, { step: string; decision: string; reason: string | null }[]>();
    for (const r of await rows<{ enrollmentId: number; step: string; decision: string; reason: string | null }>(ds, 'SELECT enrollmentId, step, decision, reason FROM enrollment_review ORDER BY id'))
      (reviews.get(Number(r.enrollmentId)) ?? reviews.set(Number(r.enrollmentId), []).get(Number(r.enrollmentId))!).push(r);
    for (const e of enrollments) {
      const steps = e.steps.split(',');
      const rs = reviews.get(Number(e.id)) ?? [];
      expect(rs.map((r) => r.step), `enrollment ${e.id}`).toEqual(steps.slice(0, rs.length));
      const approvals = rs.filter((r) => r.decision === 'approve').length;
      if (e.status === 'approved') expect(approvals).toBe(steps.length);
      if (e.status === 'pending') {
        expect(rs.every((r) => r.decision === 'approve')).toBe(true);
        expect(e.pendingStep).toBe(steps[rs.length]);
      } else expect(e.pendingStep).toBeNull();
      if (e.status === 'rejected') {
        expect(rs.at(-1)?.decision).toBe('reject');
        expect(rs.at(-1)?.reason).toBeTruthy();
      }
      if (e.status === 'withdrawn') expect(e.withdrawnAt && e.withdrawReason).toBeTruthy();
      else expect(e.withdrawnAt).toBeNull();
    }
    // C-15: some approved selections withdrew after a project change.
    expect(await count(ds, `SELECT COUNT(*) FROM enrollment e JOIN training_class c ON c.id = e.classId JOIN project p ON p.id = c.projectId WHERE e.status = 'withdrawn' AND e.projectRevision < p.revision`)).toBeGreaterThan(0);
  });

  it('records attendance, assessments (a make-up included), class credits, external credits and a correction, and evaluations', async () => {
    const ds = a.ds;
    expect(await count(ds, `SELECT COUNT(*) FROM attendance a JOIN enrollment e ON e.id = a.enrollmentId WHERE e.status <> 'approved'`)).toBe(0);
    // Every approved trainee of a finished class is assessed, for every session attended or not.
    expect(await count(ds, `SELECT COUNT(*) FROM enrollment e JOIN training_class c ON c.id = e.classId WHERE c.status = 'finished' AND e.status = 'approved'
      AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.enrollmentId = e.id AND a.attempt = 1)`)).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM enrollment e JOIN training_class c ON c.id = e.classId WHERE c.status = 'finished' AND e.status = 'approved'
      AND (SELECT COUNT(*) FROM attendance a WHERE a.enrollmentId = e.id) <> (SELECT COUNT(*) FROM class_session s WHERE s.classId = c.id)`)).toBe(0);
    expect((await values(ds, 'SELECT DISTINCT grade FROM assessment')).sort()).toEqual(['excellent', 'fail', 'pass']);
    expect(await count(ds, `SELECT COUNT(*) FROM assessment WHERE attempt = 2`)).toBeGreaterThan(0);
    expect(await count(ds, `SELECT COUNT(*) FROM assessment a2 WHERE attempt = 2 AND NOT EXISTS (SELECT 1 FROM assessment a1 WHERE a1.enrollmentId = a2.enrollmentId AND a1.attempt = 1 AND a1.grade = 'fail')`)).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM assessment WHERE note LIKE 'C-7%'`)).toBeGreaterThan(0);
    // Class credits: one per passed trainee, keyed class:<classId>:<teacherId>, in the cycle of the class's year.
    const grants = await rows<{ grantKey: string; classId: number; teacherId: number }>(ds, `SELECT grantKey, classId, teacherId FROM credit_record WHERE source = 'class'`);
    expect(grants.length).toBeGreaterThan(500);
    for (const g of grants) expect(g.grantKey).toBe(`class:${g.classId}:${g.teacherId}`);
    expect(await count(ds, `SELECT COUNT(*) FROM credit_record cr WHERE source = 'class' AND NOT EXISTS (
      SELECT 1 FROM assessment a WHERE a.enrollmentId = cr.enrollmentId AND a.grade <> 'fail' AND a.attempt = (SELECT MAX(attempt) FROM assessment b WHERE b.enrollmentId = a.enrollmentId))`)).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM credit_record cr JOIN cycle c ON c.id = cr.cycleId WHERE cr.year < c.startYear OR cr.year > c.endYear`)).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM credit_record cr JOIN cycle c ON c.id = cr.cycleId WHERE c.startYear = 2021`)).toBeGreaterThan(5000);
    expect(await count(ds, `SELECT COUNT(*) FROM credit_record WHERE source = 'external' AND (evidence IS NULL OR evidence = '')`)).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM credit_record WHERE source = 'external'`)).toBeGreaterThan(100);
    const [fix] = await rows<{ correctsId: number; reason: string; credits: number }>(ds, `SELECT correctsId, reason, credits FROM credit_record WHERE source = 'correction'`);
    expect(fix?.reason).toBeTruthy();
    expect(await count(ds, `SELECT COUNT(*) FROM credit_record WHERE id = ${fix!.correctsId} AND credits + ${fix!.credits} >= 0`)).toBe(1);
    expect(await count(ds, `SELECT COUNT(*) FROM evaluation`)).toBeGreaterThan(300);
    expect(await count(ds, `SELECT COUNT(*) FROM evaluation v JOIN training_class c ON c.id = v.classId WHERE v.institutionId <> c.institutionId OR v.satisfaction < 0 OR v.satisfaction > 100`)).toBe(0);
  });

  it('dates nothing after the demo\'s today', async () => {
    const ds = a.ds;
    const day = (col: string) => (ds.options.type === 'better-sqlite3' ? `substr(${col}, 1, 10)` : `DATE(${col})`);
    for (const [table, col] of [['project_transition', 'at'], ['enrollment', 'selectedAt'], ['enrollment', 'withdrawnAt'], ['enrollment_review', 'at'],
      ['assessment', 'recordedAt'], ['credit_record', 'createdAt'], ['evaluation', 'at'], ['teacher_change', 'at'], ['training_class', 'schedulePublishedAt']])
      expect(await count(ds, `SELECT COUNT(*) FROM ${table} WHERE ${day(col)} >= '${DEMO_TODAY}'`), `${table}.${col}`).toBe(0);
  });

  it('does nothing when called again, and seeds the same rows on another database (deterministic)', async () => {
    const before = await count(a.ds, 'SELECT COUNT(*) FROM teacher');
    expect(await seedDemoIfEmpty(a, { log: () => undefined })).toBe(false);
    expect(await count(a.ds, 'SELECT COUNT(*) FROM teacher')).toBe(before);
    const b = await seeded();
    await seedDemoIfEmpty(b, { log: () => undefined });
    expect(await digest(b.ds)).toBe(await digest(a.ds));
  });
});
