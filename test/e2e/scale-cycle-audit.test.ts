import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditSource, ProjectLevel, TrainingMode } from '../../core/entities/enums.js';
import { CreditRecord, Cycle, CycleAudit, Teacher } from '../../core/entities/index.js';
import { cycleLedgers, runCycleAuditForRegion } from '../../core/workflow/cycle-audit-region.js';
import { zhejiang } from '../../plugins/zhejiang/index.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { ok, tokensFor, type Tokens } from '../helpers/project-workflow.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * P2 of BENCHMARKS.md at a small size: the region-wide C-13 audit (runRegionCycleAudit: the
 * ledger aggregated in the database, the Zhejiang rules in their batch form) gives every
 * teacher exactly the row runCycleAudit gives one by one — totals, verdict and findings —
 * over ledgers with class credits, corrections (of class and of plain records), capped
 * sources, principals' and probation training, a teacher hired during the cycle, and none.
 */
let s: TestServer;
let w: World;
let tk: Tokens;
const teachers: number[] = [];

const REGION = `mutation($r: ID!, $c: ID!) { runRegionCycleAudit(regionId: $r, cycleId: $c) { regionId teachers passed failed } }`;
const ONE = `mutation($t: ID!, $c: ID!) { runCycleAudit(teacherId: $t, cycleId: $c) { totalCredits passed findings } }`;

let nextId = 0;
async function record(teacherId: number, year: number, credits: number, over: Partial<CreditRecord> = {}): Promise<number> {
  const r = await s.ds.getRepository(CreditRecord).insert({
    teacherId, cycleId: w.cycles.previous, regionId: '330110', year, credits, hours: credits, source: CreditSource.external, classId: null,
    enrollmentId: null, evidence: null, correctsId: null, reason: null, grantKey: null, createdBy: 'test', createdAt: new Date(), ...over,
  });
  nextId++;
  return Number(r.identifiers[0]!.id);
}
async function classRecord(teacherId: number, year: number, credits: number, over: Parameters<typeof makeProject>[1] = {}) {
  const p = await makeProject(w, { credits, hours: credits, startDate: `${year}-04-01`, endDate: `${year}-04-20`, ...over });
  const cls = await makeClass(w, p);
  const id = await record(teacherId, year, credits, { source: CreditSource.class, classId: cls.id });
  return { id, classId: cls.id };
}

/**
 * One region-wide row per teacher, each — read through the API, findings as the console reads
 * them — equal to what runCycleAudit gives that teacher alone.
 */
