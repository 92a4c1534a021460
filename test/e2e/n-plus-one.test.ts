import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decision, EnrollmentStatus, ProjectStatus, ReviewStep } from '../../core/entities/enums.js';
import { Enrollment, EnrollmentReview, TeacherChange, TrainingClass } from '../../core/entities/index.js';
import { buildWorld, makeClass, makeProject, type World } from '../helpers/fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * No N+1: nested relations are resolved by per-request DataLoaders, one statement per
 * relation whatever the page size. The booted server's `counter` counts every SQL
 * statement TypeORM runs; a relation resolved per row would make a 50-row page cost
 * about 45 statements more than a 5-row page.
 */
let s: TestServer;
let w: World;
let platform: string;
let bureau: string;

const PROJECTS = 20;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s.ds, { teachersPerSchool: 20 });
  const teachers = [...w.teachers.yh1, ...w.teachers.yh2, ...w.teachers.cq1];
  // Every teacher has a versioned change record.
  await s.ds.getRepository(TeacherChange).insert(
    teachers.map((teacherId) => ({ teacherId, version: 1, actor: 'test', at: new Date(), before: null, after: '{}' })),
  );
  // 20 published projects, each with a two-course curriculum and two classes of two sessions.
  const classes: TrainingClass[] = [];
  for (let i = 0; i < PROJECTS; i++) {
    const project = await makeProject(w, {
      name: `项目${i + 1}`,
      status: ProjectStatus.published,
      institutionId: i % 2 ? w.institutions.cqTrainer : w.institutions.zjTrainer,
      regionId: i % 2 ? '500000' : '330000',
    });
    classes.push(await makeClass(w, project, { name: `项目${i + 1} 第1期` }), await makeClass(w, project, { name: `项目${i + 1} 第2期` }));
  }
  // Every teacher selected two classes; each selection has a school review.
  const schoolOf = new Map<number, number>([
    ...w.teachers.yh1.map((t) => [t, w.schools.yh1] as [number, number]),
    ...w.teachers.yh2.map((t) => [t, w.schools.yh2] as [number, number]),
    ...w.teachers.cq1.map((t) => [t, w.schools.cq1] as [number, number]),
  ]);
  const rows = teachers.flatMap((teacherId, i) =>
    [classes[i % classes.length]!, classes[(i + 7) % classes.length]!].map((c) => ({
      teacherId, classId: c.id, schoolId: schoolOf.get(teacherId)!, regionId: w.teachers.cq1.includes(teacherId) ? '500103' : '330110',
      round: 1, projectRevision: 1, nominated: false, status: EnrollmentStatus.pending, pendingStep: ReviewStep.institution,
      steps: [ReviewStep.school, ReviewStep.institution], selectedAt: new Date(), withdrawnAt: null, withdrawReason: null,
    })),
  );
  await s.ds.getRepository(Enrollment).insert(rows);
  const enrollments = await s.ds.getRepository(Enrollment).find({ select: { id: true } });
  await s.ds.getRepository(EnrollmentReview).insert(
    enrollments.map((e) => ({ enrollmentId: e.id, step: ReviewStep.school, decision: Decision.approve, reviewer: 'test', at: new Date(), reason: null })),
  );
  platform = await s.tokenFor('platform');
  bureau = await s.tokenFor('bureau', { regionId: '330000' });
});
afterAll(async () => s?.close());

/** Runs one request and returns how many SQL statements it took. */
async function statements(query: string, token: string) {
  const before = s.counter.total;
  const r = await s.gql(query, {}, { token });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return { n: s.counter.total - before, data: r.data };
}

const TEACHERS = (perPage: number) => `{
  allTeachers(perPage: ${perPage}, sortField: "id") { id name school { name region { name } } changes { version } }
}`;
const PROJECT_TREE = (perPage: number) => `{
  allProjects(perPage: ${perPage}) { id institution { name } curriculum { title } classes { name sessions { title } } }
}`;
const ENROLLMENTS = (perPage: number) => `{
  allEnrollments(perPage: ${perPage}) { id teacher { name school { name } } class { name project { name } } reviews { step } }
}`;

describe('no N+1: nested relations cost one statement per relation, whatever the page size', () => {
  it('allTeachers with school, its region and the change history', async () => {
    for (const token of [platform, bureau]) {
      const small = await statements(TEACHERS(5), token);
      const large = await statements(TEACHERS(50), token);
      expect(small.data.allTeachers).toHaveLength(5);
      expect(large.data.allTeachers).toHaveLength(token === platform ? 50 : 40);
      for (const t of large.data.allTeachers) {
        expect(t.school.name).toBeTruthy();
        expect(t.school.region.name).toBeTruthy();
        expect(t.changes).toEqual([{ version: 1 }]);
      }
      // list (the school joined into it) + the school's region + changes
      expect(large.n).toBe(small.n);
      expect(large.n).toBeLessThanOrEqual(3);
    }
  });

  it('allProjects with institution, curriculum, classes and their sessions', async () => {
    const small = await statements(PROJECT_TREE(5), platform);
    const large = await statements(PROJECT_TREE(50), platform);
    expect(large.data.allProjects).toHaveLength(PROJECTS);
    for (const p of large.data.allProjects) {
      expect(p.institution.name).toBeTruthy();
      expect(p.curriculum).toHaveLength(2);
      expect(p.classes).toHaveLength(2);
      for (const c of p.classes) expect(c.sessions).toHaveLength(2);
    }
    // list (the institution joined into it) + curriculum + classes + sessions
    expect(large.n).toBe(small.n);
    expect(large.n).toBeLessThanOrEqual(4);
  });

  it('allEnrollments with teacher and school, class and project, reviews', async () => {
    for (const token of [platform, bureau]) {
      const small = await statements(ENROLLMENTS(5), token);
      const large = await statements(ENROLLMENTS(50), token);
      expect(large.data.allEnrollments).toHaveLength(50);
      for (const e of large.data.allEnrollments) {
        expect(e.teacher.name).toBeTruthy();
        expect(e.teacher.school.name).toBeTruthy();
        expect(e.class.name).toBeTruthy();
        expect(e.reviews).toEqual([{ step: 'school' }]);
      }
      // list (teacher and class joined into it) + the teacher's school + the class's project + reviews
      expect(large.n).toBe(small.n);
      expect(large.n).toBeLessThanOrEqual(4);
    }
  });

  it('the count query and a react-admin getMany (filter.ids, the school joined) are single statements too', async () => {
    const ids = w.teachers.yh1.slice(0, 12).map(String);
    const r = await statements(`{ allTeachers(perPage: 50, filter: { ids: ${JSON.stringify(ids)} }) { id school { name } } _allTeachersMeta(filter: { ids: ${JSON.stringify(ids)} }) { count } }`, platform);
    expect(r.data.allTeachers).toHaveLength(12);
    expect(r.data._allTeachersMeta.count).toBe(12);
    expect(r.n).toBe(2);
  });
});
