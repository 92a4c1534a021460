import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { boot, type Booted } from '../../core/boot.js';
import { parseIdNumber } from '../../core/domain/id-number.js';
import { parseSeedArgs, runSeedCommand, type SeedCommandReport } from '../../core/seed/command.js';
import { DEMO_SCHOOLS, DEMO_TEACHERS } from '../../core/seed/demo.js';
import { freshDatabase } from '../helpers/test-db.js';

/** The bulk generator, run through the same code as `npm run seed -- --teachers N`. */
let booted: Booted;
let drop: () => Promise<void>;
let report: SeedCommandReport;
const lines: string[] = [];

const count = async (ds: DataSource, sql: string): Promise<number> => Number(Object.values(((await ds.query(sql)) as Record<string, unknown>[])[0]!)[0]);

beforeAll(async () => {
  const db = await freshDatabase();
  drop = db.drop;
  booted = await boot({ config: db.config, entries: [] });
  report = await runSeedCommand(booted, parseSeedArgs(['--teachers', '3000', '--credits-per-teacher', '5']), (l) => lines.push(l));
});
afterAll(async () => {
  await booted?.ds.destroy();
  await drop?.();
});

describe('npm run seed', () => {
  it('parses its options', () => {
    expect(parseSeedArgs(['--reset', '--teachers', '600_000', '--classes=40', '--credits-per-teacher', '16'])).toEqual({
      reset: true, teachers: 600000, classes: 40, creditsPerTeacher: 16,
    });
    expect(() => parseSeedArgs(['--teachers'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--nope'])).toThrow(/unknown option/);
  });

  it('seeds the demo, then adds the generated teachers with schools, classes and ledgers, printing a line per phase with rows/s', async () => {
    const ds = booted.ds;
    expect(report.demo).toBe(true);
    expect(report.generated).toMatchObject({ teachers: 3000, schools: 50, classes: 10 });
    expect(await count(ds, 'SELECT COUNT(*) FROM teacher')).toBe(DEMO_TEACHERS + 3000);
    expect(await count(ds, `SELECT COUNT(*) FROM institution WHERE kind = 'school'`)).toBe(DEMO_SCHOOLS + 50);
    expect(await count(ds, `SELECT COUNT(*) FROM teacher t JOIN institution s ON s.id = t.schoolId WHERE s.kind <> 'school' OR s.regionId <> t.regionId`)).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM institution s WHERE s.kind = 'school' AND NOT EXISTS (SELECT 1 FROM teacher t WHERE t.schoolId = s.id)`)).toBe(0);
    for (const phase of ['schools', 'teachers', 'classes', 'credit ledger']) expect(lines.some((l) => l.startsWith(`✓ ${phase}:`) && /rows\/s/.test(l)), phase).toBe(true);
    // Ledger: about 5 records a teacher on top of the demo's, all in a cycle, all from the teacher's region.
    const generatedLedger = await count(ds, `SELECT COUNT(*) FROM credit_record cr JOIN teacher t ON t.id = cr.teacherId WHERE t.id > ${DEMO_TEACHERS} AND cr.source <> 'class'`);
    expect(generatedLedger).toBeGreaterThan(3000 * 4);
    expect(generatedLedger).toBeLessThan(3000 * 6);
    expect(await count(ds, 'SELECT COUNT(*) FROM credit_record cr JOIN teacher t ON t.id = cr.teacherId WHERE cr.regionId <> t.regionId')).toBe(0);
  });

  it('gives every teacher, old and new, a unique valid ID number that matches birth date and gender', async () => {
    const teachers = (await booted.ds.query('SELECT idNumber, birthDate, gender FROM teacher')) as { idNumber: string; birthDate: string | Date; gender: string }[];
    for (const t of teachers) {
      const birth = t.birthDate instanceof Date ? t.birthDate.toISOString().slice(0, 10) : String(t.birthDate).slice(0, 10);
      expect(parseIdNumber(t.idNumber), t.idNumber).toEqual({ birthDate: birth, gender: t.gender });
    }
    expect(new Set(teachers.map((t) => t.idNumber)).size).toBe(teachers.length);
    expect(await count(booted.ds, 'SELECT COUNT(*) FROM teacher t WHERE t.version <> (SELECT COUNT(*) FROM teacher_change c WHERE c.teacherId = t.id)')).toBe(0);
  });

  it('runs generated classes like the demo: seats within capacity, reviews, attendance, class credits once per teacher', async () => {
    const ds = booted.ds;
    expect(await count(ds, `SELECT COUNT(*) FROM training_class c WHERE c.enrolled > c.capacity OR c.enrolled <> (SELECT COUNT(*) FROM enrollment e WHERE e.classId = c.id AND e.status IN ('pending', 'approved'))`)).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM enrollment e WHERE e.status = 'approved' AND (SELECT COUNT(*) FROM enrollment_review r WHERE r.enrollmentId = e.id AND r.decision = 'approve') <> (LENGTH(e.steps) - LENGTH(REPLACE(e.steps, ',', '')) + 1)`)).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM credit_record WHERE source = 'class' AND grantKey <> CONCAT('class:', classId, ':', teacherId)`.replace(
      "CONCAT('class:', classId, ':', teacherId)", ds.options.type === 'better-sqlite3' ? `'class:' || classId || ':' || teacherId` : "CONCAT('class:', classId, ':', teacherId)",
    ))).toBe(0);
    expect(await count(ds, `SELECT COUNT(*) FROM credit_record cr JOIN training_class c ON c.id = cr.classId WHERE c.id > 41`)).toBeGreaterThan(100);
    expect(await count(ds, `SELECT COUNT(*) FROM project p JOIN institution i ON i.id = p.institutionId WHERE p.id > 51 AND NOT EXISTS (
      SELECT 1 FROM qualification q WHERE q.institutionId = i.id AND q.status = 'active' AND q.level = p.level AND (q.subject = '*' OR q.subject = p.subject))`)).toBe(0);
  });

  it('--reset wipes everything first and seeds again', async () => {
    const again = await runSeedCommand(booted, parseSeedArgs(['--reset', '--teachers', '600', '--classes', '2', '--credits-per-teacher', '2']), () => undefined);
    expect(again.demo).toBe(true);
    expect(await count(booted.ds, 'SELECT COUNT(*) FROM teacher')).toBe(DEMO_TEACHERS + 600);
    expect(await count(booted.ds, 'SELECT MIN(id) FROM teacher')).toBe(1);
    expect(await count(booted.ds, 'SELECT COUNT(*) FROM region')).toBeGreaterThan(50);
  });
});