async function expectOneByOne(rows: CycleAudit[], ids: number[], token: string): Promise<void> {
  expect(rows.map((x) => x.teacherId).sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
  const listed = ok(await s.gql(`query($ids: [ID!]) { allCycleAudits(filter: { ids: $ids }, perPage: 200) { id teacherId totalCredits passed findings } }`,
    { ids: rows.map((x) => x.id) }, { token })).allCycleAudits as { teacherId: string; totalCredits: number; passed: boolean; findings: string }[];
  expect(listed).toHaveLength(rows.length);
  for (const t of ids) {
    const region = listed.find((x) => Number(x.teacherId) === t)!;
    const one = ok(await s.gql(ONE, { t, c: w.cycles.previous }, { token })).runCycleAudit;
    expect({ totalCredits: region.totalCredits, passed: region.passed, findings: JSON.parse(region.findings) }, `teacher ${t}`)
      .toEqual({ totalCredits: one.totalCredits, passed: one.passed, findings: JSON.parse(one.findings) });
    // The same text, not only the same content: one dictionary row per distinct finding.
    expect(region.findings).toBe(one.findings);
  }
}

beforeAll(async () => {
  s = await startTestServer({ plugins: [zhejiang()] });
  w = await buildWorld(s.ds, { teachersPerSchool: 9 });
  tk = await tokensFor(s, w);
  const [a, b, c, d, e, f, g, h, i] = w.teachers.yh1 as [number, number, number, number, number, number, number, number, number];
  teachers.push(...w.teachers.yh1, ...w.teachers.yh2);
  // a: passes — 360 with every year ≥ 24 and the 90-credit block.
  for (const [y, v] of [[2021, 60], [2022, 60], [2024, 80], [2025, 70]] as const) await record(a, y, v);
  await classRecord(a, 2023, 90, { finalAssessment: true });
  // b: a plain record and a correction of it (C-14), and one in the wrong year for its cycle.
  const wrong = await record(b, 2022, 30, { source: CreditSource.school_based });
  await record(b, 2022, -10, { source: CreditSource.correction, correctsId: wrong, reason: '更正' });
  await record(b, 2019, 12);
  // c: class credits, one corrected; an online share through a hybrid project.
  const k = await classRecord(c, 2024, 96, { mode: TrainingMode.hybrid, onlineCredits: 20, hybridApproved: true });
  await record(c, 2024, -6, { source: CreditSource.correction, correctsId: k.id, classId: k.classId, reason: '考勤更正' });
  await classRecord(c, 2021, 30, { level: ProjectLevel.school });
  // d: capped sources over their caps (ZJ-16) and principals' qualification training at 50 %.
  for (const y of [2021, 2022, 2023, 2024, 2025]) await record(d, y, 40, { source: CreditSource.research });
  await record(d, 2023, 150, { source: CreditSource.online });
  await classRecord(d, 2022, 100, { category: '校长任职资格' });
  // e: hired during the cycle, with probation training (ZJ-15) in the cycle and a practice share.
  await s.ds.getRepository(Teacher).update({ id: e }, { hireDate: '2022-08-28' });
  await classRecord(e, 2023, 120, { category: '新教师' });
  await record(e, 2024, 30, { source: CreditSource.school_based });
  // f: nothing at all. g, h, i: a few plain records each, some sources and years.
  await record(g, 2021, 24, { source: CreditSource.trainer });
  await record(g, 2025, 48, { source: CreditSource.support_teaching });
  await record(h, 2023, 72, { source: CreditSource.annual_complete });
  for (const y of [2021, 2023, 2025]) await record(i, y, 16, { source: CreditSource.degree });
  // A source outside CreditSource (an old import's): listed by name, counted as other training.
  await record(i, 2022, 20, { source: 'legacy_import' as CreditSource });
  // A Chongqing teacher's credits are not Zhejiang's business.
  await record(w.teachers.cq1[0]!, 2023, 50, { regionId: '500103' });
  void f;
});
afterAll(async () => s?.close());

describe('P2: the region-wide cycle audit', () => {
  it('C-13: runRegionCycleAudit writes one row per teacher of the region, each equal to runCycleAudit\'s', async () => {
    const r = ok(await s.gql(REGION, { r: '330000', c: w.cycles.previous }, { token: tk.zjBureau })).runRegionCycleAudit;
    expect(r).toMatchObject({ regionId: '330000', teachers: teachers.length });
    expect(r.passed + r.failed).toBe(teachers.length);
    const rows = await s.ds.getRepository(CycleAudit).find({ where: { cycleId: w.cycles.previous }, order: { id: 'ASC' } });
    await expectOneByOne(rows, teachers, tk.yhBureau);
    expect(r.passed).toBeGreaterThanOrEqual(1);
  });

  it('C-13: chunk by chunk (read ahead) gives the same rows as one chunk', async () => {
    const cycle = await s.ds.getRepository(Cycle).findOneByOrFail({ id: w.cycles.previous });
    const before = await s.ds.getRepository(CycleAudit).count();
    const report = await runCycleAuditForRegion(s.ds, s.plugins, '330110', cycle, { id: 'test', role: 'platform' }, { chunk: 4 });
    expect(report).toMatchObject({ teachers: teachers.length, chunks: Math.ceil(teachers.length / 4) });
    const all = await s.ds.getRepository(CycleAudit).find({ order: { id: 'ASC' } });
    const first = all.slice(0, before), again = all.slice(before);
    const key = (x: CycleAudit) => `${x.teacherId}|${Number(x.totalCredits)}|${x.passed}|${x.findingIds}`;
    for (const row of again) expect(first.map(key)).toContain(key(row));
  });

  it('C-13: the ledger a plugin receives lists corrected records and unknown sources under their own names', async () => {
    const cycle = await s.ds.getRepository(Cycle).findOneByOrFail({ id: w.cycles.previous });
    const [, b, , , , , , , i] = w.teachers.yh1 as number[];
    const ledgers = await cycleLedgers(s.ds, cycle, [b!, i!]);
    expect(ledgers.get(i!)!.ledger.lines).toEqual([expect.objectContaining({ source: 'legacy_import', year: 2022, credits: 20, classId: null })]);
    expect(ledgers.get(i!)!.ledger.plainBySource).toEqual({ degree: 48 });
    // b: the corrected school-based record and its correction listed, the 2019 record too; nothing of them summed.
    expect(ledgers.get(b!)!.ledger.lines.map((l) => [l.source, l.year, l.credits])).toEqual([['school_based', 2022, 30], ['correction', 2022, -10], ['external', 2019, 12]]);
    expect(ledgers.get(b!)!.ledger.plainPerYear).toEqual([0, 0, 0, 0, 0]);
    expect(ledgers.get(b!)!.totalCredits).toBe(32);
    // C-13's totals per year: every year of the cycle, and the listed record filed outside them.
    expect(ledgers.get(b!)!.byYear).toEqual({ 2019: 12, 2021: 0, 2022: 20, 2023: 0, 2024: 0, 2025: 0 });
  });

  it('C-13: a failure part-way leaves the chunks before it complete and nothing of the rest', async () => {
    const cycle = await s.ds.getRepository(Cycle).findOneByOrFail({ id: w.cycles.previous });
    const before = await s.ds.getRepository(CycleAudit).find({ order: { id: 'ASC' } });
    let calls = 0;
    const failing = Object.create(s.plugins, {
      checkMany: { value: (...args: Parameters<typeof s.plugins.checkMany>) => (++calls === 2 ? Promise.reject(new Error('rules unavailable')) : s.plugins.checkMany(...args)) },
    }) as typeof s.plugins;
    await expect(runCycleAuditForRegion(s.ds, failing, '330110', cycle, { id: 'test', role: 'platform' }, { chunk: 4 })).rejects.toThrow('rules unavailable');
    const added = (await s.ds.getRepository(CycleAudit).find({ order: { id: 'ASC' } })).slice(before.length);
    // The first chunk (the region's first four teachers by id), as a complete run writes them.
    expect(added.map((x) => x.teacherId)).toEqual([...teachers].sort((x, y) => x - y).slice(0, 4));
    const key = (x: CycleAudit) => `${x.teacherId}|${Number(x.totalCredits)}|${x.passed}|${x.findingIds}`;
    for (const row of added) expect(before.map(key)).toContain(key(row));
    // The run gave its connection back: the next one completes.
    const report = await runCycleAuditForRegion(s.ds, s.plugins, '330110', cycle, { id: 'test', role: 'platform' }, { chunk: 4 });
    expect(report.teachers).toBe(teachers.length);
  });

  it('C-13 where no plugin audits cycles (Chongqing): the core\'s totals alone give runCycleAudit\'s rows', async () => {
    const cq = w.teachers.cq1 as number[];
    const at = { regionId: '500103' };
    // Plain records, a class credit and its correction, a year outside the cycle, and a teacher with nothing.
    for (const [y, v] of [[2021, 80], [2022, 72], [2023, 76], [2024, 72], [2025, 60]] as const) await record(cq[1]!, y, v, at);
    const k = await classRecord(cq[2]!, 2022, 48, { regionId: '500000', institutionId: w.institutions.cqTrainer });
    await s.ds.getRepository(CreditRecord).update({ id: k.id }, at);
    await record(cq[2]!, 2022, -8, { ...at, source: CreditSource.correction, correctsId: k.id, classId: k.classId, reason: '考勤更正' });
    await record(cq[3]!, 2019, 12, at);
    await record(cq[3]!, 2024, 24, { ...at, source: CreditSource.school_based });
    const r = ok(await s.gql(REGION, { r: '500000', c: w.cycles.previous }, { token: tk.cqBureau })).runRegionCycleAudit;
    expect(r).toMatchObject({ regionId: '500000', teachers: cq.length });
    const rows = await s.ds.getRepository(CycleAudit).find({ where: { cycleId: w.cycles.previous, regionId: '500103' } });
    await expectOneByOne(rows, cq, tk.cqBureau);
    expect(Number(rows.find((x) => x.teacherId === cq[2])!.totalCredits)).toBe(40);
    expect(r.passed).toBe(cq.length);
  });

  it('a bureau audits only its own region; a school may not run a region-wide audit', async () => {
    const out = await s.gql(REGION, { r: '330000', c: w.cycles.previous }, { token: tk.cqBureau });
    expect(out.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const school = await s.tokenFor('school', { institutionId: w.schools.yh1 });
    expect((await s.gql(REGION, { r: '330110', c: w.cycles.previous }, { token: school })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await s.gql(REGION, { r: '339999', c: w.cycles.previous }, { token: tk.zjBureau })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
