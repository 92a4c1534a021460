import { afterAll, describe, expect, it } from 'vitest';
import { boot, type Booted } from '../../core/boot.js';
import { CreditRecord, Teacher } from '../../core/entities/index.js';
import { SYSTEM_ACTOR } from '../../core/auth/actor.js';
import { loadPlugins } from '../../core/plugin-host/load-plugins.js';
import { buildWorld } from '../../test/helpers/fixtures.js';
import { freshDatabase } from '../../test/helpers/test-db.js';
import { consecutivePasses, designationUntil } from './backbone/cycle.js';
import { deadlineViolation } from './backbone/deadline.js';
import { dutyFindings, type AnnualFormData } from './backbone/duties.js';
import { monthsHeldInYear } from './backbone/stipend.js';
import { CqBackboneAssessment, CqBackboneDesignation, CqBackboneQuota, CqTravelClaim } from './entities/index.js';
import { chongqing } from './index.js';
import { defaults } from './options.js';
import { travelSplit } from './resources/index.js';
import { stipendLedger } from './resolvers/stipend.js';
import { courseChanges, trainerChanges } from './rules/cq3-plan-change.js';
import { cq4SelectionSteps } from './rules/cq4-selection.js';
import { chinaToday, monthsBetween } from './rules/dates.js';
import { seedChongqingDemo } from './seed.js';

/** The Chongqing plugin's pure rules and its demo seed (no HTTP server). */
describe('options', () => {
  it('defaults carry the numbers of the sources; unknown or out-of-range options stop start-up', () => {
    const [p] = loadPlugins([chongqing()]).list;
    expect(p!.options).toEqual(defaults);
    expect(p!.parameters).toEqual({ 'C-11.suspendBelow': 70, 'C-11.lastPlaceBelow': 80 });
    expect(() => loadPlugins([chongqing({ foo: 1 } as never)])).toThrow('plugin "chongqing": unknown option "foo"');
    expect(() => loadPlugins([chongqing({ minPracticeShare: 1.5 })])).toThrow(/minPracticeShare must be <= 1/);
    expect(() => loadPlugins([chongqing({ backbone: { assessmentDeadline: '12/20' } })])).toThrow(/assessmentDeadline/);
    const merged = loadPlugins([chongqing({ backbone: { stipendPerMonth: { national: 100 } } })]).list[0]!.options;
    expect(merged.backbone.stipendPerMonth).toEqual({ national: 100, municipal: 50 });
  });
});

