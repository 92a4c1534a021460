import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allResources, permissionTable } from '../../core/graphql/schema.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * adminMetadata, the API's description of itself that the console is built from: every
 * resource, labels in both languages, filters, sorting, write operations with the roles of
 * the permission table, and the inputs as JSON Schema carrying the server's constraints.
 */
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let s: TestServer;
const QUERY = `{ adminMetadata { role operations groups { name labelZh labelEn } roles { value labelZh }
  resources { name plural labelZh labelEn pluralEn group titleField filterType listFields sortable defaultSort defaultOrder
    fields { name type kind list required format reference relation childResource foreignKey sortable labelZh labelEn enumValues { value labelZh labelEn } }
    filters { name type kind reference labelZh labelEn }
    create { name roles allowed inputType schema } update { name roles allowed inputType schema } delete { name roles allowed } } } }`;

type Meta = { role: string; operations: string[]; resources: any[] };
const metaFor = async (token: string) => {
  const r = await s.gql<{ adminMetadata: Meta }>(QUERY, {}, { token });
  expect(r.errors).toBeUndefined();
  return r.data!.adminMetadata;
};

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('adminMetadata', () => {
  it('needs a login', async () => {
    const r = await s.gql(QUERY);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('describes every resource the API serves, with labels in Chinese and English', async () => {
    const m = await metaFor(await s.tokenFor('platform'));
    expect(m.resources.map((r) => r.name).sort()).toEqual(allResources(s.plugins).map((r) => r.name).sort());
    const teacher = m.resources.find((r) => r.name === 'Teacher');
    expect(teacher).toMatchObject({ plural: 'Teachers', labelZh: '教师', labelEn: 'Teacher', pluralEn: 'Teachers', titleField: 'name', filterType: 'TeacherFilter' });
    const field = (n: string) => teacher.fields.find((f: any) => f.name === n);
    expect(field('schoolId')).toMatchObject({ reference: 'Institution', relation: 'school', labelZh: '所在学校', labelEn: 'School' });
    expect(field('gender').enumValues).toEqual([
      { value: 'male', labelZh: '男', labelEn: 'Male' },
      { value: 'female', labelZh: '女', labelEn: 'Female' },
    ]);
    expect(field('birthDate')).toMatchObject({ format: 'date', sortable: true });
    expect(field('changes')).toMatchObject({ list: true, childResource: 'TeacherChange', foreignKey: 'teacherId', sortable: false });
    expect(teacher.filters.map((f: any) => f.name)).toEqual(expect.arrayContaining(['q', 'regionId', 'schoolId', 'hireDate']));
    expect(teacher.filters.find((f: any) => f.name === 'regionId')).toMatchObject({ kind: 'region', reference: 'Region' });
    expect(teacher.filters.find((f: any) => f.name === 'hireDate')).toMatchObject({ kind: 'range' });
    expect(teacher.sortable).toEqual(expect.arrayContaining(['name', 'birthDate', 'schoolId']));
    expect(teacher.sortable).not.toContain('school');
    // JSON text shows formatted, whether a column holds it or a field resolver gives it (findings from their dictionary).
    const fieldOf = (resource: string, n: string) => m.resources.find((r) => r.name === resource)!.fields.find((f: any) => f.name === n);
    expect(fieldOf('AuditEvent', 'changes')).toMatchObject({ format: 'json' });
    expect(fieldOf('CycleAudit', 'findings')).toMatchObject({ format: 'json', sortable: false });
    expect(fieldOf('CycleAudit', 'findingIds')).toBeUndefined();
  });

  it('names who may write, from the permission table, and marks what the caller may do', async () => {
    const table = permissionTable(s.plugins);
    const school = await metaFor(await s.tokenFor('school', { institutionId: 1 }));
    for (const r of school.resources)
      for (const op of [r.create, r.update, r.delete].filter(Boolean)) {
        const p = table.get(op.name);
        expect(op.roles).toEqual(typeof p === 'string' ? null : [...p!]);
        expect(op.allowed).toBe(p === 'authenticated' || (Array.isArray(p) && p.includes('school')));
      }
    const teacher = school.resources.find((r) => r.name === 'Teacher');
    expect(teacher.create).toMatchObject({ name: 'createTeacher', allowed: true, inputType: 'TeacherInput' });
    expect(teacher.create.roles).toEqual(expect.arrayContaining(['platform', 'bureau', 'school']));
    expect(school.resources.find((r) => r.name === 'Institution').create.allowed).toBe(false);
    expect(school.operations).toContain('allTeachers');
    expect(school.operations).not.toContain('approveProject');
  });

  it('gives the inputs as JSON Schema with the server’s own constraints', async () => {
    const m = await metaFor(await s.tokenFor('platform'));
    const teacher = m.resources.find((r) => r.name === 'Teacher');
    const schema = JSON.parse(teacher.create.schema);
    expect(schema.required).toEqual(['name', 'idNumber', 'schoolId', 'stage', 'subject']);
    expect(schema.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 64, title: '姓名', 'x-title-en': 'Name' });
    expect(schema.properties.idNumber.pattern).toBe('^\\d{17}[\\dXx]$');
    expect(schema.properties.stage.enum).toContain('primary');
    expect(schema.properties.birthDate.format).toBe('date');
    // The console validates with this schema before sending: the same verdicts as the server.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate({ name: '王老师', idNumber: '33011019900102777X', schoolId: '5', stage: 'primary', subject: '语文' })).toBe(true);
    expect(validate({ name: '', idNumber: '123', schoolId: 5, stage: 'college', subject: '语文' })).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath).sort()).toEqual(['/idNumber', '/name', '/stage']);
    // Update inputs require nothing.
    expect(JSON.parse(teacher.update.schema).required).toEqual([]);
  });
});