describe('pure rules', () => {
  it('BB-5: the default deadline is 20 December of the assessed year, the 20th included (China time)', () => {
    expect(deadlineViolation(2026, '2026-12-20', defaults.backbone.assessmentDeadline)).toBeNull();
    expect(deadlineViolation(2026, '2026-12-21', defaults.backbone.assessmentDeadline)).toMatchObject({ rule: 'BB-5', limit: '2026-12-20', actual: '2026-12-21' });
    expect(chinaToday(new Date('2026-12-20T16:30:00Z'))).toBe('2026-12-21');
  });

  it('BB-10: calendar months between two days, both included', () => {
    expect(monthsBetween('2026-03-01', '2026-04-30')).toBe(2);
    expect(monthsBetween('2026-02-01', '2026-03-31')).toBe(2);
    // 31 January + 1 month = 28 February: 31 January – 27 February is one month.
    expect(monthsBetween('2026-01-31', '2026-02-27')).toBe(1);
    expect(monthsBetween('2026-03-01', '2026-04-29')).toBe(1.9);
    expect(monthsBetween('2026-03-01', '2026-03-15')).toBe(0.4);
  });

  it('BB-7: a month counts when the designation is held on its first day', () => {
    const until = designationUntil('2024-03-15', 5);
    expect(until).toBe('2029-03-14');
    expect(monthsHeldInYear({ designatedFrom: '2024-03-15', designatedUntil: until, revokedOn: null }, 2024)).toBe(9);
    expect(monthsHeldInYear({ designatedFrom: '2024-03-15', designatedUntil: until, revokedOn: null }, 2029)).toBe(3);
    expect(monthsHeldInYear({ designatedFrom: '2024-03-01', designatedUntil: until, revokedOn: '2025-06-10' }, 2025)).toBe(6);
    expect(monthsHeldInYear({ designatedFrom: null, designatedUntil: null, revokedOn: null }, 2025)).toBe(0);
  });

  it('BB-6: consecutive passes count back from the latest decided year; a fail or a gap ends them', () => {
    const pass = (year: number) => ({ year, result: 'pass' });
    expect(consecutivePasses([pass(2021), pass(2022), pass(2023)])).toBe(3);
    expect(consecutivePasses([pass(2021), { year: 2022, result: 'fail' }, pass(2023), pass(2024)])).toBe(2);
    expect(consecutivePasses([pass(2021), pass(2023)])).toBe(1);
    expect(consecutivePasses([pass(2022), { year: 2023, result: null }])).toBe(1);
    expect(consecutivePasses([{ year: 2023, result: 'fail' }])).toBe(0);
  });

  it('BB-4: a national backbone teacher guides municipal ones; a municipal one district ones', () => {
    const data: AnnualFormData = {
      year: 2026, monograph: { title: '', notes: true }, reflections: { first: 1, second: 1 }, researchProjects: [],
      papers: [{ title: 'a', journal: 'b', level: 'city' }], prizes: [{ title: 'c', level: 'provincial', grade: 'other' }],
      demonstrationLessons: { first: 1, second: 1 }, lectures: { first: 0, second: 1 },
      guidedTeachers: [{ name: 'x', level: 'district' }, { name: 'y', level: 'district' }],
    };
    expect(dutyFindings('national', data, defaults.backbone.duties).map((f) => f.duty)).toEqual(['monograph', 'lectures.first', 'researchProjects', 'papers', 'guidedTeachers']);
    expect(dutyFindings('municipal', data, defaults.backbone.duties).map((f) => f.duty)).not.toContain('guidedTeachers');
  });

  it('CQ-3: a modified course counts once, a swap (drop + add) once, additions alone each', () => {
    const base = { curriculum: [1, 2, 3, 4, 5].map((id) => ({ id, title: `c${id}`, hours: 2, kind: 'theory', trainerExpertId: id === 1 ? 9 : null })) };
    expect(courseChanges(base, base)).toEqual({ baseline: 5, changed: 0 });
    const after = { curriculum: [...base.curriculum.slice(0, 4).map((c) => (c.id === 2 ? { ...c, hours: 3 } : c)), { title: 'new', hours: 1, kind: 'practice' }, { title: 'new2', hours: 1, kind: 'practice' }] };
    expect(courseChanges(base, after)).toEqual({ baseline: 5, changed: 3 });
    expect(trainerChanges({ ...base, experts: [{ expertId: 7, role: 'trainer' }, { expertId: 8, role: 'mentor' }] }, { curriculum: [], experts: [{ expertId: 7, role: 'trainer' }] }))
      .toEqual({ baseline: 2, changed: 1 });
    expect(courseChanges({}, { curriculum: [] })).toEqual({ baseline: 0, changed: 0 });
  });

  it('CQ-4: school first, district right after it, the rest after them', () => {
    expect(cq4SelectionSteps(['school', 'institution'])).toEqual(['school', 'district', 'institution']);
    expect(cq4SelectionSteps(['institution', 'district', 'school'])).toEqual(['school', 'district', 'institution']);
  });

  it('BB-9: the district share is rounded to the fen, the school pays the rest', () => {
    expect(travelSplit(100, 0.5)).toEqual({ districtShare: 50, schoolShare: 50 });
    expect(travelSplit(0.03, 0.5)).toEqual({ districtShare: 0.02, schoolShare: 0.01 });
    expect(travelSplit(300, 0.6)).toEqual({ districtShare: 180, schoolShare: 120 });
  });
});

describe('seedDemo', () => {
  let booted: Booted | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await booted?.ds.destroy();
    await drop?.();
  });

  it('migrations match the entities; adds nothing without Chongqing teachers; then backbone teachers with designations, assessments, credits and stipends', async () => {
    const db = await freshDatabase();
    drop = db.drop;
    booted = await boot({ config: db.config, entries: [chongqing()] });
    const em = booted.ds.manager;
    // The plugin's migrations build exactly what its entities describe.
    expect((await booted.ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query)).toEqual([]);
    await seedChongqingDemo(em, defaults);
    expect(await em.getRepository(CqBackboneDesignation).count()).toBe(0);

    const w = await buildWorld(booted.ds);
    await seedChongqingDemo(em, defaults);
    const designations = await em.getRepository(CqBackboneDesignation).find({ order: { id: 'ASC' } });
    expect(designations).toHaveLength(w.teachers.cq1.length);
    expect(designations.map((d) => d.status)).toEqual(['designated', 'designated', 'designated', 'revoked', 'trainee']);
    expect(await em.getRepository(CqBackboneQuota).count()).toBe(2 * 2);
    expect(await em.getRepository(CqBackboneAssessment).count({ where: { result: 'fail' } })).toBe(1);
    expect(await em.getRepository(CqTravelClaim).count()).toBe(1);
    expect((await em.getRepository(Teacher).findOneByOrFail({ id: w.teachers.cq1[0] })).backboneLevel).toBe('national');
    // 2021–2025 cycle: 2022–2025 passes; 2026– none assessed yet.
    expect(await em.getRepository(CreditRecord).count({ where: { source: 'annual_complete' as never } })).toBe(4 * 4 - 2);
    const ledger = await stipendLedger(em, SYSTEM_ACTOR, 2023, defaults);
    expect(ledger.teachers.map((r) => [r.level, r.months, r.amount])).toEqual([['national', 12, 960], ['national', 12, 960], ['national', 12, 960], ['municipal', 12, 600]]);
    // Idempotent.
    await seedChongqingDemo(em, defaults);
    expect(await em.getRepository(CqBackboneDesignation).count()).toBe(w.teachers.cq1.length);
  });
});
